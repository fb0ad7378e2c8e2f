#pragma once

#include "routing/RouteDecision.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tollgate {

class CompiledRuleSet;
class IpMappingRewriter;

/// Which carrier IP mappings (IpMappingRewriter) apply to one transaction: on the request as
/// it is forwarded, and on the responses as they are relayed back. `ruleSet` keeps the
/// rewriters alive for as long as the transaction needs them.
struct MappingPlan
{
    std::shared_ptr<const CompiledRuleSet> ruleSet;
    std::string carrierName;                    ///< Recorded in our Record-Route (`tgm` parameter).
    const IpMappingRewriter* request = nullptr; ///< Applied to the forwarded request, when set.
    bool requestFromCarrier = false;            ///< The request came from the carrier (else goes to it).
    const IpMappingRewriter* response = nullptr;
    bool responseFromCarrier = false;           ///< The responses come from the carrier (else go to it).

    bool isActive() const { return request || response; }
};

/// One place a request can be forwarded to, in failover order.
struct NextHop
{
    std::string uri;      ///< SIP URI of the next hop (network destination; the Request-URI is unchanged).
    int destination = -1; ///< Index in the destination health table, -1 for a fixed URI.
};

/// What the pipeline decided about one initial request, for the SIP adapter to carry out.
/// Free of sofia-sip types so that the policy side is unit-tested without the SIP stack.
struct RequestVerdict
{
    enum class Action
    {
        Reply, ///< Answer statelessly with code / reason (and extra headers).
        Relay, ///< Forward statefully to nextHops[0], failing over to the following ones.
        Drop,  ///< Discard silently.
    };

    Action action = Action::Reply;
    int code = 500;
    std::string reason;
    std::vector<std::pair<std::string, std::string>> replyHeaders; ///< e.g. Retry-After, Unsupported.

    std::vector<NextHop> nextHops;
    int finalReplyTimerMs = 0;             ///< Time for a destination to answer (1xx for INVITE).
    std::vector<int> failoverCodes;         ///< Responses that move on to the next hop.
    bool failoverOnTimeout = true;
    std::optional<std::string> requestUri; ///< Rewritten Request-URI, if the rules changed it.
    std::vector<HeaderEdit> headerEdits;
    int carrier = -1;            ///< CarrierRegistry id of the source carrier (-1: none).
    MappingPlan mapping;         ///< Carrier IP mappings to apply (applyCarrierMapping action).
    std::string stickyCache;     ///< Where to record the destination finally chosen.
    std::string stickyKey;
    int group = -1;              ///< DestinationTable group id relayed to (-1: fixed URI).
    std::string decidedInRoute;  ///< For logs and the call list.
    std::string decidedByRule;
    /// The ruleset snapshot the decision came from: in-flight transactions keep using it.
    std::shared_ptr<const CompiledRuleSet> ruleSet;
};

} // namespace tollgate
