#include "RuleSetJsonWriter.h"

#include "RuleSetJson.h"

namespace tollgate {

namespace {

using Layout = OrderedJsonValue::Layout;

OrderedJsonValue text(const QString& value)
{
    return OrderedJsonValue::string(value);
}

OrderedJsonValue number(qint64 value)
{
    return OrderedJsonValue::integer(value);
}

OrderedJsonValue boolean(bool value)
{
    return OrderedJsonValue::boolean(value);
}

OrderedJsonValue stringList(const QStringList& values)
{
    OrderedJsonValue array = OrderedJsonValue::array(Layout::Inline);
    for (const QString& value : values)
        array.append(text(value));
    return array;
}

OrderedJsonValue integerList(const QList<int>& values)
{
    OrderedJsonValue array = OrderedJsonValue::array(Layout::Inline);
    for (int value : values)
        array.append(number(value));
    return array;
}

/// A block array of the items of `list`, each converted by `convert`.
template <typename T, typename Convert>
OrderedJsonValue blockArray(const QList<T>& list, Convert convert)
{
    OrderedJsonValue array = OrderedJsonValue::array(Layout::Block);
    for (const T& item : list)
        array.append(convert(item));
    return array;
}

/// A block array of the named entities of `list`, in canonical order.
template <typename T>
OrderedJsonValue sortedEntities(const QList<T>& list, bool (*less)(const QString&, const QString&),
                                OrderedJsonValue (*convert)(const T&))
{
    OrderedJsonValue array = OrderedJsonValue::array(Layout::Block);
    for (qsizetype index : RuleSetJsonWriter::canonicalOrder(list, less))
        array.append(convert(list.at(index)));
    return array;
}

OrderedJsonValue address(const CarrierAddress& address)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Inline);
    object.insert(QStringLiteral("address"), text(address.address));
    object.insert(QStringLiteral("port"), number(address.port));
    object.insert(QStringLiteral("transport"), text(transportName(address.transport)));
    return object;
}

OrderedJsonValue mapping(const IpMapping& mapping)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Inline);
    object.insert(QStringLiteral("private"), text(mapping.privateAddress));
    object.insert(QStringLiteral("public"), text(mapping.publicAddress));
    return object;
}

OrderedJsonValue destination(const Destination& destination)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Inline);
    if (!destination.name.isEmpty())
        object.insert(QStringLiteral("name"), text(destination.name));
    object.insert(QStringLiteral("uri"), text(destination.uri));
    object.insert(QStringLiteral("priority"), number(destination.priority));
    object.insert(QStringLiteral("weight"), number(destination.weight));
    object.insert(QStringLiteral("enabled"), boolean(destination.enabled));
    object.insert(QStringLiteral("description"), text(destination.description));
    return object;
}

OrderedJsonValue probe(const ProbeSettings& probe)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("enabled"), boolean(probe.enabled));
    object.insert(QStringLiteral("intervalMs"), number(probe.intervalMs));
    object.insert(QStringLiteral("timeoutMs"), number(probe.timeoutMs));
    object.insert(QStringLiteral("failureThreshold"), number(probe.failureThreshold));
    object.insert(QStringLiteral("recoveryThreshold"), number(probe.recoveryThreshold));
    object.insert(QStringLiteral("aliveCodes"), integerList(probe.aliveCodes));
    return object;
}

} // namespace

bool RuleSetJsonWriter::routeNameLess(const QString& a, const QString& b)
{
    const QString main = QString::fromUtf16(MainRouteName);
    const bool aIsMain = a == main;
    const bool bIsMain = b == main;
    if (aIsMain != bIsMain)
        return aIsMain;
    return a < b;
}

