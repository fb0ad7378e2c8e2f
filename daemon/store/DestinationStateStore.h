#pragma once

#include <QList>
#include <QString>

#include <cstdint>

namespace tollgate {

class Database;

/// Persistence of destination runtime state (schema 0002): the administrative state an operator
/// gave each destination, which must survive a restart, and the log of every state change.
/// Works on the connection of the RuleStore it shares the file with; main thread only.
class DestinationStateStore
{
public:
    struct AdminState
    {
        QString group;
        QString uri;
        QString state; ///< "enabled", "disabled" or "draining"
        QString reason;
        QString changedBy;
        std::int64_t changedAtMs = 0;
    };

    struct StateChange
    {
        std::int64_t id = 0;
        std::int64_t changedAtMs = 0;
        QString group;
        QString uri;
        QString kind; ///< "health" or "admin"
        QString fromState;
        QString toState;
        QString reason;
        QString changedBy;
    };

    explicit DestinationStateStore(Database& database);

    /// Every persisted administrative state.
    bool loadAdminStates(QList<AdminState>* states, QString* error) const;
    /// Records a change and, for an administrative one, the destination's new state, in one
    /// transaction.
    bool recordChange(const StateChange& change, QString* error);
    /// The most recent changes (newest first), optionally of one destination.
    bool changes(const QString& group, const QString& uri, int limit, QList<StateChange>* changes,
                 QString* error) const;

private:
    Database& m_database;
};

} // namespace tollgate
