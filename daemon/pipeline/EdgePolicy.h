#pragma once

#include "ProxyPolicy.h"
#include "forward/DestinationSelector.h"

#include <memory>

namespace tollgate {

class CacheStore;
class CallLimiter;
class CarrierRegistry;
class Clock;
class CompiledRuleSet;
class DestinationTable;
class RandomSource;

/// Tollgate's answer to "what happens to this request": classification of the source, the rule
/// engine on the active ruleset, the per-carrier call limits and the destination choice,
/// assembled into a RequestVerdict for the SIP adapter. Owns none of the state it uses: the
/// destination table, carrier registry, caches and limiter belong to the daemon and live, like
/// this policy, on the SIP thread.
class EdgePolicy final : public ProxyPolicy
{
public:
    struct Components
    {
        const Clock& clock;
        RandomSource& random;
        CacheStore& caches;
        DestinationTable& destinations;
        CarrierRegistry& carriers;
        CallLimiter& limiter;
    };

    struct Settings
    {
        /// Final-reply timer for a relay to a fixed URI (a group brings its own).
        int fixedUriFinalReplyTimerMs = 5000;
    };

    EdgePolicy(Components components, Settings settings);

    /// Makes `ruleSet` the live one: carriers, destination groups and caches are reconfigured
    /// (keeping the state of what persists), and new requests are decided with it. Transactions
    /// already relayed keep the snapshot they started with.
    void setRuleSet(std::shared_ptr<const CompiledRuleSet> ruleSet);
    const std::shared_ptr<const CompiledRuleSet>& ruleSet() const { return m_ruleSet; }

    RequestVerdict decideInitialRequest(const SipRequestView& request, const SourceAddress& source) override;
    bool isDestinationUsable(int destination) const override;
    void reportDestination(int destination, DestinationOutcome outcome, int statusCode) override;
    void relayFinished(const RequestVerdict& verdict, const NextHop* hop, int statusCode) override;
    std::vector<ProbeRequest> dueProbes(std::int64_t nowMs) override;
    void probeFinished(int destination, int statusCode, int roundTripMs) override;
    MappingPlan inDialogMapping(std::string_view carrierName, const SourceAddress& source) const override;

private:
    RequestVerdict relayVerdict(const RouteDecision& decision, const SipRequestView& request, int sourceCarrierIndex);
    MappingPlan initialMapping(int sourceCarrierIndex, const RequestVerdict& verdict) const;

    Components m_components;
    Settings m_settings;
    std::shared_ptr<const CompiledRuleSet> m_ruleSet;
    DestinationSelector m_selector;
};

} // namespace tollgate