OrderedJsonValue RuleSetJsonWriter::ruleSet(const RuleSet& ruleSet)
{
    OrderedJsonValue document = OrderedJsonValue::object(Layout::Block);
    document.insert(QStringLiteral("format"), text(RuleSetJson::FormatName));
    document.insert(QStringLiteral("version"), number(RuleSetFormatVersion));
    document.insert(QStringLiteral("flags"), sortedEntities(ruleSet.flags, nameLess, &RuleSetJsonWriter::flag));
    document.insert(QStringLiteral("carriers"),
                    sortedEntities(ruleSet.carriers, nameLess, &RuleSetJsonWriter::carrier));
    document.insert(QStringLiteral("groups"), sortedEntities(ruleSet.groups, nameLess, &RuleSetJsonWriter::group));
    document.insert(QStringLiteral("caches"), sortedEntities(ruleSet.caches, nameLess, &RuleSetJsonWriter::cache));
    document.insert(QStringLiteral("routes"), sortedEntities(ruleSet.routes, routeNameLess, &RuleSetJsonWriter::route));
    return document;
}

OrderedJsonValue RuleSetJsonWriter::flag(const FlagDefinition& flag)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("name"), text(flag.name));
    object.insert(QStringLiteral("description"), text(flag.description));
    return object;
}

OrderedJsonValue RuleSetJsonWriter::carrier(const Carrier& carrier)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("name"), text(carrier.name));
    object.insert(QStringLiteral("description"), text(carrier.description));
    object.insert(QStringLiteral("trusted"), boolean(carrier.trusted));
    object.insert(QStringLiteral("addresses"), blockArray(carrier.addresses, address));
    object.insert(QStringLiteral("mappings"), blockArray(carrier.mappings, mapping));
    object.insert(QStringLiteral("maxConcurrentCalls"), number(carrier.maxConcurrentCalls));
    object.insert(QStringLiteral("maxCallsPerSecond"), number(carrier.maxCallsPerSecond));
    return object;
}

OrderedJsonValue RuleSetJsonWriter::group(const DestinationGroup& group)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("name"), text(group.name));
    object.insert(QStringLiteral("description"), text(group.description));
    object.insert(QStringLiteral("algorithm"), text(groupAlgorithmName(group.algorithm)));
    object.insert(QStringLiteral("destinations"), blockArray(group.destinations, destination));
    object.insert(QStringLiteral("probe"), probe(group.probe));
    object.insert(QStringLiteral("failoverCodes"), integerList(group.failoverCodes));
    object.insert(QStringLiteral("failoverOnTimeout"), boolean(group.failoverOnTimeout));
    object.insert(QStringLiteral("finalReplyTimerMs"), number(group.finalReplyTimerMs));
    return object;
}

OrderedJsonValue RuleSetJsonWriter::cache(const CacheDefinition& cache)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("name"), text(cache.name));
    object.insert(QStringLiteral("description"), text(cache.description));
    object.insert(QStringLiteral("ttlSeconds"), number(cache.ttlSeconds));
    object.insert(QStringLiteral("maxEntries"), number(cache.maxEntries));
    return object;
}

OrderedJsonValue RuleSetJsonWriter::route(const Route& route)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("name"), text(route.name));
    object.insert(QStringLiteral("description"), text(route.description));
    object.insert(QStringLiteral("rules"), blockArray(route.rules, &RuleSetJsonWriter::rule));
    return object;
}

OrderedJsonValue RuleSetJsonWriter::rule(const Rule& rule)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Block);
    object.insert(QStringLiteral("name"), text(rule.name));
    object.insert(QStringLiteral("description"), text(rule.description));
    object.insert(QStringLiteral("enabled"), boolean(rule.enabled));
    object.insert(QStringLiteral("conditions"), blockArray(rule.conditions, &RuleSetJsonWriter::condition));
    object.insert(QStringLiteral("actions"), blockArray(rule.actions, &RuleSetJsonWriter::action));
    object.insert(QStringLiteral("then"),
                  text(rule.then == RuleContinuation::Stop ? QStringLiteral("stop") : QStringLiteral("continue")));
    return object;
}

