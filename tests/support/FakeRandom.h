#pragma once

#include "core/RandomSource.h"

#include <vector>

namespace tollgate::test {

/// A random source that returns a fixed sequence, repeated.
class FakeRandom final : public RandomSource
{
public:
    explicit FakeRandom(std::vector<std::uint64_t> values = {0}) : m_values(std::move(values)) {}
    std::uint64_t next() override
    {
        const std::uint64_t value = m_values[m_index % m_values.size()];
        ++m_index;
        return value;
    }

private:
    std::vector<std::uint64_t> m_values;
    std::size_t m_index = 0;
};

} // namespace tollgate::test
