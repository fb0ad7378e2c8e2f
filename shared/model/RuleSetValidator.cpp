#include "RuleSetValidator.h"

#include "DefinitionValidator.h"
#include "NameSuggestion.h"
#include "PathSegment.h"
#include "RouteCallGraph.h"
#include "RuleValidator.h"
#include "ValidationContext.h"

namespace tollgate {

namespace {

using NameStyle = ValidationContext::NameStyle;

/// True when `rule` runs for every request that reaches it and never lets the next rule of its
/// route run: enabled, with no conditions, and stopping or ending the evaluation.
bool alwaysLeavesRoute(const Rule& rule)
{
    if (!rule.enabled || !rule.conditions.isEmpty())
        return false;
    if (rule.then == RuleContinuation::Stop)
        return true;
    return std::any_of(rule.actions.begin(), rule.actions.end(),
                       [](const Action& action) { return isTerminalAction(action.kind); });
}

void checkMainExists(ValidationContext* context)
{
    const QString main = QString::fromUtf16(MainRouteName);
    if (context->ruleSet().findRoute(main))
        return;
    QStringList names;
    for (const Route& route : context->ruleSet().routes)
        names.append(route.name);
    const QString suggestion = suggestName(main, names);
    const QString hint = suggestion.isEmpty() ? QStringLiteral("every initial request enters route MAIN; add it")
                                              : QStringLiteral("did you mean to name route %1 MAIN?").arg(suggestion);
    context->error(QString(), QStringLiteral("route MAIN is missing"), hint);
}

void checkRoute(ValidationContext* context, RuleValidator* rules, const Route& route, const QString& path)
{
    const QString noun = QStringLiteral("rule");
    QSet<QString> seen;
    seen.reserve(route.rules.size());
    QString blocker; // Path segment of the first rule after which no rule of this route can run.
    for (qsizetype i = 0; i < route.rules.size(); ++i) {
        const Rule& rule = route.rules.at(i);
        const QString rulePath = joinPath(path, PathSegment::rule(rule.name, int(i + 1)));
        context->checkName(rulePath, noun, NameStyle::LowerKebabCase, rule.name);
        context->checkUnique(&seen, rulePath, noun, NameStyle::LowerKebabCase, rule.name);
        if (!blocker.isEmpty() && rule.enabled) {
            context->warning(rulePath,
                             QStringLiteral("rule can never run: %1 before it has no conditions and always leaves "
                                            "the route")
                                 .arg(blocker),
                             QStringLiteral("move it above %1, or give that rule a condition").arg(blocker));
        }
        rules->checkRule(rule, rulePath);
        if (blocker.isEmpty() && alwaysLeavesRoute(rule))
            blocker = PathSegment::rule(rule.name, int(i + 1));
    }
}

void checkRoutes(ValidationContext* context)
{
    checkMainExists(context);
    RuleValidator rules(context);
    const QString noun = QStringLiteral("route");
    QSet<QString> seen;
    const QList<Route>& routes = context->ruleSet().routes;
    for (qsizetype i = 0; i < routes.size(); ++i) {
        const Route& route = routes.at(i);
        const QString path = PathSegment::route(route.name, int(i + 1));
        context->checkName(path, noun, NameStyle::UpperSnakeCase, route.name);
        context->checkUnique(&seen, path, noun, NameStyle::UpperSnakeCase, route.name);
        checkRoute(context, &rules, route, path);
    }
}

void checkRouteCalls(ValidationContext* context)
{
    const RouteCallGraph graph(context->ruleSet());
    for (const RouteCallGraph::Cycle& cycle : graph.cycles()) {
        context->error(cycle.path,
                       QStringLiteral("route call cycle %1").arg(cycle.routes.join(QStringLiteral(" \u2192 "))),
                       QStringLiteral("a route cannot call itself, directly or through other routes"));
    }

    if (!context->ruleSet().findRoute(QString::fromUtf16(MainRouteName)))
        return; // Already reported; every route would otherwise look unreachable.
    const QSet<QString> reachable = graph.reachableFromMain();
    QSet<QString> reported;
    const QList<Route>& routes = context->ruleSet().routes;
    for (qsizetype i = 0; i < routes.size(); ++i) {
        const Route& route = routes.at(i);
        if (route.name.isEmpty() || reachable.contains(route.name) || reported.contains(route.name))
            continue;
        reported.insert(route.name);
        context->warning(PathSegment::route(route.name, int(i + 1)), QStringLiteral("route is never called from MAIN"),
                         QStringLiteral("no request can reach it; call it with a callRoute action or remove it"));
    }
}

} // namespace

Diagnostics RuleSetValidator::validate(const RuleSet& ruleSet)
{
    ValidationContext context(ruleSet);
    DefinitionValidator definitions(&context);
    definitions.checkFlags();
    definitions.checkCarriers();
    definitions.checkGroups();
    definitions.checkCaches();
    checkRoutes(&context);
    checkRouteCalls(&context);
    return context.takeDiagnostics();
}

} // namespace tollgate
