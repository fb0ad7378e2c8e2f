#pragma once

#include "DialogState.h"

#include <QJsonObject>
#include <QString>
#include <array>
#include <cstdint>
#include <vector>

namespace tollgate {

/// Call counters of one carrier or destination.
struct CallCounters
{
    std::int64_t active = 0;    ///< Calls not terminated.
    std::uint64_t total = 0;    ///< Calls started (for a destination: calls relayed to it, failovers included).
    std::uint64_t answered = 0; ///< Calls that got a 2xx.
    std::uint64_t failed = 0;   ///< Calls rejected by a final failure response or unanswered (no-answer).
    std::uint64_t canceled = 0; ///< Calls the caller cancelled.

    /// {"active", "total", "answered", "failed", "canceled"}.
    QJsonObject toJson() const;
};

/// The call part of the `stats` control method, copied from DialogTracker.
struct CallStatistics
{
    struct Named
    {
        QString name;  ///< Carrier name, or destination URI.
        QString group; ///< Destinations only.
        CallCounters counters;
    };

    CallCounters totals;
    std::array<std::int64_t, DialogStateCount> byState{};          ///< Calls kept, by state.
    std::array<std::uint64_t, DialogEndReasonCount> byEndReason{}; ///< Ended calls, by reason.
    std::vector<Named> carriers;                                   ///< Carriers that have seen a call.
    std::vector<Named> destinations;                               ///< Destinations that have seen a call.
    std::uint64_t droppedEvents = 0;                               ///< Call events lost to a full queue.

    /// {"active", "total", "answered", "failed", "canceled", "byState": {...}, "byEndReason": {...},
    /// "carriers": [{"name", counters...}], "destinations": [{"group", "uri", counters...}]}.
    QJsonObject toJson() const;
};

} // namespace tollgate
