#include "RuleStore.h"

#include "DatabaseOpener.h"
#include "Migrator.h"
#include "RuleSetProjection.h"
#include "Statement.h"
#include "Transaction.h"
#include "model/RuleSetJson.h"
#include "model/RuleSetValidator.h"

#include <QCryptographicHash>
#include <QFile>
#include <algorithm>
#include <iterator>

// Outside any namespace: Q_INIT_RESOURCE declares the rcc-generated function in the enclosing
// namespace. The starter ruleset is linked from a static library, whose resource object file
// the linker would drop unless something refers to it.
static void registerStarterRuleSetResource()
{
    Q_INIT_RESOURCE(resources);
}

namespace tollgate {

namespace {

constexpr int MaxAuthorLength = 256;
const auto StarterRuleSetPath = QStringLiteral(":/resources/starter-ruleset.json");

QString checksumOf(const QByteArray& json)
{
    return QString::fromLatin1(QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex());
}

QDateTime parseTimestamp(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

/// "first problem (and 3 more)": the one-line form of a list of findings.
QString summarize(const Diagnostics& diagnostics)
{
    Diagnostics errors;
    std::copy_if(diagnostics.begin(), diagnostics.end(), std::back_inserter(errors),
                 [](const Diagnostic& d) { return d.severity == Diagnostic::Severity::Error; });
    if (errors.isEmpty())
        return {};
    QString text = errors.first().toString();
    if (errors.size() > 1)
        text += QStringLiteral(" (and %1 more)").arg(errors.size() - 1);
    return text;
}

Diagnostic storageError(const QString& message)
{
    return Diagnostic{Diagnostic::Severity::Error, QString(), message, QString()};
}

bool stepRowOrFail(Statement& statement, const QString& operation, bool* found, QString* error)
{
    switch (statement.step()) {
    case Statement::StepResult::Row:
        *found = true;
        return true;
    case Statement::StepResult::Done:
        *found = false;
        return true;
    case Statement::StepResult::Error:
        break;
    }
    *error = statement.errorText(operation);
    return false;
}

} // namespace

RuleStore::RuleStore()
    : m_clock(&m_systemClock)
    , m_migrationsDirectory(Migrator::defaultDirectory())
{}

RuleStore::RuleStore(const Clock& clock)
    : m_clock(&clock)
    , m_migrationsDirectory(Migrator::defaultDirectory())
{}

bool RuleStore::open(const QString& path, QString* error)
{
    DatabaseOpener opener;
    opener.setMigrationsDirectory(m_migrationsDirectory);
    opener.setBusyTimeoutMs(m_busyTimeoutMs);
    if (!opener.open(path, &m_database, error))
        return false;
    m_schemaVersion = opener.schemaVersion();
    if (!rewriteStaleProjection(error)) {
        m_database.close();
        return false;
    }
    return true;
}

bool RuleStore::ensureStarterRuleSet(const QString& author, bool* created, QString* error)
{
    if (created)
        *created = false;
    if (!checkOpen(error))
        return false;
    qint64 revisionCount = 0;
    if (!m_database.queryInteger(QStringLiteral("SELECT count(*) FROM revisions"), &revisionCount, error))
        return false;
    if (revisionCount > 0)
        return true;

    static const bool registered = (registerStarterRuleSetResource(), true);
    Q_UNUSED(registered);
    QFile file(StarterRuleSetPath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error =
            QStringLiteral("cannot read the built-in starter ruleset %1: %2").arg(file.fileName(), file.errorString());
        return false;
    }
    RuleSet starter;
    Diagnostics diagnostics;
    if (!RuleSetJson::fromJson(file.readAll(), &starter, &diagnostics)) {
        *error = QStringLiteral("the built-in starter ruleset does not read: %1").arg(summarize(diagnostics));
        return false;
    }
    diagnostics = RuleSetValidator::validate(starter);
    if (hasErrors(diagnostics)) {
        *error = QStringLiteral("the built-in starter ruleset is invalid: %1").arg(summarize(diagnostics));
        return false;
    }
    QByteArray json;
    RuleSet canonical;
    int revision = 0;
    if (!prepareForCommit(starter, author, &json, &canonical, error) ||
        !commitRevision(canonical, json, author, QStringLiteral("starter ruleset"), 0, true, &revision, error))
        return false;
    if (created)
        *created = revision != 0;
    return true;
}

bool RuleStore::apply(const RuleSet& ruleSet, const QString& author, const QString& comment, int* revision,
                      Diagnostics* diagnostics)
{
    diagnostics->clear();
    QString error;
    if (!checkOpen(&error)) {
        diagnostics->append(storageError(error));
        return false;
    }
    *diagnostics = RuleSetValidator::validate(ruleSet);
    if (hasErrors(*diagnostics))
        return false;
    QByteArray json;
    RuleSet canonical;
    int committed = 0;
    if (!prepareForCommit(ruleSet, author, &json, &canonical, &error) ||
        !commitRevision(canonical, json, author, comment, 0, false, &committed, &error)) {
        diagnostics->append(storageError(error));
        return false;
    }
    if (revision)
        *revision = committed;
    return true;
}

bool RuleStore::rollback(int revision, const QString& author, const QString& comment, int* newRevision, QString* error)
{
    if (!checkOpen(error))
        return false;
    Revision target;
    if (!readRevision(revision, &target, error))
        return false;
    const Diagnostics diagnostics = RuleSetValidator::validate(target.ruleSet);
    if (hasErrors(diagnostics)) {
        *error = QStringLiteral("revision %1 does not pass this tollgated's validation: %2; nothing was changed")
                     .arg(revision)
                     .arg(summarize(diagnostics));
        return false;
    }
    // Written again in this build's canonical form: byte-identical to revision N's unless the
    // format changed since, so that every stored revision is canonical for the build that wrote it.
    QByteArray json;
    RuleSet canonical;
    const QString text = comment.isEmpty() ? QStringLiteral("rollback to revision %1").arg(revision) : comment;
    int committed = 0;
    if (!prepareForCommit(target.ruleSet, author, &json, &canonical, error) ||
        !commitRevision(canonical, json, author, text, revision, false, &committed, error))
        return false;
    if (newRevision)
        *newRevision = committed;
    return true;
}

bool RuleStore::revisions(QList<RevisionInfo>* revisions, QString* error) const
{
    revisions->clear();
    if (!checkOpen(error))
        return false;
    Statement select;
    if (!m_database.prepare(QStringLiteral("SELECT id, created_at, author, comment, checksum, size_bytes, "
                                           "rolled_back_from FROM revisions ORDER BY id DESC"),
                            &select, error))
        return false;
    Statement::StepResult step;
    while ((step = select.step()) == Statement::StepResult::Row) {
        revisions->append(RevisionInfo{int(select.columnInteger(0)), parseTimestamp(select.columnText(1)),
                                       select.columnText(2), select.columnText(3), select.columnText(4),
                                       select.columnInteger(5), int(select.columnInteger(6))});
    }
    if (step == Statement::StepResult::Error) {
        *error = select.errorText(QStringLiteral("cannot list revisions"));
        revisions->clear();
        return false;
    }
    return true;
}

bool RuleStore::revision(int id, Revision* revision, QString* error) const
{
    return checkOpen(error) && readRevision(id, revision, error);
}

bool RuleStore::activeRevision(ActiveRevision* active, QString* error) const
{
    if (!checkOpen(error))
        return false;
    bool found = false;
    if (!readActiveRevision(active, &found, error))
        return false;
    if (!found) {
        *error = QStringLiteral("%1: no ruleset has been applied yet").arg(m_database.path());
        return false;
    }
    return true;
}

bool RuleStore::loadActive(Revision* revision, QString* error) const
{
    if (!checkOpen(error))
        return false;
    // One snapshot: another process may activate a revision between the two reads.
    Transaction snapshot(m_database, Transaction::Mode::Read);
    ActiveRevision active;
    return snapshot.begin(error) && activeRevision(&active, error) && readRevision(active.revisionId, revision, error);
}

bool RuleStore::diff(int from, int to, QList<RuleSetChange>* changes, QString* error) const
{
    changes->clear();
    Revision before;
    Revision after;
    if (!checkOpen(error) || !readRevision(from, &before, error) || !readRevision(to, &after, error))
        return false;
    *changes = diffRuleSets(before.ruleSet, after.ruleSet);
    return true;
}

bool RuleStore::checkConsistency(QString* error) const
{
    if (!checkOpen(error))
        return false;
    QString integrity;
    if (!m_database.queryText(QStringLiteral("PRAGMA integrity_check"), &integrity, error))
        return false;
    if (integrity != u"ok") {
        *error = QStringLiteral("%1 is corrupt: %2").arg(m_database.path(), integrity);
        return false;
    }

    Transaction snapshot(m_database, Transaction::Mode::Read);
    if (!snapshot.begin(error))
        return false;
    Statement select;
    if (!m_database.prepare(QStringLiteral("SELECT id, checksum, size_bytes, ruleset_json FROM revisions ORDER BY id"),
                            &select, error))
        return false;
    int expectedId = 1;
    Statement::StepResult step;
    while ((step = select.step()) == Statement::StepResult::Row) {
        const int id = int(select.columnInteger(0));
        const QByteArray json = select.columnBytes(3);
        if (id != expectedId) {
            *error = QStringLiteral("%1: revision %2 is missing (history was rewritten)")
                         .arg(m_database.path())
                         .arg(expectedId);
            return false;
        }
        if (checksumOf(json) != select.columnText(1) || json.size() != select.columnInteger(2)) {
            *error = QStringLiteral("%1: revision %2 is damaged: its JSON does not match its checksum and size")
                         .arg(m_database.path())
                         .arg(id);
            return false;
        }
        ++expectedId;
    }
    if (step == Statement::StepResult::Error) {
        *error = select.errorText(QStringLiteral("cannot read revisions"));
        return false;
    }

    ActiveRevision active;
    bool found = false;
    if (!readActiveRevision(&active, &found, error))
        return false;
    RuleSet activeRuleSet; // Empty when nothing was applied: the projection must be empty too.
    if (found) {
        Revision revision;
        if (!readRevision(active.revisionId, &revision, error))
            return false;
        activeRuleSet = revision.ruleSet;
    } else if (expectedId > 1) {
        *error = QStringLiteral("%1: revisions exist but none is active").arg(m_database.path());
        return false;
    }

    Database expected;
    Migrator migrator(m_migrationsDirectory);
    QStringList actualRows;
    QStringList expectedRows;
    if (!expected.open(QStringLiteral(":memory:"), Database::OpenMode::ReadWriteCreate, error) ||
        !migrator.load(error) || !migrator.migrate(expected, nullptr, error) ||
        !RuleSetProjection::write(expected, activeRuleSet, error) ||
        !RuleSetProjection::dump(expected, &expectedRows, error) ||
        !RuleSetProjection::dump(m_database, &actualRows, error))
        return false;
    if (actualRows != expectedRows) {
        QStringList unexpected;
        std::set_difference(actualRows.begin(), actualRows.end(), expectedRows.begin(), expectedRows.end(),
                            std::back_inserter(unexpected));
        QStringList missing;
        std::set_difference(expectedRows.begin(), expectedRows.end(), actualRows.begin(), actualRows.end(),
                            std::back_inserter(missing));
        *error = QStringLiteral("%1: the projection tables differ from revision %2: %3")
                     .arg(m_database.path())
                     .arg(active.revisionId)
                     .arg(!unexpected.isEmpty() ? QStringLiteral("unexpected row ") + unexpected.first()
                                                : QStringLiteral("missing row ") + missing.first());
        return false;
    }
    return true;
}

bool RuleStore::prepareForCommit(const RuleSet& ruleSet, const QString& author, QByteArray* json, RuleSet* canonical,
                                 QString* error) const
{
    if (author.trimmed().isEmpty() || author.size() > MaxAuthorLength) {
        *error = QStringLiteral("an author (the user applying the change, at most %1 characters) is required")
                     .arg(MaxAuthorLength);
        return false;
    }
    *json = RuleSetJson::toCanonicalJson(ruleSet);
    if (json->size() > RuleSetLimits::MaxDocumentBytes) {
        *error = QStringLiteral("the ruleset is %1 bytes as JSON, over the limit of %2")
                     .arg(json->size())
                     .arg(RuleSetLimits::MaxDocumentBytes);
        return false;
    }
    // The stored JSON is the source of truth: what is activated and projected is what it reads
    // back as (the canonical form orders named entities), and it must read back to itself.
    Diagnostics diagnostics;
    if (!RuleSetJson::fromJson(*json, canonical, &diagnostics) || RuleSetJson::toCanonicalJson(*canonical) != *json) {
        *error = QStringLiteral("internal error: the canonical JSON of this ruleset does not read back as itself "
                                "(%1); nothing was changed")
                     .arg(diagnostics.isEmpty() ? QStringLiteral("it reads back different") : summarize(diagnostics));
        return false;
    }
    return true;
}

bool RuleStore::commitRevision(const RuleSet& ruleSet, const QByteArray& json, const QString& author,
                               const QString& comment, int rolledBackFrom, bool onlyIfEmpty, int* revision,
                               QString* error)
{
    *revision = 0;
    Transaction transaction(m_database);
    if (!transaction.begin(error))
        return false;
    if (onlyIfEmpty) {
        // Checked inside the write transaction: two processes starting on an empty file at once
        // must not both create a starter revision.
        qint64 revisionCount = 0;
        if (!m_database.queryInteger(QStringLiteral("SELECT count(*) FROM revisions"), &revisionCount, error))
            return false;
        if (revisionCount > 0)
            return true;
    }

    const QString now = nowText();
    Statement insertRevision;
    if (!m_database.prepare(
            QStringLiteral("INSERT INTO revisions (created_at, author, comment, ruleset_json, checksum, "
                           "size_bytes, rolled_back_from) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
            &insertRevision, error))
        return false;
    insertRevision.bindText(1, now);
    insertRevision.bindText(2, author);
    insertRevision.bindText(3, comment);
    insertRevision.bindText(4, json);
    insertRevision.bindText(5, checksumOf(json));
    insertRevision.bindInteger(6, json.size());
    if (rolledBackFrom > 0)
        insertRevision.bindInteger(7, rolledBackFrom);
    else
        insertRevision.bindNull(7);
    if (!insertRevision.execute(QStringLiteral("cannot insert the revision"), error))
        return false;
    const int id = int(m_database.lastInsertRowId());

    Statement activate;
    if (!m_database.prepare(
            QStringLiteral("INSERT INTO active_revision (singleton, revision_id, activated_at, "
                           "activated_by, projected_schema_version) VALUES (1, ?1, ?2, ?3, ?4) "
                           "ON CONFLICT (singleton) DO UPDATE SET revision_id = excluded.revision_id, "
                           "activated_at = excluded.activated_at, activated_by = excluded.activated_by, "
                           "projected_schema_version = excluded.projected_schema_version"),
            &activate, error))
        return false;
    activate.bindInteger(1, id);
    activate.bindText(2, now);
    activate.bindText(3, author);
    activate.bindInteger(4, m_schemaVersion);
    if (!activate.execute(QStringLiteral("cannot activate revision %1").arg(id), error) ||
        !RuleSetProjection::write(m_database, ruleSet, error) || !transaction.commit(error))
        return false;
    *revision = id;
    return true;
}

bool RuleStore::rewriteStaleProjection(QString* error)
{
    qint64 projectedVersion = 0;
    if (!m_database.queryInteger(QStringLiteral("SELECT projected_schema_version FROM active_revision"),
                                 &projectedVersion, error))
        return false;
    if (projectedVersion == 0 || projectedVersion == m_schemaVersion)
        return true; // Nothing applied yet, or the projection is current.

    Transaction transaction(m_database);
    ActiveRevision active;
    bool found = false;
    Revision revision;
    if (!transaction.begin(error) || !readActiveRevision(&active, &found, error))
        return false;
    if (!found)
        return true;
    Statement stamp;
    if (!readRevision(active.revisionId, &revision, error) ||
        !RuleSetProjection::write(m_database, revision.ruleSet, error) ||
        !m_database.prepare(QStringLiteral("UPDATE active_revision SET projected_schema_version = ?1"), &stamp, error))
        return false;
    stamp.bindInteger(1, m_schemaVersion);
    return stamp.execute(QStringLiteral("cannot record the projection's schema version"), error) &&
           transaction.commit(error);
}

bool RuleStore::readRevision(int id, Revision* revision, QString* error) const
{
    Statement select;
    if (!m_database.prepare(QStringLiteral("SELECT id, created_at, author, comment, checksum, size_bytes, "
                                           "rolled_back_from, ruleset_json FROM revisions WHERE id = ?1"),
                            &select, error))
        return false;
    select.bindInteger(1, id);
    bool found = false;
    if (!stepRowOrFail(select, QStringLiteral("cannot read revision %1").arg(id), &found, error))
        return false;
    if (!found) {
        qint64 newest = 0;
        if (!m_database.queryInteger(QStringLiteral("SELECT coalesce(max(id), 0) FROM revisions"), &newest, error))
            return false;
        *error = newest == 0
                     ? QStringLiteral("revision %1 does not exist (there is no revision yet)").arg(id)
                     : QStringLiteral("revision %1 does not exist (revisions run from 1 to %2)").arg(id).arg(newest);
        return false;
    }
    revision->info = RevisionInfo{int(select.columnInteger(0)), parseTimestamp(select.columnText(1)),
                                  select.columnText(2),         select.columnText(3),
                                  select.columnText(4),         select.columnInteger(5),
                                  int(select.columnInteger(6))};
    revision->json = select.columnBytes(7);
    const QString actualChecksum = checksumOf(revision->json);
    if (actualChecksum != revision->info.checksum || revision->json.size() != revision->info.sizeBytes) {
        *error = QStringLiteral("%1: revision %2 is damaged: its JSON (%3 bytes, SHA-256 %4) does not match the "
                                "recorded size and checksum (%5 bytes, %6); restore the database from a backup")
                     .arg(m_database.path())
                     .arg(id)
                     .arg(revision->json.size())
                     .arg(actualChecksum)
                     .arg(revision->info.sizeBytes)
                     .arg(revision->info.checksum);
        return false;
    }
    Diagnostics diagnostics;
    revision->ruleSet = RuleSet();
    if (!RuleSetJson::fromJson(revision->json, &revision->ruleSet, &diagnostics)) {
        *error = QStringLiteral("%1: revision %2 cannot be read by this tollgated: %3")
                     .arg(m_database.path())
                     .arg(id)
                     .arg(summarize(diagnostics));
        return false;
    }
    return true;
}

bool RuleStore::readActiveRevision(ActiveRevision* active, bool* found, QString* error) const
{
    Statement select;
    if (!m_database.prepare(QStringLiteral("SELECT revision_id, activated_at, activated_by FROM active_revision"),
                            &select, error) ||
        !stepRowOrFail(select, QStringLiteral("cannot read the active revision"), found, error))
        return false;
    if (*found)
        *active =
            ActiveRevision{int(select.columnInteger(0)), parseTimestamp(select.columnText(1)), select.columnText(2)};
    return true;
}

bool RuleStore::checkOpen(QString* error) const
{
    if (m_database.isOpen())
        return true;
    *error = QStringLiteral("the ruleset store is not open");
    return false;
}

QString RuleStore::nowText() const
{
    return QDateTime::fromMSecsSinceEpoch(m_clock->nowMs(), Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace tollgate
