#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory_resource>
#include <string_view>
#include <utility>

namespace tollgate {

/// `Count` short strings packed into one heap block: the end offset of each string (32 bit),
/// then the characters, no terminators. A dialog record keeps its dozen strings this way in a
/// single allocation instead of a dozen std::string objects (32 bytes each, plus their own
/// allocations beyond 15 characters). Reading is free; changing a string rebuilds the block,
/// which is fine for values that change a few times per call. All empty = no allocation.
///
/// The block comes from a memory resource (the default one unless given): DialogIndex keeps
/// every record's text in its own pool, so that long-lived call records are not scattered among
/// the short-lived SIP messages and the heap can be given back after a burst.
template <std::size_t Count>
class CompactStrings
{
public:
    CompactStrings() = default;
    explicit CompactStrings(const std::array<std::string_view, Count>& values,
                            std::pmr::memory_resource* memory = std::pmr::get_default_resource())
        : m_memory(memory)
    {
        assign(values);
    }
    CompactStrings(const CompactStrings&) = delete;
    CompactStrings& operator=(const CompactStrings&) = delete;
    CompactStrings(CompactStrings&& other) noexcept
        : m_block(std::exchange(other.m_block, nullptr))
        , m_memory(other.m_memory)
    {}
    CompactStrings& operator=(CompactStrings&& other) noexcept
    {
        if (this != &other) {
            release();
            m_block = std::exchange(other.m_block, nullptr);
            m_memory = other.m_memory;
        }
        return *this;
    }
    ~CompactStrings() { release(); }

    /// Where the block is allocated from.
    std::pmr::memory_resource* memory() const { return m_memory; }
    /// Moves the block to `memory` (a copy there, the old block freed); later changes use it too.
    void moveTo(std::pmr::memory_resource* memory)
    {
        if (memory == m_memory)
            return;
        std::array<std::string_view, Count> values;
        for (std::size_t i = 0; i < Count; ++i)
            values[i] = get(i);
        CompactStrings moved(values, memory);
        *this = std::move(moved);
    }

    /// String `index` (< Count); valid until the next change of this object.
    std::string_view get(std::size_t index) const
    {
        if (!m_block)
            return {};
        const std::uint32_t begin = index == 0 ? 0 : endOf(index - 1);
        return std::string_view(text() + begin, endOf(index) - begin);
    }

    /// Replaces string `index`; `value` may be a view into this object.
    void set(std::size_t index, std::string_view value)
    {
        std::array<std::string_view, Count> values;
        for (std::size_t i = 0; i < Count; ++i)
            values[i] = i == index ? value : get(i);
        assign(values);
    }

    /// Replaces every string; the values may be views into this object.
    void assign(const std::array<std::string_view, Count>& values)
    {
        std::size_t total = 0;
        for (const std::string_view value : values)
            total += value.size();
        if (total == 0) {
            release();
            return;
        }
        char* block = static_cast<char*>(m_memory->allocate(HeaderBytes + total, alignof(std::uint32_t)));
        std::uint32_t end = 0;
        for (std::size_t i = 0; i < Count; ++i) {
            if (!values[i].empty())
                std::memcpy(block + HeaderBytes + end, values[i].data(), values[i].size());
            end += std::uint32_t(values[i].size());
            std::memcpy(block + i * sizeof(std::uint32_t), &end, sizeof end);
        }
        release(); // the old block (which the values may view) dies only now
        m_block = block;
    }

    /// Bytes allocated on the heap (excluding the allocator's own overhead).
    std::size_t heapBytes() const { return m_block ? HeaderBytes + endOf(Count - 1) : 0; }

private:
    static constexpr std::size_t HeaderBytes = Count * sizeof(std::uint32_t);

    std::uint32_t endOf(std::size_t index) const
    {
        std::uint32_t end = 0;
        std::memcpy(&end, m_block + index * sizeof(std::uint32_t), sizeof end);
        return end;
    }
    const char* text() const { return m_block + HeaderBytes; }
    void release()
    {
        if (m_block)
            m_memory->deallocate(m_block, heapBytes(), alignof(std::uint32_t));
        m_block = nullptr;
    }

    char* m_block = nullptr;
    std::pmr::memory_resource* m_memory = std::pmr::get_default_resource();
};

} // namespace tollgate
