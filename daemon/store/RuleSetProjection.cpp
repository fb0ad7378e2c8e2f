#include "RuleSetProjection.h"

#include "Database.h"
#include "Statement.h"
#include "model/RuleSet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>

namespace tollgate {

namespace {

QJsonArray toJsonArray(const QList<int>& values)
{
    QJsonArray array;
    for (int value : values)
        array.append(value);
    return array;
}

QByteArray compactJson(const QJsonArray& array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

QByteArray compactJson(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// The condition's own fields, under their ruleset-format names.
QJsonObject conditionParameters(const Condition& condition)
{
    QJsonObject parameters;
    switch (condition.kind) {
    case ConditionKind::Method:
        parameters.insert(QStringLiteral("methods"), QJsonArray::fromStringList(condition.methods));
        break;
    case ConditionKind::Flag:
        parameters.insert(QStringLiteral("flag"), condition.flag);
        break;
    case ConditionKind::SourceCarrier:
        parameters.insert(QStringLiteral("carrier"), condition.carrier);
        break;
    case ConditionKind::SourceCidr:
        parameters.insert(QStringLiteral("cidr"), condition.cidr);
        break;
    case ConditionKind::Transport:
        parameters.insert(QStringLiteral("transports"), QJsonArray::fromStringList(condition.transports));
        break;
    case ConditionKind::Match:
        parameters.insert(QStringLiteral("field"), condition.field);
        parameters.insert(QStringLiteral("op"), matchOpName(condition.op));
        parameters.insert(QStringLiteral("value"), condition.value);
        break;
    case ConditionKind::HeaderPresent:
        parameters.insert(QStringLiteral("header"), condition.header);
        break;
    case ConditionKind::CacheHasKey:
        parameters.insert(QStringLiteral("cache"), condition.cache);
        parameters.insert(QStringLiteral("key"), condition.key);
        break;
    case ConditionKind::SourceAnyCarrier:
    case ConditionKind::SourceTrusted:
    case ConditionKind::InDialog:
        break;
    }
    return parameters;
}

void insertIfSet(QJsonObject* object, const QString& key, const QString& value)
{
    if (!value.isEmpty())
        object->insert(key, value);
}

/// The action's own fields, under their ruleset-format names.
QJsonObject actionParameters(const Action& action)
{
    QJsonObject parameters;
    switch (action.kind) {
    case ActionKind::SetFlag:
    case ActionKind::ClearFlag:
        parameters.insert(QStringLiteral("flag"), action.flag);
        break;
    case ActionKind::Reply:
        parameters.insert(QStringLiteral("code"), action.code);
        parameters.insert(QStringLiteral("reason"), action.reason);
        break;
    case ActionKind::Relay:
        // Exactly one of group and uri is set; the sticky pair only with a group.
        insertIfSet(&parameters, QStringLiteral("group"), action.group);
        insertIfSet(&parameters, QStringLiteral("uri"), action.uri);
        insertIfSet(&parameters, QStringLiteral("stickyCache"), action.stickyCache);
        insertIfSet(&parameters, QStringLiteral("stickyKey"), action.stickyKey);
        break;
    case ActionKind::CallRoute:
        parameters.insert(QStringLiteral("route"), action.route);
        break;
    case ActionKind::SetTimer:
        parameters.insert(QStringLiteral("milliseconds"), action.milliseconds);
        break;
    case ActionKind::CacheStore:
        parameters.insert(QStringLiteral("cache"), action.cache);
        parameters.insert(QStringLiteral("key"), action.key);
        parameters.insert(QStringLiteral("value"), action.value);
        break;
    case ActionKind::CacheLoad:
        parameters.insert(QStringLiteral("cache"), action.cache);
        parameters.insert(QStringLiteral("key"), action.key);
        parameters.insert(QStringLiteral("variable"), action.variable);
        break;
    case ActionKind::CacheDelete:
        parameters.insert(QStringLiteral("cache"), action.cache);
        parameters.insert(QStringLiteral("key"), action.key);
        break;
    case ActionKind::RewriteUri:
        parameters.insert(QStringLiteral("part"), action.part);
        parameters.insert(QStringLiteral("value"), action.value);
        break;
    case ActionKind::AddHeader:
        parameters.insert(QStringLiteral("header"), action.header);
        parameters.insert(QStringLiteral("value"), action.value);
        break;
    case ActionKind::RemoveHeader:
        parameters.insert(QStringLiteral("header"), action.header);
        break;
    case ActionKind::Log:
        parameters.insert(QStringLiteral("level"), action.level);
        parameters.insert(QStringLiteral("message"), action.message);
        break;
    case ActionKind::ApplyCarrierMapping:
    case ActionKind::Drop:
        break;
    }
    return parameters;
}

/// One prepared INSERT per table, reused for every row of it.
class TableWriter
{
public:
    TableWriter(Database& database, QString* error)
        : m_database(database)
        , m_error(error)
    {}

    bool prepare(const QString& table, int columnCount)
    {
        QStringList placeholders;
        for (int index = 1; index <= columnCount; ++index)
            placeholders.append(QStringLiteral("?%1").arg(index));
        m_table = table;
        return m_database.prepare(
            QStringLiteral("INSERT INTO %1 VALUES (%2)").arg(table, placeholders.join(QStringLiteral(", "))),
            &m_statement, m_error);
    }

    /// Inserts one row; each value is a QString, a QByteArray (UTF-8) or an integer.
    template <typename... Values>
    bool insert(const Values&... values)
    {
        m_statement.reset();
        int index = 0;
        (bindOne(++index, values), ...);
        return m_statement.execute(QStringLiteral("cannot write the %1 table").arg(m_table), m_error);
    }

private:
    void bindOne(int index, const QString& value) { m_statement.bindText(index, value); }
    void bindOne(int index, const QByteArray& value) { m_statement.bindText(index, value); }
    void bindOne(int index, qint64 value) { m_statement.bindInteger(index, value); }
    void bindOne(int index, int value) { m_statement.bindInteger(index, value); }
    void bindOne(int index, bool value) { m_statement.bindInteger(index, value ? 1 : 0); }

    Database& m_database;
    QString* m_error;
    QString m_table;
    Statement m_statement;
};

QString continuationName(RuleContinuation continuation)
{
    return continuation == RuleContinuation::Stop ? QStringLiteral("stop") : QStringLiteral("continue");
}

bool writeCarriers(Database& database, const RuleSet& ruleSet, QString* error)
{
    TableWriter carriers(database, error);
    TableWriter addresses(database, error);
    TableWriter mappings(database, error);
    if (!carriers.prepare(QStringLiteral("carriers"), 6) ||
        !addresses.prepare(QStringLiteral("carrier_addresses"), 5) ||
        !mappings.prepare(QStringLiteral("carrier_ip_mappings"), 4))
        return false;
    for (int index = 0; index < ruleSet.carriers.size(); ++index) {
        const Carrier& carrier = ruleSet.carriers[index];
        if (!carriers.insert(index + 1, carrier.name, carrier.description, carrier.trusted, carrier.maxConcurrentCalls,
                             carrier.maxCallsPerSecond))
            return false;
        for (int position = 0; position < carrier.addresses.size(); ++position) {
            const CarrierAddress& address = carrier.addresses[position];
            if (!addresses.insert(carrier.name, position + 1, address.address, int(address.port),
                                  transportName(address.transport)))
                return false;
        }
        for (int position = 0; position < carrier.mappings.size(); ++position) {
            const IpMapping& mapping = carrier.mappings[position];
            if (!mappings.insert(carrier.name, position + 1, mapping.privateAddress, mapping.publicAddress))
                return false;
        }
    }
    return true;
}

bool writeGroups(Database& database, const RuleSet& ruleSet, QString* error)
{
    TableWriter groups(database, error);
    TableWriter destinations(database, error);
    if (!groups.prepare(QStringLiteral("destination_groups"), 13) ||
        !destinations.prepare(QStringLiteral("destinations"), 8))
        return false;
    for (int index = 0; index < ruleSet.groups.size(); ++index) {
        const DestinationGroup& group = ruleSet.groups[index];
        const ProbeSettings& probe = group.probe;
        if (!groups.insert(index + 1, group.name, group.description, groupAlgorithmName(group.algorithm),
                           compactJson(toJsonArray(group.failoverCodes)), group.failoverOnTimeout,
                           group.finalReplyTimerMs, probe.enabled, probe.intervalMs, probe.timeoutMs,
                           probe.failureThreshold, probe.recoveryThreshold, compactJson(toJsonArray(probe.aliveCodes))))
            return false;
        for (int position = 0; position < group.destinations.size(); ++position) {
            const Destination& destination = group.destinations[position];
            if (!destinations.insert(group.name, position + 1, destination.name, destination.uri, destination.priority,
                                     destination.weight, destination.enabled, destination.description))
                return false;
        }
    }
    return true;
}

bool writeRoutes(Database& database, const RuleSet& ruleSet, QString* error)
{
    TableWriter routes(database, error);
    TableWriter rules(database, error);
    TableWriter conditions(database, error);
    TableWriter actions(database, error);
    if (!routes.prepare(QStringLiteral("routes"), 3) || !rules.prepare(QStringLiteral("rules"), 6) ||
        !conditions.prepare(QStringLiteral("rule_conditions"), 6) ||
        !actions.prepare(QStringLiteral("rule_actions"), 5))
        return false;
    for (int index = 0; index < ruleSet.routes.size(); ++index) {
        const Route& route = ruleSet.routes[index];
        if (!routes.insert(index + 1, route.name, route.description))
            return false;
        for (int rulePosition = 0; rulePosition < route.rules.size(); ++rulePosition) {
            const Rule& rule = route.rules[rulePosition];
            if (!rules.insert(route.name, rulePosition + 1, rule.name, rule.description, rule.enabled,
                              continuationName(rule.then)))
                return false;
            for (int position = 0; position < rule.conditions.size(); ++position) {
                const Condition& condition = rule.conditions[position];
                if (!conditions.insert(route.name, rule.name, position + 1, conditionKindName(condition.kind),
                                       condition.negate, compactJson(conditionParameters(condition))))
                    return false;
            }
            for (int position = 0; position < rule.actions.size(); ++position) {
                const Action& action = rule.actions[position];
                if (!actions.insert(route.name, rule.name, position + 1, actionKindName(action.kind),
                                    compactJson(actionParameters(action))))
                    return false;
            }
        }
    }
    return true;
}

bool writeFlagsAndCaches(Database& database, const RuleSet& ruleSet, QString* error)
{
    TableWriter flags(database, error);
    TableWriter caches(database, error);
    if (!flags.prepare(QStringLiteral("flags"), 3) || !caches.prepare(QStringLiteral("caches"), 5))
        return false;
    for (int index = 0; index < ruleSet.flags.size(); ++index) {
        const FlagDefinition& flag = ruleSet.flags[index];
        if (!flags.insert(index + 1, flag.name, flag.description))
            return false;
    }
    for (int index = 0; index < ruleSet.caches.size(); ++index) {
        const CacheDefinition& cache = ruleSet.caches[index];
        if (!caches.insert(index + 1, cache.name, cache.description, cache.ttlSeconds, cache.maxEntries))
            return false;
    }
    return true;
}

} // namespace

QStringList RuleSetProjection::tableNames()
{
    return {QStringLiteral("flags"),
            QStringLiteral("carriers"),
            QStringLiteral("carrier_addresses"),
            QStringLiteral("carrier_ip_mappings"),
            QStringLiteral("destination_groups"),
            QStringLiteral("destinations"),
            QStringLiteral("caches"),
            QStringLiteral("routes"),
            QStringLiteral("rules"),
            QStringLiteral("rule_conditions"),
            QStringLiteral("rule_actions")};
}

bool RuleSetProjection::write(Database& database, const RuleSet& ruleSet, QString* error)
{
    const QStringList tables = tableNames();
    // Children first, so that the foreign keys hold after every statement.
    for (auto table = tables.crbegin(); table != tables.crend(); ++table) {
        if (!database.exec(QStringLiteral("DELETE FROM %1").arg(*table),
                           QStringLiteral("cannot clear the %1 table").arg(*table), error))
            return false;
    }
    return writeFlagsAndCaches(database, ruleSet, error) && writeCarriers(database, ruleSet, error) &&
           writeGroups(database, ruleSet, error) && writeRoutes(database, ruleSet, error);
}

bool RuleSetProjection::dump(const Database& database, QStringList* rows, QString* error)
{
    rows->clear();
    for (const QString& table : tableNames()) {
        Statement columns;
        if (!database.prepare(QStringLiteral("SELECT name FROM pragma_table_info(?1) ORDER BY cid"), &columns, error))
            return false;
        columns.bindText(1, table);
        QStringList quoted;
        Statement::StepResult step;
        while ((step = columns.step()) == Statement::StepResult::Row)
            quoted.append(QStringLiteral("quote(\"%1\")").arg(columns.columnText(0)));
        if (step == Statement::StepResult::Error || quoted.isEmpty()) {
            *error = columns.errorText(QStringLiteral("cannot read the columns of table %1").arg(table));
            return false;
        }
        Statement select;
        if (!database.prepare(
                QStringLiteral("SELECT %1 FROM %2").arg(quoted.join(QStringLiteral(" || '|' || ")), table), &select,
                error))
            return false;
        while ((step = select.step()) == Statement::StepResult::Row)
            rows->append(table + QLatin1Char('|') + select.columnText(0));
        if (step == Statement::StepResult::Error) {
            *error = select.errorText(QStringLiteral("cannot read table %1").arg(table));
            return false;
        }
    }
    std::sort(rows->begin(), rows->end());
    return true;
}

} // namespace tollgate
