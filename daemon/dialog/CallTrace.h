#pragma once

#include "model/Transport.h"

#include <cstdint>
#include <memory_resource>
#include <string>
#include <vector>

namespace tollgate {

/// One SIP message of a call as it crossed Tollgate, for the ladder diagram of calls.get
/// (rendered by ControlViews::message()).
/// Its strings are polymorphic so that CallTraceStore can keep them in its own pool (see there).
struct CallTraceEntry
{
    enum class Direction : std::uint8_t
    {
        In,  ///< Received by Tollgate.
        Out, ///< Sent by Tollgate.
    };

    std::int64_t timeMs = 0; ///< Wall clock.
    Direction direction = Direction::In;
    std::pmr::string from; ///< "ip:port" of the sender ("[v6]:port" for IPv6).
    std::pmr::string to;   ///< "ip:port" of the receiver.
    Transport transport = Transport::Udp;
    std::pmr::string firstLine; ///< "INVITE sip:bob@example.com SIP/2.0", "SIP/2.0 180 Ringing".
    std::pmr::string text;      ///< The whole message; empty when full text is not kept.

    /// A copy whose strings live in `memory` (without the whole message unless `withText`).
    CallTraceEntry copiedInto(std::pmr::memory_resource* memory, bool withText) const;
    /// Whether every string lives in `memory`.
    bool livesIn(const std::pmr::memory_resource* memory) const;

    /// Bytes this entry accounts for in CallTraceStore's budget.
    std::size_t footprint() const;
};

/// The messages of one call, oldest first.
struct CallTrace
{
    explicit CallTrace(std::pmr::memory_resource* memory = std::pmr::get_default_resource())
        : callId(memory)
        , entries(memory)
    {}

    std::pmr::string callId;
    std::pmr::vector<CallTraceEntry> entries;
    std::size_t bytes = 0;            ///< Accounted bytes, entries and bookkeeping.
    std::uint32_t droppedEntries = 0; ///< Messages not kept (per-call cap or a full store).
};

} // namespace tollgate
