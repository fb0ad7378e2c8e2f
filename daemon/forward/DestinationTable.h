#pragma once

#include "DestinationState.h"
#include "DestinationStateChange.h"
#include "DestinationStatus.h"
#include "core/Clock.h"
#include "model/DestinationGroup.h"
#include "pipeline/ProxyPolicy.h"

#include <QList>
#include <QString>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tollgate {

/// Tunables of DestinationTable that are not part of a ruleset.
struct DestinationTableSettings
{
    /// How long a Down destination of a group without probing rests before one trial call may
    /// test it again (the trial's outcome then decides: answered = Up, anything else = another
    /// hold-down).
    std::int64_t holdDownMs = 30'000;
    /// Grace after a probe's own timeout before a probe whose result never came is sent again.
    std::int64_t probeResultGraceMs = 1'000;
    /// Bound of the change queue when nobody drains it; the oldest records are dropped first.
    std::size_t maxQueuedChanges = 4096;
};

/// The health and administrative state of every destination of every destination group: which
/// destinations may take a new call, which are due an OPTIONS probe, what changed and why.
///
/// A destination is identified by (group name, URI) and gets a small integer id that is stable
/// for the life of the process and never reused: configure() keeps the state of destinations
/// that persist across rulesets, adds new ones and retires removed ones (a retired id stays
/// valid but is never usable). Ids go into NextHop::destination and the dialog records.
///
/// Health is learned from probes (recordProbeResult) and from real traffic
/// (recordTrafficOutcome): a final-reply timeout on a call marks a destination Down at once, so
/// that the calls that follow go straight to the next destination instead of each waiting for
/// the timer. Every change of health or administrative state is queued as a
/// DestinationStateChange (takeChanges) for the event stream, the audit log and persistence.
///
/// Pure data structure: no I/O, time from the injected Clock (monotonic for timers, wall clock
/// for the times shown to operators). Not thread-safe: owned by the SIP thread; the control
/// thread reads snapshot() copies.
class DestinationTable
{
public:
    /// The user recorded for automatic changes.
    static QString automaticUser() { return QStringLiteral("tollgated"); }

    explicit DestinationTable(const Clock& clock, DestinationTableSettings settings = {});

    // --- Configuration ------------------------------------------------------------------------

    /// Takes the destination groups of a new ruleset. Destinations that persist (same group name
    /// and URI) keep their id, health, administrative state, counters and active calls, and take
    /// the new priority, weight and `enabled`; new ones start Unknown and Enabled (or in the
    /// administrative state restoreAdminState() recorded for them); missing ones are retired.
    /// A URI listed twice in one group counts once.
    void configure(const QList<DestinationGroup>& groups);

    /// Number of destination ids ever handed out (valid ids are 0 .. destinationCount() - 1).
    int destinationCount() const { return int(m_entries.size()); }
    /// Number of group ids ever handed out.
    int groupCount() const { return int(m_groups.size()); }
    /// Stable id of the group named `name` in the current ruleset, or -1.
    int findGroup(std::string_view name) const;
    /// Stable id of the group at `rulesetIndex` in the groups last passed to configure() (the
    /// CompiledRuleSet's group index), or -1 when out of range.
    int groupIdAt(int rulesetIndex) const;
    /// Id of destination `uri` of group `group` in the current ruleset, or -1.
    int find(std::string_view group, std::string_view uri) const;
    /// The current destinations of group `group`, in configured order (empty for a group that
    /// was removed or an invalid id).
    const std::vector<int>& members(int group) const;
    /// Settings of group `group` (algorithm, probing, failover codes, timers) as last configured.
    const DestinationGroup& groupSettings(int group) const { return m_groups[std::size_t(group)].settings; }
    const QString& groupName(int group) const { return m_groups[std::size_t(group)].settings.name; }

    /// Group id of a destination.
    int groupOf(int destination) const { return entry(destination).group; }
    const std::string& uri(int destination) const { return entry(destination).uri; }
    /// The destination's name in the ruleset; empty when it has none.
    const QString& name(int destination) const { return entry(destination).name; }
    int priority(int destination) const { return entry(destination).priority; }
    int weight(int destination) const { return entry(destination).weight; }
    bool isRetired(int destination) const { return entry(destination).retired; }
    DestinationHealth health(int destination) const { return entry(destination).health; }
    DestinationAdminState adminState(int destination) const { return entry(destination).admin; }
    int activeCalls(int destination) const { return entry(destination).activeCalls; }
    bool isValid(int destination) const { return destination >= 0 && destination < destinationCount(); }

    // --- Use ----------------------------------------------------------------------------------

    /// May take a call now: configured enabled, administratively Enabled, not retired, and
    /// Up/Unknown, or Down in a group without probing whose hold-down has elapsed (a trial).
    /// False for an invalid id.
    bool isUsable(int destination) const;
    /// A Down destination of a group without probing whose hold-down has elapsed and whose trial
    /// call has not started: the next selection may send it exactly one call (beginTrial).
    bool awaitsTrial(int destination) const;
    /// A trial call was handed to this destination and its outcome has not come yet: new
    /// selections leave it out (the transaction that holds it may still use it).
    bool isTrialRunning(int destination) const;
    /// Records that a trial call is being sent to `destination` (see awaitsTrial). The claim
    /// lapses after a hold-down if no outcome is ever reported (e.g. the call was cancelled first).
    void beginTrial(int destination);

    /// Destinations whose OPTIONS probe is due now. Each returned probe counts as sent: the next
    /// one is scheduled an interval later, and it is not returned again before its result comes
    /// (or its timeout plus a grace has passed). Probes of one group are spread over the
    /// interval by a deterministic per-destination offset. Groups without probing, retired and
    /// configured-disabled destinations are never probed; administratively disabled ones are,
    /// so that the operator sees their health before enabling them again.
    std::vector<int> probesDue();

