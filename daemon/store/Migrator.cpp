#include "Migrator.h"

#include "Database.h"
#include "Statement.h"
#include "Transaction.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <algorithm>
#include <sqlite3.h>
#include <utility>

// Outside any namespace: Q_INIT_RESOURCE declares the rcc-generated function in the enclosing
// namespace. The migrations live in a static library, whose resource object file the linker
// would drop unless something refers to it.
static void registerMigrationResources()
{
    Q_INIT_RESOURCE(migrations);
}

namespace tollgate {

namespace {

/// Refuses BEGIN, COMMIT and ROLLBACK in a migration script: one would end the migrator's
/// transaction and commit half a migration.
int denyTransactionStatements(void*, int action, const char*, const char*, const char*, const char*)
{
    return action == SQLITE_TRANSACTION ? SQLITE_DENY : SQLITE_OK;
}

} // namespace

QString Migrator::defaultDirectory()
{
    return QStringLiteral(":/db/migrations");
}

Migrator::Migrator(QString directory)
    : m_directory(std::move(directory))
{
    static const bool registered = (registerMigrationResources(), true);
    Q_UNUSED(registered);
}

bool Migrator::load(QString* error)
{
    m_migrations.clear();
    const QDir directory(m_directory);
    if (!directory.exists()) {
        *error = QStringLiteral("migration directory %1 does not exist").arg(m_directory);
        return false;
    }
    static const QRegularExpression fileNamePattern(QStringLiteral("^(\\d{4})_([a-z0-9]+(?:_[a-z0-9]+)*)\\.sql$"));
    QList<Migration> found;
    const QStringList fileNames = directory.entryList(QDir::Files, QDir::Name);
    for (const QString& fileName : fileNames) {
        const QRegularExpressionMatch match = fileNamePattern.match(fileName);
        if (!match.hasMatch()) {
            *error = QStringLiteral("%1: migration files must be named NNNN_lower_snake_case.sql")
                         .arg(directory.filePath(fileName));
            return false;
        }
        QFile file(directory.filePath(fileName));
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read migration %1: %2").arg(file.fileName(), file.errorString());
            return false;
        }
        found.append(Migration{match.captured(1).toInt(), match.captured(2), fileName, file.readAll()});
    }
    std::sort(found.begin(), found.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
    for (int index = 0; index < found.size(); ++index) {
        if (found[index].version != index + 1) {
            *error = QStringLiteral("%1: migration %2 expected, found %3 (versions run 1, 2, 3, ... with no gap "
                                    "or duplicate)")
                         .arg(m_directory, QStringLiteral("%1").arg(index + 1, 4, 10, QLatin1Char('0')),
                              found[index].fileName);
            return false;
        }
    }
    if (found.isEmpty()) {
        *error = QStringLiteral("%1: no migration found").arg(m_directory);
        return false;
    }
    m_migrations = std::move(found);
    return true;
}

int Migrator::latestVersion() const
{
    return m_migrations.isEmpty() ? 0 : m_migrations.last().version;
}

bool Migrator::schemaVersion(const Database& database, int* version, QString* error)
{
    qint64 value = 0;
    if (!database.queryInteger(QStringLiteral("PRAGMA user_version"), &value, error))
        return false;
    *version = int(value);
    return true;
}

bool Migrator::checkHistory(const Database& database, QString* error) const
{
    int version = 0;
    if (!schemaVersion(database, &version, error))
        return false;
    if (version == 0)
        return true;
    Statement statement;
    if (!database.prepare(QStringLiteral("SELECT version, name FROM schema_migrations ORDER BY version"), &statement,
                          error))
        return false;
    QList<std::pair<int, QString>> recorded;
    Statement::StepResult step;
    while ((step = statement.step()) == Statement::StepResult::Row)
        recorded.append({int(statement.columnInteger(0)), statement.columnText(1)});
    if (step == Statement::StepResult::Error) {
        *error = statement.errorText(QStringLiteral("cannot read schema_migrations"));
        return false;
    }
    const int known = std::min(version, latestVersion());
    for (int index = 0; index < known; ++index) {
        const Migration& migration = m_migrations[index];
        if (index >= recorded.size() || recorded[index].first != migration.version) {
            *error = QStringLiteral("%1 has schema version %2 but no record of migration %3 (%4)")
                         .arg(database.path())
                         .arg(version)
                         .arg(migration.version)
                         .arg(migration.fileName);
            return false;
        }
        if (recorded[index].second != migration.name) {
            *error = QStringLiteral("%1 was migrated by a different tollgated build: its migration %2 is \"%3\" but "
                                    "this build's is \"%4\"")
                         .arg(database.path())
                         .arg(migration.version)
                         .arg(recorded[index].second, migration.name);
            return false;
        }
    }
    return true;
}

bool Migrator::migrate(Database& database, int* applied, QString* error) const
{
    if (applied)
        *applied = 0;
    int version = 0;
    if (!schemaVersion(database, &version, error))
        return false;
    if (version > latestVersion()) {
        *error = QStringLiteral("%1 has schema version %2 but this tollgated knows up to %3")
                     .arg(database.path())
                     .arg(version)
                     .arg(latestVersion());
        return false;
    }
    if (version == latestVersion())
        return true;

    qint64 foreignKeys = 0;
    if (!database.queryInteger(QStringLiteral("PRAGMA foreign_keys"), &foreignKeys, error))
        return false;
    // Only effective outside a transaction, hence here and not in each migration's transaction.
    if (!database.exec(QStringLiteral("PRAGMA foreign_keys = OFF"),
                       QStringLiteral("cannot disable foreign keys for migrating"), error))
        return false;
    bool ok = true;
    for (const Migration& migration : m_migrations) {
        if (migration.version <= version)
            continue;
        bool skipped = false;
        if (!applyOne(database, migration, &skipped, error)) {
            ok = false;
            break;
        }
        if (applied && !skipped)
            ++*applied;
    }
    QString restoreError;
    if (!database.exec(foreignKeys ? QStringLiteral("PRAGMA foreign_keys = ON")
                                   : QStringLiteral("PRAGMA foreign_keys = OFF"),
                       QStringLiteral("cannot restore foreign key enforcement"), &restoreError) &&
        ok) {
        *error = restoreError;
        ok = false;
    }
    return ok;
}

bool Migrator::applyOne(Database& database, const Migration& migration, bool* skipped, QString* error) const
{
    Transaction transaction(database);
    if (!transaction.begin(error))
        return false;
    // Re-read inside the write transaction: another process may have migrated meanwhile.
    int version = 0;
    if (!schemaVersion(database, &version, error))
        return false;
    if (version >= migration.version) {
        *skipped = true;
        return true;
    }
    if (version != migration.version - 1) {
        *error = QStringLiteral("%1: schema version %2 cannot take migration %3")
                     .arg(database.path())
                     .arg(version)
                     .arg(migration.fileName);
        return false;
    }

    const QString failed = QStringLiteral("migration %1 failed (the database stays at schema version %2)")
                               .arg(migration.fileName)
                               .arg(version);
    sqlite3_set_authorizer(database.handle(), denyTransactionStatements, nullptr);
    const bool scriptOk = database.exec(QString::fromUtf8(migration.sql), failed, error);
    sqlite3_set_authorizer(database.handle(), nullptr, nullptr);
    if (!scriptOk)
        return false;

    Statement foreignKeyCheck;
    if (!database.prepare(QStringLiteral("PRAGMA foreign_key_check"), &foreignKeyCheck, error))
        return false;
    const Statement::StepResult check = foreignKeyCheck.step();
    if (check == Statement::StepResult::Error) {
        *error = foreignKeyCheck.errorText(failed);
        return false;
    }
    if (check == Statement::StepResult::Row) {
        *error = QStringLiteral("%1: %2: it leaves a row of table %3 (rowid %4) referring to a missing row of %5")
                     .arg(database.path(), failed, foreignKeyCheck.columnText(0), foreignKeyCheck.columnText(1),
                          foreignKeyCheck.columnText(2));
        return false;
    }

    Statement record;
    if (!database.prepare(QStringLiteral("INSERT INTO schema_migrations (version, name, applied_at) "
                                         "VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"),
                          &record, error))
        return false;
    record.bindInteger(1, migration.version);
    record.bindText(2, migration.name);
    if (!record.execute(failed, error))
        return false;
    // PRAGMA takes no parameters; the version is a validated integer.
    if (!database.exec(QStringLiteral("PRAGMA user_version = %1").arg(migration.version), failed, error))
        return false;
    return transaction.commit(error);
}

} // namespace tollgate
