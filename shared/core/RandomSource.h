#pragma once

#include <cstdint>
#include <random>

namespace tollgate {

/// Randomness as the pipeline sees it (weighted destination choice); injected so that tests
/// can fix it (tests/support/FakeRandom.h).
class RandomSource
{
public:
    virtual ~RandomSource() = default;
    virtual std::uint64_t next() = 0;
    /// A value in [0, bound); bound must be > 0.
    std::uint64_t below(std::uint64_t bound) { return next() % bound; }
};

/// A fast non-cryptographic generator seeded from std::random_device.
class DefaultRandomSource final : public RandomSource
{
public:
    DefaultRandomSource() : m_engine(std::random_device{}()) {}
    std::uint64_t next() override { return m_engine(); }

private:
    std::mt19937_64 m_engine;
};

} // namespace tollgate
