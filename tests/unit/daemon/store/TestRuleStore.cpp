#include "StoreTestRows.h"
#include "FakeClock.h"
#include "StoreTestRuleSets.h"
#include "TestPaths.h"
#include "model/RuleSetJson.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/RuleStore.h"
#include "store/Statement.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;
using tollgate::test::rowsOf;

namespace {

RuleSet canonicalized(const RuleSet& ruleSet)
{
    RuleSet result;
    Diagnostics errors;
    if (!RuleSetJson::fromJson(RuleSetJson::toCanonicalJson(ruleSet), &result, &errors))
        qWarning("canonical JSON does not read back: %s", qPrintable(errors.value(0).toString()));
    return result;
}

/// Everything a database holds, read through a connection of its own: the schema, the version
/// and every row of every table. Equal snapshots = nothing changed.
QStringList snapshot(const QString& path)
{
    Database database;
    QString error;
    if (!database.open(path, Database::OpenMode::ReadOnly, &error))
        return {error};
    QStringList result = rowsOf(database, QStringLiteral("SELECT type, name, sql FROM sqlite_master ORDER BY name"));
    result += rowsOf(database, QStringLiteral("PRAGMA user_version"));
    for (const QString& table : rowsOf(database, QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                                "ORDER BY name")))
        result += rowsOf(database, QStringLiteral("SELECT '%1', * FROM \"%1\" ORDER BY rowid").arg(table));
    return result;
}

QString sha256(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QString errorsOf(const Diagnostics& diagnostics)
{
    QStringList lines;
    for (const Diagnostic& diagnostic : diagnostics)
        lines.append(diagnostic.toString());
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestRuleStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void emptyStore();
    void starterRuleSetIsCreatedOnce();
    void starterIsNotAddedToAStoreWithRevisions();
    void applyStoresAndActivatesARevision();
    void applyStoresTheCanonicalForm();
    void applyReturnsWarnings();
    void identicalApplyCreatesANewRevision();
    void invalidRuleSetChangesNothing();
    void missingAuthorChangesNothing();
    void storageFailureChangesNothing();
    void lockedDatabaseChangesNothing();
    void rollbackCreatesARevisionEqualToTheTarget();
    void rollbackKeepsAGivenComment();
    void rollbackToAMissingRevisionChangesNothing_data();
    void rollbackToAMissingRevisionChangesNothing();
    void damagedRevisionIsReported();
    void diffBetweenRevisions();
    void historyIsAppendOnly();
    void everythingSurvivesAReopen();
    void projectionIsRewrittenAfterAMigration();
    void consistencyCheckSeesProjectionEdits();
    void unopenedOrRefusedStoreReportsIt();

private:
    bool openStore(RuleStore* store);
    int applyOrFail(RuleStore* store, const RuleSet& ruleSet, const QString& comment = QString());

    QTemporaryDir m_directory;
    QString m_path;
    test::FakeClock m_clock{1'700'000'000'123};
};

void TestRuleStore::init()
{
    QVERIFY(m_directory.isValid());
    m_path = m_directory.filePath(QStringLiteral("%1.db").arg(QLatin1String(QTest::currentTestFunction())));
}

void TestRuleStore::cleanup()
{
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(m_path + suffix);
}

bool TestRuleStore::openStore(RuleStore* store)
{
    QString error;
    if (!store->open(m_path, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    return true;
}

int TestRuleStore::applyOrFail(RuleStore* store, const RuleSet& ruleSet, const QString& comment)
{
    int revision = 0;
    Diagnostics diagnostics;
    if (!store->apply(ruleSet, QStringLiteral("alice"), comment, &revision, &diagnostics))
        qWarning("apply failed: %s", qPrintable(errorsOf(diagnostics)));
    return revision;
}

void TestRuleStore::emptyStore()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QVERIFY(store.isOpen());
    QString error;
    ActiveRevision active;
    QVERIFY(!store.activeRevision(&active, &error));
    QCOMPARE(error, m_path + QStringLiteral(": no ruleset has been applied yet"));
    Revision revision;
    QVERIFY(!store.loadActive(&revision, &error));
    QVERIFY(!store.revision(1, &revision, &error));
    QCOMPARE(error, QStringLiteral("revision 1 does not exist (there is no revision yet)"));
    QList<RevisionInfo> revisions{RevisionInfo{}};
    QVERIFY2(store.revisions(&revisions, &error), qPrintable(error));
    QVERIFY(revisions.isEmpty());
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));
}

