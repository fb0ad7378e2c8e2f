#include "EdgePolicy.h"

#include "classify/IpMappingRewriter.h"
#include "core/Clock.h"
#include "dialog/CallLimiter.h"
#include "dialog/CarrierRegistry.h"
#include "forward/DestinationTable.h"
#include "net/SipUri.h"
#include "routing/CacheStore.h"
#include "routing/CompiledRuleSet.h"
#include "routing/RuleEngine.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRules, "tollgate.rules")

namespace tollgate {

namespace {

RequestVerdict reply(int code, std::string reason)
{
    RequestVerdict verdict;
    verdict.action = RequestVerdict::Action::Reply;
    verdict.code = code;
    verdict.reason = std::move(reason);
    return verdict;
}

/// The transport a next hop is reached over, as the SIP stack picks it: the URI's `transport`
/// parameter, else TLS for sips:, else UDP. Carrier addresses may be limited to one transport.
Transport transportOf(const SipUri& uri)
{
    if (const std::optional<std::string_view> parameter = uri.parameter("transport")) {
        const std::optional<Transport> named =
            parseTransport(QString::fromUtf8(parameter->data(), qsizetype(parameter->size())));
        if (named && *named != Transport::Any)
            return *named;
    }
    return uri.scheme == "sips" ? Transport::Tls : Transport::Udp;
}

void log(const DecisionLogLine& line)
{
    switch (line.level) {
    case DecisionLogLine::Level::Debug:
        qCDebug(lcRules, "%s", line.text.c_str());
        break;
    case DecisionLogLine::Level::Info:
        qCInfo(lcRules, "%s", line.text.c_str());
        break;
    case DecisionLogLine::Level::Warning:
        qCWarning(lcRules, "%s", line.text.c_str());
        break;
    }
}

} // namespace

EdgePolicy::EdgePolicy(Components components, Settings settings)
    : m_components(components)
    , m_settings(settings)
{
}

void EdgePolicy::setRuleSet(std::shared_ptr<const CompiledRuleSet> ruleSet)
{
    const RuleSet& model = ruleSet->ruleSet();
    m_components.carriers.configure(model.carriers);
    m_components.destinations.configure(model.groups);
    m_components.caches.configure(model.caches);
    m_ruleSet = std::move(ruleSet);
}

RequestVerdict EdgePolicy::decideInitialRequest(const SipRequestView& request, const SourceAddress& source)
{
    if (!m_ruleSet)
        return reply(503, "No Ruleset Loaded");
    const CompiledRuleSet& program = *m_ruleSet;
    const std::int64_t now = m_components.clock.nowMs();
    const RequestContext context = program.makeContext(source, now);
    RouteDecision decision = RuleEngine::evaluate(program, request, context, m_components.caches);
    for (const DecisionLogLine& line : decision.logLines)
        log(line);

    RequestVerdict verdict;
    switch (decision.outcome) {
    case DecisionOutcome::NoDecision:
        verdict = reply(500, "No Routing Decision");
        break;
    case DecisionOutcome::Reply:
        verdict = reply(decision.replyCode, decision.replyReason);
        break;
    case DecisionOutcome::Drop:
        verdict.action = RequestVerdict::Action::Drop;
        break;
    case DecisionOutcome::Relay:
        verdict = relayVerdict(decision, request, context.carrier);
        // Refused by a limit or with nowhere to go: the decision's cache writes would record a
        // relay that did not happen.
        if (verdict.action != RequestVerdict::Action::Relay)
            return verdict;
        break;
    }
    if (!decision.cacheWrites.empty())
        m_components.caches.apply(decision.cacheWrites, now);
    verdict.decidedInRoute = std::move(decision.decidedInRoute);
    verdict.decidedByRule = std::move(decision.decidedByRule);
    return verdict;
}

RequestVerdict EdgePolicy::relayVerdict(const RouteDecision& decision, const SipRequestView& request,
                                        int sourceCarrierIndex)
{
    const CompiledRuleSet& program = *m_ruleSet;
    RequestVerdict verdict;
    verdict.action = RequestVerdict::Action::Relay;
    verdict.carrier = sourceCarrierIndex >= 0 ? m_components.carriers.idAt(sourceCarrierIndex) : -1;

    const bool limited = request.method() == "INVITE" && verdict.carrier >= 0;
    if (limited) {
        switch (m_components.limiter.admit(verdict.carrier)) {
        case Admission::Admitted:
            break;
        case Admission::RejectedConcurrency:
            return reply(503, "Carrier Call Limit Reached");
        case Admission::RejectedRate:
            return reply(503, "Carrier Call Rate Exceeded");
        }
    }

    if (decision.groupIndex >= 0) {
        const int group = m_components.destinations.groupIdAt(decision.groupIndex);
        // Limits are checked before a destination is chosen so that a refused call never takes
        // a down destination's single trial slot; a call that then finds no destination gives its
        // admission back.
        const auto refuse = [&](int code, const char* reason) {
            if (limited)
                m_components.limiter.cancelAdmission(verdict.carrier);
            return reply(code, reason);
        };
        if (group < 0)
            return refuse(500, "Unknown Destination Group");
        verdict.group = group;
        verdict.nextHops = m_selector.select(group, request.callId(), decision.preferredDestination,
                                             m_components.destinations, m_components.random);
        if (verdict.nextHops.empty())
            return refuse(503, "No Destination Available");
        const DestinationGroup& settings = program.group(decision.groupIndex);
        verdict.finalReplyTimerMs =
            decision.finalReplyTimerMs > 0 ? decision.finalReplyTimerMs : settings.finalReplyTimerMs;
        verdict.failoverCodes.assign(settings.failoverCodes.begin(), settings.failoverCodes.end());
        verdict.failoverOnTimeout = settings.failoverOnTimeout;
        verdict.stickyCache = decision.stickyCache;
        verdict.stickyKey = decision.stickyKey;
    } else {
        verdict.nextHops.push_back(NextHop{decision.relayUri, -1});
        verdict.finalReplyTimerMs =
            decision.finalReplyTimerMs > 0 ? decision.finalReplyTimerMs : m_settings.fixedUriFinalReplyTimerMs;
        verdict.failoverOnTimeout = false;
    }
    verdict.requestUri = decision.requestUri;
    verdict.headerEdits = decision.headerEdits;
    if (decision.applyCarrierMapping)
        verdict.mapping = initialMapping(sourceCarrierIndex, verdict);
    verdict.ruleSet = m_ruleSet;
    return verdict;
}

MappingPlan EdgePolicy::initialMapping(int sourceCarrierIndex, const RequestVerdict& verdict) const
{
    const CompiledRuleSet& program = *m_ruleSet;
    const auto hasMappings = [&](int carrier) {
        return carrier >= 0 && !program.carrierMapping(carrier, MappingDirection::FromCarrier).isEmpty();
    };
    MappingPlan plan;
    // The carrier whose private addresses appear in this call: the one that sent it...
    if (hasMappings(sourceCarrierIndex)) {
        plan.ruleSet = m_ruleSet;
        plan.carrierName = program.carrierName(sourceCarrierIndex);
        plan.request = &program.carrierMapping(sourceCarrierIndex, MappingDirection::FromCarrier);
        plan.requestFromCarrier = true;
        plan.response = &program.carrierMapping(sourceCarrierIndex, MappingDirection::ToCarrier);
        plan.responseFromCarrier = false;
        return plan;
    }
    // ...or else the one it is sent to, classified by the next hop's IP literal.
    if (verdict.nextHops.empty())
        return plan;
    const std::optional<SipUri> uri = SipUri::parse(verdict.nextHops.front().uri);
    const std::optional<IpAddress> address = uri ? IpAddress::parse(uri->hostWithoutBrackets()) : std::nullopt;
    if (!address)
        return plan;
    const Transport transport = transportOf(*uri);
    const int defaultPort = transport == Transport::Tls ? 5061 : 5060;
    const int carrier = program.classify(*address, std::uint16_t(uri->port ? uri->port : defaultPort), transport);
    if (!hasMappings(carrier))
        return plan;
    plan.ruleSet = m_ruleSet;
    plan.carrierName = program.carrierName(carrier);
    plan.request = &program.carrierMapping(carrier, MappingDirection::ToCarrier);
    plan.requestFromCarrier = false;
    plan.response = &program.carrierMapping(carrier, MappingDirection::FromCarrier);
    plan.responseFromCarrier = true;
    return plan;
}

MappingPlan EdgePolicy::inDialogMapping(std::string_view carrierName, const SourceAddress& source) const
{
    MappingPlan plan;
    if (!m_ruleSet)
        return plan;
    const CompiledRuleSet& program = *m_ruleSet;
    const int carrier = program.carrierIndex(carrierName);
    if (carrier < 0 || program.carrierMapping(carrier, MappingDirection::FromCarrier).isEmpty())
        return plan;
    const bool fromCarrier = program.classify(source) == carrier;
    plan.ruleSet = m_ruleSet;
    plan.carrierName = std::string(carrierName);
    plan.requestFromCarrier = fromCarrier;
    plan.request = &program.carrierMapping(carrier, fromCarrier ? MappingDirection::FromCarrier : MappingDirection::ToCarrier);
    plan.responseFromCarrier = !fromCarrier;
    plan.response = &program.carrierMapping(carrier, fromCarrier ? MappingDirection::ToCarrier : MappingDirection::FromCarrier);
    return plan;
}

bool EdgePolicy::isDestinationUsable(int destination) const
{
    return m_components.destinations.isUsable(destination);
}

void EdgePolicy::reportDestination(int destination, DestinationOutcome outcome, int statusCode)
{
    m_components.destinations.recordTrafficOutcome(destination, outcome, statusCode);
}

void EdgePolicy::relayFinished(const RequestVerdict& verdict, const NextHop* hop, int statusCode)
{
    // The sticky cache remembers the destination that took the call, so that a retry or a
    // re-INVITE with the same key lands there again.
    if (hop && statusCode < 300 && !verdict.stickyCache.empty() && hop->destination >= 0)
        m_components.caches.store(verdict.stickyCache, verdict.stickyKey, hop->uri, m_components.clock.nowMs());
}

std::vector<ProbeRequest> EdgePolicy::dueProbes(std::int64_t)
{
    std::vector<ProbeRequest> probes;
    for (const int destination : m_components.destinations.probesDue()) {
        const int group = m_components.destinations.groupOf(destination);
        probes.push_back(ProbeRequest{destination, m_components.destinations.uri(destination),
                                      m_components.destinations.groupSettings(group).probe.timeoutMs});
    }
    return probes;
}

void EdgePolicy::probeFinished(int destination, int statusCode, int roundTripMs)
{
    m_components.destinations.recordProbeResult(destination, statusCode, roundTripMs);
}

} // namespace tollgate
