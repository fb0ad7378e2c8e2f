#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory_resource>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tollgate {

/// A key -> value table whose entries live `ttlMs` after they were last stored, holding at most
/// `maxEntries`. When it is full, storing a new key evicts the entry nearest expiry, which (all
/// entries sharing one TTL) is the one stored longest ago; storing an existing key refreshes it.
/// Expired entries are invisible at once and removed lazily (a bounded number on each store) or
/// by purgeExpired(). Time is passed in by the caller, so tests drive it with a fake clock.
///
/// Each entry costs its key and value plus one hash node with two list links and a timestamp.
/// Entries come from a memory pool of the cache's own: a cache keyed by Call-ID holds an entry
/// per call for as long as the call, and such entries scattered among the SIP messages of a
/// burst would keep every page of that burst resident after the messages are freed.
/// Not thread-safe: CacheStore serializes access.
class TtlCache
{
public:
    /// A live entry, for listings (control socket).
    struct Entry
    {
        std::string key;
        std::string value;
        std::int64_t expiresAtMs = 0;
    };

    TtlCache(std::int64_t ttlMs, std::size_t maxEntries);
    TtlCache(const TtlCache&) = delete;
    TtlCache& operator=(const TtlCache&) = delete;

    std::int64_t ttlMs() const { return m_ttlMs; }
    std::size_t maxEntries() const { return m_maxEntries; }
    /// Changes the limits. Expiry of existing entries follows the new TTL from their store time;
    /// entries beyond a lower maximum are evicted, oldest first.
    void setLimits(std::int64_t ttlMs, std::size_t maxEntries);

    /// Stores `value` under `key` at time `nowMs` (refreshing an existing entry).
    void store(std::string_view key, std::string_view value, std::int64_t nowMs);
    /// The live value under `key` at `nowMs`; false when absent or expired.
    bool lookup(std::string_view key, std::int64_t nowMs, std::string* value) const;
    bool contains(std::string_view key, std::int64_t nowMs) const;
    /// Removes `key`; false when there was no such entry (live or expired).
    bool remove(std::string_view key);
    void clear();

    /// Removes at most `maxWork` expired entries, oldest first; returns how many it removed.
    std::size_t purgeExpired(std::int64_t nowMs, std::size_t maxWork);

    /// Entries held, including expired ones not purged yet.
    std::size_t size() const { return m_entries.size(); }
    /// Up to `limit` live entries at `nowMs`, oldest first.
    std::vector<Entry> entries(std::int64_t nowMs, std::size_t limit) const;

private:
    /// An entry with its place in the store-time order: an intrusive doubly linked list through
    /// the hash nodes, whose addresses never change while they are in the map.
    struct Node
    {
        std::pmr::string value;
        std::int64_t storedAtMs = 0;
        const std::pmr::string* key = nullptr; ///< The map's own key of this node.
        Node* older = nullptr;
        Node* newer = nullptr;
    };
    struct Hash
    {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };

    bool isExpired(const Node& node, std::int64_t nowMs) const { return nowMs >= node.storedAtMs + m_ttlMs; }
    void linkNewest(Node* node);
    void unlink(Node* node);
    void erase(Node* node);

    std::int64_t m_ttlMs;
    std::size_t m_maxEntries;
    std::pmr::unsynchronized_pool_resource m_memory; // before m_entries: it outlives them
    std::pmr::unordered_map<std::pmr::string, Node, Hash, std::equal_to<>> m_entries;
    Node* m_oldest = nullptr;
    Node* m_newest = nullptr;
};

} // namespace tollgate
