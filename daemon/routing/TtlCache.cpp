#include "TtlCache.h"

#include <algorithm>

namespace tollgate {

namespace {
/// Expired entries removed by each store(): enough to keep up with the stores themselves,
/// small enough to bound the time one store takes.
constexpr std::size_t PurgePerStore = 4;
} // namespace

TtlCache::TtlCache(std::int64_t ttlMs, std::size_t maxEntries)
    : m_ttlMs(std::max<std::int64_t>(ttlMs, 0))
    , m_maxEntries(std::max<std::size_t>(maxEntries, 1))
    , m_entries(&m_memory)
{}

void TtlCache::setLimits(std::int64_t ttlMs, std::size_t maxEntries)
{
    m_ttlMs = std::max<std::int64_t>(ttlMs, 0);
    m_maxEntries = std::max<std::size_t>(maxEntries, 1);
    while (m_entries.size() > m_maxEntries)
        erase(m_oldest);
}

void TtlCache::store(std::string_view key, std::string_view value, std::int64_t nowMs)
{
    purgeExpired(nowMs, PurgePerStore);
    const auto found = m_entries.find(key);
    if (found != m_entries.end()) {
        Node* node = &found->second;
        node->value.assign(value);
        node->storedAtMs = nowMs;
        unlink(node);
        linkNewest(node);
        return;
    }
    if (m_entries.size() >= m_maxEntries)
        erase(m_oldest);
    Node node{std::pmr::string(value, &m_memory), nowMs};
    const auto inserted = m_entries.emplace(std::pmr::string(key, &m_memory), std::move(node)).first;
    inserted->second.key = &inserted->first;
    linkNewest(&inserted->second);
}

bool TtlCache::lookup(std::string_view key, std::int64_t nowMs, std::string* value) const
{
    const auto found = m_entries.find(key);
    if (found == m_entries.end() || isExpired(found->second, nowMs))
        return false;
    value->assign(found->second.value);
    return true;
}

bool TtlCache::contains(std::string_view key, std::int64_t nowMs) const
{
    const auto found = m_entries.find(key);
    return found != m_entries.end() && !isExpired(found->second, nowMs);
}

bool TtlCache::remove(std::string_view key)
{
    const auto found = m_entries.find(key);
    if (found == m_entries.end())
        return false;
    erase(&found->second);
    return true;
}

void TtlCache::clear()
{
    m_entries.clear();
    m_oldest = nullptr;
    m_newest = nullptr;
}

std::size_t TtlCache::purgeExpired(std::int64_t nowMs, std::size_t maxWork)
{
    std::size_t removed = 0;
    // Store order is expiry order (one TTL for all), so the expired entries are the oldest ones.
    while (removed < maxWork && m_oldest && isExpired(*m_oldest, nowMs)) {
        erase(m_oldest);
        ++removed;
    }
    return removed;
}

std::vector<TtlCache::Entry> TtlCache::entries(std::int64_t nowMs, std::size_t limit) const
{
    std::vector<Entry> result;
    for (const Node* node = m_oldest; node && result.size() < limit; node = node->newer) {
        if (!isExpired(*node, nowMs))
            result.push_back(Entry{std::string(*node->key), std::string(node->value), node->storedAtMs + m_ttlMs});
    }
    return result;
}

void TtlCache::linkNewest(Node* node)
{
    node->older = m_newest;
    node->newer = nullptr;
    if (m_newest)
        m_newest->newer = node;
    m_newest = node;
    if (!m_oldest)
        m_oldest = node;
}

void TtlCache::unlink(Node* node)
{
    if (node->older)
        node->older->newer = node->newer;
    else
        m_oldest = node->newer;
    if (node->newer)
        node->newer->older = node->older;
    else
        m_newest = node->older;
    node->older = nullptr;
    node->newer = nullptr;
}

void TtlCache::erase(Node* node)
{
    unlink(node);
    // Erase by iterator: the key lives inside the node being erased.
    const auto found = m_entries.find(*node->key);
    if (found != m_entries.end())
        m_entries.erase(found);
}

} // namespace tollgate