void TestRuleStore::starterRuleSetIsCreatedOnce()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QString error;
    bool created = false;
    QVERIFY2(store.ensureStarterRuleSet(QStringLiteral("root"), &created, &error), qPrintable(error));
    QVERIFY(created);

    RuleSet starter;
    Diagnostics diagnostics;
    QVERIFY2(RuleSetJson::fromJson(test::readFile(test::sourcePath(QStringLiteral("resources/starter-ruleset.json"))),
                                   &starter, &diagnostics),
             qPrintable(errorsOf(diagnostics)));
    Revision revision;
    QVERIFY2(store.loadActive(&revision, &error), qPrintable(error));
    QCOMPARE(revision.info.id, 1);
    QCOMPARE(revision.info.author, QStringLiteral("root"));
    QCOMPARE(revision.info.comment, QStringLiteral("starter ruleset"));
    QCOMPARE(revision.json, RuleSetJson::toCanonicalJson(starter));
    QCOMPARE(revision.ruleSet, canonicalized(starter));
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));

    QVERIFY2(store.ensureStarterRuleSet(QStringLiteral("root"), &created, &error), qPrintable(error));
    QVERIFY(!created);
    QList<RevisionInfo> revisions;
    QVERIFY(store.revisions(&revisions, &error));
    QCOMPARE(revisions.size(), 1);
}

void TestRuleStore::starterIsNotAddedToAStoreWithRevisions()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(1)), 1);
    QString error;
    bool created = true;
    QVERIFY2(store.ensureStarterRuleSet(QStringLiteral("root"), &created, &error), qPrintable(error));
    QVERIFY(!created);
    ActiveRevision active;
    QVERIFY(store.activeRevision(&active, &error));
    QCOMPARE(active.revisionId, 1);
}

void TestRuleStore::applyStoresAndActivatesARevision()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    int revision = 0;
    Diagnostics diagnostics;
    QVERIFY2(
        store.apply(test::richRuleSet(), QStringLiteral("alice"), QStringLiteral("first"), &revision, &diagnostics),
        qPrintable(errorsOf(diagnostics)));
    QCOMPARE(revision, 1);

    const QByteArray json = RuleSetJson::toCanonicalJson(test::richRuleSet());
    const QDateTime createdAt = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123, Qt::UTC);
    QString error;
    Revision stored;
    QVERIFY2(store.revision(1, &stored, &error), qPrintable(error));
    QCOMPARE(stored.info, (RevisionInfo{1, createdAt, QStringLiteral("alice"), QStringLiteral("first"), sha256(json),
                                        json.size(), 0}));
    QCOMPARE(stored.json, json);
    QCOMPARE(stored.ruleSet, canonicalized(test::richRuleSet()));

    ActiveRevision active;
    QVERIFY2(store.activeRevision(&active, &error), qPrintable(error));
    QCOMPARE(active, (ActiveRevision{1, createdAt, QStringLiteral("alice")}));
    QCOMPARE(rowsOf(store.database(), QStringLiteral("SELECT created_at FROM revisions")),
             QStringList({QStringLiteral("2023-11-14T22:13:20.123Z")}));
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));

    m_clock.advance(60'000);
    QVERIFY2(store.apply(test::variantRuleSet(2), QStringLiteral("bob"), QString(), &revision, &diagnostics),
             qPrintable(errorsOf(diagnostics)));
    QCOMPARE(revision, 2);
    QList<RevisionInfo> revisions;
    QVERIFY(store.revisions(&revisions, &error));
    QCOMPARE(revisions.size(), 2);
    QCOMPARE(revisions[0].id, 2); // Newest first.
    QCOMPARE(revisions[0].author, QStringLiteral("bob"));
    QCOMPARE(revisions[0].createdAt, createdAt.addSecs(60));
    QCOMPARE(revisions[1], stored.info);
    QVERIFY(store.activeRevision(&active, &error));
    QCOMPARE(active.revisionId, 2);
    QCOMPARE(active.activatedBy, QStringLiteral("bob"));
    QCOMPARE(rowsOf(store.database(), QStringLiteral("SELECT name FROM carriers")),
             QStringList({QStringLiteral("carrier-2")}));
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));
}

