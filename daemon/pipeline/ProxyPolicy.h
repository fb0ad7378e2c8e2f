#pragma once

#include "RequestVerdict.h"
#include "routing/RequestContext.h"
#include "routing/SipRequestView.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tollgate {

/// How one attempt to reach a destination on real traffic ended, for its health.
enum class DestinationOutcome
{
    Answered,       ///< Any response that proves it alive (including provisional ones).
    FailedResponse, ///< A failover response (e.g. 503) — counts against the destination.
    Timeout,        ///< No answer within the final-reply timer.
};

/// An OPTIONS probe the adapter should send now.
struct ProbeRequest
{
    int destination = -1;
    std::string uri;
    int timeoutMs = 2000; ///< No final response within this time is a failed probe.
};

/// The decisions the SIP adapter asks of the rest of the pipeline. Implemented without
/// sofia-sip (classification, limits, overload, rules, destination choice), so that it is
/// unit-tested with a plain request view. Called on the SIP thread only.
class ProxyPolicy
{
public:
    virtual ~ProxyPolicy() = default;

    /// The fate of an initial (out-of-dialog) request that passed the adapter's sanity checks.
    virtual RequestVerdict decideInitialRequest(const SipRequestView& request, const SourceAddress& source) = 0;

    /// Whether a destination may still receive this transaction when its turn comes (its
    /// health can change between the verdict and a failover).
    virtual bool isDestinationUsable(int destination) const = 0;

    /// How an attempt to reach `destination` ended.
    virtual void reportDestination(int destination, DestinationOutcome outcome, int statusCode) = 0;

    /// A relayed request was answered with `statusCode` by `hop` (or by Tollgate itself when no
    /// hop answered: hop is then nullptr). Sticky caches and counters are updated here.
    virtual void relayFinished(const RequestVerdict& verdict, const NextHop* hop, int statusCode) = 0;

    /// Destinations whose OPTIONS probe is due at `nowMs` (monotonic), to be sent now.
    virtual std::vector<ProbeRequest> dueProbes(std::int64_t nowMs) = 0;

    /// The answer to a probe: its final status code, or 0 when none came in time.
    virtual void probeFinished(int destination, int statusCode, int roundTripMs) = 0;

    /// The carrier IP mappings for an in-dialog request of a call whose Record-Route named
    /// carrier `carrierName` (mappings were on when the call was set up): FromCarrier on the
    /// request when it comes from that carrier, ToCarrier otherwise; the responses the other way.
    virtual MappingPlan inDialogMapping(std::string_view carrierName, const SourceAddress& source) const = 0;
};

} // namespace tollgate
