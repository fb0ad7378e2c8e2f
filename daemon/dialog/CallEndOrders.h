#pragma once

#include "DialogState.h"

#include <cstdint>
#include <optional>
#include <string>

namespace tollgate {

/// Everything the SIP adapter needs to send one BYE from the middle of a dialog. The adapter
/// adds its own Via, Max-Forwards and Content-Length.
struct ByeRequest
{
    std::string requestUri; ///< The remote target (the party's Contact URI).
    std::string route;      ///< Route header value (comma-separated route set); empty for none.
    std::string from;       ///< From header value, with tag (the other party, as the UA would send it).
    std::string to;         ///< To header value, with tag.
    std::string callId;
    std::uint32_t cseq = 0; ///< Above every CSeq the sender side has used.
};

/// What DialogTracker::endByOperator() asks the SIP adapter to do for calls.end.
struct CallEndOrders
{
    DialogState stateBefore = DialogState::Trying;
    std::string callId;
    std::string fromTag;
    /// For a confirmed call: the BYE to each party. For a call not answered yet there are none:
    /// the adapter cancels the INVITE downstream and answers 487 upstream instead.
    std::optional<ByeRequest> towardsCaller;
    std::optional<ByeRequest> towardsCallee;
};

} // namespace tollgate