void TestRuleStore::applyStoresTheCanonicalForm()
{
    // Named entities are stored in canonical order, and the projection follows the stored JSON.
    RuleSet reversed = test::richRuleSet();
    std::reverse(reversed.carriers.begin(), reversed.carriers.end());
    std::reverse(reversed.flags.begin(), reversed.flags.end());
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, reversed), 1);
    QString error;
    Revision stored;
    QVERIFY(store.revision(1, &stored, &error));
    QCOMPARE(stored.json, RuleSetJson::toCanonicalJson(test::richRuleSet()));
    QCOMPARE(rowsOf(store.database(), QStringLiteral("SELECT position, name FROM carriers ORDER BY position")),
             QStringList({QStringLiteral("1|acme"), QStringLiteral("2|core")}));
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));
}

void TestRuleStore::applyReturnsWarnings()
{
    RuleSet ruleSet = test::variantRuleSet(1);
    Route unused;
    unused.name = QStringLiteral("UNUSED");
    ruleSet.routes.append(unused);
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    int revision = 0;
    Diagnostics diagnostics;
    QVERIFY2(store.apply(ruleSet, QStringLiteral("alice"), QString(), &revision, &diagnostics),
             qPrintable(errorsOf(diagnostics)));
    QCOMPARE(revision, 1);
    QVERIFY(!diagnostics.isEmpty());
    QVERIFY(!hasErrors(diagnostics));
    QVERIFY2(errorsOf(diagnostics).contains(QStringLiteral("UNUSED")), qPrintable(errorsOf(diagnostics)));
}

void TestRuleStore::identicalApplyCreatesANewRevision()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::richRuleSet()), 1);
    QCOMPARE(applyOrFail(&store, test::richRuleSet(), QStringLiteral("re-applied from CI")), 2);
    QString error;
    QList<RevisionInfo> revisions;
    QVERIFY(store.revisions(&revisions, &error));
    QCOMPARE(revisions.size(), 2);
    QCOMPARE(revisions[0].checksum, revisions[1].checksum);
    QCOMPARE(revisions[0].comment, QStringLiteral("re-applied from CI"));
}

void TestRuleStore::invalidRuleSetChangesNothing()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::richRuleSet()), 1);
    const QStringList before = snapshot(m_path);

    RuleSet invalid = test::richRuleSet();
    invalid.routes[0].rules[0].actions[0].flag = QStringLiteral("INTERNALY_SOURCED");
    int revision = -1;
    Diagnostics diagnostics;
    QVERIFY(!store.apply(invalid, QStringLiteral("alice"), QString(), &revision, &diagnostics));
    QVERIFY(hasErrors(diagnostics));
    QVERIFY2(errorsOf(diagnostics).contains(QStringLiteral("INTERNALY_SOURCED")), qPrintable(errorsOf(diagnostics)));
    QCOMPARE(revision, -1);
    QCOMPARE(snapshot(m_path), before);
}

void TestRuleStore::missingAuthorChangesNothing()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    const QStringList before = snapshot(m_path);
    for (const QString& author : {QString(), QStringLiteral("  "), QString(300, QLatin1Char('a'))}) {
        Diagnostics diagnostics;
        QVERIFY(!store.apply(test::richRuleSet(), author, QString(), nullptr, &diagnostics));
        QCOMPARE(diagnostics.size(), 1);
        QVERIFY2(diagnostics[0].message.startsWith(QStringLiteral("an author")), qPrintable(errorsOf(diagnostics)));
    }
    QCOMPARE(snapshot(m_path), before);
}

void TestRuleStore::storageFailureChangesNothing()
{
    // A failure at the very end of the transaction (the last projection table) must undo the
    // revision, the activation and the other projection tables.
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(1)), 1);
    QString error;
    QVERIFY2(store.database().exec(QStringLiteral("CREATE TRIGGER injected_failure BEFORE INSERT ON rule_actions "
                                                  "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"),
                                   QStringLiteral("inject"), &error),
             qPrintable(error));
    const QStringList before = snapshot(m_path);

    Diagnostics diagnostics;
    QVERIFY(!store.apply(test::richRuleSet(), QStringLiteral("alice"), QString(), nullptr, &diagnostics));
    QCOMPARE(diagnostics.size(), 1);
    QVERIFY2(diagnostics[0].message.contains(QStringLiteral("cannot write the rule_actions table: injected failure")),
             qPrintable(errorsOf(diagnostics)));
    QVERIFY(!store.rollback(1, QStringLiteral("alice"), QString(), nullptr, &error));
    QVERIFY2(error.contains(QStringLiteral("injected failure")), qPrintable(error));
    QVERIFY(!store.database().inTransaction());
    QCOMPARE(snapshot(m_path), before);

    QVERIFY(store.database().exec(QStringLiteral("DROP TRIGGER injected_failure"), QStringLiteral("drop"), &error));
    QCOMPARE(applyOrFail(&store, test::richRuleSet()), 2); // No id was used up by the failures.
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));
}

