#include "Transaction.h"

#include "Database.h"

namespace tollgate {

Transaction::Transaction(Database& database, Mode mode)
    : m_database(database)
    , m_mode(mode)
{}

Transaction::~Transaction()
{
    rollback();
}

bool Transaction::begin(QString* error)
{
    const bool write = m_mode == Mode::Write;
    if (!m_database.exec(write ? QStringLiteral("BEGIN IMMEDIATE") : QStringLiteral("BEGIN DEFERRED"),
                         write ? QStringLiteral("cannot begin a write transaction")
                               : QStringLiteral("cannot begin a read transaction"),
                         error))
        return false;
    m_active = true;
    return true;
}

bool Transaction::commit(QString* error)
{
    if (!m_active) {
        *error = m_database.path() + QStringLiteral(": cannot commit: no transaction is open");
        return false;
    }
    if (!m_database.exec(QStringLiteral("COMMIT"), QStringLiteral("cannot commit"), error)) {
        rollback();
        return false;
    }
    m_active = false;
    return true;
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    m_active = false;
    // SQLite may already have rolled back by itself (SQLITE_FULL, SQLITE_IOERR, ...): then there is
    // nothing left to undo, and ROLLBACK would only fail with "no transaction is active".
    if (!m_database.inTransaction())
        return;
    QString ignored;
    m_database.exec(QStringLiteral("ROLLBACK"), QStringLiteral("cannot roll back"), &ignored);
}

} // namespace tollgate