OrderedJsonValue RuleSetJsonWriter::condition(const Condition& condition)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Inline);
    object.insert(QStringLiteral("kind"), text(conditionKindName(condition.kind)));
    if (condition.negate)
        object.insert(QStringLiteral("negate"), boolean(true));
    switch (condition.kind) {
    case ConditionKind::Method:
        object.insert(QStringLiteral("methods"), stringList(condition.methods));
        break;
    case ConditionKind::Flag:
        object.insert(QStringLiteral("flag"), text(condition.flag));
        break;
    case ConditionKind::SourceCarrier:
        object.insert(QStringLiteral("carrier"), text(condition.carrier));
        break;
    case ConditionKind::SourceAnyCarrier:
    case ConditionKind::SourceTrusted:
    case ConditionKind::InDialog:
        break;
    case ConditionKind::SourceCidr:
        object.insert(QStringLiteral("cidr"), text(condition.cidr));
        break;
    case ConditionKind::Transport:
        object.insert(QStringLiteral("transports"), stringList(condition.transports));
        break;
    case ConditionKind::Match:
        object.insert(QStringLiteral("field"), text(condition.field));
        object.insert(QStringLiteral("op"), text(matchOpName(condition.op)));
        object.insert(QStringLiteral("value"), text(condition.value));
        break;
    case ConditionKind::HeaderPresent:
        object.insert(QStringLiteral("header"), text(condition.header));
        break;
    case ConditionKind::CacheHasKey:
        object.insert(QStringLiteral("cache"), text(condition.cache));
        object.insert(QStringLiteral("key"), text(condition.key));
        break;
    }
    return object;
}

OrderedJsonValue RuleSetJsonWriter::action(const Action& action)
{
    OrderedJsonValue object = OrderedJsonValue::object(Layout::Inline);
    object.insert(QStringLiteral("kind"), text(actionKindName(action.kind)));
    const auto insertIfSet = [&object](const QString& key, const QString& value) {
        if (!value.isEmpty())
            object.insert(key, text(value));
    };
    switch (action.kind) {
    case ActionKind::SetFlag:
    case ActionKind::ClearFlag:
        object.insert(QStringLiteral("flag"), text(action.flag));
        break;
    case ActionKind::Reply:
        object.insert(QStringLiteral("code"), number(action.code));
        object.insert(QStringLiteral("reason"), text(action.reason));
        break;
    case ActionKind::Relay:
        // A relay names either a group or a URI; sticky fields only matter for groups. Writing
        // only what is set keeps the line short and says which form this relay takes.
        insertIfSet(QStringLiteral("group"), action.group);
        insertIfSet(QStringLiteral("uri"), action.uri);
        insertIfSet(QStringLiteral("stickyCache"), action.stickyCache);
        insertIfSet(QStringLiteral("stickyKey"), action.stickyKey);
        break;
    case ActionKind::CallRoute:
        object.insert(QStringLiteral("route"), text(action.route));
        break;
    case ActionKind::SetTimer:
        object.insert(QStringLiteral("milliseconds"), number(action.milliseconds));
        break;
    case ActionKind::CacheStore:
        object.insert(QStringLiteral("cache"), text(action.cache));
        object.insert(QStringLiteral("key"), text(action.key));
        object.insert(QStringLiteral("value"), text(action.value));
        break;
    case ActionKind::CacheLoad:
        object.insert(QStringLiteral("cache"), text(action.cache));
        object.insert(QStringLiteral("key"), text(action.key));
        object.insert(QStringLiteral("variable"), text(action.variable));
        break;
    case ActionKind::CacheDelete:
        object.insert(QStringLiteral("cache"), text(action.cache));
        object.insert(QStringLiteral("key"), text(action.key));
        break;
    case ActionKind::RewriteUri:
        object.insert(QStringLiteral("part"), text(action.part));
        object.insert(QStringLiteral("value"), text(action.value));
        break;
    case ActionKind::AddHeader:
        object.insert(QStringLiteral("header"), text(action.header));
        object.insert(QStringLiteral("value"), text(action.value));
        break;
    case ActionKind::RemoveHeader:
        object.insert(QStringLiteral("header"), text(action.header));
        break;
    case ActionKind::Log:
        object.insert(QStringLiteral("level"), text(action.level));
        object.insert(QStringLiteral("message"), text(action.message));
        break;
    case ActionKind::ApplyCarrierMapping:
    case ActionKind::Drop:
        break;
    }
    return object;
}

} // namespace tollgate
