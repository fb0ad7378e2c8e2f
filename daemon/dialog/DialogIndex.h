#pragma once

#include "Dialog.h"

#include <cstdint>
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
/// Slot numbers stay valid until the record is removed. Not thread-safe.
class DialogIndex
{
public:
    static constexpr std::uint32_t NoSlot = Dialog::NoSlot;

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

    std::vector<Dialog> m_slots;
    std::vector<std::uint32_t> m_freeSlots;
    std::unordered_map<std::uint64_t, std::uint32_t> m_chains;
};

} // namespace tollgate
