// Builders and the base ruleset shared by the validator tests: a small, valid ruleset in which
// each test row breaks exactly one thing.
#pragma once

#include "model/RuleSet.h"
#include "model/Diagnostic.h"

#include <QMetaType>
#include <QStringList>
#include <functional>

namespace tollgate::test {

using Mutation = std::function<void(RuleSet*)>;

inline Condition condition(ConditionKind kind)
{
    Condition result;
    result.kind = kind;
    return result;
}

inline Condition methods(const QStringList& list)
{
    Condition result = condition(ConditionKind::Method);
    result.methods = list;
    return result;
}

inline Condition flagIsSet(const QString& flag)
{
    Condition result = condition(ConditionKind::Flag);
    result.flag = flag;
    return result;
}

inline Condition match(const QString& field, MatchOp op, const QString& value)
{
    Condition result = condition(ConditionKind::Match);
    result.field = field;
    result.op = op;
    result.value = value;
    return result;
}

inline Action action(ActionKind kind)
{
    Action result;
    result.kind = kind;
    return result;
}

inline Action setFlag(const QString& flag)
{
    Action result = action(ActionKind::SetFlag);
    result.flag = flag;
    return result;
}

inline Action reply(int code, const QString& reason)
{
    Action result = action(ActionKind::Reply);
    result.code = code;
    result.reason = reason;
    return result;
}

inline Action callRoute(const QString& route)
{
    Action result = action(ActionKind::CallRoute);
    result.route = route;
    return result;
}

inline Action relayToGroup(const QString& group)
{
    Action result = action(ActionKind::Relay);
    result.group = group;
    return result;
}

inline Action relayToUri(const QString& uri)
{
    Action result = action(ActionKind::Relay);
    result.uri = uri;
    return result;
}

inline Action setTimer(int milliseconds)
{
    Action result = action(ActionKind::SetTimer);
    result.milliseconds = milliseconds;
    return result;
}

inline Action log(const QString& message)
{
    Action result = action(ActionKind::Log);
    result.level = QStringLiteral("info");
    result.message = message;
    return result;
}

inline Action cacheLoad(const QString& variable)
{
    Action result = action(ActionKind::CacheLoad);
    result.cache = QStringLiteral("associations");
    result.key = QStringLiteral("{call_id}");
    result.variable = variable;
    return result;
}

inline Action rewriteUri(const QString& part, const QString& value)
{
    Action result = action(ActionKind::RewriteUri);
    result.part = part;
    result.value = value;
    return result;
}

inline Action header(ActionKind kind, const QString& name, const QString& value = {})
{
    Action result = action(kind);
    result.header = name;
    result.value = value;
    return result;
}

inline Rule rule(const QString& name, QList<Condition> conditions, QList<Action> actions, RuleContinuation then)
{
    Rule result;
    result.name = name;
    result.conditions = std::move(conditions);
    result.actions = std::move(actions);
    result.then = then;
    return result;
}

inline Route route(const QString& name, QList<Rule> rules)
{
    Route result;
    result.name = name;
    result.rules = std::move(rules);
    return result;
}

/// A small valid ruleset every row starts from: the seed case plus a carrier relay.
/// MAIN: options-internal, options, carrier-to-core; INTERNAL_TO_EXTERNAL_RELAY: relay-by-request-uri.
inline RuleSet baseRuleSet()
{
    RuleSet ruleSet;
    ruleSet.flags = {{QStringLiteral("INTERNALLY_SOURCED"), QStringLiteral("From our core.")}};
    Carrier core;
    core.name = QStringLiteral("core");
    core.trusted = true;
    core.addresses = {{QStringLiteral("127.0.0.1"), 5080, Transport::Any}};
    Carrier acme;
    acme.name = QStringLiteral("acme");
    acme.addresses = {{QStringLiteral("203.0.113.0/24"), 0, Transport::Any}};
    ruleSet.carriers = {core, acme};
    DestinationGroup group;
    group.name = QStringLiteral("core");
    Destination destination;
    destination.uri = QStringLiteral("sip:127.0.0.1:5080");
    group.destinations = {destination};
    ruleSet.groups = {group};
    ruleSet.caches = {{QStringLiteral("associations"), QString(), 7200, 100000}};

    Action sticky = relayToGroup(QStringLiteral("core"));
    sticky.stickyCache = QStringLiteral("associations");
    sticky.stickyKey = QStringLiteral("{call_id}");
    const QString relayRoute = QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY");
    ruleSet.routes = {
        route(QStringLiteral("MAIN"),
              {rule(QStringLiteral("options-internal"),
                    {methods({QStringLiteral("OPTIONS")}), flagIsSet(QStringLiteral("INTERNALLY_SOURCED"))},
                    {callRoute(relayRoute)}, RuleContinuation::Stop),
               rule(QStringLiteral("options"), {methods({QStringLiteral("OPTIONS")})},
                    {reply(503, QStringLiteral("Options Reply"))}, RuleContinuation::Stop),
               rule(QStringLiteral("carrier-to-core"), {condition(ConditionKind::SourceAnyCarrier)},
                    {setTimer(2000), sticky}, RuleContinuation::Stop)}),
        route(relayRoute, {rule(QStringLiteral("relay-by-request-uri"), {}, {relayToUri(QStringLiteral("{ruri}"))},
                                RuleContinuation::Stop)}),
    };
    return ruleSet;
}

inline Rule& mainRule(RuleSet* ruleSet, int index)
{
    return ruleSet->routes[0].rules[index];
}

constexpr int OptionsInternal = 0;
constexpr int Options = 1;
constexpr int CarrierToCore = 2;

inline Carrier& acme(RuleSet* ruleSet)
{
    return ruleSet->carriers[1];
}

inline DestinationGroup& coreGroup(RuleSet* ruleSet)
{
    return ruleSet->groups[0];
}

inline QString joined(const Diagnostics& diagnostics)
{
    QStringList lines;
    for (const Diagnostic& diagnostic : diagnostics)
        lines << diagnostic.toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace tollgate::test

Q_DECLARE_METATYPE(tollgate::test::Mutation)
