#pragma once

#include <QString>

struct sqlite3;

namespace tollgate {

class Statement;

/// One connection to a SQLite database file: the single place where Tollgate opens, configures
/// and talks to SQLite, through its C API (exact control of WAL, synchronous, transactions and
/// error codes). Closes the connection on destruction. Not thread-safe: use a connection from
/// one thread only.
///
/// Every error message names the file, the operation and SQLite's own message, e.g.
/// `/var/lib/tollgate/tollgate.db: cannot begin a write transaction: database is locked`.
class Database
{
public:
    enum class OpenMode
    {
        ReadWriteCreate, ///< Read and write; create the file when it does not exist.
        ReadOnly,        ///< Read only; the file must exist. May create -wal/-shm for a WAL database.
        /// Read only, telling SQLite the file cannot change: no locks, and no -wal/-shm file is
        /// read or created. Only correct for a file that no process has open in WAL mode.
        ReadOnlyImmutable,
    };

    Database() = default;
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Opens `path` (":memory:" for a private in-memory database). On failure returns false,
    /// fills *error and leaves this object closed. An open connection is closed first.
    bool open(const QString& path, OpenMode mode, QString* error);
    void close();
    bool isOpen() const { return m_handle != nullptr; }
    const QString& path() const { return m_path; }

    /// How long a statement waits for another connection's lock before failing with
    /// "database is locked" (SQLITE_BUSY).
    void setBusyTimeout(int milliseconds);

    /// Runs `sql`: one or more statements whose result rows, if any, are discarded (DDL,
    /// PRAGMA writes, a migration script). `operation` names it in the error message.
    bool exec(const QString& sql, const QString& operation, QString* error);

    /// Compiles the single statement `sql` into *statement.
    bool prepare(const QString& sql, Statement* statement, QString* error) const;

    /// Runs a query whose first row's first column is the wanted value (PRAGMA user_version,
    /// SELECT count(*) ...). A query with no row yields 0 / an empty string.
    bool queryInteger(const QString& sql, qint64* value, QString* error) const;
    bool queryText(const QString& sql, QString* value, QString* error) const;

    /// Rowid of the last row inserted on this connection.
    qint64 lastInsertRowId() const;
    /// True while a transaction is open on this connection.
    bool inTransaction() const;
    /// True when SQLite opened the main database read-only (file permissions, or a read-only mode).
    bool isReadOnly() const;

    /// SQLite's extended result code of the last failed call on this connection.
    int lastErrorCode() const;
    /// `FILE: OPERATION: SQLite's message` for the last failed call on this connection.
    QString errorText(const QString& operation) const;

    /// The raw connection, for SQLite calls this class does not wrap.
    sqlite3* handle() const { return m_handle; }

private:
    sqlite3* m_handle = nullptr;
    QString m_path;
};

} // namespace tollgate