void TestRuleStore::lockedDatabaseChangesNothing()
{
    RuleStore store(m_clock);
    store.setBusyTimeoutMs(100);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(1)), 1);
    const QStringList before = snapshot(m_path);

    Database other;
    QString error;
    QVERIFY(other.open(m_path, Database::OpenMode::ReadWriteCreate, &error));
    QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE"), QStringLiteral("lock"), &error));
    Diagnostics diagnostics;
    QVERIFY(!store.apply(test::variantRuleSet(2), QStringLiteral("alice"), QString(), nullptr, &diagnostics));
    QCOMPARE(diagnostics.size(), 1);
    QCOMPARE(diagnostics[0].message, m_path + QStringLiteral(": cannot begin a write transaction: database is locked"));
    QVERIFY(other.exec(QStringLiteral("ROLLBACK"), QStringLiteral("unlock"), &error));
    QCOMPARE(snapshot(m_path), before);
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(2)), 2);
}

void TestRuleStore::rollbackCreatesARevisionEqualToTheTarget()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::richRuleSet()), 1);
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(3)), 2);
    QString error;
    QList<RevisionInfo> historyBefore;
    QVERIFY(store.revisions(&historyBefore, &error));

    m_clock.advance(1000);
    int newRevision = 0;
    QVERIFY2(store.rollback(1, QStringLiteral("carol"), QString(), &newRevision, &error), qPrintable(error));
    QCOMPARE(newRevision, 3);

    Revision target;
    Revision restored;
    QVERIFY(store.revision(1, &target, &error));
    QVERIFY(store.revision(3, &restored, &error));
    QCOMPARE(restored.json, target.json);
    QCOMPARE(restored.info.checksum, target.info.checksum);
    QCOMPARE(restored.info.rolledBackFrom, 1);
    QCOMPARE(restored.info.author, QStringLiteral("carol"));
    QCOMPARE(restored.info.comment, QStringLiteral("rollback to revision 1"));
    QCOMPARE(restored.ruleSet, target.ruleSet);

    ActiveRevision active;
    QVERIFY(store.activeRevision(&active, &error));
    QCOMPARE(active.revisionId, 3);
    QCOMPARE(active.activatedBy, QStringLiteral("carol"));
    QCOMPARE(rowsOf(store.database(), QStringLiteral("SELECT name FROM carriers ORDER BY position")),
             QStringList({QStringLiteral("acme"), QStringLiteral("core")}));
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));

    // History is never rewritten.
    QList<RevisionInfo> history;
    QVERIFY(store.revisions(&history, &error));
    QCOMPARE(history.size(), 3);
    QCOMPARE(history.mid(1), historyBefore);

    // Rolling back to the rollback, or to the active revision, is just another revision.
    QVERIFY2(store.rollback(2, QStringLiteral("carol"), QString(), &newRevision, &error), qPrintable(error));
    QCOMPARE(newRevision, 4);
    QVERIFY2(store.rollback(4, QStringLiteral("carol"), QString(), &newRevision, &error), qPrintable(error));
    QCOMPARE(newRevision, 5);
    QVERIFY(store.revision(5, &restored, &error));
    QCOMPARE(restored.ruleSet, canonicalized(test::variantRuleSet(3)));
    QCOMPARE(restored.info.rolledBackFrom, 4);
}

void TestRuleStore::rollbackKeepsAGivenComment()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(1)), 1);
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(2)), 2);
    QString error;
    QVERIFY2(store.rollback(1, QStringLiteral("carol"), QStringLiteral("carrier-2 broke calls"), nullptr, &error),
             qPrintable(error));
    Revision restored;
    QVERIFY(store.revision(3, &restored, &error));
    QCOMPARE(restored.info.comment, QStringLiteral("carrier-2 broke calls"));
}

void TestRuleStore::rollbackToAMissingRevisionChangesNothing_data()
{
    QTest::addColumn<int>("revision");
    QTest::newRow("zero") << 0;
    QTest::newRow("negative") << -1;
    QTest::newRow("future") << 3;
}

