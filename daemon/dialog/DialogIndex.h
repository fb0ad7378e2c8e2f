#pragma once

#include "Dialog.h"

#include <cstdint>
#include <memory_resource>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tollgate {

/// The storage of DialogTracker's records with O(1) lookup by Call-ID: records live in a vector
/// of slots reused through a free list, and a hash map from the hash of the Call-ID to the first
/// slot of a chain (Dialog::nextInChain) of the records whose Call-ID has that hash, newest first.
/// Keying the map by a 64-bit hash rather than by the text keeps each index entry small and free
/// of pointers into the records; lookups compare the real Call-ID along the (almost always
/// one-long) chain.
///
/// The records' text and the index entries come from a pool of their own: a call record lives
/// for minutes, the SIP messages that create it for seconds, and were they allocated side by
/// side, the few bytes of each record left on every page after a burst of calls would keep the
/// whole burst's memory resident. The pool keeps what it grew to at the busiest moment, for the
/// next calls.
///
/// Slot numbers stay valid until the record is removed. Not thread-safe.
class DialogIndex
{
public:
    static constexpr std::uint32_t NoSlot = Dialog::NoSlot;

    DialogIndex();
    DialogIndex(const DialogIndex&) = delete;
    DialogIndex& operator=(const DialogIndex&) = delete;

    /// Stores `dialog` (its Call-ID must be set, serial non-zero) and returns its slot.
    std::uint32_t add(Dialog&& dialog);
    /// Forgets the record in `slot`; the slot is reused by a later add().
    void remove(std::uint32_t slot);

    Dialog& at(std::uint32_t slot) { return m_slots[slot]; }
    const Dialog& at(std::uint32_t slot) const { return m_slots[slot]; }
    /// One past the highest slot: iterate 0 .. slotCount() - 1 and skip unused slots.
    std::uint32_t slotCount() const { return std::uint32_t(m_slots.size()); }
    bool isUsed(std::uint32_t slot) const { return m_slots[slot].serial != 0; }
    /// Records stored.
    std::size_t size() const { return m_slots.size() - m_freeSlots.size(); }

    /// The record of `callId` with From tag `fromTag` (any From tag when empty): the newest one
    /// not terminated, else the newest terminated one; NoSlot when none.
    std::uint32_t find(std::string_view callId, std::string_view fromTag) const;

    /// The record an in-dialog request with tags `fromTag` and `toTag` belongs to, in either
    /// direction (a record without To tag matches on the From tag alone); *fromCaller tells
    /// which side sent it. Live records first, as find().
    std::uint32_t findInDialog(std::string_view callId, std::string_view fromTag, std::string_view toTag,
                               bool* fromCaller) const;

private:
    static std::uint64_t hashOf(std::string_view callId);

    std::pmr::unsynchronized_pool_resource m_memory; ///< Declared first: destroyed last.
    std::vector<Dialog> m_slots;
    std::vector<std::uint32_t> m_freeSlots;
    std::pmr::unordered_map<std::uint64_t, std::uint32_t> m_chains;
};

} // namespace tollgate
