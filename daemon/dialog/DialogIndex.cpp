#include "DialogIndex.h"

#include <functional>

namespace tollgate {

namespace {

std::pmr::pool_options poolOptions()
{
    std::pmr::pool_options options;
    options.max_blocks_per_chunk = 4096;        // chunks grow to a few hundred KiB, not megabytes
    options.largest_required_pool_block = 2048; // longer texts (rare) come from the heap directly
    return options;
}

} // namespace

DialogIndex::DialogIndex()
    : m_memory(poolOptions())
    , m_chains(&m_memory)
{}

std::uint64_t DialogIndex::hashOf(std::string_view callId)
{
    return std::hash<std::string_view>{}(callId);
}

std::uint32_t DialogIndex::add(Dialog&& dialog)
{
    std::uint32_t slot = 0;
    if (!m_freeSlots.empty()) {
        slot = m_freeSlots.back();
        m_freeSlots.pop_back();
        m_slots[slot] = std::move(dialog);
    } else {
        slot = std::uint32_t(m_slots.size());
        m_slots.push_back(std::move(dialog));
    }
    m_slots[slot].text.moveTo(&m_memory);
    std::uint32_t& head = m_chains.try_emplace(hashOf(m_slots[slot].field(Dialog::CallId)), NoSlot).first->second;
    m_slots[slot].nextInChain = head;
    head = slot;
    return slot;
}

void DialogIndex::remove(std::uint32_t slot)
{
    Dialog& dialog = m_slots[slot];
    const auto head = m_chains.find(hashOf(dialog.field(Dialog::CallId)));
    if (head != m_chains.end()) {
        if (head->second == slot) {
            if (dialog.nextInChain == NoSlot)
                m_chains.erase(head);
            else
                head->second = dialog.nextInChain;
        } else {
            for (std::uint32_t previous = head->second; previous != NoSlot; previous = m_slots[previous].nextInChain) {
                if (m_slots[previous].nextInChain == slot) {
                    m_slots[previous].nextInChain = dialog.nextInChain;
                    break;
                }
            }
        }
    }
    dialog = Dialog{};
    m_freeSlots.push_back(slot);
}

std::uint32_t DialogIndex::find(std::string_view callId, std::string_view fromTag) const
{
    const auto head = m_chains.find(hashOf(callId));
    if (head == m_chains.end())
        return NoSlot;
    std::uint32_t ended = NoSlot;
    for (std::uint32_t slot = head->second; slot != NoSlot; slot = m_slots[slot].nextInChain) {
        const Dialog& dialog = m_slots[slot];
        if (dialog.field(Dialog::CallId) != callId || (!fromTag.empty() && dialog.field(Dialog::FromTag) != fromTag))
            continue;
        if (dialog.state != DialogState::Terminated)
            return slot; // chains are newest first
        if (ended == NoSlot)
            ended = slot;
    }
    return ended;
}

std::uint32_t DialogIndex::findInDialog(std::string_view callId, std::string_view fromTag, std::string_view toTag,
                                        bool* fromCaller) const
{
    const auto head = m_chains.find(hashOf(callId));
    if (head == m_chains.end())
        return NoSlot;
    std::uint32_t ended = NoSlot;
    bool endedFromCaller = true;
    for (std::uint32_t slot = head->second; slot != NoSlot; slot = m_slots[slot].nextInChain) {
        const Dialog& dialog = m_slots[slot];
        if (dialog.field(Dialog::CallId) != callId)
            continue;
        const std::string_view callerTag = dialog.field(Dialog::FromTag);
        const std::string_view calleeTag = dialog.field(Dialog::ToTag);
        bool caller = true;
        if (callerTag == fromTag && (calleeTag.empty() || calleeTag == toTag))
            caller = true;
        else if (!calleeTag.empty() && calleeTag == fromTag && callerTag == toTag)
            caller = false;
        else
            continue;
        if (dialog.state != DialogState::Terminated) {
            *fromCaller = caller;
            return slot;
        }
        if (ended == NoSlot) {
            ended = slot;
            endedFromCaller = caller;
        }
    }
    *fromCaller = endedFromCaller;
    return ended;
}

} // namespace tollgate
