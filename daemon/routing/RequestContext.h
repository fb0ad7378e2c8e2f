#pragma once

#include "model/Transport.h"
#include "net/IpAddress.h"

#include <cstdint>

namespace tollgate {

/// Where a request came from.
struct SourceAddress
{
    IpAddress ip;
    std::uint16_t port = 0;
    Transport transport = Transport::Udp;
};

/// Everything about a request that is not in the message itself, as the rule engine sees it.
struct RequestContext
{
    SourceAddress source;
    /// Index of the carrier the source classified as (CompiledRuleSet::classify), -1 for none.
    int carrier = -1;
    /// Milliseconds since the epoch, from the daemon's clock (a fake one in tests): cache TTLs.
    std::int64_t nowMs = 0;
};

} // namespace tollgate
