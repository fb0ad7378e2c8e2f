#include "CallTraceStore.h"

#include <algorithm>

namespace tollgate {

namespace {

/// INVITE, 100, 180, 200 and ACK in and out, BYE and its 200: room for a plain call at once.
constexpr std::size_t TypicalEntriesPerCall = 16;

} // namespace

CallTraceStore::CallTraceStore(CallTraceSettings settings)
    : m_settings(settings)
    , m_memory(std::make_unique<std::pmr::unsynchronized_pool_resource>())
    , m_traces(m_memory.get())
    , m_index(m_memory.get())
{}

void CallTraceStore::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled)
        clear();
}

void CallTraceStore::setSettings(const CallTraceSettings& settings)
{
    m_settings = settings;
    fitWithin(m_settings.maxCalls, m_settings.maxBytes);
}

std::size_t CallTraceStore::traceOverhead(std::string_view callId)
{
    // A list node with the CallTrace, an index node with its bucket, and the Call-ID's text.
    return sizeof(CallTrace) + 2 * sizeof(void*) + sizeof(std::string_view) + 4 * sizeof(void*) + callId.size();
}

void CallTraceStore::record(std::string_view callId, CallTraceEntry&& entry)
{
    if (!m_enabled || m_settings.maxCalls == 0)
        return;

    CallTrace* trace = nullptr;
    if (const auto found = m_index.find(callId); found != m_index.end()) {
        trace = &*found->second;
    } else {
        fitWithin(m_settings.maxCalls - 1, m_settings.maxBytes);
        CallTrace& created = m_traces.emplace_back(m_memory.get());
        created.callId.assign(callId);
        created.entries.reserve(std::min<std::size_t>(m_settings.maxEntriesPerCall, TypicalEntriesPerCall));
        created.bytes = traceOverhead(callId);
        m_bytes += created.bytes;
        m_index.emplace(std::string_view(created.callId), std::prev(m_traces.end()));
        trace = &created;
    }

    if (trace->entries.size() >= m_settings.maxEntriesPerCall) {
        ++trace->droppedEntries;
        return;
    }
    const std::size_t size = entry.footprint() - (m_settings.keepFullText ? 0 : entry.text.size());
    while (m_bytes + size > m_settings.maxBytes && &m_traces.front() != trace)
        evictOldest();
    if (m_bytes + size > m_settings.maxBytes) {
        ++trace->droppedEntries;
        return;
    }
    if (!entry.livesIn(m_memory.get())) {
        trace->entries.push_back(entry.copiedInto(m_memory.get(), m_settings.keepFullText));
    } else {
        if (!m_settings.keepFullText) {
            entry.text.clear();
            entry.text.shrink_to_fit();
        }
        trace->entries.push_back(std::move(entry));
    }
    trace->bytes += size;
    m_bytes += size;
}

const CallTrace* CallTraceStore::find(std::string_view callId) const
{
    const auto found = m_index.find(callId);
    return found == m_index.end() ? nullptr : &*found->second;
}

void CallTraceStore::evictOldest()
{
    const CallTrace& oldest = m_traces.front();
    m_index.erase(std::string_view(oldest.callId));
    m_bytes -= oldest.bytes;
    m_traces.pop_front();
    ++m_evictedCalls;
}

void CallTraceStore::fitWithin(std::size_t maxCalls, std::size_t maxBytes)
{
    while (!m_traces.empty() && (m_traces.size() > maxCalls || m_bytes > maxBytes))
        evictOldest();
}

void CallTraceStore::clear()
{
    m_index.clear();
    m_traces.clear();
    m_bytes = 0;
}

} // namespace tollgate
