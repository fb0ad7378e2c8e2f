#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace tollgate {

class Database;

/// One schema migration: the file `NNNN_name.sql` that brings a database from schema version
/// NNNN - 1 to NNNN.
struct Migration
{
    int version = 0;
    QString name;     ///< "ruleset_and_revisions": the file name without number and extension.
    QString fileName; ///< "0001_ruleset_and_revisions.sql"
    QByteArray sql;
};

/// Brings a database to the newest schema this build knows, with the numbered, append-only SQL
/// files of a directory (by default the ones embedded from db/migrations/).
///
/// Each migration runs in its own write transaction that also records it in `schema_migrations`
/// and sets `PRAGMA user_version`: a crash leaves the database at the previous version or the
/// next, never in between. Foreign key enforcement is off while migrations run (so that one can
/// rebuild a table) and PRAGMA foreign_key_check must be clean before each commits.
class Migrator
{
public:
    /// The embedded migrations, ":/db/migrations".
    static QString defaultDirectory();
    /// PRAGMA application_id of a Tollgate database ("TOLL"), set by migration 0001.
    static constexpr qint64 ApplicationId = 0x544F4C4C;

    explicit Migrator(QString directory = defaultDirectory());

    /// Reads the migration files. Fails on a file named unlike `NNNN_lower_snake_case.sql`, on a
    /// duplicate or missing number (versions must run 1, 2, 3, ...) and on an unreadable file.
    bool load(QString* error);

    /// The loaded migrations, oldest first.
    const QList<Migration>& migrations() const { return m_migrations; }
    /// Schema version after the last migration (0 before load()).
    int latestVersion() const;

    /// PRAGMA user_version of `database`.
    static bool schemaVersion(const Database& database, int* version, QString* error);

    /// Checks that the migrations `database` went through (schema_migrations) are this build's:
    /// same versions and names, none missing. Reads only. Call after load().
    bool checkHistory(const Database& database, QString* error) const;

    /// Applies, in order, every loaded migration newer than the database's schema version.
    /// Another process migrating the same file at the same time is harmless: each migration
    /// re-reads the version inside its transaction. *applied receives how many ran (may be null).
    /// On failure the database stays at the last version that committed, and *error names the
    /// migration file and SQLite's message.
    bool migrate(Database& database, int* applied, QString* error) const;

private:
    bool applyOne(Database& database, const Migration& migration, bool* skipped, QString* error) const;

    QString m_directory;
    QList<Migration> m_migrations;
};

} // namespace tollgate
