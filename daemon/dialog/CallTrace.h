#pragma once

#include "model/Transport.h"

#include <QJsonArray>
#include <QJsonObject>
#include <cstdint>
#include <string>
#include <vector>

namespace tollgate {

/// One SIP message of a call as it crossed Tollgate, for the ladder diagram of calls.get.
struct CallTraceEntry
{
    enum class Direction : std::uint8_t
    {
        In,  ///< Received by Tollgate.
        Out, ///< Sent by Tollgate.
    };

    std::int64_t timeMs = 0; ///< Wall clock.
    Direction direction = Direction::In;
    std::string from; ///< "ip:port" of the sender ("[v6]:port" for IPv6).
    std::string to;   ///< "ip:port" of the receiver.
    Transport transport = Transport::Udp;
    std::string firstLine; ///< "INVITE sip:bob@example.com SIP/2.0", "SIP/2.0 180 Ringing".
    std::string text;      ///< The whole message; empty when full text is not kept.

    /// Bytes this entry accounts for in CallTraceStore's budget.
    std::size_t footprint() const;

    /// {"time", "direction": "in"|"out", "from", "to", "transport", "firstLine", "text"?}.
    QJsonObject toJson() const;
};

/// The messages of one call, oldest first.
struct CallTrace
{
    std::string callId;
    std::vector<CallTraceEntry> entries;
    std::size_t bytes = 0;            ///< Accounted bytes, entries and bookkeeping.
    std::uint32_t droppedEntries = 0; ///< Messages not kept (per-call cap or a full store).

    /// {"callId", "entries": [...], "droppedEntries"}.
    QJsonObject toJson() const;
};

} // namespace tollgate
