#pragma once

#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace tollgate {

/// One change of a destination's health or administrative state, as DestinationTable records it
/// for the event stream, the audit log and the persisted administrative state.
struct DestinationStateChange
{
    /// Which of the two independent states changed.
    enum class Kind : std::uint8_t
    {
        Health, ///< from/to are destinationHealthName() values.
        Admin,  ///< from/to are destinationAdminStateName() values.
    };

    std::int64_t timeMs = 0; ///< Wall-clock milliseconds since the epoch.
    int destination = -1;    ///< DestinationTable id.
    QString group;
    QString uri;
    Kind kind = Kind::Health;
    QString from;
    QString to;
    QString reason; ///< Why, in words an operator reads in the event log.
    QString user;   ///< Who: the operator's user name, or "tollgated" for automatic changes.

    /// {"time", "destination", "group", "uri", "kind": "health"|"admin", "from", "to", "reason", "user"}.
    QJsonObject toJson() const;
};

} // namespace tollgate
