#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tollgate {

/// Read access to the named TTL caches for the rule engine. The engine never writes a cache: it
/// returns CacheWrite entries in its decision, which the data plane applies (a dry run does not).
class CacheReader
{
public:
    virtual ~CacheReader() = default;
    /// The live value stored under `key` in cache `cache` at time `nowMs`; false when the cache
    /// has no live entry for it (absent or expired).
    virtual bool lookup(std::string_view cache, std::string_view key, std::int64_t nowMs,
                        std::string* value) const = 0;
};

} // namespace tollgate
