#pragma once

// Reading query results as text, for the store tests' comparisons.

#include "store/Database.h"
#include "store/Statement.h"

#include <QStringList>

namespace tollgate::test {

/// Every row of `sql` as "column|column|...", NULL written as NULL; {"<error>"} when the query
/// cannot be prepared (the reason is printed).
inline QStringList rowsOf(const Database& database, const QString& sql)
{
    QString error;
    Statement statement;
    if (!database.prepare(sql, &statement, &error)) {
        qWarning("%s", qPrintable(error));
        return {QStringLiteral("<error>")};
    }
    QStringList rows;
    while (statement.step() == Statement::StepResult::Row) {
        QStringList columns;
        for (int column = 0; column < statement.columnCount(); ++column)
            columns.append(statement.columnIsNull(column) ? QStringLiteral("NULL") : statement.columnText(column));
        rows.append(columns.join(QLatin1Char('|')));
    }
    return rows;
}

} // namespace tollgate::test
