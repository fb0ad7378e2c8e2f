#pragma once

#include <QList>
#include <QString>

namespace tollgate {

/// How a destination group picks the destination of a new transaction.
enum class GroupAlgorithm
{
    PriorityFailover, ///< Lowest priority value first; the next one only when it fails.
    RoundRobin,       ///< Rotate over the healthy destinations.
    Weighted,         ///< Random choice proportional to weight among the healthy destinations.
    CallIdHash,       ///< Hash of the Call-ID: the same call always lands on the same destination.
};

QString groupAlgorithmName(GroupAlgorithm algorithm);
bool parseGroupAlgorithm(const QString& name, GroupAlgorithm* algorithm);

/// One next hop of a destination group.
struct Destination
{
    QString uri;       ///< SIP URI of the next hop, e.g. "sip:10.0.0.10:5060;transport=udp".
    int priority = 0;  ///< Lower is preferred (PriorityFailover).
    int weight = 1;    ///< Share of traffic (Weighted); must be >= 1.
    bool enabled = true; ///< Configured enabled; the operator can also disable it at run time.
    QString description;
    /// How operators refer to it (`tollgatectl destinations disable core-a`): lower-kebab-case,
    /// unique within its group. Optional; without one the destination is named by its URI.
    QString name;

    bool operator==(const Destination&) const = default;
};

/// SIP OPTIONS probing of a group's destinations.
struct ProbeSettings
{
    bool enabled = true;
    int intervalMs = 5000;     ///< Time between two probes of one destination.
    int timeoutMs = 2000;      ///< A probe with no response after this long is a failure.
    int failureThreshold = 3;  ///< Consecutive failures that mark an up destination down.
    int recoveryThreshold = 2; ///< Consecutive successes that mark a down destination up.
    /// Response codes that prove a destination alive. Empty = any response does (a plain UA
    /// answers 404 to an OPTIONS without a user part and is still alive).
    QList<int> aliveCodes;

    bool operator==(const ProbeSettings&) const = default;
};

/// A named set of next hops with a selection algorithm and failover policy.
struct DestinationGroup
{
    QString name; ///< lower-kebab-case identifier, unique among groups.
    QString description;
    GroupAlgorithm algorithm = GroupAlgorithm::PriorityFailover;
    QList<Destination> destinations;
    ProbeSettings probe;
    /// Final responses from a destination that make Tollgate try the next one.
    QList<int> failoverCodes{408, 500, 502, 503, 504};
    bool failoverOnTimeout = true; ///< A final-reply timeout also moves on to the next destination.
    int finalReplyTimerMs = 2000;  ///< Default time a destination has to send a final (or, for
                                   ///< INVITE, a provisional) reply; a rule may override it.

    bool operator==(const DestinationGroup&) const = default;
};

} // namespace tollgate
