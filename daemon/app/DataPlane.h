#pragma once

#include "core/Clock.h"
#include "core/RandomSource.h"
#include "dialog/CallEvent.h"
#include "dialog/CallLimiter.h"
#include "dialog/CallTraceStore.h"
#include "dialog/CarrierRegistry.h"
#include "dialog/DialogTracker.h"
#include "forward/DestinationStateChange.h"
#include "forward/DestinationStatus.h"
#include "forward/DestinationTable.h"
#include "HeapReclaimer.h"
#include "pipeline/EdgePolicy.h"
#include "routing/CacheStore.h"
#include "sip/SipProxy.h"
#include "store/DestinationStateStore.h"

#include <QObject>

#include <functional>
#include <memory>
#include <vector>

namespace tollgate {

class CompiledRuleSet;
struct DaemonConfig;

/// Everything that lives on the SIP thread, and the only door to it from the main thread: the
/// SIP adapter with its policy, destination table, carrier registry, dialog tracker, limits,
/// traces and caches. The main thread hands work over with onSipThread() and gets results and
/// changes back as queued calls and signals, so that nothing on the main thread (SQLite, the
/// control socket, a slow client) can delay SIP processing.
class DataPlane : public QObject
{
    Q_OBJECT

public:
    /// The SIP-thread objects a task may use.
    struct State
    {
        SipProxy& proxy;
        EdgePolicy& policy;
        DestinationTable& destinations;
        CarrierRegistry& carriers;
        DialogTracker& dialogs;
        CallLimiter& limiter;
        CallTraceStore& traces;
        CacheStore& caches;
        HeapReclaimer& heap;
    };

    DataPlane(const DaemonConfig& config, const Clock& clock, QObject* parent = nullptr);
    ~DataPlane() override;

    /// Installs `ruleSet`, restores the persisted administrative states and starts SIP.
    bool start(std::shared_ptr<const CompiledRuleSet> ruleSet,
               const QList<DestinationStateStore::AdminState>& restored, QString* error);
    /// Stops SIP (joins the thread). Idempotent.
    void stop();

    /// Makes `ruleSet` live on the SIP thread; the main thread's copy changes at once.
    void installRuleSet(std::shared_ptr<const CompiledRuleSet> ruleSet);
    /// The live ruleset as the main thread knows it (dry runs evaluate against it).
    std::shared_ptr<const CompiledRuleSet> ruleSet() const { return m_ruleSet; }

    /// Runs `task` on the SIP thread with its state. False when SIP is not running.
    bool onSipThread(std::function<void(State&)> task);
    /// Runs `task` on the SIP thread, then `done` with its result back on this (main) thread.
    template <typename Result>
    bool query(std::function<Result(State&)> task, std::function<void(Result)> done)
    {
        return onSipThread([this, task = std::move(task), done = std::move(done)](State& state) mutable {
            Result result = task(state);
            QMetaObject::invokeMethod(
                this, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
                Qt::QueuedConnection);
        });
    }

    /// Calls events (created, updated, ended) are collected only while someone listens.
    void setObservingCalls(bool observing);

    const ProxyCounters& counters() const { return m_proxy.counters(); }
    /// Thread-safe: read by dry runs on the main thread.
    const CacheStore& caches() const { return m_caches; }
    const Clock& clock() const { return m_clock; }
    const LocalAddresses& localAddresses() const { return m_proxy.localAddresses(); }

signals:
    /// Health and administrative changes of destinations, oldest first, each with the
    /// destination's status right after it (main thread).
    void destinationsChanged(const std::vector<tollgate::DestinationStateChange>& changes,
                             const std::vector<tollgate::DestinationStatus>& statuses);
    /// Call events, oldest first (main thread), while observing.
    void callEventsReady(const std::vector<tollgate::CallEvent>& events);

private:
    void housekeeping();

    const Clock& m_clock;
    DefaultRandomSource m_random;
    CacheStore m_caches;
    DestinationTable m_destinations;
    CarrierRegistry m_carriers;
    DialogTracker m_dialogs;
    CallLimiter m_limiter;
    CallTraceStore m_traces;
    HeapReclaimer m_heap;
    EdgePolicy m_policy;
    SipProxy m_proxy;
    State m_state;
    std::shared_ptr<const CompiledRuleSet> m_ruleSet;
    int m_housekeepingTicks = 0;
};

} // namespace tollgate
