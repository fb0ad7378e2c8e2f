#pragma once

#include "core/Clock.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <cstdint>
#include <vector>

namespace tollgate {

class CarrierRegistry;
class DialogTracker;

/// The fate of a new INVITE under its carrier's call limits.
enum class Admission : std::uint8_t
{
    Admitted,            ///< Within the limits (or the carrier has none).
    RejectedConcurrency, ///< The carrier already has maxConcurrentCalls active calls: answer 503.
    RejectedRate,        ///< The carrier exceeds maxCallsPerSecond: answer 503.
};

/// "admitted", "rejected-concurrency", "rejected-rate".
QString admissionName(Admission admission);

/// Enforces the per-carrier limits of new calls: concurrent calls (the active calls the
/// DialogTracker counts for the carrier) and calls per second (a token bucket per carrier holding
/// up to maxCallsPerSecond calls and refilled at that rate, so that a carrier may burst up to one
/// second's worth after a quiet spell but never exceed the rate over time). Only initial INVITEs
/// are subject to it; requests from no carrier always pass. Counts admissions and rejections per
/// carrier.
///
/// The concurrency check reads the tracker's active count, so the SIP adapter must start the
/// call in the tracker in the same SIP-thread turn as an admitted INVITE (or reject it), or a
/// burst could overshoot the limit. Buckets follow CarrierRegistry ids, so they survive ruleset
/// changes; a changed rate takes effect at the next admission. Not thread-safe: SIP thread.
class CallLimiter
{
public:
    /// Counters of one carrier.
    struct Counters
    {
        std::uint64_t admitted = 0;
        std::uint64_t rejectedConcurrency = 0;
        std::uint64_t rejectedRate = 0;
    };

    CallLimiter(const Clock& clock, const CarrierRegistry& carriers, const DialogTracker& tracker);

    /// Decides about a new INVITE from carrier `carrier` (a CarrierRegistry id; -1 for none) and
    /// counts the decision. An admitted call takes one token of the rate bucket.
    Admission admit(int carrier);

    /// Takes back an admission of `carrier`'s that did not become a call (no destination could
    /// take it, so it was answered 503 after all): the token returns to the bucket and the call
    /// is no longer counted as admitted. A call the proxy could not place must not use up the
    /// carrier's rate.
    void cancelAdmission(int carrier);

    /// Counters of carrier `carrier`; zeros for one never seen.
    Counters counters(int carrier) const;

    /// For `stats`: [{"carrier", "maxConcurrentCalls", "maxCallsPerSecond", "admitted",
    /// "rejectedConcurrency", "rejectedRate"}] for every carrier that has seen a call.
    QJsonArray toJson() const;

private:
    static constexpr std::int64_t MilliTokensPerCall = 1000;

    struct Bucket
    {
        bool started = false;
        std::int64_t milliTokens = 0;
        std::int64_t refilledAtMs = 0; ///< Monotonic.
        Counters counters;
    };

    Bucket& bucket(int carrier);
    bool takeToken(Bucket& bucket, int callsPerSecond);

    const Clock& m_clock;
    const CarrierRegistry& m_carriers;
    const DialogTracker& m_tracker;
    std::vector<Bucket> m_buckets; ///< By carrier id.
};

} // namespace tollgate
