#include "AuditLog.h"

#include "Database.h"
#include "Statement.h"
#include "StoreTime.h"
#include "core/Clock.h"

#include <QJsonDocument>

namespace tollgate {

QJsonObject AuditLog::Entry::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), double(id)},     {QStringLiteral("time"), storeTimestamp(timeMs)},
                       {QStringLiteral("user"), user},         {QStringLiteral("action"), action},
                       {QStringLiteral("target"), target},     {QStringLiteral("result"), result},
                       {QStringLiteral("details"), details}};
}

AuditLog::AuditLog(Database& database, const Clock& clock)
    : m_database(database)
    , m_clock(clock)
{
}

bool AuditLog::append(const QString& user, const QString& action, const QString& target, const QString& result,
                      const QJsonObject& details, Entry* entry, QString* error)
{
    Statement insert;
    if (!m_database.prepare(QStringLiteral("INSERT INTO audit_log (time, user, action, target, result, details) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
                            &insert, error))
        return false;
    const std::int64_t now = m_clock.nowMs();
    insert.bindText(1, storeTimestamp(now));
    insert.bindText(2, user.isEmpty() ? QStringLiteral("unknown") : user);
    insert.bindText(3, action);
    insert.bindText(4, target);
    insert.bindText(5, result);
    insert.bindText(6, QJsonDocument(details).toJson(QJsonDocument::Compact));
    if (!insert.execute(QStringLiteral("cannot append to the audit log"), error))
        return false;
    if (entry)
        *entry = Entry{m_database.lastInsertRowId(), now, user, action, target, result, details};
    return true;
}

bool AuditLog::list(const Filter& filter, QList<Entry>* entries, QString* error) const
{
    QStringList conditions;
    if (filter.sinceMs > 0)
        conditions << QStringLiteral("time >= ?2");
    if (!filter.user.isEmpty())
        conditions << QStringLiteral("user = ?3");
    if (!filter.action.isEmpty())
        conditions << (filter.action.endsWith(u'.') ? QStringLiteral("substr(action, 1, length(?4)) = ?4")
                                                     : QStringLiteral("action = ?4"));
    if (!filter.target.isEmpty())
        conditions << QStringLiteral("target = ?5");
    const QString sql =
        QStringLiteral("SELECT id, time, user, action, target, result, details FROM audit_log %1 ORDER BY id DESC LIMIT ?1")
            .arg(conditions.isEmpty() ? QString() : QStringLiteral("WHERE ") + conditions.join(QStringLiteral(" AND ")));
    Statement statement;
    if (!m_database.prepare(sql, &statement, error))
        return false;
    statement.bindInteger(1, filter.limit);
    if (filter.sinceMs > 0)
        statement.bindText(2, storeTimestamp(filter.sinceMs));
    if (!filter.user.isEmpty())
        statement.bindText(3, filter.user);
    if (!filter.action.isEmpty())
        statement.bindText(4, filter.action);
    if (!filter.target.isEmpty())
        statement.bindText(5, filter.target);
    entries->clear();
    Statement::StepResult result;
    while ((result = statement.step()) == Statement::StepResult::Row) {
        entries->append(Entry{statement.columnInteger(0), parseStoreTimestamp(statement.columnText(1)),
                              statement.columnText(2), statement.columnText(3), statement.columnText(4),
                              statement.columnText(5),
                              QJsonDocument::fromJson(statement.columnBytes(6)).object()});
    }
    if (result == Statement::StepResult::Error) {
        *error = statement.errorText(QStringLiteral("cannot read the audit log"));
        return false;
    }
    return true;
}

} // namespace tollgate
