#pragma once

#include "CacheReader.h"
#include "RouteDecision.h"
#include "TtlCache.h"
#include "model/CacheDefinition.h"

#include <QList>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate {

/// The named TTL caches of the running daemon. The rule engine reads them through CacheReader;
/// the data plane applies the writes a decision returns (apply()) and stores sticky destinations.
///
/// Thread-safe: the SIP thread writes while a control thread reads (a dry run, a listing). Each
/// cache has its own mutex; the set of caches is guarded by a reader-writer lock that only
/// configure() takes exclusively.
class CacheStore final : public CacheReader
{
public:
    /// A cache's figures for status listings.
    struct CacheInfo
    {
        std::string name;
        std::size_t size = 0;
        std::size_t maxEntries = 0;
        std::int64_t ttlMs = 0;
    };

    CacheStore() = default;

    /// Sets the caches of a newly applied ruleset: a cache whose name persists keeps its
    /// contents under the new TTL and maximum; new names start empty; the others are dropped.
    void configure(const QList<CacheDefinition>& definitions);

    bool lookup(std::string_view cache, std::string_view key, std::int64_t nowMs, std::string* value) const override;

    /// Performs a decision's cache writes, in order; writes to unknown caches are skipped.
    /// Returns how many were performed.
    int apply(const std::vector<CacheWrite>& writes, std::int64_t nowMs);

    /// Stores one entry (a sticky destination chosen by the data plane). False for an unknown cache.
    bool store(std::string_view cache, std::string_view key, std::string_view value, std::int64_t nowMs);
    /// Removes one entry. False for an unknown cache or key.
    bool remove(std::string_view cache, std::string_view key);
    /// Empties one cache. False for an unknown cache.
    bool clear(std::string_view cache);

    /// Purges up to `maxPerCache` expired entries in each cache; returns how many it removed.
    std::size_t purgeExpired(std::int64_t nowMs, std::size_t maxPerCache);

    /// Every cache with its size and limits, in configured order.
    std::vector<CacheInfo> caches() const;
    /// Up to `limit` live entries of `cache`, oldest first (empty for an unknown cache).
    std::vector<TtlCache::Entry> entries(std::string_view cache, std::int64_t nowMs, std::size_t limit) const;

private:
    struct NamedCache
    {
        NamedCache(std::string cacheName, std::int64_t ttlMs, std::size_t maxEntries)
            : name(std::move(cacheName))
            , cache(ttlMs, maxEntries)
        {}
        std::string name;
        mutable std::mutex mutex;
        TtlCache cache;
    };

    /// The cache named `name`, or nullptr; the caller holds m_cachesLock.
    NamedCache* find(std::string_view name) const;

    mutable std::shared_mutex m_cachesLock;
    std::vector<std::shared_ptr<NamedCache>> m_caches;
};

} // namespace tollgate
