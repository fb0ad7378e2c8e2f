#pragma once

#include "CacheReader.h"
#include "CompiledRuleSet.h"
#include "EvaluationState.h"
#include "EvaluationTrace.h"
#include "RequestContext.h"
#include "RouteDecision.h"
#include "SipRequestView.h"

namespace tollgate {

/// Runs the compiled rules over one request (see RuleEngine for the contract). Internal to the
/// rule engine: one per evaluation, on the evaluating thread's stack.
class RuleEvaluator
{
public:
    /// How the rules of a route are walked.
    enum class Walk
    {
        Indexed, ///< Only the candidates the route's index selects.
        Linear,  ///< Every rule in order (traces, and the reference the index is tested against).
    };

    RuleEvaluator(const CompiledRuleSet& ruleSet, const SipRequestView& request, const RequestContext& context,
                  const CacheReader& caches, EvaluationTrace* trace, Walk walk);

    /// Runs the evaluation. Call it once: the decision is moved out.
    RouteDecision run();

private:
    enum class RouteEnd
    {
        Returned, ///< The route ended without deciding; the caller goes on.
        Decided,  ///< The request's fate is decided (or the evaluation failed): stop everything.
    };

    enum class RuleEnd
    {
        NoMatch,
        Continue,
        Stop,
        Decided,
    };

    enum class ActionEnd
    {
        Next,    ///< Go on with the next action.
        Decided, ///< The action (or a route it called) decided the request's fate.
        Failed,  ///< The action failed at run time: the request is answered 500.
    };

    RouteEnd runRoute(int route, int depth);
    RuleEnd runRule(int route, int rule, int depth);
    bool conditionHolds(const CompiledCondition& condition);
    bool matches(const CompiledCondition& condition);
    /// Runs one action. `visit` is the rule's trace entry (-1 when not tracing).
    ActionEnd runAction(int route, int rule, const CompiledAction& action, int depth, int visit, int actionIndex);
    ActionEnd relay(int route, int rule, const CompiledAction& action, QString* traceDetail);
    void decide(DecisionOutcome outcome, int route, int rule);
    /// Ends the evaluation with a run-time failure: reply 500 `reason`, `why` for the log.
    void fail(int route, int rule, const char* reason, const std::string& why, QString* traceDetail);
    QString flagName(int bit) const { return m_ruleSet.flagName(bit); }

    const CompiledRuleSet& m_ruleSet;
    const SipRequestView& m_request;
    const RequestContext& m_context;
    EvaluationTrace* m_trace;
    Walk m_walk;
    RouteDecision m_decision;
    EvaluationState m_state;
};

} // namespace tollgate
