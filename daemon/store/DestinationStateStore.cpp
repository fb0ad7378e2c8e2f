#include "DestinationStateStore.h"

#include "Database.h"
#include "Statement.h"
#include "StoreTime.h"
#include "Transaction.h"

namespace tollgate {

DestinationStateStore::DestinationStateStore(Database& database)
    : m_database(database)
{
}

bool DestinationStateStore::loadAdminStates(QList<AdminState>* states, QString* error) const
{
    Statement statement;
    if (!m_database.prepare(QStringLiteral("SELECT group_name, uri, state, reason, changed_by, changed_at "
                                           "FROM destination_admin_state ORDER BY group_name, uri"),
                            &statement, error))
        return false;
    states->clear();
    Statement::StepResult result;
    while ((result = statement.step()) == Statement::StepResult::Row) {
        states->append(AdminState{statement.columnText(0), statement.columnText(1), statement.columnText(2),
                                  statement.columnText(3), statement.columnText(4),
                                  parseStoreTimestamp(statement.columnText(5))});
    }
    if (result == Statement::StepResult::Error) {
        *error = statement.errorText(QStringLiteral("cannot read destination states"));
        return false;
    }
    return true;
}

bool DestinationStateStore::recordChange(const StateChange& change, QString* error)
{
    Transaction transaction(m_database);
    if (!transaction.begin(error))
        return false;
    Statement insert;
    if (!m_database.prepare(QStringLiteral("INSERT INTO destination_state_changes (changed_at, group_name, uri, "
                                           "kind, from_state, to_state, reason, changed_by) "
                                           "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
                            &insert, error))
        return false;
    insert.bindText(1, storeTimestamp(change.changedAtMs));
    insert.bindText(2, change.group);
    insert.bindText(3, change.uri);
    insert.bindText(4, change.kind);
    insert.bindText(5, change.fromState);
    insert.bindText(6, change.toState);
    insert.bindText(7, change.reason);
    insert.bindText(8, change.changedBy);
    if (!insert.execute(QStringLiteral("cannot record a destination state change"), error))
        return false;

    if (change.kind == u"admin") {
        Statement upsert;
        if (!m_database.prepare(QStringLiteral("INSERT INTO destination_admin_state (group_name, uri, state, reason, "
                                               "changed_by, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
                                               "ON CONFLICT (group_name, uri) DO UPDATE SET state = excluded.state, "
                                               "reason = excluded.reason, changed_by = excluded.changed_by, "
                                               "changed_at = excluded.changed_at"),
                                &upsert, error))
            return false;
        upsert.bindText(1, change.group);
        upsert.bindText(2, change.uri);
        upsert.bindText(3, change.toState);
        upsert.bindText(4, change.reason);
        upsert.bindText(5, change.changedBy);
        upsert.bindText(6, storeTimestamp(change.changedAtMs));
        if (!upsert.execute(QStringLiteral("cannot save a destination's administrative state"), error))
            return false;
    }
    return transaction.commit(error);
}

bool DestinationStateStore::changes(const QString& group, const QString& uri, int limit, QList<StateChange>* changes,
                                    QString* error) const
{
    Statement statement;
    const bool filtered = !group.isEmpty();
    const QString sql = QStringLiteral("SELECT id, changed_at, group_name, uri, kind, from_state, to_state, reason, "
                                       "changed_by FROM destination_state_changes %1 ORDER BY id DESC LIMIT ?1")
                            .arg(filtered ? QStringLiteral("WHERE group_name = ?2 AND uri = ?3") : QString());
    if (!m_database.prepare(sql, &statement, error))
        return false;
    statement.bindInteger(1, limit);
    if (filtered) {
        statement.bindText(2, group);
        statement.bindText(3, uri);
    }
    changes->clear();
    Statement::StepResult result;
    while ((result = statement.step()) == Statement::StepResult::Row) {
        changes->append(StateChange{statement.columnInteger(0), parseStoreTimestamp(statement.columnText(1)),
                                    statement.columnText(2), statement.columnText(3), statement.columnText(4),
                                    statement.columnText(5), statement.columnText(6), statement.columnText(7),
                                    statement.columnText(8)});
    }
    if (result == Statement::StepResult::Error) {
        *error = statement.errorText(QStringLiteral("cannot read destination state changes"));
        return false;
    }
    return true;
}

} // namespace tollgate
