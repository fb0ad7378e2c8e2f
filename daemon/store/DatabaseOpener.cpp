#include "DatabaseOpener.h"

#include "Database.h"
#include "Statement.h"

#include <QFileInfo>
#include <sqlite3.h>

namespace tollgate {

namespace {

QString notModified(const QString& message)
{
    return message + QStringLiteral("; the database was not modified");
}

/// The message for a file SQLite cannot read, by SQLite's primary result code.
QString unreadableFileMessage(const Database& probe, const QString& operation)
{
    const QString message = QString::fromUtf8(sqlite3_errmsg(probe.handle()));
    switch (probe.lastErrorCode() & 0xff) {
    case SQLITE_NOTADB:
        return QStringLiteral("%1 is not a Tollgate database (not SQLite): %2; it was not modified")
            .arg(probe.path(), message);
    case SQLITE_CORRUPT:
        return QStringLiteral("%1 is corrupt: %2; restore it from a backup, it was not modified")
            .arg(probe.path(), message);
    default:
        return probe.errorText(operation);
    }
}

} // namespace

DatabaseOpener::DatabaseOpener()
    : m_migrationsDirectory(Migrator::defaultDirectory())
{}

bool DatabaseOpener::open(const QString& path, Database* database, QString* error)
{
    database->close();
    m_migrationsApplied = 0;
    m_schemaVersion = 0;

    Migrator migrator(m_migrationsDirectory);
    if (!migrator.load(error) || !checkPath(path, error))
        return false;
    const Probe probe = probeFor(path);
    if (probe == Probe::Immutable || probe == Probe::ThroughWal) {
        Database probeDatabase;
        if (!probeDatabase.open(
                path, probe == Probe::Immutable ? Database::OpenMode::ReadOnlyImmutable : Database::OpenMode::ReadOnly,
                error))
            return false;
        probeDatabase.setBusyTimeout(m_busyTimeoutMs);
        if (!checkContent(probeDatabase, migrator, error))
            return false;
    }

    if (!database->open(path, Database::OpenMode::ReadWriteCreate, error))
        return false;
    database->setBusyTimeout(m_busyTimeoutMs);
    // After a crash in a rollback-journal transaction, the first read rolls it back: only then
    // does the file hold a committed state worth checking.
    if ((probe == Probe::AfterRecovery && !checkContent(*database, migrator, error)) || !configure(database, error) ||
        !migrator.migrate(*database, &m_migrationsApplied, error) ||
        !Migrator::schemaVersion(*database, &m_schemaVersion, error)) {
        database->close();
        return false;
    }
    return true;
}

bool DatabaseOpener::checkPath(const QString& path, QString* error)
{
    const QFileInfo file(path);
    if (file.isDir()) {
        *error = QStringLiteral("%1 is a directory, not a database file").arg(path);
        return false;
    }
    const QFileInfo directory(file.absolutePath());
    if (!directory.exists()) {
        *error = QStringLiteral("cannot open %1: directory %2 does not exist").arg(path, directory.filePath());
        return false;
    }
    if (!directory.isDir()) {
        *error = QStringLiteral("cannot open %1: %2 is not a directory").arg(path, directory.filePath());
        return false;
    }
    return true;
}

DatabaseOpener::Probe DatabaseOpener::probeFor(const QString& path)
{
    const QFileInfo file(path);
    const bool walFilesExist =
        QFileInfo::exists(path + QStringLiteral("-wal")) || QFileInfo::exists(path + QStringLiteral("-shm"));
    if (!file.exists() || (file.size() == 0 && !walFilesExist))
        return Probe::None;
    if (QFileInfo(path + QStringLiteral("-journal")).size() > 0)
        return Probe::AfterRecovery;
    // With no -wal/-shm, no process has the file open in WAL mode and it holds every committed
    // transaction: read it as immutable, which creates no file. Otherwise read through the WAL,
    // whose files exist already.
    return walFilesExist ? Probe::ThroughWal : Probe::Immutable;
}

bool DatabaseOpener::checkContent(const Database& probeDatabase, const Migrator& migrator, QString* error)
{
    const QString& path = probeDatabase.path();
    qint64 objectCount = 0;
    QString ignored;
    if (!probeDatabase.queryInteger(QStringLiteral("SELECT count(*) FROM sqlite_master"), &objectCount, &ignored)) {
        *error = unreadableFileMessage(probeDatabase, QStringLiteral("cannot read the schema"));
        return false;
    }

    Statement quickCheck;
    if (!probeDatabase.prepare(QStringLiteral("PRAGMA quick_check"), &quickCheck, error))
        return false;
    const Statement::StepResult checked = quickCheck.step();
    if (checked == Statement::StepResult::Error) {
        *error = unreadableFileMessage(probeDatabase, QStringLiteral("cannot check integrity"));
        return false;
    }
    const QString firstProblem =
        checked == Statement::StepResult::Row ? quickCheck.columnText(0).simplified() : QString();
    if (firstProblem != u"ok") {
        *error = QStringLiteral("%1 is corrupt: %2; restore it from a backup, it was not modified")
                     .arg(path,
                          firstProblem.isEmpty() ? QStringLiteral("the integrity check gave no result") : firstProblem);
        return false;
    }

    qint64 applicationId = 0;
    int version = 0;
    if (!probeDatabase.queryInteger(QStringLiteral("PRAGMA application_id"), &applicationId, error) ||
        !Migrator::schemaVersion(probeDatabase, &version, error))
        return false;
    const bool emptySqliteFile = applicationId == 0 && version == 0 && objectCount == 0;
    if (applicationId != Migrator::ApplicationId && !emptySqliteFile) {
        *error = QStringLiteral("%1 is a SQLite database but not a Tollgate one (application_id %2, schema version "
                                "%3): check the path; it was not modified")
                     .arg(path)
                     .arg(applicationId)
                     .arg(version);
        return false;
    }
    if (version > migrator.latestVersion()) {
        *error = QStringLiteral("%1 has schema version %2 but this tollgated knows up to %3: upgrade tollgated, the "
                                "database was not modified")
                     .arg(path)
                     .arg(version)
                     .arg(migrator.latestVersion());
        return false;
    }
    if (!migrator.checkHistory(probeDatabase, error)) {
        *error = notModified(*error);
        return false;
    }
    return true;
}

bool DatabaseOpener::configure(Database* database, QString* error) const
{
    if (database->isReadOnly()) {
        *error = QStringLiteral("%1 is read-only for this user: tollgated needs to write it").arg(database->path());
        return false;
    }
    QString journalMode;
    if (!database->queryText(QStringLiteral("PRAGMA journal_mode = WAL"), &journalMode, error))
        return false;
    if (journalMode.compare(u"wal", Qt::CaseInsensitive) != 0) {
        *error = QStringLiteral("%1: cannot switch to WAL journal mode (it stays in %2 mode); is it on a network "
                                "file system?")
                     .arg(database->path(), journalMode);
        return false;
    }
    // FULL: in WAL mode the WAL is synced at every commit, so a commit that returned survives a
    // power loss too (NORMAL would only survive a process crash).
    return database->exec(QStringLiteral("PRAGMA synchronous = FULL"), QStringLiteral("cannot set synchronous mode"),
                          error) &&
           database->exec(QStringLiteral("PRAGMA foreign_keys = ON"),
                          QStringLiteral("cannot enable foreign key enforcement"), error);
}

} // namespace tollgate
