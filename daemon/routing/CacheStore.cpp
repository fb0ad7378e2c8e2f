#include "CacheStore.h"

namespace tollgate {

namespace {

std::int64_t ttlMsOf(const CacheDefinition& definition)
{
    return std::int64_t(definition.ttlSeconds) * 1000;
}

std::size_t maxEntriesOf(const CacheDefinition& definition)
{
    return std::size_t(std::max(definition.maxEntries, 1));
}

} // namespace

void CacheStore::configure(const QList<CacheDefinition>& definitions)
{
    std::unique_lock lock(m_cachesLock);
    std::vector<std::shared_ptr<NamedCache>> configured;
    configured.reserve(std::size_t(definitions.size()));
    for (const CacheDefinition& definition : definitions) {
        const std::string name = definition.name.toStdString();
        std::shared_ptr<NamedCache> cache;
        for (const std::shared_ptr<NamedCache>& existing : m_caches) {
            if (existing->name == name)
                cache = existing;
        }
        if (cache) {
            std::lock_guard cacheLock(cache->mutex);
            cache->cache.setLimits(ttlMsOf(definition), maxEntriesOf(definition));
        } else {
            cache = std::make_shared<NamedCache>(name, ttlMsOf(definition), maxEntriesOf(definition));
        }
        configured.push_back(std::move(cache));
    }
    m_caches = std::move(configured);
}

CacheStore::NamedCache* CacheStore::find(std::string_view name) const
{
    // A ruleset has a handful of caches: a scan beats hashing the name.
    for (const std::shared_ptr<NamedCache>& cache : m_caches) {
        if (cache->name == name)
            return cache.get();
    }
    return nullptr;
}

bool CacheStore::lookup(std::string_view cache, std::string_view key, std::int64_t nowMs, std::string* value) const
{
    std::shared_lock lock(m_cachesLock);
    NamedCache* named = find(cache);
    if (!named)
        return false;
    std::lock_guard cacheLock(named->mutex);
    return named->cache.lookup(key, nowMs, value);
}

int CacheStore::apply(const std::vector<CacheWrite>& writes, std::int64_t nowMs)
{
    std::shared_lock lock(m_cachesLock);
    int applied = 0;
    for (const CacheWrite& write : writes) {
        NamedCache* named = find(write.cache);
        if (!named)
            continue;
        std::lock_guard cacheLock(named->mutex);
        if (write.operation == CacheWrite::Operation::Store)
            named->cache.store(write.key, write.value, nowMs);
        else
            named->cache.remove(write.key);
        ++applied;
    }
    return applied;
}

bool CacheStore::store(std::string_view cache, std::string_view key, std::string_view value, std::int64_t nowMs)
{
    std::shared_lock lock(m_cachesLock);
    NamedCache* named = find(cache);
    if (!named)
        return false;
    std::lock_guard cacheLock(named->mutex);
    named->cache.store(key, value, nowMs);
    return true;
}

bool CacheStore::remove(std::string_view cache, std::string_view key)
{
    std::shared_lock lock(m_cachesLock);
    NamedCache* named = find(cache);
    if (!named)
        return false;
    std::lock_guard cacheLock(named->mutex);
    return named->cache.remove(key);
}

bool CacheStore::clear(std::string_view cache)
{
    std::shared_lock lock(m_cachesLock);
    NamedCache* named = find(cache);
    if (!named)
        return false;
    std::lock_guard cacheLock(named->mutex);
    named->cache.clear();
    return true;
}

std::size_t CacheStore::purgeExpired(std::int64_t nowMs, std::size_t maxPerCache)
{
    std::shared_lock lock(m_cachesLock);
    std::size_t removed = 0;
    for (const std::shared_ptr<NamedCache>& named : m_caches) {
        std::lock_guard cacheLock(named->mutex);
        removed += named->cache.purgeExpired(nowMs, maxPerCache);
    }
    return removed;
}

std::vector<CacheStore::CacheInfo> CacheStore::caches() const
{
    std::shared_lock lock(m_cachesLock);
    std::vector<CacheInfo> result;
    for (const std::shared_ptr<NamedCache>& named : m_caches) {
        std::lock_guard cacheLock(named->mutex);
        result.push_back(CacheInfo{named->name, named->cache.size(), named->cache.maxEntries(), named->cache.ttlMs()});
    }
    return result;
}

std::vector<TtlCache::Entry> CacheStore::entries(std::string_view cache, std::int64_t nowMs, std::size_t limit) const
{
    std::shared_lock lock(m_cachesLock);
    NamedCache* named = find(cache);
    if (!named)
        return {};
    std::lock_guard cacheLock(named->mutex);
    return named->cache.entries(nowMs, limit);
}

} // namespace tollgate
