#include "Database.h"

#include "Statement.h"

#include <QUrl>
#include <sqlite3.h>

namespace tollgate {

namespace {

QString sqliteMessage(sqlite3* handle)
{
    return handle ? QString::fromUtf8(sqlite3_errmsg(handle)) : QStringLiteral("database is not open");
}

/// The name SQLite is given for `path`. Immutable mode needs a URI ("file:///...?immutable=1");
/// the other modes take the plain path, so that a file literally named "file:x" stays a file.
QByteArray sqliteFileName(const QString& path, Database::OpenMode mode)
{
    if (mode != Database::OpenMode::ReadOnlyImmutable || path == u":memory:")
        return path.toUtf8();
    return QUrl::fromLocalFile(path).toEncoded() + "?immutable=1";
}

int sqliteOpenFlags(const QString& path, Database::OpenMode mode)
{
    // NOMUTEX: a connection is used from one thread only (documented), so SQLite's per-call
    // mutex is pure cost. EXRESCODE: extended result codes (SQLITE_READONLY_ROLLBACK, ...).
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    switch (mode) {
    case Database::OpenMode::ReadWriteCreate:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    case Database::OpenMode::ReadOnly:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Database::OpenMode::ReadOnlyImmutable:
        flags |= SQLITE_OPEN_READONLY;
        if (path != u":memory:")
            flags |= SQLITE_OPEN_URI;
        break;
    }
    return flags;
}

} // namespace

Database::~Database()
{
    close();
}

bool Database::open(const QString& path, OpenMode mode, QString* error)
{
    close();
    sqlite3* handle = nullptr;
    const int result =
        sqlite3_open_v2(sqliteFileName(path, mode).constData(), &handle, sqliteOpenFlags(path, mode), nullptr);
    if (result != SQLITE_OK) {
        *error = QStringLiteral("cannot open %1: %2").arg(path, sqliteMessage(handle));
        sqlite3_close(handle); // Allocated even on most failures; closing null is a no-op.
        return false;
    }
    sqlite3_extended_result_codes(handle, 1);
    m_handle = handle;
    m_path = path;
    return true;
}

void Database::close()
{
    if (!m_handle)
        return;
    // sqlite3_close_v2 never fails: should a statement still be alive (a bug), the connection
    // becomes a zombie that is freed with the last statement instead of leaking.
    sqlite3_close_v2(m_handle);
    m_handle = nullptr;
}

void Database::setBusyTimeout(int milliseconds)
{
    if (m_handle)
        sqlite3_busy_timeout(m_handle, milliseconds);
}

bool Database::exec(const QString& sql, const QString& operation, QString* error)
{
    if (!m_handle) {
        *error = errorText(operation);
        return false;
    }
    if (sqlite3_exec(m_handle, sql.toUtf8().constData(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        *error = errorText(operation);
        return false;
    }
    return true;
}

bool Database::prepare(const QString& sql, Statement* statement, QString* error) const
{
    *statement = Statement();
    if (!m_handle) {
        *error = errorText(QStringLiteral("cannot prepare a statement"));
        return false;
    }
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt* compiled = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v2(m_handle, utf8.constData(), int(utf8.size()), &compiled, &tail) != SQLITE_OK) {
        *error = errorText(QStringLiteral("cannot prepare \"%1\"").arg(sql.simplified()));
        return false;
    }
    if (!compiled) {
        *error = QStringLiteral("%1: cannot prepare \"%2\": no statement").arg(m_path, sql.simplified());
        return false;
    }
    if (!QByteArray(tail).trimmed().isEmpty()) {
        sqlite3_finalize(compiled);
        *error = QStringLiteral("%1: cannot prepare \"%2\": more than one statement").arg(m_path, sql.simplified());
        return false;
    }
    *statement = Statement(compiled, m_path);
    return true;
}

bool Database::queryInteger(const QString& sql, qint64* value, QString* error) const
{
    Statement statement;
    if (!prepare(sql, &statement, error))
        return false;
    switch (statement.step()) {
    case Statement::StepResult::Row:
        *value = statement.columnInteger(0);
        return true;
    case Statement::StepResult::Done:
        *value = 0;
        return true;
    case Statement::StepResult::Error:
        break;
    }
    *error = statement.errorText(QStringLiteral("cannot run \"%1\"").arg(sql.simplified()));
    return false;
}

bool Database::queryText(const QString& sql, QString* value, QString* error) const
{
    Statement statement;
    if (!prepare(sql, &statement, error))
        return false;
    switch (statement.step()) {
    case Statement::StepResult::Row:
        *value = statement.columnText(0);
        return true;
    case Statement::StepResult::Done:
        value->clear();
        return true;
    case Statement::StepResult::Error:
        break;
    }
    *error = statement.errorText(QStringLiteral("cannot run \"%1\"").arg(sql.simplified()));
    return false;
}

qint64 Database::lastInsertRowId() const
{
    return m_handle ? sqlite3_last_insert_rowid(m_handle) : 0;
}

bool Database::inTransaction() const
{
    return m_handle && sqlite3_get_autocommit(m_handle) == 0;
}

bool Database::isReadOnly() const
{
    return m_handle && sqlite3_db_readonly(m_handle, "main") == 1;
}

int Database::lastErrorCode() const
{
    return m_handle ? sqlite3_extended_errcode(m_handle) : SQLITE_MISUSE;
}

QString Database::errorText(const QString& operation) const
{
    return QStringLiteral("%1: %2: %3").arg(m_path, operation, sqliteMessage(m_handle));
}

} // namespace tollgate
