#include "DataPlane.h"

#include "DaemonConfig.h"
#include "routing/CompiledRuleSet.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcDaemon)

namespace tollgate {

namespace {

constexpr int HousekeepingIntervalMs = 100; ///< Event delivery latency.
constexpr int SweepEveryTicks = 10;         ///< Call expiry once a second.
constexpr int ReclaimEveryTicks = 50;       ///< A look at the heap every 5 s.

DialogTrackerSettings trackerSettings(const DaemonConfig& config)
{
    DialogTrackerSettings settings;
    settings.maxLifetimeMs = std::int64_t(config.maxCallLifetimeSeconds) * 1000;
    return settings;
}

CallTraceSettings traceSettings(const DaemonConfig& config)
{
    CallTraceSettings settings;
    settings.maxCalls = std::size_t(std::max(config.callTraceCalls, 1));
    settings.keepFullText = config.callTraceFullText;
    return settings;
}

DestinationAdminState adminStateNamed(const QString& name)
{
    if (name == u"disabled")
        return DestinationAdminState::Disabled;
    if (name == u"draining")
        return DestinationAdminState::Draining;
    return DestinationAdminState::Enabled;
}

} // namespace

DataPlane::DataPlane(const DaemonConfig& config, const Clock& clock, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_destinations(clock)
    , m_dialogs(clock, m_destinations, m_carriers, trackerSettings(config))
    , m_limiter(clock, m_carriers, m_dialogs)
    , m_traces(traceSettings(config))
    , m_policy(EdgePolicy::Components{clock, m_random, m_caches, m_destinations, m_carriers, m_limiter},
               EdgePolicy::Settings{})
    , m_proxy(config.sip, m_policy, m_dialogs, m_traces)
    , m_state{m_proxy, m_policy, m_destinations, m_carriers, m_dialogs, m_limiter, m_traces, m_caches, m_heap}
{
    m_traces.setEnabled(config.callTraceCalls > 0);
}

DataPlane::~DataPlane()
{
    stop();
}

bool DataPlane::start(std::shared_ptr<const CompiledRuleSet> ruleSet,
                      const QList<DestinationStateStore::AdminState>& restored, QString* error)
{
    // Nothing runs on the SIP thread yet: the objects can be set up from here.
    for (const DestinationStateStore::AdminState& state : restored) {
        m_destinations.restoreAdminState(state.group, state.uri, adminStateNamed(state.state), state.reason,
                                         state.changedBy, state.changedAtMs);
    }
    m_policy.setRuleSet(ruleSet);
    m_ruleSet = std::move(ruleSet);
    m_destinations.takeChanges(); // restoring is not a change
    if (!m_proxy.start(error))
        return false;
    m_proxy.thread().post([this] {
        m_proxy.thread().every(HousekeepingIntervalMs, [this] { housekeeping(); });
    });
    return true;
}

void DataPlane::stop()
{
    m_proxy.stop();
}

void DataPlane::installRuleSet(std::shared_ptr<const CompiledRuleSet> ruleSet)
{
    m_ruleSet = ruleSet;
    onSipThread([ruleSet = std::move(ruleSet)](State& state) { state.policy.setRuleSet(ruleSet); });
}

bool DataPlane::onSipThread(std::function<void(State&)> task)
{
    return m_proxy.thread().post([this, task = std::move(task)] { task(m_state); });
}

void DataPlane::setObservingCalls(bool observing)
{
    onSipThread([observing](State& state) { state.dialogs.setObserving(observing); });
}

void DataPlane::housekeeping()
{
    if (++m_housekeepingTicks % SweepEveryTicks == 0)
        m_dialogs.sweep();
    if (m_housekeepingTicks % ReclaimEveryTicks == 0)
        m_heap.reclaimIfWorthwhile();
    std::vector<DestinationStateChange> changes = m_destinations.takeChanges();
    if (!changes.empty()) {
        std::vector<DestinationStatus> statuses;
        statuses.reserve(changes.size());
        for (const DestinationStateChange& change : changes)
            statuses.push_back(m_destinations.status(change.destination));
        QMetaObject::invokeMethod(
            this,
            [this, changes = std::move(changes), statuses = std::move(statuses)] {
                emit destinationsChanged(changes, statuses);
            },
            Qt::QueuedConnection);
    }
    if (m_dialogs.isObserving()) {
        std::vector<CallEvent> events = m_dialogs.takeEvents();
        if (!events.empty()) {
            QMetaObject::invokeMethod(
                this, [this, events = std::move(events)] { emit callEventsReady(events); }, Qt::QueuedConnection);
        }
    }
}

} // namespace tollgate
