#include "RuleCompiler.h"

#include "model/Diagnostic.h"
#include "model/NameSuggestion.h"
#include "model/NameSyntax.h"
#include "model/SipSyntax.h"

#include <QRegularExpression>
#include <QSet>
#include <array>

namespace tollgate {

namespace {

QString quoted(const QString& text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

/// "unknown flag X (did you mean Y?)"
QString unknownName(const QString& kind, const QString& name, const QStringList& candidates)
{
    QString message = QStringLiteral("unknown %1 %2").arg(kind, name);
    const QString suggestion = suggestName(name, candidates);
    if (!suggestion.isEmpty())
        message += QStringLiteral(" (did you mean %1?)").arg(suggestion);
    return message;
}

template <typename T>
QStringList namesOf(const QList<T>& items)
{
    QStringList names;
    for (const T& item : items)
        names << item.name;
    return names;
}

template <typename T>
bool checkUniqueNames(const QList<T>& items, const QString& kind, QString* error)
{
    QSet<QString> seen;
    for (const T& item : items) {
        if (seen.contains(item.name)) {
            *error = QStringLiteral("%1 %2: duplicate name").arg(kind, quoted(item.name));
            return false;
        }
        seen.insert(item.name);
    }
    return true;
}

bool parseMatchTarget(const QString& field, MatchTarget* target)
{
    static const std::array<std::pair<const char16_t*, UriField>, 6> uriFields{{
        {u"ruri.user", UriField::RuriUser},
        {u"ruri.host", UriField::RuriHost},
        {u"from.user", UriField::FromUser},
        {u"from.host", UriField::FromHost},
        {u"to.user", UriField::ToUser},
        {u"to.host", UriField::ToHost},
    }};
    for (const auto& [name, uriField] : uriFields) {
        if (field == QStringView(name)) {
            target->isHeader = false;
            target->uriField = uriField;
            target->caseInsensitive =
                uriField == UriField::RuriHost || uriField == UriField::FromHost || uriField == UriField::ToHost;
            return true;
        }
    }
    if (field.startsWith(u"header.") && field.size() > 7) {
        target->isHeader = true;
        target->header = field.mid(7).toStdString();
        return true;
    }
    return false;
}

} // namespace

RuleCompiler::RuleCompiler(const RuleSet& ruleSet)
    : m_set(new CompiledRuleSet())
{
    m_set->m_ruleSet = ruleSet;
}

std::shared_ptr<const CompiledRuleSet> RuleCompiler::compile(QString* error)
{
    if (!compileFlags(error) || !compileCarriers(error) || !compileGroups(error) || !compileCaches(error) ||
        !declareRoutes(error))
        return nullptr;
    for (int route = 0; route < int(m_set->m_routes.size()); ++route) {
        if (!compileRoute(route, error))
            return nullptr;
    }
    return m_set;
}

bool RuleCompiler::compileFlags(QString* error)
{
    const QStringList builtIns = builtInFlagNames();
    for (const QString& name : builtIns)
        m_set->m_flagNames.push_back(name);
    if (!checkUniqueNames(m_set->m_ruleSet.flags, QStringLiteral("flag"), error))
        return false;
    for (const FlagDefinition& flag : m_set->m_ruleSet.flags) {
        if (builtIns.contains(flag.name)) {
            *error = QStringLiteral("flag %1: built-in flags may not be declared").arg(flag.name);
            return false;
        }
        if (int(m_set->m_flagNames.size()) == CompiledRuleSet::MaxFlags) {
            *error = QStringLiteral("flag %1: too many flags (at most %2 besides the built-in ones)")
                         .arg(flag.name)
                         .arg(CompiledRuleSet::MaxFlags - CompiledRuleSet::FirstUserFlagBit);
            return false;
        }
        m_set->m_flagNames.push_back(flag.name);
    }
    return true;
}

bool RuleCompiler::compileCarriers(QString* error)
{
    const QList<Carrier>& carriers = m_set->m_ruleSet.carriers;
    if (!checkUniqueNames(carriers, QStringLiteral("carrier"), error))
        return false;
    for (const Carrier& carrier : carriers) {
        m_set->m_carrierNames.push_back(carrier.name.toStdString());
        m_set->m_carrierTrusted.push_back(carrier.trusted);
        IpMappingRewriter fromCarrier;
        IpMappingRewriter toCarrier;
        QString mappingError;
        if (!IpMappingRewriter::build(carrier.mappings, MappingDirection::FromCarrier, &fromCarrier, &mappingError) ||
            !IpMappingRewriter::build(carrier.mappings, MappingDirection::ToCarrier, &toCarrier, &mappingError)) {
            *error = joinPath(QStringLiteral("carrier %1").arg(quoted(carrier.name)), mappingError);
            return false;
        }
        m_set->m_fromCarrierMappings.push_back(std::move(fromCarrier));
        m_set->m_toCarrierMappings.push_back(std::move(toCarrier));
    }
    return CarrierClassifier::build(carriers, &m_set->m_classifier, error);
}

bool RuleCompiler::compileGroups(QString* error)
{
    const QList<DestinationGroup>& groups = m_set->m_ruleSet.groups;
    if (!checkUniqueNames(groups, QStringLiteral("group"), error))
        return false;
    m_set->m_destinations.resize(std::size_t(groups.size()));
    for (qsizetype groupIndex = 0; groupIndex < groups.size(); ++groupIndex) {
        const DestinationGroup& group = groups.at(groupIndex);
        m_set->m_groupNames.push_back(group.name.toStdString());
        std::vector<CompiledDestination>& destinations = m_set->m_destinations[std::size_t(groupIndex)];
        destinations.resize(std::size_t(group.destinations.size()));
        // Parse in place, once every string has its final address: SipUri holds views into it.
        for (qsizetype index = 0; index < group.destinations.size(); ++index) {
            const Destination& source = group.destinations.at(index);
            CompiledDestination& destination = destinations[std::size_t(index)];
            destination.uri = source.uri.toStdString();
            destination.priority = source.priority;
            destination.weight = source.weight;
            destination.enabled = source.enabled;
            std::string parseError;
            const std::optional<SipUri> parsed = SipUri::parse(destination.uri, &parseError);
            if (!parsed) {
                *error = QStringLiteral("group %1 › destination %2: %3 is not a SIP URI (%4)")
                             .arg(quoted(group.name))
                             .arg(index + 1)
                             .arg(quoted(source.uri), QString::fromStdString(parseError));
                return false;
            }
            destination.parsed = *parsed;
        }
    }
    return true;
}

bool RuleCompiler::compileCaches(QString* error)
{
    if (!checkUniqueNames(m_set->m_ruleSet.caches, QStringLiteral("cache"), error))
        return false;
    for (const CacheDefinition& cache : m_set->m_ruleSet.caches)
        m_set->m_cacheNames.push_back(cache.name.toStdString());
    return true;
}

bool RuleCompiler::declareRoutes(QString* error)
{
    if (!checkUniqueNames(m_set->m_ruleSet.routes, QStringLiteral("route"), error))
        return false;
    for (const Route& route : m_set->m_ruleSet.routes) {
        CompiledRoute compiled;
        compiled.name = route.name.toStdString();
        if (route.name == QStringView(MainRouteName))
            m_set->m_mainRoute = int(m_set->m_routes.size());
        m_set->m_routes.push_back(std::move(compiled));
    }
    if (m_set->m_mainRoute < 0) {
        *error = QStringLiteral("route MAIN is missing: every request starts there");
        return false;
    }
    return true;
}

bool RuleCompiler::compileRoute(int routeIndex, QString* error)
{
    const Route& route = m_set->m_ruleSet.routes.at(routeIndex);
    CompiledRoute& compiled = m_set->m_routes[std::size_t(routeIndex)];
    compiled.rules.resize(std::size_t(route.rules.size()));
    for (qsizetype ruleIndex = 0; ruleIndex < route.rules.size(); ++ruleIndex) {
        const Rule& rule = route.rules.at(ruleIndex);
        CompiledRule& compiledRule = compiled.rules[std::size_t(ruleIndex)];
        compiledRule.name = rule.name.toStdString();
        compiledRule.enabled = rule.enabled;
        compiledRule.then = rule.then;
        const QString rulePath = QStringLiteral("route %1 › rule %2").arg(route.name, quoted(rule.name));

        compiledRule.conditions.resize(std::size_t(rule.conditions.size()));
        for (qsizetype index = 0; index < rule.conditions.size(); ++index) {
            QString conditionError;
            if (!compileCondition(rule.conditions.at(index), &compiledRule.conditions[std::size_t(index)],
                                  &conditionError)) {
                *error = joinPath(rulePath, QStringLiteral("condition %1").arg(index + 1)) + QStringLiteral(": ") +
                         conditionError;
                return false;
            }
        }
        compiledRule.actions.resize(std::size_t(rule.actions.size()));
        for (qsizetype index = 0; index < rule.actions.size(); ++index) {
            QString actionError;
            if (!compileAction(rule.actions.at(index), &compiledRule.actions[std::size_t(index)], &actionError)) {
                *error =
                    joinPath(rulePath, QStringLiteral("action %1").arg(index + 1)) + QStringLiteral(": ") + actionError;
                return false;
            }
        }
    }
    compiled.index = RuleIndex::build(compiled.rules, m_set->m_carrierTrusted);
    return true;
}

bool RuleCompiler::compileCondition(const Condition& condition, CompiledCondition* compiled, QString* error)
{
    compiled->kind = condition.kind;
    compiled->negate = condition.negate;
    switch (condition.kind) {
    case ConditionKind::Method:
        if (condition.methods.isEmpty()) {
            *error = QStringLiteral("a method condition needs at least one method");
            return false;
        }
        for (const QString& method : condition.methods)
            compiled->methods.push_back(method.toStdString());
        return true;
    case ConditionKind::Flag:
        compiled->flagBit = flagBitOf(condition.flag, error);
        return compiled->flagBit >= 0;
    case ConditionKind::SourceCarrier:
        compiled->carrier = m_set->carrierIndex(condition.carrier.toStdString());
        if (compiled->carrier < 0) {
            *error = unknownName(QStringLiteral("carrier"), condition.carrier, namesOf(m_set->m_ruleSet.carriers));
            return false;
        }
        return true;
    case ConditionKind::SourceAnyCarrier:
    case ConditionKind::SourceTrusted:
    case ConditionKind::InDialog:
        return true;
    case ConditionKind::SourceCidr: {
        std::string parseError;
        const std::optional<CidrBlock> block = CidrBlock::parse(condition.cidr.toStdString(), &parseError);
        if (!block) {
            *error =
                QStringLiteral("bad CIDR block %1: %2").arg(quoted(condition.cidr), QString::fromStdString(parseError));
            return false;
        }
        compiled->cidr = *block;
        return true;
    }
    case ConditionKind::Transport:
        if (condition.transports.isEmpty()) {
            *error = QStringLiteral("a transport condition needs at least one transport");
            return false;
        }
        for (const QString& name : condition.transports) {
            const std::optional<Transport> transport = parseTransport(name);
            if (!transport || *transport == Transport::Any) {
                *error = QStringLiteral("unknown transport %1 (expected udp, tcp or tls)").arg(quoted(name));
                return false;
            }
            compiled->transportMask |= std::uint8_t(1u << int(*transport));
        }
        return true;
    case ConditionKind::Match:
        if (!parseMatchTarget(condition.field, &compiled->target)) {
            *error = QStringLiteral("unknown field %1 (expected ruri.user, ruri.host, from.user, from.host, "
                                    "to.user, to.host or header.<Name>)")
                         .arg(quoted(condition.field));
            return false;
        }
        compiled->op = condition.op;
        if (condition.op == MatchOp::Regex) {
            compiled->regex = QRegularExpression(condition.value);
            if (!compiled->regex.isValid()) {
                *error = QStringLiteral("bad regular expression %1: %2 at offset %3")
                             .arg(quoted(condition.value), compiled->regex.errorString())
                             .arg(compiled->regex.patternErrorOffset());
                return false;
            }
            // Compiles (and JIT-compiles) the pattern now, so that matching from several
            // threads later only reads it.
            compiled->regex.optimize();
        } else {
            compiled->value = condition.value.toStdString();
        }
        return true;
    case ConditionKind::HeaderPresent:
        if (!SipSyntax::isToken(condition.header)) {
            *error = QStringLiteral("%1 is not a header name").arg(quoted(condition.header));
            return false;
        }
        compiled->header = condition.header.toStdString();
        return true;
    case ConditionKind::CacheHasKey:
        compiled->cache = cacheIndexOf(condition.cache, error);
        return compiled->cache >= 0 && compileTemplate(condition.key, QStringLiteral("key"), &compiled->key, error);
    }
    *error = QStringLiteral("unknown condition kind");
    return false;
}

bool RuleCompiler::compileAction(const Action& action, CompiledAction* compiled, QString* error)
{
    compiled->kind = action.kind;
    switch (action.kind) {
    case ActionKind::SetFlag:
    case ActionKind::ClearFlag:
        compiled->flagBit = flagBitOf(action.flag, error);
        return compiled->flagBit >= 0;
    case ActionKind::Reply:
        if (action.code < 200 || action.code > 699) {
            *error = QStringLiteral("reply code %1 is out of range 200-699").arg(action.code);
            return false;
        }
        if (action.reason.trimmed().isEmpty()) {
            *error = QStringLiteral("a reply needs a reason phrase");
            return false;
        }
        compiled->code = action.code;
        compiled->reason = action.reason.toStdString();
        return true;
    case ActionKind::Relay:
        if (action.group.isEmpty() == action.uri.isEmpty()) {
            *error = QStringLiteral("a relay names exactly one of group and uri");
            return false;
        }
        if (!action.group.isEmpty()) {
            compiled->group = m_set->groupIndex(action.group.toStdString());
            if (compiled->group < 0) {
                *error = unknownName(QStringLiteral("group"), action.group, namesOf(m_set->m_ruleSet.groups));
                return false;
            }
            if (action.stickyCache.isEmpty() != action.stickyKey.isEmpty()) {
                *error = QStringLiteral("stickyCache and stickyKey go together");
                return false;
            }
            if (!action.stickyCache.isEmpty()) {
                compiled->stickyCache = cacheIndexOf(action.stickyCache, error);
                return compiled->stickyCache >= 0 &&
                       compileTemplate(action.stickyKey, QStringLiteral("stickyKey"), &compiled->stickyKey, error);
            }
            return true;
        }
        if (!action.stickyCache.isEmpty() || !action.stickyKey.isEmpty()) {
            *error = QStringLiteral("a sticky cache needs a relay to a group, not to a uri");
            return false;
        }
        if (!compileTemplate(action.uri, QStringLiteral("uri"), &compiled->uri, error))
            return false;
        if (compiled->uri.isConstant() && !SipUri::parse(compiled->uri.constantText())) {
            *error = QStringLiteral("relay uri %1 is not a SIP URI").arg(quoted(action.uri));
            return false;
        }
        return true;
    case ActionKind::CallRoute:
        compiled->route = m_set->routeIndex(action.route.toStdString());
        if (compiled->route < 0) {
            *error = unknownName(QStringLiteral("route"), action.route, namesOf(m_set->m_ruleSet.routes));
            return false;
        }
        return true;
    case ActionKind::SetTimer:
        if (action.milliseconds < 100 || action.milliseconds > 300000) {
            *error = QStringLiteral("timer %1 ms is out of range 100-300000").arg(action.milliseconds);
            return false;
        }
        compiled->milliseconds = action.milliseconds;
        return true;
    case ActionKind::CacheStore:
        compiled->cache = cacheIndexOf(action.cache, error);
        return compiled->cache >= 0 && compileTemplate(action.key, QStringLiteral("key"), &compiled->key, error) &&
               compileTemplate(action.value, QStringLiteral("value"), &compiled->value, error);
    case ActionKind::CacheLoad: {
        compiled->cache = cacheIndexOf(action.cache, error);
        if (compiled->cache < 0 || !compileTemplate(action.key, QStringLiteral("key"), &compiled->key, error))
            return false;
        if (!NameSyntax::isLowerSnakeCase(action.variable)) {
            *error = QStringLiteral("variable %1 is not lower_snake_case").arg(quoted(action.variable));
            return false;
        }
        compiled->variable = variableIndex(action.variable.toStdString());
        return true;
    }
    case ActionKind::CacheDelete:
        compiled->cache = cacheIndexOf(action.cache, error);
        return compiled->cache >= 0 && compileTemplate(action.key, QStringLiteral("key"), &compiled->key, error);
    case ActionKind::RewriteUri:
        if (action.part == u"uri") {
            compiled->part = UriPart::Uri;
        } else if (action.part == u"user") {
            compiled->part = UriPart::User;
        } else if (action.part == u"host") {
            compiled->part = UriPart::Host;
        } else {
            *error = QStringLiteral("unknown part %1 (expected uri, user or host)").arg(quoted(action.part));
            return false;
        }
        if (!compileTemplate(action.value, QStringLiteral("value"), &compiled->value, error))
            return false;
        if (compiled->part == UriPart::Uri && compiled->value.isConstant() &&
            !SipUri::parse(compiled->value.constantText())) {
            *error = QStringLiteral("%1 is not a SIP URI").arg(quoted(action.value));
            return false;
        }
        return true;
    case ActionKind::AddHeader:
    case ActionKind::RemoveHeader:
        if (!SipSyntax::isToken(action.header)) {
            *error = QStringLiteral("%1 is not a header name").arg(quoted(action.header));
            return false;
        }
        compiled->header = action.header.toStdString();
        if (SipSyntax::isManagedHeader(action.header)) {
            *error =
                QStringLiteral("header %1 is managed by the proxy and may not be changed by rules").arg(action.header);
            return false;
        }
        return action.kind == ActionKind::RemoveHeader ||
               compileTemplate(action.value, QStringLiteral("value"), &compiled->value, error);
    case ActionKind::ApplyCarrierMapping:
    case ActionKind::Drop:
        return true;
    case ActionKind::Log:
        if (action.level == u"debug") {
            compiled->level = DecisionLogLine::Level::Debug;
        } else if (action.level == u"info") {
            compiled->level = DecisionLogLine::Level::Info;
        } else if (action.level == u"warning") {
            compiled->level = DecisionLogLine::Level::Warning;
        } else {
            *error = QStringLiteral("unknown log level %1 (expected debug, info or warning)").arg(quoted(action.level));
            return false;
        }
        return compileTemplate(action.message, QStringLiteral("message"), &compiled->value, error);
    }
    *error = QStringLiteral("unknown action kind");
    return false;
}

bool RuleCompiler::compileTemplate(const QString& text, const QString& fieldName, CompiledTemplate* compiled,
                                   QString* error)
{
    const auto resolve = [this](std::string_view name) { return variableIndex(name); };
    QString templateError;
    if (!CompiledTemplate::compile(text, resolve, compiled, &templateError)) {
        *error = QStringLiteral("%1: %2").arg(fieldName, templateError);
        return false;
    }
    return true;
}

int RuleCompiler::variableIndex(std::string_view name)
{
    const int existing = CompiledRuleSet::findName(m_set->m_variableNames, name);
    if (existing >= 0)
        return existing;
    m_set->m_variableNames.emplace_back(name);
    return int(m_set->m_variableNames.size()) - 1;
}

int RuleCompiler::flagBitOf(const QString& name, QString* error) const
{
    const int bit = m_set->flagBit(name);
    if (bit < 0) {
        QStringList candidates(m_set->m_flagNames.begin(), m_set->m_flagNames.end());
        *error = unknownName(QStringLiteral("flag"), name, candidates);
    }
    return bit;
}

int RuleCompiler::cacheIndexOf(const QString& name, QString* error) const
{
    const int index = m_set->cacheIndex(name.toStdString());
    if (index < 0)
        *error = unknownName(QStringLiteral("cache"), name, namesOf(m_set->m_ruleSet.caches));
    return index;
}

} // namespace tollgate
