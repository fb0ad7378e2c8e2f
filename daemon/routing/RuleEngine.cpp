#include "RuleEngine.h"

#include "RuleEvaluator.h"

namespace tollgate {

RouteDecision RuleEngine::evaluate(const CompiledRuleSet& ruleSet, const SipRequestView& request,
                                   const RequestContext& context, const CacheReader& caches, EvaluationTrace* trace)
{
    RuleEvaluator evaluator(ruleSet, request, context, caches, trace, RuleEvaluator::Walk::Indexed);
    return evaluator.run();
}

RouteDecision RuleEngine::evaluateLinear(const CompiledRuleSet& ruleSet, const SipRequestView& request,
                                         const RequestContext& context, const CacheReader& caches,
                                         EvaluationTrace* trace)
{
    RuleEvaluator evaluator(ruleSet, request, context, caches, trace, RuleEvaluator::Walk::Linear);
    return evaluator.run();
}

} // namespace tollgate
