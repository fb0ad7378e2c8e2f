#pragma once

#include "CallTrace.h"

#include <cstdint>
#include <list>
#include <memory>
#include <memory_resource>
#include <string_view>
#include <unordered_map>

namespace tollgate {

/// Bounds of CallTraceStore.
struct CallTraceSettings
{
    std::size_t maxCalls = 2000;             ///< Calls whose messages are kept.
    std::size_t maxBytes = 64 * 1024 * 1024; ///< Accounted bytes over all calls.
    std::size_t maxEntriesPerCall = 256;     ///< Messages kept per call (the first ones).
    bool keepFullText = true;                ///< Keep whole messages, not only first lines.
};

/// The SIP messages of the most recent calls, keyed by Call-ID, for the ladder diagram of
/// calls.get. Kept apart from the dialog records so that those stay small; bounded by a number
/// of calls and a byte budget, evicting the oldest calls (by first message) first. Records only
/// while enabled (the daemon enables it while a console shows live calls, or by configuration).
///
/// The SIP adapter decides which messages belong to a call (INVITE dialogs: the INVITE, its
/// responses, CANCEL, ACK, BYE and other in-dialog requests). Not thread-safe: SIP thread.
///
/// The traces' strings come from a pool of the store's own: the newest traces' small strings,
/// scattered among the SIP messages of a burst, would otherwise keep the burst's pages resident
/// after its messages are freed.
class CallTraceStore
{
public:
    explicit CallTraceStore(CallTraceSettings settings = {});
    // The index holds views of the traces' Call-IDs, which live in the store's pool: moving
    // the store moves the pool with them; copying or assigning would not.
    CallTraceStore(const CallTraceStore&) = delete;
    CallTraceStore& operator=(const CallTraceStore&) = delete;
    CallTraceStore(CallTraceStore&&) = default;
    CallTraceStore& operator=(CallTraceStore&&) = delete;

    /// While disabled nothing is recorded; disabling also forgets every trace.
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    /// New bounds; evicts at once what no longer fits.
    void setSettings(const CallTraceSettings& settings);
    const CallTraceSettings& settings() const { return m_settings; }

    /// Appends `entry` to the trace of `callId`, creating the trace (and evicting the oldest
    /// calls when the store is full) if needed. An entry that cannot fit, even after evicting
    /// every other call, or beyond the per-call cap, is dropped and counted in its trace.
    /// An entry built in memory() is moved in; any other is copied into it.
    void record(std::string_view callId, CallTraceEntry&& entry);

    /// Where the traces' strings live: build entries here to spare record() a copy.
    std::pmr::memory_resource* memory() const { return m_memory.get(); }

    /// The trace of `callId`, or nullptr. Valid until the next change of the store.
    const CallTrace* find(std::string_view callId) const;

    std::size_t callCount() const { return m_traces.size(); }
    std::size_t bytes() const { return m_bytes; }
    /// Calls evicted to make room since the start.
    std::uint64_t evictedCalls() const { return m_evictedCalls; }

    void clear();

private:
    /// Bookkeeping a trace costs besides its entries (list node, index entry, strings).
    static std::size_t traceOverhead(std::string_view callId);
    void evictOldest();
    void fitWithin(std::size_t maxCalls, std::size_t maxBytes);

    CallTraceSettings m_settings;
    bool m_enabled = false;
    std::unique_ptr<std::pmr::unsynchronized_pool_resource> m_memory; // outlives the traces
    std::pmr::list<CallTrace> m_traces;                               ///< Oldest first.
    std::pmr::unordered_map<std::string_view, std::pmr::list<CallTrace>::iterator>
        m_index; ///< Views of CallTrace::callId.
    std::size_t m_bytes = 0;
    std::uint64_t m_evictedCalls = 0;
};

} // namespace tollgate
