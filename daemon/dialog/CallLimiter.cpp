#include "CallLimiter.h"

#include "CarrierRegistry.h"
#include "DialogTracker.h"

#include <algorithm>

namespace tollgate {

QString admissionName(Admission admission)
{
    switch (admission) {
    case Admission::Admitted:
        return QStringLiteral("admitted");
    case Admission::RejectedConcurrency:
        return QStringLiteral("rejected-concurrency");
    case Admission::RejectedRate:
        return QStringLiteral("rejected-rate");
    }
    return QString();
}

CallLimiter::CallLimiter(const Clock& clock, const CarrierRegistry& carriers, const DialogTracker& tracker)
    : m_clock(clock)
    , m_carriers(carriers)
    , m_tracker(tracker)
{}

CallLimiter::Bucket& CallLimiter::bucket(int carrier)
{
    if (m_buckets.size() <= std::size_t(carrier))
        m_buckets.resize(std::size_t(carrier) + 1);
    return m_buckets[std::size_t(carrier)];
}

bool CallLimiter::takeToken(Bucket& state, int callsPerSecond)
{
    const std::int64_t now = m_clock.monotonicMs();
    // Integer arithmetic in thousandths of a call: `callsPerSecond` per second is exactly
    // `callsPerSecond` milli-calls per millisecond.
    const std::int64_t capacity = std::int64_t(callsPerSecond) * MilliTokensPerCall;
    if (!state.started) {
        state.started = true;
        state.milliTokens = capacity;
    } else {
        const std::int64_t elapsed = std::max<std::int64_t>(0, now - state.refilledAtMs);
        state.milliTokens = std::min(capacity, state.milliTokens + elapsed * callsPerSecond);
    }
    state.refilledAtMs = now;
    if (state.milliTokens < MilliTokensPerCall)
        return false;
    state.milliTokens -= MilliTokensPerCall;
    return true;
}

Admission CallLimiter::admit(int carrier)
{
    if (!m_carriers.isValid(carrier))
        return Admission::Admitted;
    const CarrierRegistry::Limits& limits = m_carriers.limits(carrier);
    Bucket& state = bucket(carrier);
    if (limits.maxConcurrentCalls > 0 && m_tracker.carrierCounters(carrier).active >= limits.maxConcurrentCalls) {
        ++state.counters.rejectedConcurrency;
        return Admission::RejectedConcurrency;
    }
    if (limits.maxCallsPerSecond > 0 && !takeToken(state, limits.maxCallsPerSecond)) {
        ++state.counters.rejectedRate;
        return Admission::RejectedRate;
    }
    ++state.counters.admitted;
    return Admission::Admitted;
}

void CallLimiter::cancelAdmission(int carrier)
{
    if (!m_carriers.isValid(carrier) || std::size_t(carrier) >= m_buckets.size())
        return;
    Bucket& state = m_buckets[std::size_t(carrier)];
    if (state.counters.admitted == 0)
        return;
    --state.counters.admitted;
    const int callsPerSecond = m_carriers.limits(carrier).maxCallsPerSecond;
    if (callsPerSecond > 0 && state.started)
        state.milliTokens =
            std::min(std::int64_t(callsPerSecond) * MilliTokensPerCall, state.milliTokens + MilliTokensPerCall);
}

CallLimiter::Counters CallLimiter::counters(int carrier) const
{
    return carrier >= 0 && std::size_t(carrier) < m_buckets.size() ? m_buckets[std::size_t(carrier)].counters
                                                                   : Counters{};
}

QJsonArray CallLimiter::toJson() const
{
    QJsonArray array;
    for (std::size_t id = 0; id < m_buckets.size(); ++id) {
        const Counters& counters = m_buckets[id].counters;
        if (counters.admitted + counters.rejectedConcurrency + counters.rejectedRate == 0 ||
            !m_carriers.isValid(int(id)))
            continue;
        const CarrierRegistry::Limits& limits = m_carriers.limits(int(id));
        array.append(QJsonObject{
            {QStringLiteral("carrier"), QString::fromStdString(m_carriers.name(int(id)))},
            {QStringLiteral("maxConcurrentCalls"), limits.maxConcurrentCalls},
            {QStringLiteral("maxCallsPerSecond"), limits.maxCallsPerSecond},
            {QStringLiteral("admitted"), double(counters.admitted)},
            {QStringLiteral("rejectedConcurrency"), double(counters.rejectedConcurrency)},
            {QStringLiteral("rejectedRate"), double(counters.rejectedRate)},
        });
    }
    return array;
}

} // namespace tollgate
