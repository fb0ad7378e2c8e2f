#pragma once

#include "DestinationState.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <vector>

namespace tollgate {

/// A copy of everything DestinationTable knows about one destination, for destinations.list.
/// Plain data: taken on the SIP thread, read on any thread.
struct DestinationStatus
{
    int id = -1;
    QString group;
    QString name; ///< Empty when the ruleset gives none.
    QString uri;
    int priority = 0;
    int weight = 1;
    bool configuredEnabled = true; ///< `enabled` in the ruleset.
    bool retired = false;          ///< No longer in the ruleset; listed only while calls remain.
    bool usable = false;           ///< Would take a new call now.

    DestinationAdminState admin = DestinationAdminState::Enabled;
    QString adminReason;
    QString adminUser;
    std::int64_t adminSinceMs = 0; ///< Wall clock; 0 = never changed.

    DestinationHealth health = DestinationHealth::Unknown;
    QString healthReason;
    std::int64_t healthSinceMs = 0; ///< Wall clock.

    bool probing = false;         ///< The group probes with OPTIONS.
    std::int64_t lastProbeMs = 0; ///< Wall clock of the last probe result; 0 = none yet.
    int lastProbeCode = -1;       ///< 0 = timeout, -1 = none yet.
    int lastProbeRttMs = -1;      ///< -1 = none yet or timeout.
    int consecutiveFailures = 0;  ///< Probes and calls together.
    int consecutiveSuccesses = 0; ///< Probes.

    int activeCalls = 0;
    std::uint64_t attempts = 0; ///< Calls and requests whose outcome was reported.
    std::uint64_t failures = 0; ///< Failover responses among them.
    std::uint64_t timeouts = 0; ///< Final-reply timeouts among them.

    /// The destinations.list form: camelCase keys as above; "admin" and "health" are objects
    /// {"state", "reason", "user"?, "since"}, "lastProbe" is null before the first result.
    QJsonObject toJson() const;

    /// toJson() of each.
    static QJsonArray toJson(const std::vector<DestinationStatus>& statuses);
};

} // namespace tollgate
