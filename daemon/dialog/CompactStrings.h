#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace tollgate {

/// `Count` short strings packed into one heap block: the end offset of each string (32 bit),
/// then the characters, no terminators. A dialog record keeps its dozen strings this way in a
/// single allocation instead of a dozen std::string objects (32 bytes each, plus their own
/// allocations beyond 15 characters). Reading is free; changing a string rebuilds the block,
/// which is fine for values that change a few times per call. All empty = no allocation.
template <std::size_t Count>
class CompactStrings
{
public:
    CompactStrings() = default;
    explicit CompactStrings(const std::array<std::string_view, Count>& values) { assign(values); }

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
            m_block.reset();
            return;
        }
        std::unique_ptr<char[]> block(new char[HeaderBytes + total]);
        std::uint32_t end = 0;
        for (std::size_t i = 0; i < Count; ++i) {
            if (!values[i].empty())
                std::memcpy(block.get() + HeaderBytes + end, values[i].data(), values[i].size());
            end += std::uint32_t(values[i].size());
            std::memcpy(block.get() + i * sizeof(std::uint32_t), &end, sizeof end);
        }
        m_block = std::move(block); // the old block (which the values may view) dies only now
    }

    /// Bytes allocated on the heap (excluding the allocator's own overhead).
    std::size_t heapBytes() const { return m_block ? HeaderBytes + endOf(Count - 1) : 0; }

private:
    static constexpr std::size_t HeaderBytes = Count * sizeof(std::uint32_t);

    std::uint32_t endOf(std::size_t index) const
    {
        std::uint32_t end = 0;
        std::memcpy(&end, m_block.get() + index * sizeof(std::uint32_t), sizeof end);
        return end;
    }
    const char* text() const { return m_block.get() + HeaderBytes; }

    std::unique_ptr<char[]> m_block;
};

} // namespace tollgate
