#pragma once

#include "model/RuleSet.h"

#include <QList>
#include <QString>
#include <QStringList>

// Short constructors for the rule engine tests: a ruleset reads like its JSON form.
namespace tollgate::test::rules {

inline Condition method(const QStringList& methods)
{
    Condition condition;
    condition.kind = ConditionKind::Method;
    condition.methods = methods;
    return condition;
}

inline Condition flag(const QString& name)
{
    Condition condition;
    condition.kind = ConditionKind::Flag;
    condition.flag = name;
    return condition;
}

inline Condition sourceCarrier(const QString& name)
{
    Condition condition;
    condition.kind = ConditionKind::SourceCarrier;
    condition.carrier = name;
    return condition;
}

inline Condition sourceAnyCarrier()
{
    Condition condition;
    condition.kind = ConditionKind::SourceAnyCarrier;
    return condition;
}

inline Condition sourceTrusted()
{
    Condition condition;
    condition.kind = ConditionKind::SourceTrusted;
    return condition;
}

inline Condition sourceCidr(const QString& cidr)
{
    Condition condition;
    condition.kind = ConditionKind::SourceCidr;
    condition.cidr = cidr;
    return condition;
}

inline Condition transport(const QStringList& transports)
{
    Condition condition;
    condition.kind = ConditionKind::Transport;
    condition.transports = transports;
    return condition;
}

inline Condition match(const QString& field, MatchOp op, const QString& value)
{
    Condition condition;
    condition.kind = ConditionKind::Match;
    condition.field = field;
    condition.op = op;
    condition.value = value;
    return condition;
}

inline Condition headerPresent(const QString& header)
{
    Condition condition;
    condition.kind = ConditionKind::HeaderPresent;
    condition.header = header;
    return condition;
}

inline Condition inDialog()
{
    Condition condition;
    condition.kind = ConditionKind::InDialog;
    return condition;
}

inline Condition cacheHasKey(const QString& cache, const QString& key)
{
    Condition condition;
    condition.kind = ConditionKind::CacheHasKey;
    condition.cache = cache;
    condition.key = key;
    return condition;
}

inline Condition negated(Condition condition)
{
    condition.negate = !condition.negate;
    return condition;
}

inline Action setFlag(const QString& name)
{
    Action action;
    action.kind = ActionKind::SetFlag;
    action.flag = name;
    return action;
}

inline Action clearFlag(const QString& name)
{
    Action action;
    action.kind = ActionKind::ClearFlag;
    action.flag = name;
    return action;
}

inline Action reply(int code, const QString& reason)
{
    Action action;
    action.kind = ActionKind::Reply;
    action.code = code;
    action.reason = reason;
    return action;
}

inline Action relayToGroup(const QString& group, const QString& stickyCache = {}, const QString& stickyKey = {})
{
    Action action;
    action.kind = ActionKind::Relay;
    action.group = group;
    action.stickyCache = stickyCache;
    action.stickyKey = stickyKey;
    return action;
}

inline Action relayToUri(const QString& uri)
{
    Action action;
    action.kind = ActionKind::Relay;
    action.uri = uri;
    return action;
}

inline Action callRoute(const QString& route)
{
    Action action;
    action.kind = ActionKind::CallRoute;
    action.route = route;
    return action;
}

inline Action setTimer(int milliseconds)
{
    Action action;
    action.kind = ActionKind::SetTimer;
    action.milliseconds = milliseconds;
    return action;
}

inline Action cacheStore(const QString& cache, const QString& key, const QString& value)
{
    Action action;
    action.kind = ActionKind::CacheStore;
    action.cache = cache;
    action.key = key;
    action.value = value;
    return action;
}

inline Action cacheLoad(const QString& cache, const QString& key, const QString& variable)
{
    Action action;
    action.kind = ActionKind::CacheLoad;
    action.cache = cache;
    action.key = key;
    action.variable = variable;
    return action;
}

inline Action cacheDelete(const QString& cache, const QString& key)
{
    Action action;
    action.kind = ActionKind::CacheDelete;
    action.cache = cache;
    action.key = key;
    return action;
}

inline Action rewriteUri(const QString& part, const QString& value)
{
    Action action;
    action.kind = ActionKind::RewriteUri;
    action.part = part;
    action.value = value;
    return action;
}

inline Action addHeader(const QString& header, const QString& value)
{
    Action action;
    action.kind = ActionKind::AddHeader;
    action.header = header;
    action.value = value;
    return action;
}

inline Action removeHeader(const QString& header)
{
    Action action;
    action.kind = ActionKind::RemoveHeader;
    action.header = header;
    return action;
}

inline Action applyCarrierMapping()
{
    Action action;
    action.kind = ActionKind::ApplyCarrierMapping;
    return action;
}

inline Action log(const QString& level, const QString& message)
{
    Action action;
    action.kind = ActionKind::Log;
    action.level = level;
    action.message = message;
    return action;
}

inline Action drop()
{
    Action action;
    action.kind = ActionKind::Drop;
    return action;
}

inline Rule rule(const QString& name, const QList<Condition>& conditions, const QList<Action>& actions,
                 RuleContinuation then = RuleContinuation::Continue, bool enabled = true)
{
    Rule result;
    result.name = name;
    result.conditions = conditions;
    result.actions = actions;
    result.then = then;
    result.enabled = enabled;
    return result;
}

inline Route route(const QString& name, const QList<Rule>& rules)
{
    Route result;
    result.name = name;
    result.rules = rules;
    return result;
}

inline Carrier carrier(const QString& name, const QList<CarrierAddress>& addresses, bool trusted = false,
                       const QList<IpMapping>& mappings = {})
{
    Carrier result;
    result.name = name;
    result.addresses = addresses;
    result.trusted = trusted;
    result.mappings = mappings;
    return result;
}

inline DestinationGroup group(const QString& name, const QStringList& uris)
{
    DestinationGroup result;
    result.name = name;
    for (const QString& uri : uris) {
        Destination destination;
        destination.uri = uri;
        result.destinations << destination;
    }
    return result;
}

inline CacheDefinition cache(const QString& name, int ttlSeconds = 3600, int maxEntries = 1000)
{
    CacheDefinition result;
    result.name = name;
    result.ttlSeconds = ttlSeconds;
    result.maxEntries = maxEntries;
    return result;
}

inline FlagDefinition flagDefinition(const QString& name)
{
    FlagDefinition result;
    result.name = name;
    return result;
}

/// The starter ruleset's OPTIONS handling: OPTIONS from the trusted core are relayed to the
/// carrier by route INTERNAL_TO_EXTERNAL_RELAY; OPTIONS from a carrier get 503 Options Reply.
inline RuleSet seedRuleSet()
{
    RuleSet ruleSet;
    ruleSet.flags << flagDefinition(QStringLiteral("INTERNALLY_SOURCED"));
    ruleSet.carriers << carrier(QStringLiteral("core"), {{QStringLiteral("127.0.0.1"), 5080, Transport::Any}}, true)
                     << carrier(QStringLiteral("demo-carrier"), {{QStringLiteral("127.0.0.0/8"), 0, Transport::Any}});
    ruleSet.groups << group(QStringLiteral("core"), {QStringLiteral("sip:127.0.0.1:5080")})
                   << group(QStringLiteral("demo-carrier"), {QStringLiteral("sip:127.0.0.1:5090")});
    ruleSet.routes << route(QStringLiteral("MAIN"),
                            {rule(QStringLiteral("mark-internal"), {sourceTrusted()},
                                  {setFlag(QStringLiteral("INTERNALLY_SOURCED"))}),
                             rule(QStringLiteral("options-internal"),
                                  {method({QStringLiteral("OPTIONS")}), flag(QStringLiteral("INTERNALLY_SOURCED"))},
                                  {callRoute(QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY"))}, RuleContinuation::Stop),
                             rule(QStringLiteral("options-external"), {method({QStringLiteral("OPTIONS")})},
                                  {reply(503, QStringLiteral("Options Reply"))})})
                   << route(QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY"),
                            {rule(QStringLiteral("to-carrier"), {}, {relayToGroup(QStringLiteral("demo-carrier"))})});
    return ruleSet;
}

} // namespace tollgate::test::rules
