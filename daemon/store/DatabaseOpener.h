#pragma once

#include "Migrator.h"

#include <QString>

namespace tollgate {

class Database;

/// Opens Tollgate's database file for the daemon and the offline tools: refuses a file it cannot
/// use without ever modifying it, then configures the connection and migrates the schema.
///
/// Order, so that a refused file is left byte-identical (no -wal/-shm created either, unless a
/// process has it open in WAL mode, in which case they exist already):
///  1. A non-empty file is first checked read-only: is it SQLite at all ("is not a Tollgate
///     database (not SQLite)"), PRAGMA quick_check ("is corrupt"), is it a Tollgate database
///     (application_id, migration history), is its schema version one this build knows.
///  2. Only then is it opened read-write: WAL journal, synchronous=FULL (a commit is on disk
///     when it returns, surviving kill -9 and power loss), foreign keys on, busy timeout.
///  3. Pending migrations run (see Migrator).
/// A missing or empty file is created and gets the whole schema. A file left with a hot rollback
/// journal (a crash inside a rollback-mode transaction) is the one exception to "read-only
/// first": SQLite must roll that transaction back before the file can be read consistently, so
/// the checks run on the read-write connection, after that recovery.
class DatabaseOpener
{
public:
    DatabaseOpener();

    /// Where migrations are read from (default: the embedded ones). For tests of upgrades.
    void setMigrationsDirectory(const QString& directory) { m_migrationsDirectory = directory; }
    /// How long to wait for another process's lock (an offline `tollgated --import` beside a
    /// running daemon) before failing with "database is locked". Default 5 s.
    void setBusyTimeoutMs(int milliseconds) { m_busyTimeoutMs = milliseconds; }

    /// Opens `path` into *database as described above. On failure *database is closed and
    /// *error says what is wrong with the file and what to do.
    bool open(const QString& path, Database* database, QString* error);

    /// Number of migrations the last successful open() applied.
    int migrationsApplied() const { return m_migrationsApplied; }
    /// Schema version of the database after the last successful open().
    int schemaVersion() const { return m_schemaVersion; }

private:
    /// How a file is checked before it is opened for writing.
    enum class Probe
    {
        None,          ///< New or empty: nothing to check.
        Immutable,     ///< Read-only and immutable: no process has it open in WAL mode.
        ThroughWal,    ///< Read-only through its -wal/-shm files, which exist already.
        AfterRecovery, ///< On the read-write connection, once SQLite rolled back its hot journal.
    };

    static bool checkPath(const QString& path, QString* error);
    static Probe probeFor(const QString& path);
    static bool checkContent(const Database& probeDatabase, const Migrator& migrator, QString* error);
    bool configure(Database* database, QString* error) const;

    QString m_migrationsDirectory;
    int m_busyTimeoutMs = 5000;
    int m_migrationsApplied = 0;
    int m_schemaVersion = 0;
};

} // namespace tollgate
