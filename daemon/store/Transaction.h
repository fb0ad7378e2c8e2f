#pragma once

#include <QString>

namespace tollgate {

class Database;

/// A transaction guard: rolls the transaction back when it goes out of scope uncommitted, so
/// that every early return on an error leaves the database as it was.
class Transaction
{
public:
    enum class Mode
    {
        /// BEGIN IMMEDIATE: takes the write lock at once, so that a busy database fails (after
        /// the busy timeout) before anything was done, never half way through.
        Write,
        /// BEGIN DEFERRED: a consistent snapshot for several reads.
        Read,
    };

    explicit Transaction(Database& database, Mode mode = Mode::Write);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    bool begin(QString* error);
    /// Commits; with synchronous=FULL the change is on disk when this returns true. On failure
    /// the transaction is rolled back.
    bool commit(QString* error);
    /// Rolls back now (also done by the destructor when neither commit nor rollback ran).
    void rollback();

    bool isActive() const { return m_active; }

private:
    Database& m_database;
    Mode m_mode;
    bool m_active = false;
};

} // namespace tollgate
