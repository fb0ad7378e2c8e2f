#include "CallTrace.h"

namespace tollgate {

CallTraceEntry CallTraceEntry::copiedInto(std::pmr::memory_resource* memory, bool withText) const
{
    // Each string is constructed in place with its resource: assigning would keep the
    // destination's (the default) resource and copy into it.
    return CallTraceEntry{timeMs,
                          direction,
                          std::pmr::string(from, memory),
                          std::pmr::string(to, memory),
                          transport,
                          std::pmr::string(firstLine, memory),
                          withText ? std::pmr::string(text, memory) : std::pmr::string(memory)};
}

bool CallTraceEntry::livesIn(const std::pmr::memory_resource* memory) const
{
    for (const std::pmr::string* part : {&from, &to, &firstLine, &text})
        if (part->get_allocator().resource() != memory)
            return false;
    return true;
}

std::size_t CallTraceEntry::footprint() const
{
    return sizeof(CallTraceEntry) + from.size() + to.size() + firstLine.size() + text.size();
}

} // namespace tollgate
