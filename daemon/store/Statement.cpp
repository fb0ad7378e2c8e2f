#include "Statement.h"

#include <sqlite3.h>
#include <utility>

namespace tollgate {

Statement::Statement(sqlite3_stmt* statement, QString path)
    : m_statement(statement)
    , m_path(std::move(path))
{}

Statement::~Statement()
{
    sqlite3_finalize(m_statement);
}

Statement::Statement(Statement&& other) noexcept
    : m_statement(std::exchange(other.m_statement, nullptr))
    , m_path(std::move(other.m_path))
    , m_bindErrorCode(std::exchange(other.m_bindErrorCode, 0))
{}

Statement& Statement::operator=(Statement&& other) noexcept
{
    if (this != &other) {
        sqlite3_finalize(m_statement);
        m_statement = std::exchange(other.m_statement, nullptr);
        m_path = std::move(other.m_path);
        m_bindErrorCode = std::exchange(other.m_bindErrorCode, 0);
    }
    return *this;
}

void Statement::bindText(int index, const QString& value)
{
    bindText(index, value.toUtf8());
}

void Statement::bindText(int index, const QByteArray& utf8)
{
    // SQLITE_TRANSIENT: SQLite copies the bytes, so the temporary QByteArray may go.
    const int result = sqlite3_bind_text64(m_statement, index, utf8.constData(), sqlite3_uint64(utf8.size()),
                                           SQLITE_TRANSIENT, SQLITE_UTF8);
    if (result != SQLITE_OK && m_bindErrorCode == 0)
        m_bindErrorCode = result;
}

void Statement::bindInteger(int index, qint64 value)
{
    const int result = sqlite3_bind_int64(m_statement, index, value);
    if (result != SQLITE_OK && m_bindErrorCode == 0)
        m_bindErrorCode = result;
}

void Statement::bindNull(int index)
{
    const int result = sqlite3_bind_null(m_statement, index);
    if (result != SQLITE_OK && m_bindErrorCode == 0)
        m_bindErrorCode = result;
}

Statement::StepResult Statement::step()
{
    if (!m_statement || m_bindErrorCode != 0)
        return StepResult::Error;
    switch (sqlite3_step(m_statement)) {
    case SQLITE_ROW:
        return StepResult::Row;
    case SQLITE_DONE:
        return StepResult::Done;
    default:
        return StepResult::Error;
    }
}

bool Statement::execute(const QString& operation, QString* error)
{
    if (step() == StepResult::Done)
        return true;
    *error = errorText(operation);
    return false;
}

void Statement::reset()
{
    sqlite3_reset(m_statement);
    m_bindErrorCode = 0;
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_statement);
}

bool Statement::columnIsNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

qint64 Statement::columnInteger(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

QString Statement::columnText(int column) const
{
    return QString::fromUtf8(columnBytes(column));
}

QByteArray Statement::columnBytes(int column) const
{
    // sqlite3_column_text first, then _bytes: the documented order for a correct length.
    const auto* text = sqlite3_column_text(m_statement, column);
    const int size = sqlite3_column_bytes(m_statement, column);
    return QByteArray(reinterpret_cast<const char*>(text), size);
}

QString Statement::errorText(const QString& operation) const
{
    QString message;
    if (!m_statement)
        message = QStringLiteral("statement is not prepared");
    else if (m_bindErrorCode != 0)
        message = QStringLiteral("cannot bind a parameter: ") + QString::fromUtf8(sqlite3_errstr(m_bindErrorCode));
    else
        message = QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(m_statement)));
    return QStringLiteral("%1: %2: %3").arg(m_path, operation, message);
}

} // namespace tollgate
