#pragma once

#include <QString>

struct sqlite3_stmt;

namespace tollgate {

/// A compiled SQL statement (see Database::prepare). Parameters are numbered from 1, columns
/// from 0, as in SQLite. Finalized on destruction; movable, not copyable.
///
/// A failed bind is remembered and reported by the next step(), so that a sequence of binds
/// needs a single error check.
class Statement
{
public:
    /// What one step produced.
    enum class StepResult
    {
        Row,   ///< A result row is available through the column accessors.
        Done,  ///< The statement ran to completion.
        Error, ///< It failed; errorText() says why.
    };

    Statement() = default;
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool isValid() const { return m_statement != nullptr; }

    void bindText(int index, const QString& value);
    void bindText(int index, const QByteArray& utf8);
    void bindInteger(int index, qint64 value);
    void bindNull(int index);

    StepResult step();
    /// Steps a statement that returns no row (INSERT, UPDATE, DELETE) to completion. On failure
    /// fills *error with errorText(operation).
    bool execute(const QString& operation, QString* error);
    /// Makes the statement runnable again, keeping its bindings (rebind what changes).
    void reset();

    int columnCount() const;
    bool columnIsNull(int column) const;
    qint64 columnInteger(int column) const;
    QString columnText(int column) const;
    /// The column's bytes as stored, with no text conversion (canonical JSON, checksums).
    QByteArray columnBytes(int column) const;

    /// `FILE: OPERATION: SQLite's message` for the last failure of this statement.
    QString errorText(const QString& operation) const;

private:
    friend class Database;
    Statement(sqlite3_stmt* statement, QString path);

    sqlite3_stmt* m_statement = nullptr;
    QString m_path;          ///< The database file, for error messages.
    int m_bindErrorCode = 0; ///< First failed bind since the last reset, 0 when none.
};

} // namespace tollgate