    /// Result of a probe: `code` is the response status, 0 for no response within the probe
    /// timeout. Any response proves the destination alive, unless the group lists aliveCodes.
    /// failureThreshold consecutive failures mark it Down, recoveryThreshold consecutive
    /// successes mark a Down destination Up (an Unknown one is Up at its first success).
    void recordProbeResult(int destination, int code, int rttMs);

    /// How a call or request sent to `destination` ended (ProxyPolicy::reportDestination).
    /// Timeout marks an Up/Unknown destination Down at once; FailedResponse counts toward the
    /// failure threshold; Answered resets it, marks an Unknown destination Up, and ends the
    /// hold-down of a Down destination without probing whose trial call it was.
    void recordTrafficOutcome(int destination, DestinationOutcome outcome, int code);

    /// A call (dialog) to `destination` started / ended; a Draining destination becomes
    /// Disabled when its last call ends.
    void callStarted(int destination);
    void callEnded(int destination);

    // --- Administration -----------------------------------------------------------------------

    /// Sets the administrative state of a destination on behalf of `user`. Draining a
    /// destination without calls disables it at once (two change records). Fails with a
    /// message naming the destination for an invalid or retired id, a state it already has,
    /// or draining a disabled destination.
    bool setAdminState(int destination, DestinationAdminState state, const QString& user, const QString& reason,
                       QString* error);

    /// Moves the new traffic of group `group` to its next destination now: the usable
    /// destination that priority order would choose first is set Draining with the reason
    /// "failover by USER: REASON". Returns its id, or -1 with *error set when the group is
    /// unknown or has no other usable destination to take over.
    int failoverGroup(std::string_view group, const QString& user, const QString& reason, QString* error);

    /// Loads a persisted administrative state at start-up (no change record: it is not a change).
    /// Applies at once if the destination exists, otherwise when configure() creates it. A
    /// persisted Draining completes to Disabled, since no call survives a restart (recorded).
    void restoreAdminState(const QString& group, const QString& uri, DestinationAdminState state, const QString& reason,
                           const QString& user, std::int64_t timeMs);

    // --- Observation --------------------------------------------------------------------------

    /// The changes recorded since the last call, oldest first.
    std::vector<DestinationStateChange> takeChanges();
    /// Changes dropped because the queue was full (maxQueuedChanges).
    std::uint64_t droppedChanges() const { return m_droppedChanges; }

    /// Every current destination (and retired ones that still have calls), by group then
    /// configured order.
    std::vector<DestinationStatus> snapshot() const;
    /// The status of one destination.
    DestinationStatus status(int destination) const;

private:
    struct Entry
    {
        int group = -1;
        std::string uri;
        QString uriText;
        QString name; ///< The ruleset's destination name; empty when it has none.
        int priority = 0;
        int weight = 1;
        bool configuredEnabled = true;
        bool retired = false;

        DestinationHealth health = DestinationHealth::Unknown;
        QString healthReason;
        std::int64_t healthSinceMs = 0; // wall clock
        std::int64_t downSinceMono = 0; // start of the hold-down
        bool trialRunning = false;
        std::int64_t trialStartedMono = 0;

        DestinationAdminState admin = DestinationAdminState::Enabled;
        QString adminReason;
        QString adminUser;
        std::int64_t adminSinceMs = 0;

        int consecutiveFailures = 0;
        int consecutiveSuccesses = 0;
        std::int64_t nextProbeMono = 0;
        std::int64_t probeSentMono = -1; // -1: no probe outstanding
        std::int64_t lastProbeMs = 0;
        int lastProbeCode = -1;
        int lastProbeRttMs = -1;

        int activeCalls = 0;
        std::uint64_t attempts = 0;
        std::uint64_t failures = 0;
        std::uint64_t timeouts = 0;
    };

    struct Group
    {
        DestinationGroup settings;
        std::vector<int> members;
        bool retired = false;
    };

    struct RestoredAdminState
    {
        DestinationAdminState state = DestinationAdminState::Enabled;
        QString reason;
        QString user;
        std::int64_t timeMs = 0;
    };

    const Entry& entry(int destination) const { return m_entries[std::size_t(destination)]; }
    const ProbeSettings& probeSettings(const Entry& e) const { return m_groups[std::size_t(e.group)].settings.probe; }
    bool probingEnabled(const Entry& e) const;
    bool holdDownElapsed(const Entry& e) const;
    bool trialClaimValid(const Entry& e) const;
    std::int64_t probeOffset(const Entry& e) const;
    void scheduleFirstProbe(Entry& e);

    void setHealth(int destination, DestinationHealth health, const QString& reason);
    void setAdmin(int destination, DestinationAdminState state, const QString& reason, const QString& user);
    void applyRestored(int destination, const RestoredAdminState& restored);
    void record(DestinationStateChange change);
    QString describe(const Entry& e) const;

    static std::string destinationKey(int group, std::string_view uri);

    const Clock& m_clock;
    DestinationTableSettings m_settings;
    std::vector<Entry> m_entries;
    std::vector<Group> m_groups;
    std::vector<int> m_groupOrder; ///< Group ids in the order of the current ruleset.
    std::vector<int> m_groupIdsByRulesetIndex;
    std::unordered_map<std::string, int> m_groupIds;
    std::unordered_map<std::string, int> m_destinationIds; ///< destinationKey() -> id
    std::map<std::pair<QString, QString>, RestoredAdminState> m_pendingRestores;
    std::deque<DestinationStateChange> m_changes;
    std::uint64_t m_droppedChanges = 0;
};

} // namespace tollgate
