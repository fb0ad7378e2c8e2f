#pragma once

#include "CompactStrings.h"
#include "DialogState.h"

#include <cstdint>
#include <string_view>

namespace tollgate {

/// The record of one call that DialogTracker keeps from the first INVITE to a short while after
/// its end: identity, parties, where it went, state and times, and what is needed to end it from
/// the middle (two BYEs). Kept compact (80 bytes plus one block of text): the tracker
/// holds tens of thousands of them. The SIP message trace lives in CallTraceStore, not here.
struct Dialog
{
    /// The text fields, packed in `text`.
    enum Field : std::size_t
    {
        CallId,
        FromTag,
        ToTag,         ///< From the first provisional with a tag, replaced by the 2xx's.
        Caller,        ///< From user.
        Callee,        ///< Request-URI user.
        FromHeader,    ///< From header value as received (with its tag), for the BYEs.
        ToHeader,      ///< To header value of the INVITE (without tag), for the BYEs.
        CallerContact, ///< Remote target towards the caller (Contact of the INVITE or a refresh).
        RouteToCaller, ///< Route set towards the caller: Route header value, comma separated.
        CalleeContact, ///< Remote target towards the callee (Contact of the 2xx or a refresh).
        RouteToCallee, ///< Route set towards the callee.
        FixedUri,      ///< The next hop of a relay to a fixed URI (destination -1); empty otherwise.
        Source,        ///< Where the INVITE came from: "ip:port transport", e.g. "203.0.113.7:5060 udp".
        FieldCount,
    };

    /// Marks a time that has not happened yet.
    static constexpr std::int64_t NoTime = -1;
    /// Marks the end of a chain of dialogs sharing a Call-ID hash.
    static constexpr std::uint32_t NoSlot = 0xffffffffU;

    std::string_view field(Field which) const { return text.get(which); }

    CompactStrings<FieldCount> text;
    std::uint64_t serial = 0;           ///< Creation order, unique for the life of the tracker; 0 = free slot.
    std::int64_t createdMs = 0;         ///< Monotonic clock.
    std::int64_t answeredMs = NoTime;   ///< Monotonic clock.
    std::int64_t endedMs = NoTime;      ///< Monotonic clock.
    std::uint32_t callerCSeq = 0;       ///< Highest CSeq seen in requests from the caller.
    std::uint32_t calleeCSeq = 0;       ///< Highest CSeq seen in requests from the callee (0: none yet).
    std::int32_t carrier = -1;          ///< CarrierRegistry id of the source, -1 for none.
    std::int32_t group = -1;            ///< DestinationTable group id, -1 for a fixed URI.
    std::int32_t destination = -1;      ///< DestinationTable id, -1 for a fixed URI.
    std::uint32_t nextInChain = NoSlot; ///< Next dialog whose Call-ID has the same hash.
    std::uint16_t finalCode = 0;        ///< Final response sent upstream (0: none yet).
    DialogState state = DialogState::Trying;
    DialogEndReason endReason = DialogEndReason::None;
    bool acknowledged = false; ///< The 2xx was ACKed.
};

// The memory budget of a call (docs/destinations-and-dialogs.md) counts on this size.
static_assert(sizeof(Dialog) <= 80, "a Dialog record grew: check the memory budget per call");

} // namespace tollgate
