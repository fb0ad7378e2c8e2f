#include "DestinationTable.h"

#include <algorithm>

namespace tollgate {

namespace {

/// FNV-1a, 64 bit: a stable hash for spreading probes (not security relevant).
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 14695981039346656037ULL)
{
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

QString probeFailureText(int code, int timeoutMs)
{
    if (code <= 0)
        return QStringLiteral("no answer within %1 ms").arg(timeoutMs);
    return QStringLiteral("answered %1, not an alive code").arg(code);
}

const std::vector<int> NoMembers;

} // namespace

DestinationTable::DestinationTable(const Clock& clock, DestinationTableSettings settings)
    : m_clock(clock)
    , m_settings(settings)
{}

std::string DestinationTable::destinationKey(int group, std::string_view uri)
{
    std::string key = std::to_string(group);
    key += '\n';
    key += uri;
    return key;
}

void DestinationTable::configure(const QList<DestinationGroup>& groups)
{
    std::vector<bool> seenEntry(m_entries.size(), false);
    std::vector<bool> seenGroup(m_groups.size(), false);
    m_groupOrder.clear();
    m_groupIdsByRulesetIndex.clear();

    for (const DestinationGroup& config : groups) {
        const std::string groupKey = config.name.toStdString();
        int groupId = -1;
        if (const auto found = m_groupIds.find(groupKey); found != m_groupIds.end()) {
            groupId = found->second;
        } else {
            groupId = int(m_groups.size());
            m_groups.emplace_back();
            m_groupIds.emplace(groupKey, groupId);
            seenGroup.push_back(false);
        }
        m_groupIdsByRulesetIndex.push_back(groupId);
        if (seenGroup[std::size_t(groupId)])
            continue; // a duplicate group name (the validator rejects those): the first one wins
        seenGroup[std::size_t(groupId)] = true;
        m_groupOrder.push_back(groupId);

        Group& group = m_groups[std::size_t(groupId)];
        const bool probingChanged = group.retired || group.settings.probe != config.probe;
        group.settings = config;
        group.retired = false;
        group.members.clear();

        for (const Destination& destination : config.destinations) {
            const std::string uriText = destination.uri.toStdString();
            const std::string key = destinationKey(groupId, uriText);
            int id = -1;
            bool created = false;
            if (const auto found = m_destinationIds.find(key); found != m_destinationIds.end()) {
                id = found->second;
            } else {
                id = int(m_entries.size());
                m_entries.emplace_back();
                m_destinationIds.emplace(key, id);
                seenEntry.push_back(false);
                created = true;
            }
            if (seenEntry[std::size_t(id)])
                continue;
            seenEntry[std::size_t(id)] = true;

            Entry& e = m_entries[std::size_t(id)];
            const bool revived = e.retired;
            e.group = groupId;
            e.uri = uriText;
            e.uriText = destination.uri;
            e.name = destination.name;
            e.priority = destination.priority;
            e.weight = std::max(1, destination.weight);
            e.configuredEnabled = destination.enabled;
            e.retired = false;
            group.members.push_back(id);

            if (created) {
                e.healthSinceMs = m_clock.nowMs();
                e.healthReason = QStringLiteral("not probed or called yet");
                scheduleFirstProbe(e);
                const auto restored = m_pendingRestores.find({config.name, destination.uri});
                if (restored != m_pendingRestores.end()) {
                    const RestoredAdminState state = restored->second;
                    m_pendingRestores.erase(restored);
                    applyRestored(id, state);
                }
            } else if (probingChanged || revived) {
                scheduleFirstProbe(e);
            }
        }
    }

    for (std::size_t id = 0; id < m_entries.size(); ++id) {
        if (seenEntry[id])
            continue;
        Entry& e = m_entries[id];
        e.retired = true;
        e.trialRunning = false;
        e.probeSentMono = -1;
    }
    for (std::size_t groupId = 0; groupId < m_groups.size(); ++groupId) {
        if (seenGroup[groupId])
            continue;
        m_groups[groupId].retired = true;
        m_groups[groupId].members.clear();
    }
}

int DestinationTable::findGroup(std::string_view name) const
{
    const auto found = m_groupIds.find(std::string(name));
    if (found == m_groupIds.end() || m_groups[std::size_t(found->second)].retired)
        return -1;
    return found->second;
}

int DestinationTable::groupIdAt(int rulesetIndex) const
{
    if (rulesetIndex < 0 || rulesetIndex >= int(m_groupIdsByRulesetIndex.size()))
        return -1;
    return m_groupIdsByRulesetIndex[std::size_t(rulesetIndex)];
}

int DestinationTable::find(std::string_view group, std::string_view uri) const
{
    const int groupId = findGroup(group);
    if (groupId < 0)
        return -1;
    const auto found = m_destinationIds.find(destinationKey(groupId, uri));
    if (found == m_destinationIds.end() || m_entries[std::size_t(found->second)].retired)
        return -1;
    return found->second;
}

const std::vector<int>& DestinationTable::members(int group) const
{
    if (group < 0 || group >= groupCount())
        return NoMembers;
    return m_groups[std::size_t(group)].members;
}

bool DestinationTable::probingEnabled(const Entry& e) const
{
    const ProbeSettings& probe = probeSettings(e);
    return probe.enabled && probe.intervalMs > 0;
}

bool DestinationTable::holdDownElapsed(const Entry& e) const
{
    return m_clock.monotonicMs() - e.downSinceMono >= m_settings.holdDownMs;
}

bool DestinationTable::trialClaimValid(const Entry& e) const
{
    return e.trialRunning && m_clock.monotonicMs() - e.trialStartedMono < m_settings.holdDownMs;
}

std::int64_t DestinationTable::probeOffset(const Entry& e) const
{
    const std::int64_t interval = std::max(1, probeSettings(e).intervalMs);
    const std::string groupKey = m_groups[std::size_t(e.group)].settings.name.toStdString();
    return std::int64_t(fnv1a(e.uri, fnv1a(groupKey)) % std::uint64_t(interval));
}

void DestinationTable::scheduleFirstProbe(Entry& e)
{
    e.nextProbeMono = m_clock.monotonicMs() + probeOffset(e);
    e.probeSentMono = -1;
}

bool DestinationTable::isUsable(int destination) const
{
    if (!isValid(destination))
        return false;
    const Entry& e = entry(destination);
    if (e.retired || !e.configuredEnabled || e.admin != DestinationAdminState::Enabled)
        return false;
    if (e.health != DestinationHealth::Down)
        return true;
    return !probingEnabled(e) && holdDownElapsed(e);
}

bool DestinationTable::awaitsTrial(int destination) const
{
    return isUsable(destination) && entry(destination).health == DestinationHealth::Down &&
           !trialClaimValid(entry(destination));
}

bool DestinationTable::isTrialRunning(int destination) const
{
    return isValid(destination) && trialClaimValid(entry(destination));
}

void DestinationTable::beginTrial(int destination)
{
    if (!isValid(destination))
        return;
    Entry& e = m_entries[std::size_t(destination)];
    e.trialRunning = true;
    e.trialStartedMono = m_clock.monotonicMs();
}

std::vector<int> DestinationTable::probesDue()
{
    const std::int64_t now = m_clock.monotonicMs();
    std::vector<int> due;
    for (std::size_t id = 0; id < m_entries.size(); ++id) {
        Entry& e = m_entries[id];
        if (e.retired || !e.configuredEnabled || !probingEnabled(e))
            continue;
        const ProbeSettings& probe = probeSettings(e);
        // A probe whose result never came (its transaction was lost) no longer blocks the next.
        if (e.probeSentMono >= 0 && now - e.probeSentMono < probe.timeoutMs + m_settings.probeResultGraceMs)
            continue;
        if (e.nextProbeMono > now)
            continue;
        due.push_back(int(id));
        e.probeSentMono = now;
        // Keep the cadence (and so the spread between destinations) unless far behind.
        e.nextProbeMono += probe.intervalMs;
        if (e.nextProbeMono <= now)
            e.nextProbeMono = now + probe.intervalMs;
    }
    return due;
}

void DestinationTable::recordProbeResult(int destination, int code, int rttMs)
{
    if (!isValid(destination))
        return;
    Entry& e = m_entries[std::size_t(destination)];
    if (e.retired)
        return;
    const ProbeSettings& probe = probeSettings(e);
    e.probeSentMono = -1;
    e.lastProbeMs = m_clock.nowMs();
    e.lastProbeCode = std::max(0, code);
    e.lastProbeRttMs = code > 0 ? rttMs : -1;

    const bool alive = code > 0 && (probe.aliveCodes.isEmpty() || probe.aliveCodes.contains(code));
    if (alive) {
        ++e.consecutiveSuccesses;
        e.consecutiveFailures = 0;
        if (e.health == DestinationHealth::Unknown) {
            setHealth(destination, DestinationHealth::Up,
                      QStringLiteral("probe answered %1 in %2 ms").arg(code).arg(rttMs));
        } else if (e.health == DestinationHealth::Down &&
                   e.consecutiveSuccesses >= std::max(1, probe.recoveryThreshold)) {
            setHealth(destination, DestinationHealth::Up,
                      QStringLiteral("%1 consecutive probes answered (last %2 in %3 ms)")
                          .arg(e.consecutiveSuccesses)
                          .arg(code)
                          .arg(rttMs));
        }
        return;
    }
    ++e.consecutiveFailures;
    e.consecutiveSuccesses = 0;
    if (e.health != DestinationHealth::Down && e.consecutiveFailures >= std::max(1, probe.failureThreshold)) {
        setHealth(destination, DestinationHealth::Down,
                  QStringLiteral("%1 consecutive failures (last: probe %2)")
                      .arg(e.consecutiveFailures)
                      .arg(probeFailureText(code, probe.timeoutMs)));
    }
}

void DestinationTable::recordTrafficOutcome(int destination, DestinationOutcome outcome, int code)
{
    if (!isValid(destination))
        return;
    Entry& e = m_entries[std::size_t(destination)];
    ++e.attempts;
    if (outcome == DestinationOutcome::FailedResponse)
        ++e.failures;
    else if (outcome == DestinationOutcome::Timeout)
        ++e.timeouts;
    if (e.retired)
        return;

    const bool wasTrial = e.trialRunning;
    e.trialRunning = false;
    switch (outcome) {
    case DestinationOutcome::Answered:
        e.consecutiveFailures = 0;
        if (e.health == DestinationHealth::Unknown) {
            setHealth(destination, DestinationHealth::Up, QStringLiteral("answered a call (%1)").arg(code));
        } else if (e.health == DestinationHealth::Down && !probingEnabled(e)) {
            setHealth(destination, DestinationHealth::Up,
                      wasTrial ? QStringLiteral("trial call answered (%1)").arg(code)
                               : QStringLiteral("answered a call (%1)").arg(code));
        }
        return;
    case DestinationOutcome::FailedResponse:
        ++e.consecutiveFailures;
        e.consecutiveSuccesses = 0;
        if (e.health == DestinationHealth::Down) {
            e.downSinceMono = m_clock.monotonicMs(); // still failing: a new hold-down
        } else if (e.consecutiveFailures >= std::max(1, probeSettings(e).failureThreshold)) {
            setHealth(
                destination, DestinationHealth::Down,
                QStringLiteral("%1 consecutive failures (last: %2 to a call)").arg(e.consecutiveFailures).arg(code));
        }
        return;
    case DestinationOutcome::Timeout:
        ++e.consecutiveFailures;
        e.consecutiveSuccesses = 0;
        if (e.health == DestinationHealth::Down)
            e.downSinceMono = m_clock.monotonicMs();
        else
            setHealth(destination, DestinationHealth::Down,
                      QStringLiteral("no answer to a call within its final-reply timer"));
        return;
    }
}

void DestinationTable::callStarted(int destination)
{
    if (isValid(destination))
        ++m_entries[std::size_t(destination)].activeCalls;
}

void DestinationTable::callEnded(int destination)
{
    if (!isValid(destination))
        return;
    Entry& e = m_entries[std::size_t(destination)];
    if (e.activeCalls > 0)
        --e.activeCalls;
    if (e.admin == DestinationAdminState::Draining && e.activeCalls == 0)
        setAdmin(destination, DestinationAdminState::Disabled, QStringLiteral("drain complete: last call ended"),
                 automaticUser());
}

QString DestinationTable::describe(const Entry& e) const
{
    return QStringLiteral("destination \"%1\" of group \"%2\"").arg(e.uriText, groupName(e.group));
}

bool DestinationTable::setAdminState(int destination, DestinationAdminState state, const QString& user,
                                     const QString& reason, QString* error)
{
    if (!isValid(destination)) {
        *error = QStringLiteral("unknown destination id %1").arg(destination);
        return false;
    }
    const Entry& e = entry(destination);
    if (e.retired) {
        *error = QStringLiteral("%1 is no longer configured").arg(describe(e));
        return false;
    }
    if (e.admin == state) {
        *error = QStringLiteral("%1 is already %2").arg(describe(e), destinationAdminStateName(state));
        return false;
    }
    if (state == DestinationAdminState::Draining && e.admin == DestinationAdminState::Disabled) {
        *error = QStringLiteral("%1 is disabled: there is nothing to drain").arg(describe(e));
        return false;
    }
    setAdmin(destination, state, reason, user);
    if (state == DestinationAdminState::Draining && e.activeCalls == 0)
        setAdmin(destination, DestinationAdminState::Disabled, QStringLiteral("drain complete: no active calls"),
                 automaticUser());
    return true;
}

int DestinationTable::failoverGroup(std::string_view group, const QString& user, const QString& reason, QString* error)
{
    const int groupId = findGroup(group);
    if (groupId < 0) {
        *error = QStringLiteral("unknown destination group \"%1\"")
                     .arg(QString::fromUtf8(group.data(), qsizetype(group.size())));
        return -1;
    }
    int first = -1;
    int usable = 0;
    for (const int id : m_groups[std::size_t(groupId)].members) {
        if (!isUsable(id))
            continue;
        ++usable;
        // Priority order: lowest priority value, ties in configured order.
        if (first < 0 || entry(id).priority < entry(first).priority)
            first = id;
    }
    if (usable < 2) {
        *error = QStringLiteral("group \"%1\" has no other usable destination to fail over to").arg(groupName(groupId));
        return -1;
    }
    const QString why = QStringLiteral("failover by %1: %2").arg(user, reason);
    if (!setAdminState(first, DestinationAdminState::Draining, user, why, error))
        return -1;
    return first;
}

void DestinationTable::restoreAdminState(const QString& group, const QString& uri, DestinationAdminState state,
                                         const QString& reason, const QString& user, std::int64_t timeMs)
{
    const RestoredAdminState restored{state, reason, user, timeMs};
    const int id = find(group.toStdString(), uri.toStdString());
    if (id >= 0)
        applyRestored(id, restored);
    else
        m_pendingRestores[{group, uri}] = restored;
}

void DestinationTable::applyRestored(int destination, const RestoredAdminState& restored)
{
    Entry& e = m_entries[std::size_t(destination)];
    e.admin = restored.state;
    e.adminReason = restored.reason;
    e.adminUser = restored.user;
    e.adminSinceMs = restored.timeMs;
    if (e.admin == DestinationAdminState::Draining && e.activeCalls == 0)
        setAdmin(destination, DestinationAdminState::Disabled,
                 QStringLiteral("drain complete: no call survives a restart"), automaticUser());
}

void DestinationTable::setHealth(int destination, DestinationHealth health, const QString& reason)
{
    Entry& e = m_entries[std::size_t(destination)];
    if (e.health == health)
        return;
    const std::int64_t now = m_clock.nowMs();
    record(DestinationStateChange{now, destination, groupName(e.group), e.uriText, DestinationStateChange::Kind::Health,
                                  destinationHealthName(e.health), destinationHealthName(health), reason,
                                  automaticUser()});
    e.health = health;
    e.healthReason = reason;
    e.healthSinceMs = now;
    e.trialRunning = false;
    if (health == DestinationHealth::Down)
        e.downSinceMono = m_clock.monotonicMs();
}

void DestinationTable::setAdmin(int destination, DestinationAdminState state, const QString& reason,
                                const QString& user)
{
    Entry& e = m_entries[std::size_t(destination)];
    const std::int64_t now = m_clock.nowMs();
    record(DestinationStateChange{now, destination, groupName(e.group), e.uriText, DestinationStateChange::Kind::Admin,
                                  destinationAdminStateName(e.admin), destinationAdminStateName(state), reason, user});
    e.admin = state;
    e.adminReason = reason;
    e.adminUser = user;
    e.adminSinceMs = now;
}

void DestinationTable::record(DestinationStateChange change)
{
    if (m_settings.maxQueuedChanges == 0) {
        ++m_droppedChanges;
        return;
    }
    while (m_changes.size() >= m_settings.maxQueuedChanges) {
        m_changes.pop_front();
        ++m_droppedChanges;
    }
    m_changes.push_back(std::move(change));
}

std::vector<DestinationStateChange> DestinationTable::takeChanges()
{
    std::vector<DestinationStateChange> changes(std::make_move_iterator(m_changes.begin()),
                                                std::make_move_iterator(m_changes.end()));
    m_changes.clear();
    return changes;
}

DestinationStatus DestinationTable::status(int destination) const
{
    const Entry& e = entry(destination);
    DestinationStatus status;
    status.id = destination;
    status.group = groupName(e.group);
    status.uri = e.uriText;
    status.name = e.name;
    status.priority = e.priority;
    status.weight = e.weight;
    status.configuredEnabled = e.configuredEnabled;
    status.retired = e.retired;
    status.usable = isUsable(destination);
    status.admin = e.admin;
    status.adminReason = e.adminReason;
    status.adminUser = e.adminUser;
    status.adminSinceMs = e.adminSinceMs;
    status.health = e.health;
    status.healthReason = e.healthReason;
    status.healthSinceMs = e.healthSinceMs;
    status.probing = probingEnabled(e);
    status.lastProbeMs = e.lastProbeMs;
    status.lastProbeCode = e.lastProbeCode;
    status.lastProbeRttMs = e.lastProbeRttMs;
    status.consecutiveFailures = e.consecutiveFailures;
    status.consecutiveSuccesses = e.consecutiveSuccesses;
    status.activeCalls = e.activeCalls;
    status.attempts = e.attempts;
    status.failures = e.failures;
    status.timeouts = e.timeouts;
    return status;
}

std::vector<DestinationStatus> DestinationTable::snapshot() const
{
    std::vector<DestinationStatus> statuses;
    statuses.reserve(m_entries.size());
    for (const int groupId : m_groupOrder) {
        for (const int id : m_groups[std::size_t(groupId)].members)
            statuses.push_back(status(id));
    }
    for (std::size_t id = 0; id < m_entries.size(); ++id) {
        if (m_entries[id].retired && m_entries[id].activeCalls > 0)
            statuses.push_back(status(int(id)));
    }
    return statuses;
}

} // namespace tollgate
