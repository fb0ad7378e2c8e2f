#pragma once

#include <cstdint>

namespace tollgate {

/// Time as the pipeline sees it; injected so that tests control it (tests/support/FakeClock.h).
class Clock
{
public:
    virtual ~Clock() = default;
    /// Wall-clock milliseconds since the epoch (timestamps, cache expiry shown to operators).
    virtual std::int64_t nowMs() const = 0;
    /// Milliseconds on a clock that never jumps (timers, rates, durations).
    virtual std::int64_t monotonicMs() const = 0;
};

/// The real clocks (CLOCK_REALTIME and CLOCK_MONOTONIC).
class SystemClock final : public Clock
{
public:
    std::int64_t nowMs() const override;
    std::int64_t monotonicMs() const override;
};

} // namespace tollgate
