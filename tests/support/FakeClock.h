#pragma once

#include "core/Clock.h"

namespace tollgate::test {

/// A clock that only moves when the test says so.
class FakeClock final : public Clock
{
public:
    explicit FakeClock(std::int64_t startMs = 1'700'000'000'000) : m_nowMs(startMs) {}
    std::int64_t nowMs() const override { return m_nowMs; }
    std::int64_t monotonicMs() const override { return m_nowMs; }
    void advance(std::int64_t ms) { m_nowMs += ms; }
    void set(std::int64_t ms) { m_nowMs = ms; }

private:
    std::int64_t m_nowMs;
};

} // namespace tollgate::test
