#pragma once

#include "CacheReader.h"
#include "CompiledRuleSet.h"
#include "EvaluationTrace.h"
#include "RequestContext.h"
#include "RouteDecision.h"
#include "SipRequestView.h"

namespace tollgate {

/// The pure rule engine: given a compiled ruleset, a request, where it came from and read access
/// to the caches, decides the request's fate and lists every side effect to perform. It opens no
/// socket, touches no database, reads no clock (the context carries the time) and writes no cache
/// (cache writes are returned in the decision), so the console's dry run and the data plane run
/// the very same code.
///
/// Semantics: built-in flags are set first (FROM_CARRIER, FROM_TRUSTED, IN_DIALOG); evaluation
/// starts at route MAIN, rule 1; a rule whose conditions all hold runs its actions in order; a
/// reply, relay or drop ends the whole evaluation at once; `then: stop` leaves the route (a route
/// entered by callRoute returns to its caller); MAIN ending undecided is NoDecision. Run-time
/// failures (a rewrite or relay URI that does not expand to a valid SIP URI, callRoute nested
/// deeper than CompiledRuleSet::MaxRouteDepth) end the evaluation with Reply 500 ("Rewrite
/// Failed", "Invalid Relay Target", "Route Depth Exceeded") and RouteDecision::failure.
///
/// Thread-safe: any number of threads may evaluate against one CompiledRuleSet at once. The
/// per-message path takes no lock, throws nothing and allocates only for what the decision must
/// carry (rewritten URIs, header values, cache writes) and for regular-expression subjects.
class RuleEngine
{
public:
    /// Evaluates `request` using each route's candidate index. With a `trace`, every rule is
    /// visited in order instead, and the trace receives each rule's condition results and
    /// actions; the decision is the same either way.
    static RouteDecision evaluate(const CompiledRuleSet& ruleSet, const SipRequestView& request,
                                  const RequestContext& context, const CacheReader& caches,
                                  EvaluationTrace* trace = nullptr);

    /// Evaluates visiting every rule in order, without the index: the reference the indexed
    /// evaluation is tested and benchmarked against.
    static RouteDecision evaluateLinear(const CompiledRuleSet& ruleSet, const SipRequestView& request,
                                        const RequestContext& context, const CacheReader& caches,
                                        EvaluationTrace* trace = nullptr);
};

} // namespace tollgate
