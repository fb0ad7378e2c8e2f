#include "RuleSetJsonReader.h"

#include "JsonObjectReader.h"
#include "PathSegment.h"
#include "RuleSetJson.h"

#include <QJsonArray>

namespace tollgate {

namespace {

using Presence = JsonObjectReader::Presence;
constexpr Presence Required = Presence::Required;
constexpr Presence Optional = Presence::Optional;

/// The name of an entity object before it is read, for its path; empty when it has none.
QString peekName(const QJsonValue& value)
{
    return value.toObject().value(QStringLiteral("name")).toString();
}

// The enumerations' spellings, built once: a large document has tens of thousands of conditions
// and actions. (The condition and action kinds' lists come from the model.)

const QStringList& matchOpNames()
{
    static const QStringList names{matchOpName(MatchOp::Exact), matchOpName(MatchOp::Prefix),
                                   matchOpName(MatchOp::Regex)};
    return names;
}

const QList<GroupAlgorithm>& groupAlgorithms()
{
    static const QList<GroupAlgorithm> algorithms{GroupAlgorithm::PriorityFailover, GroupAlgorithm::RoundRobin,
                                                  GroupAlgorithm::Weighted, GroupAlgorithm::CallIdHash};
    return algorithms;
}

const QStringList& groupAlgorithmNames()
{
    static const QStringList names = [] {
        QStringList result;
        for (GroupAlgorithm algorithm : groupAlgorithms())
            result << groupAlgorithmName(algorithm);
        return result;
    }();
    return names;
}

const QList<Transport>& transports()
{
    static const QList<Transport> all{Transport::Any, Transport::Udp, Transport::Tcp, Transport::Tls};
    return all;
}

const QStringList& transportNames()
{
    static const QStringList names = [] {
        QStringList result;
        for (Transport transport : transports())
            result << transportName(transport);
        return result;
    }();
    return names;
}

const QStringList& continuationNames()
{
    static const QStringList names{QStringLiteral("continue"), QStringLiteral("stop")};
    return names;
}

} // namespace

RuleSetJsonReader::RuleSetJsonReader(JsonReadProblems* problems)
    : m_problems(problems)
{}

void RuleSetJsonReader::read(const QJsonObject& document, RuleSet* ruleSet)
{
    if (!checkFormatAndVersion(document) || !checkCountLimits(document))
        return;

    JsonObjectReader root(document, QString(), m_problems);
    root.markKnown(QStringLiteral("format"));
    root.markKnown(QStringLiteral("version"));
    QJsonArray flags, carriers, groups, caches, routes;
    root.readArray(QStringLiteral("flags"), Optional, &flags);
    root.readArray(QStringLiteral("carriers"), Optional, &carriers);
    root.readArray(QStringLiteral("groups"), Optional, &groups);
    root.readArray(QStringLiteral("caches"), Optional, &caches);
    root.readArray(QStringLiteral("routes"), Optional, &routes);
    root.reportUnknownKeys(QStringLiteral("a ruleset document"));

    RuleSet result;
    result.flags.reserve(flags.size());
    result.carriers.reserve(carriers.size());
    result.groups.reserve(groups.size());
    result.caches.reserve(caches.size());
    result.routes.reserve(routes.size());
    for (qsizetype i = 0; i < flags.size(); ++i)
        result.flags.append(readFlag(flags.at(i), int(i + 1)));
    for (qsizetype i = 0; i < carriers.size(); ++i)
        result.carriers.append(readCarrier(carriers.at(i), int(i + 1)));
    for (qsizetype i = 0; i < groups.size(); ++i)
        result.groups.append(readGroup(groups.at(i), int(i + 1)));
    for (qsizetype i = 0; i < caches.size(); ++i)
        result.caches.append(readCache(caches.at(i), int(i + 1)));
    for (qsizetype i = 0; i < routes.size(); ++i)
        result.routes.append(readRoute(routes.at(i), int(i + 1)));
    *ruleSet = std::move(result);
}

bool RuleSetJsonReader::checkFormatAndVersion(const QJsonObject& document)
{
    const QJsonValue format = document.value(QStringLiteral("format"));
    if (format.isUndefined()) {
        m_problems->add(
            QString(), QStringLiteral("missing required key \"format\""),
            QStringLiteral("a ruleset document starts with \"format\": \"%1\"").arg(RuleSetJson::FormatName));
        return false;
    }
    if (format.toString() != RuleSetJson::FormatName) {
        const QString got = format.isString() ? QLatin1Char('"') + format.toString() + QLatin1Char('"')
                                              : JsonObjectReader::describeType(format);
        m_problems->add(QStringLiteral("format"), QStringLiteral("not a Tollgate ruleset: format is %1").arg(got),
                        QStringLiteral("expected \"%1\"").arg(RuleSetJson::FormatName));
        return false;
    }

    JsonObjectReader root(document, QString(), m_problems);
    int version = 0;
    if (!root.readInt(QStringLiteral("version"), Required, &version))
        return false;
    if (version > RuleSetFormatVersion) {
        m_problems->add(QStringLiteral("version"),
                        QStringLiteral("format version %1 is newer than this build of Tollgate reads (version %2)")
                            .arg(version)
                            .arg(RuleSetFormatVersion),
                        QStringLiteral("upgrade Tollgate to read this document"));
        return false;
    }
    if (version < 1) {
        m_problems->add(QStringLiteral("version"), QStringLiteral("unknown format version %1").arg(version),
                        QStringLiteral("format versions start at 1"));
        return false;
    }
    return true;
}

bool RuleSetJsonReader::checkCountLimits(const QJsonObject& document)
{
    bool withinLimits = true;
    const auto check = [&](const QString& path, const QString& what, qsizetype count, int limit) {
        if (count > limit) {
            m_problems->add(path, QStringLiteral("too many %1: %2 (the limit is %3)")
                                      .arg(what, QString::number(count), QString::number(limit)));
            withinLimits = false;
        }
    };
    const auto arrayOf = [](const QJsonObject& object, const char* key) {
        return object.value(QLatin1String(key)).toArray();
    };

    check(QStringLiteral("flags"), QStringLiteral("flags"), arrayOf(document, "flags").size(), RuleSetLimits::MaxFlags);
    check(QStringLiteral("carriers"), QStringLiteral("carriers"), arrayOf(document, "carriers").size(),
          RuleSetLimits::MaxCarriers);
    check(QStringLiteral("caches"), QStringLiteral("caches"), arrayOf(document, "caches").size(),
          RuleSetLimits::MaxCaches);

    const QJsonArray groups = arrayOf(document, "groups");
    check(QStringLiteral("groups"), QStringLiteral("groups"), groups.size(), RuleSetLimits::MaxGroups);
    for (qsizetype i = 0; i < groups.size() && withinLimits; ++i) {
        const QString path =
            joinPath(PathSegment::group(peekName(groups.at(i)), int(i + 1)), QStringLiteral("destinations"));
        check(path, QStringLiteral("destinations"), arrayOf(groups.at(i).toObject(), "destinations").size(),
              RuleSetLimits::MaxDestinationsPerGroup);
    }

    const QJsonArray routes = arrayOf(document, "routes");
    check(QStringLiteral("routes"), QStringLiteral("routes"), routes.size(), RuleSetLimits::MaxRoutes);
    qsizetype ruleCount = 0;
    for (const QJsonValue& route : routes)
        ruleCount += arrayOf(route.toObject(), "rules").size();
    check(QStringLiteral("routes"), QStringLiteral("rules over all routes"), ruleCount, RuleSetLimits::MaxRules);
    return withinLimits;
}

bool RuleSetJsonReader::expectObject(const QJsonValue& value, const LazyPath& path, QJsonObject* object)
{
    if (!value.isObject()) {
        m_problems->add(path.toString(),
                        QStringLiteral("expected an object, got %1").arg(JsonObjectReader::describeType(value)));
        return false;
    }
    *object = value.toObject();
    return true;
}

FlagDefinition RuleSetJsonReader::readFlag(const QJsonValue& value, int position)
{
    FlagDefinition flag;
    const QString path = PathSegment::flag(peekName(value), position);
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return flag;
    JsonObjectReader reader(object, path, m_problems);
    reader.readString(QStringLiteral("name"), Required, &flag.name);
    reader.readString(QStringLiteral("description"), Optional, &flag.description);
    reader.reportUnknownKeys(QStringLiteral("a flag"));
    return flag;
}

Carrier RuleSetJsonReader::readCarrier(const QJsonValue& value, int position)
{
    Carrier carrier;
    const QString path = PathSegment::carrier(peekName(value), position);
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return carrier;
    JsonObjectReader reader(object, path, m_problems);
    reader.readString(QStringLiteral("name"), Required, &carrier.name);
    reader.readString(QStringLiteral("description"), Optional, &carrier.description);
    reader.readBool(QStringLiteral("trusted"), Optional, &carrier.trusted);
    QJsonArray addresses, mappings;
    if (reader.readArray(QStringLiteral("addresses"), Optional, &addresses)) {
        for (qsizetype i = 0; i < addresses.size(); ++i)
            carrier.addresses.append(readAddress(addresses.at(i), joinPath(path, PathSegment::address(int(i + 1)))));
    }
    if (reader.readArray(QStringLiteral("mappings"), Optional, &mappings)) {
        for (qsizetype i = 0; i < mappings.size(); ++i)
            carrier.mappings.append(readMapping(mappings.at(i), joinPath(path, PathSegment::mapping(int(i + 1)))));
    }
    reader.readInt(QStringLiteral("maxConcurrentCalls"), Optional, &carrier.maxConcurrentCalls);
    reader.readInt(QStringLiteral("maxCallsPerSecond"), Optional, &carrier.maxCallsPerSecond);
    reader.reportUnknownKeys(QStringLiteral("a carrier"));
    return carrier;
}

CarrierAddress RuleSetJsonReader::readAddress(const QJsonValue& value, const QString& path)
{
    CarrierAddress address;
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return address;
    JsonObjectReader reader(object, path, m_problems);
    reader.readString(QStringLiteral("address"), Required, &address.address);
    int port = 0;
    if (reader.readInt(QStringLiteral("port"), Optional, &port, 0, 65535))
        address.port = quint16(port);
    const int transport =
        reader.readEnum(QStringLiteral("transport"), Optional, transportNames(), QStringLiteral("transport"));
    if (transport >= 0)
        address.transport = transports().at(transport);
    reader.reportUnknownKeys(QStringLiteral("a carrier address"));
    return address;
}

IpMapping RuleSetJsonReader::readMapping(const QJsonValue& value, const QString& path)
{
    IpMapping mapping;
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return mapping;
    JsonObjectReader reader(object, path, m_problems);
    reader.readString(QStringLiteral("private"), Required, &mapping.privateAddress);
    reader.readString(QStringLiteral("public"), Required, &mapping.publicAddress);
    reader.reportUnknownKeys(QStringLiteral("an IP mapping"));
    return mapping;
}

DestinationGroup RuleSetJsonReader::readGroup(const QJsonValue& value, int position)
{
    DestinationGroup group;
    const QString path = PathSegment::group(peekName(value), position);
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return group;
    JsonObjectReader reader(object, path, m_problems);
    reader.readString(QStringLiteral("name"), Required, &group.name);
    reader.readString(QStringLiteral("description"), Optional, &group.description);
    const int algorithm = reader.readEnum(QStringLiteral("algorithm"), Optional, groupAlgorithmNames(),
                                          QStringLiteral("group algorithm"));
    if (algorithm >= 0)
        group.algorithm = groupAlgorithms().at(algorithm);
    QJsonArray destinations;
    if (reader.readArray(QStringLiteral("destinations"), Optional, &destinations)) {
        for (qsizetype i = 0; i < destinations.size(); ++i) {
            group.destinations.append(
                readDestination(destinations.at(i), joinPath(path, PathSegment::destination(int(i + 1)))));
        }
    }
    QJsonObject probe;
    if (reader.readObject(QStringLiteral("probe"), Optional, &probe))
        group.probe = readProbe(probe, joinPath(path, PathSegment::probe()));
    reader.readIntList(QStringLiteral("failoverCodes"), Optional, &group.failoverCodes);
    reader.readBool(QStringLiteral("failoverOnTimeout"), Optional, &group.failoverOnTimeout);
    reader.readInt(QStringLiteral("finalReplyTimerMs"), Optional, &group.finalReplyTimerMs);
    reader.reportUnknownKeys(QStringLiteral("a group"));
    return group;
}

Destination RuleSetJsonReader::readDestination(const QJsonValue& value, const QString& path)
{
    Destination destination;
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return destination;
    JsonObjectReader reader(object, path, m_problems);
    reader.readString(QStringLiteral("name"), Optional, &destination.name);
    reader.readString(QStringLiteral("uri"), Required, &destination.uri);
    reader.readInt(QStringLiteral("priority"), Optional, &destination.priority);
    reader.readInt(QStringLiteral("weight"), Optional, &destination.weight);
    reader.readBool(QStringLiteral("enabled"), Optional, &destination.enabled);
    reader.readString(QStringLiteral("description"), Optional, &destination.description);
    reader.reportUnknownKeys(QStringLiteral("a destination"));
    return destination;
}

ProbeSettings RuleSetJsonReader::readProbe(const QJsonObject& object, const QString& path)
{
    ProbeSettings probe;
    JsonObjectReader reader(object, path, m_problems);
    reader.readBool(QStringLiteral("enabled"), Optional, &probe.enabled);
    reader.readInt(QStringLiteral("intervalMs"), Optional, &probe.intervalMs);
    reader.readInt(QStringLiteral("timeoutMs"), Optional, &probe.timeoutMs);
    reader.readInt(QStringLiteral("failureThreshold"), Optional, &probe.failureThreshold);
    reader.readInt(QStringLiteral("recoveryThreshold"), Optional, &probe.recoveryThreshold);
    reader.readIntList(QStringLiteral("aliveCodes"), Optional, &probe.aliveCodes);
    reader.reportUnknownKeys(QStringLiteral("a probe"));
    return probe;
}

CacheDefinition RuleSetJsonReader::readCache(const QJsonValue& value, int position)
{
    CacheDefinition cache;
    const QString path = PathSegment::cache(peekName(value), position);
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return cache;
    JsonObjectReader reader(object, path, m_problems);
    reader.readString(QStringLiteral("name"), Required, &cache.name);
    reader.readString(QStringLiteral("description"), Optional, &cache.description);
    reader.readInt(QStringLiteral("ttlSeconds"), Optional, &cache.ttlSeconds);
    reader.readInt(QStringLiteral("maxEntries"), Optional, &cache.maxEntries);
    reader.reportUnknownKeys(QStringLiteral("a cache"));
    return cache;
}

Route RuleSetJsonReader::readRoute(const QJsonValue& value, int position)
{
    Route route;
    const QString path = PathSegment::route(peekName(value), position);
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return route;
    JsonObjectReader reader(object, path, m_problems);
    reader.readString(QStringLiteral("name"), Required, &route.name);
    reader.readString(QStringLiteral("description"), Optional, &route.description);
    QJsonArray rules;
    if (reader.readArray(QStringLiteral("rules"), Optional, &rules)) {
        route.rules.reserve(rules.size());
        for (qsizetype i = 0; i < rules.size(); ++i) {
            const QString rulePath = joinPath(path, PathSegment::rule(peekName(rules.at(i)), int(i + 1)));
            route.rules.append(readRule(rules.at(i), rulePath));
        }
    }
    reader.reportUnknownKeys(QStringLiteral("a route"));
    return route;
}

Rule RuleSetJsonReader::readRule(const QJsonValue& value, const QString& path)
{
    Rule rule;
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return rule;
    JsonObjectReader reader(object, path, m_problems);
    reader.readString(QStringLiteral("name"), Required, &rule.name);
    reader.readString(QStringLiteral("description"), Optional, &rule.description);
    reader.readBool(QStringLiteral("enabled"), Optional, &rule.enabled);
    QJsonArray conditions, actions;
    if (reader.readArray(QStringLiteral("conditions"), Optional, &conditions)) {
        rule.conditions.reserve(conditions.size());
        for (qsizetype i = 0; i < conditions.size(); ++i)
            rule.conditions.append(
                readCondition(conditions.at(i), LazyPath(path, &PathSegment::condition, int(i + 1))));
    }
    if (reader.readArray(QStringLiteral("actions"), Optional, &actions)) {
        rule.actions.reserve(actions.size());
        for (qsizetype i = 0; i < actions.size(); ++i)
            rule.actions.append(readAction(actions.at(i), LazyPath(path, &PathSegment::action, int(i + 1))));
    }
    const int then =
        reader.readEnum(QStringLiteral("then"), Optional, continuationNames(), QStringLiteral("then value"));
    if (then >= 0)
        rule.then = then == 1 ? RuleContinuation::Stop : RuleContinuation::Continue;
    reader.reportUnknownKeys(QStringLiteral("a rule"));
    return rule;
}

Condition RuleSetJsonReader::readCondition(const QJsonValue& value, const LazyPath& path)
{
    Condition condition;
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return condition;
    JsonObjectReader reader(object, path, m_problems);
    const int kind =
        reader.readEnum(QStringLiteral("kind"), Required, conditionKindNames(), QStringLiteral("condition kind"));
    if (kind < 0)
        return condition; // Without a kind, no other key can be judged.
    condition.kind = static_cast<ConditionKind>(kind);
    reader.readBool(QStringLiteral("negate"), Optional, &condition.negate);

    switch (condition.kind) {
    case ConditionKind::Method:
        reader.readStringList(QStringLiteral("methods"), Required, &condition.methods);
        break;
    case ConditionKind::Flag:
        reader.readString(QStringLiteral("flag"), Required, &condition.flag);
        break;
    case ConditionKind::SourceCarrier:
        reader.readString(QStringLiteral("carrier"), Required, &condition.carrier);
        break;
    case ConditionKind::SourceAnyCarrier:
    case ConditionKind::SourceTrusted:
    case ConditionKind::InDialog:
        break;
    case ConditionKind::SourceCidr:
        reader.readString(QStringLiteral("cidr"), Required, &condition.cidr);
        break;
    case ConditionKind::Transport:
        reader.readStringList(QStringLiteral("transports"), Required, &condition.transports);
        break;
    case ConditionKind::Match: {
        reader.readString(QStringLiteral("field"), Required, &condition.field);
        const int op = reader.readEnum(QStringLiteral("op"), Required, matchOpNames(), QStringLiteral("match op"));
        if (op >= 0)
            condition.op = static_cast<MatchOp>(op);
        reader.readString(QStringLiteral("value"), Required, &condition.value);
        break;
    }
    case ConditionKind::HeaderPresent:
        reader.readString(QStringLiteral("header"), Required, &condition.header);
        break;
    case ConditionKind::CacheHasKey:
        reader.readString(QStringLiteral("cache"), Required, &condition.cache);
        reader.readString(QStringLiteral("key"), Required, &condition.key);
        break;
    }
    reader.reportUnknownKeys(conditionKindDescription(condition.kind));
    return condition;
}

Action RuleSetJsonReader::readAction(const QJsonValue& value, const LazyPath& path)
{
    Action action;
    QJsonObject object;
    if (!expectObject(value, path, &object))
        return action;
    JsonObjectReader reader(object, path, m_problems);
    const int kind =
        reader.readEnum(QStringLiteral("kind"), Required, actionKindNames(), QStringLiteral("action kind"));
    if (kind < 0)
        return action; // Without a kind, no other key can be judged.
    action.kind = static_cast<ActionKind>(kind);

    switch (action.kind) {
    case ActionKind::SetFlag:
    case ActionKind::ClearFlag:
        reader.readString(QStringLiteral("flag"), Required, &action.flag);
        break;
    case ActionKind::Reply:
        reader.readInt(QStringLiteral("code"), Required, &action.code);
        reader.readString(QStringLiteral("reason"), Required, &action.reason);
        break;
    case ActionKind::Relay:
        // Exactly one of group and uri is required; RuleSetValidator says which is missing.
        reader.readString(QStringLiteral("group"), Optional, &action.group);
        reader.readString(QStringLiteral("uri"), Optional, &action.uri);
        reader.readString(QStringLiteral("stickyCache"), Optional, &action.stickyCache);
        reader.readString(QStringLiteral("stickyKey"), Optional, &action.stickyKey);
        break;
    case ActionKind::CallRoute:
        reader.readString(QStringLiteral("route"), Required, &action.route);
        break;
    case ActionKind::SetTimer:
        reader.readInt(QStringLiteral("milliseconds"), Required, &action.milliseconds);
        break;
    case ActionKind::CacheStore:
        reader.readString(QStringLiteral("cache"), Required, &action.cache);
        reader.readString(QStringLiteral("key"), Required, &action.key);
        reader.readString(QStringLiteral("value"), Required, &action.value);
        break;
    case ActionKind::CacheLoad:
        reader.readString(QStringLiteral("cache"), Required, &action.cache);
        reader.readString(QStringLiteral("key"), Required, &action.key);
        reader.readString(QStringLiteral("variable"), Required, &action.variable);
        break;
    case ActionKind::CacheDelete:
        reader.readString(QStringLiteral("cache"), Required, &action.cache);
        reader.readString(QStringLiteral("key"), Required, &action.key);
        break;
    case ActionKind::RewriteUri:
        reader.readString(QStringLiteral("part"), Required, &action.part);
        reader.readString(QStringLiteral("value"), Required, &action.value);
        break;
    case ActionKind::AddHeader:
        reader.readString(QStringLiteral("header"), Required, &action.header);
        reader.readString(QStringLiteral("value"), Required, &action.value);
        break;
    case ActionKind::RemoveHeader:
        reader.readString(QStringLiteral("header"), Required, &action.header);
        break;
    case ActionKind::Log:
        reader.readString(QStringLiteral("level"), Required, &action.level);
        reader.readString(QStringLiteral("message"), Required, &action.message);
        break;
    case ActionKind::ApplyCarrierMapping:
    case ActionKind::Drop:
        break;
    }
    reader.reportUnknownKeys(actionKindDescription(action.kind));
    return action;
}

} // namespace tollgate