void TestRuleStore::rollbackToAMissingRevisionChangesNothing()
{
    QFETCH(int, revision);
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(1)), 1);
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(2)), 2);
    const QStringList before = snapshot(m_path);
    QString error;
    int newRevision = -7;
    QVERIFY(!store.rollback(revision, QStringLiteral("carol"), QString(), &newRevision, &error));
    QCOMPARE(error, QStringLiteral("revision %1 does not exist (revisions run from 1 to 2)").arg(revision));
    QCOMPARE(newRevision, -7);
    QCOMPARE(snapshot(m_path), before);
}

void TestRuleStore::damagedRevisionIsReported()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(1)), 1);
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(2)), 2);
    QString error;
    // What a careless manual edit (or a bad disk with a valid page) does.
    QVERIFY2(store.database().exec(QStringLiteral("DROP TRIGGER revisions_are_never_updated; UPDATE revisions SET "
                                                  "ruleset_json = replace(ruleset_json, 'carrier-1', 'carrier-9') "
                                                  "WHERE id = 1"),
                                   QStringLiteral("damage"), &error),
             qPrintable(error));
    const QStringList before = snapshot(m_path);

    Revision revision;
    QVERIFY(!store.revision(1, &revision, &error));
    QVERIFY2(error.startsWith(m_path + QStringLiteral(": revision 1 is damaged: its JSON (")), qPrintable(error));
    QVERIFY2(error.endsWith(QStringLiteral("restore the database from a backup")), qPrintable(error));
    QVERIFY(!store.rollback(1, QStringLiteral("carol"), QString(), nullptr, &error));
    QVERIFY2(error.contains(QStringLiteral("revision 1 is damaged")), qPrintable(error));
    QList<RuleSetChange> changes;
    QVERIFY(!store.diff(1, 2, &changes, &error));
    QVERIFY(!store.checkConsistency(&error));
    QVERIFY2(error.contains(QStringLiteral("revision 1 is damaged")), qPrintable(error));
    QCOMPARE(snapshot(m_path), before);

    QVERIFY2(store.revision(2, &revision, &error), qPrintable(error)); // The others stay readable.
}

void TestRuleStore::diffBetweenRevisions()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(1)), 1);
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(2)), 2);
    QString error;
    QList<RuleSetChange> changes;
    QVERIFY2(store.diff(1, 2, &changes, &error), qPrintable(error));
    QVERIFY(!changes.isEmpty());
    QCOMPARE(changes, diffRuleSets(canonicalized(test::variantRuleSet(1)), canonicalized(test::variantRuleSet(2))));
    QList<RuleSetChange> backwards;
    QVERIFY(store.diff(2, 1, &backwards, &error));
    QCOMPARE(backwards.size(), changes.size());
    QVERIFY(backwards != changes);
    QVERIFY(store.diff(2, 2, &changes, &error));
    QVERIFY(changes.isEmpty());
    QVERIFY(!store.diff(1, 9, &changes, &error));
    QCOMPARE(error, QStringLiteral("revision 9 does not exist (revisions run from 1 to 2)"));
}

void TestRuleStore::historyIsAppendOnly()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::variantRuleSet(1)), 1);
    QString error;
    QVERIFY(!store.database().exec(QStringLiteral("UPDATE revisions SET author = 'mallory'"), QStringLiteral("edit"),
                                   &error));
    QVERIFY2(error.endsWith(QStringLiteral("revisions are append-only: apply or roll back to create a new one")),
             qPrintable(error));
    QVERIFY(!store.database().exec(QStringLiteral("DELETE FROM revisions"), QStringLiteral("delete"), &error));
    QVERIFY2(error.contains(QStringLiteral("append-only")), qPrintable(error));
    QVERIFY(!store.database().exec(QStringLiteral("INSERT INTO active_revision VALUES (2, 1, 'x', 'y', 1)"),
                                   QStringLiteral("second active row"), &error));
    QVERIFY2(error.contains(QStringLiteral("CHECK constraint failed")), qPrintable(error));
}

void TestRuleStore::everythingSurvivesAReopen()
{
    QList<RevisionInfo> revisions;
    QString error;
    {
        RuleStore store(m_clock);
        QVERIFY(openStore(&store));
        QCOMPARE(applyOrFail(&store, test::richRuleSet()), 1);
        QCOMPARE(applyOrFail(&store, test::variantRuleSet(4)), 2);
        QVERIFY(store.rollback(1, QStringLiteral("carol"), QString(), nullptr, &error));
        QVERIFY(store.revisions(&revisions, &error));
    }
    RuleStore reopened(m_clock);
    QVERIFY(openStore(&reopened));
    QList<RevisionInfo> again;
    QVERIFY(reopened.revisions(&again, &error));
    QCOMPARE(again, revisions);
    Revision active;
    QVERIFY2(reopened.loadActive(&active, &error), qPrintable(error));
    QCOMPARE(active.info.id, 3);
    QCOMPARE(active.ruleSet, canonicalized(test::richRuleSet()));
    QVERIFY2(reopened.checkConsistency(&error), qPrintable(error));
}

void TestRuleStore::projectionIsRewrittenAfterAMigration()
{
    // A later migration may rebuild projection tables (empty); the store refills them on open.
    QString error;
    {
        RuleStore store(m_clock);
        QVERIFY(openStore(&store));
        QCOMPARE(applyOrFail(&store, test::richRuleSet()), 1);
    }
    const QString migrations = m_directory.filePath(QStringLiteral("migrations"));
    QDir().mkpath(migrations);
    Migrator embedded;
    QVERIFY(embedded.load(&error));
    for (const Migration& migration : embedded.migrations()) {
        QFile file(migrations + QLatin1Char('/') + migration.fileName);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(migration.sql) == migration.sql.size());
    }
    const int next = embedded.latestVersion() + 1;
    QFile rebuild(migrations + QStringLiteral("/%1_rebuild_flags.sql").arg(next, 4, 10, QLatin1Char('0')));
    QVERIFY(rebuild.open(QIODevice::WriteOnly));
    rebuild.write("DROP TABLE flags;\n"
                  "CREATE TABLE flags (position INTEGER NOT NULL UNIQUE CHECK (position >= 1), name TEXT PRIMARY KEY, "
                  "description TEXT NOT NULL);\n");
    rebuild.close();

    RuleStore store(m_clock);
    store.setMigrationsDirectory(migrations);
    QVERIFY(openStore(&store));
    QCOMPARE(rowsOf(store.database(), QStringLiteral("SELECT name FROM flags ORDER BY position")),
             QStringList({QStringLiteral("INTERNALLY_SOURCED"), QStringLiteral("NEEDS_SHORT_TIMER")}));
    QCOMPARE(rowsOf(store.database(), QStringLiteral("SELECT projected_schema_version FROM active_revision")),
             QStringList({QString::number(next)}));
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));
}

void TestRuleStore::consistencyCheckSeesProjectionEdits()
{
    RuleStore store(m_clock);
    QVERIFY(openStore(&store));
    QCOMPARE(applyOrFail(&store, test::richRuleSet()), 1);
    QString error;
    QVERIFY(store.database().exec(QStringLiteral("UPDATE carriers SET trusted = 1 WHERE name = 'acme'"),
                                  QStringLiteral("edit"), &error));
    QVERIFY(!store.checkConsistency(&error));
    QVERIFY2(error.startsWith(m_path + QStringLiteral(": the projection tables differ from revision 1: ")),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("carriers|1|'acme'")), qPrintable(error));

    // The next apply rewrites the projection from the revision.
    QCOMPARE(applyOrFail(&store, test::richRuleSet()), 2);
    QVERIFY2(store.checkConsistency(&error), qPrintable(error));
}

void TestRuleStore::unopenedOrRefusedStoreReportsIt()
{
    RuleStore store(m_clock);
    Diagnostics diagnostics;
    QVERIFY(!store.apply(test::richRuleSet(), QStringLiteral("alice"), QString(), nullptr, &diagnostics));
    QCOMPARE(errorsOf(diagnostics), QStringLiteral("the ruleset store is not open"));
    QString error;
    QVERIFY(!store.rollback(1, QStringLiteral("alice"), QString(), nullptr, &error));
    QCOMPARE(error, QStringLiteral("the ruleset store is not open"));

    QFile garbage(m_path);
    QVERIFY(garbage.open(QIODevice::WriteOnly));
    garbage.write(QByteArray(4096, 'x'));
    garbage.close();
    QVERIFY(!store.open(m_path, &error));
    QVERIFY2(error.contains(QStringLiteral("is not a Tollgate database")), qPrintable(error));
    QVERIFY(!store.isOpen());
}

QTEST_GUILESS_MAIN(TestRuleStore)
#include "TestRuleStore.moc"
