#include "RuleValidator.h"

#include "NameSuggestion.h"
#include "NameSyntax.h"
#include "PathSegment.h"
#include "SipSyntax.h"
#include "net/SipUri.h"

namespace tollgate {

namespace {

const QStringList& plainMatchFields()
{
    static const QStringList fields{QStringLiteral("ruri.user"), QStringLiteral("ruri.host"),
                                    QStringLiteral("from.user"), QStringLiteral("from.host"),
                                    QStringLiteral("to.user"),   QStringLiteral("to.host")};
    return fields;
}

constexpr QStringView HeaderFieldPrefix = u"header.";

/// The text of a template made of literal segments only (see Template::isConstant()).
QString constantText(const Template& parsed)
{
    std::string text;
    for (const Template::Segment& segment : parsed.segments())
        text += segment.literal;
    return QString::fromStdString(text);
}

std::optional<SipUri> parseSipUri(const QString& text, QString* problem)
{
    const QByteArray utf8 = text.toUtf8();
    std::string error;
    std::optional<SipUri> uri = SipUri::parse(std::string_view(utf8.constData(), std::size_t(utf8.size())), &error);
    if (!uri)
        *problem = QString::fromStdString(error);
    return uri;
}

bool hasLowerCaseLetter(const QString& text)
{
    return std::any_of(text.begin(), text.end(), [](QChar c) { return c.isLower(); });
}

} // namespace

RuleValidator::RuleValidator(ValidationContext* context)
    : m_context(context)
{}

void RuleValidator::checkRule(const Rule& rule, const QString& path)
{
    for (qsizetype i = 0; i < rule.conditions.size(); ++i)
        checkCondition(rule.conditions.at(i), LazyPath(path, &PathSegment::condition, int(i + 1)));

    qsizetype terminal = -1;
    for (qsizetype i = 0; i < rule.actions.size(); ++i) {
        const Action& action = rule.actions.at(i);
        const LazyPath actionPath(path, &PathSegment::action, int(i + 1));
        if (terminal >= 0) {
            const QString ending = PathSegment::action(int(terminal + 1));
            m_context->warning(actionPath,
                               QStringLiteral("action can never run: %1 (%2) ends the evaluation before it")
                                   .arg(ending, actionKindName(rule.actions.at(terminal).kind)),
                               QStringLiteral("remove it, or move it before %1").arg(ending));
        }
        checkAction(action, actionPath);
        if (terminal < 0 && isTerminalAction(action.kind))
            terminal = i;
    }
}

void RuleValidator::checkCondition(const Condition& condition, const LazyPath& path)
{
    const QString& user = conditionKindDescription(condition.kind);
    switch (condition.kind) {
    case ConditionKind::Method:
        checkMethods(condition, path);
        break;
    case ConditionKind::Flag:
        m_context->checkFlagReference(path, user, condition.flag);
        break;
    case ConditionKind::SourceCarrier:
        m_context->checkCarrierReference(path, user, condition.carrier);
        break;
    case ConditionKind::SourceCidr: {
        if (condition.cidr.isEmpty()) {
            m_context->error(path, QStringLiteral("%1 needs a cidr").arg(user));
            break;
        }
        QString problem;
        if (!ValidationContext::parseCidrBlock(condition.cidr, &problem)) {
            m_context->error(
                path,
                QStringLiteral("invalid CIDR block %1: %2").arg(ValidationContext::quote(condition.cidr), problem));
        }
        break;
    }
    case ConditionKind::Transport:
        checkTransports(condition, path);
        break;
    case ConditionKind::Match:
        checkMatch(condition, path);
        break;
    case ConditionKind::HeaderPresent:
        checkHeaderName(path, user, condition.header, false);
        break;
    case ConditionKind::CacheHasKey:
        m_context->checkCacheReference(path, user, condition.cache);
        m_context->checkTemplate(path, QStringLiteral("key"), condition.key);
        break;
    case ConditionKind::SourceAnyCarrier:
    case ConditionKind::SourceTrusted:
    case ConditionKind::InDialog:
        break;
    }
}

void RuleValidator::checkMethods(const Condition& condition, const LazyPath& path)
{
    if (condition.methods.isEmpty() && !condition.negate) {
        m_context->warning(path, QStringLiteral("a method condition with an empty list never holds"),
                           QStringLiteral("the rule can never run; list methods such as \"INVITE\""));
    }
    for (const QString& method : condition.methods) {
        if (!SipSyntax::isToken(method)) {
            m_context->error(path, QStringLiteral("invalid method %1").arg(ValidationContext::quote(method)),
                             QStringLiteral("a method is a SIP token such as \"INVITE\""));
        } else if (hasLowerCaseLetter(method)) {
            // Methods compare case-sensitively and every standard method is upper case.
            m_context->error(path, QStringLiteral("method %1 is not upper case").arg(ValidationContext::quote(method)),
                             QStringLiteral("did you mean %1?").arg(ValidationContext::quote(method.toUpper())));
        }
    }
}

void RuleValidator::checkTransports(const Condition& condition, const LazyPath& path)
{
    if (condition.transports.isEmpty() && !condition.negate) {
        m_context->warning(path, QStringLiteral("a transport condition with an empty list never holds"),
                           QStringLiteral("the rule can never run; list transports such as \"udp\""));
    }
    const QStringList allowed{QStringLiteral("udp"), QStringLiteral("tcp"), QStringLiteral("tls")};
    for (const QString& transport : condition.transports)
        checkOneOf(path, QStringLiteral("transport"), transport, allowed);
}

void RuleValidator::checkMatch(const Condition& condition, const LazyPath& path)
{
    if (condition.field.isEmpty()) {
        m_context->error(path, QStringLiteral("a match condition needs a field"));
    } else if (condition.field.startsWith(HeaderFieldPrefix)) {
        const QString header = condition.field.mid(HeaderFieldPrefix.size());
        if (!SipSyntax::isToken(header)) {
            m_context->error(path,
                             QStringLiteral("invalid header name %1 in match field %2")
                                 .arg(ValidationContext::quote(header), ValidationContext::quote(condition.field)),
                             QStringLiteral("a header name is a SIP token such as \"X-Customer-Id\""));
        }
    } else if (!plainMatchFields().contains(condition.field)) {
        QStringList candidates = plainMatchFields();
        const QString suggestion = suggestName(condition.field, candidates);
        candidates << QStringLiteral("header.NAME");
        const QString hint = suggestion.isEmpty()
                                 ? QStringLiteral("expected one of: %1").arg(candidates.join(QStringLiteral(", ")))
                                 : QStringLiteral("did you mean %1?").arg(ValidationContext::quote(suggestion));
        m_context->error(path, QStringLiteral("unknown match field %1").arg(ValidationContext::quote(condition.field)),
                         hint);
    }

    QString problem;
    if (condition.op == MatchOp::Regex && !m_context->isValidRegularExpression(condition.value, &problem)) {
        m_context->error(path, QStringLiteral("invalid regular expression %1: %2")
                                   .arg(ValidationContext::quote(condition.value), problem));
    }
}

void RuleValidator::checkAction(const Action& action, const LazyPath& path)
{
    const QString& user = actionKindName(action.kind);
    switch (action.kind) {
    case ActionKind::SetFlag:
    case ActionKind::ClearFlag:
        if (m_context->isBuiltInFlag(action.flag)) {
            m_context->error(path,
                             QStringLiteral("%1 is a built-in flag; rules cannot set or clear it").arg(action.flag),
                             QStringLiteral("declare a flag of your own"));
        } else {
            m_context->checkFlagReference(path, user, action.flag);
        }
        break;
    case ActionKind::Reply:
        checkReply(action, path);
        break;
    case ActionKind::Relay:
        checkRelay(action, path);
        break;
    case ActionKind::CallRoute:
        m_context->checkRouteReference(path, user, action.route);
        break;
    case ActionKind::SetTimer:
        m_context->checkRange(path, QStringLiteral("milliseconds"), action.milliseconds, 100, 300000);
        break;
    case ActionKind::CacheStore:
        m_context->checkCacheReference(path, user, action.cache);
        m_context->checkTemplate(path, QStringLiteral("key"), action.key);
        m_context->checkTemplate(path, QStringLiteral("value"), action.value);
        break;
    case ActionKind::CacheLoad:
        checkCacheLoad(action, path);
        break;
    case ActionKind::CacheDelete:
        m_context->checkCacheReference(path, user, action.cache);
        m_context->checkTemplate(path, QStringLiteral("key"), action.key);
        break;
    case ActionKind::RewriteUri:
        checkRewriteUri(action, path);
        break;
    case ActionKind::AddHeader:
        checkHeaderName(path, user, action.header, true);
        if (m_context->checkTemplate(path, QStringLiteral("value"), action.value))
            checkNoControlCharacters(path, QStringLiteral("header value"), action.value);
        break;
    case ActionKind::RemoveHeader:
        checkHeaderName(path, user, action.header, true);
        break;
    case ActionKind::Log:
        checkLog(action, path);
        break;
    case ActionKind::ApplyCarrierMapping:
    case ActionKind::Drop:
        break;
    }
}

void RuleValidator::checkReply(const Action& action, const LazyPath& path)
{
    m_context->checkRange(path, QStringLiteral("reply code"), action.code, 200, 699,
                          action.code < 200 ? QStringLiteral("a proxy answers a request with a final response")
                                            : QString());
    if (action.reason.trimmed().isEmpty()) {
        m_context->error(path, QStringLiteral("reply reason is empty"),
                         QStringLiteral("give a reason phrase such as \"Service Unavailable\""));
    } else {
        checkNoControlCharacters(path, QStringLiteral("reply reason"), action.reason);
    }
}

void RuleValidator::checkRelay(const Action& action, const LazyPath& path)
{
    const bool hasGroup = !action.group.isEmpty();
    const bool hasUri = !action.uri.isEmpty();
    if (!hasGroup && !hasUri) {
        m_context->error(path, QStringLiteral("relay needs a group or a uri"));
    } else if (hasGroup && hasUri) {
        m_context->error(path, QStringLiteral("relay has both a group and a uri"), QStringLiteral("keep one of them"));
    }

    if (hasGroup) {
        if (const DestinationGroup* group =
                m_context->checkGroupReference(path, QStringLiteral("relay"), action.group)) {
            const QString name = ValidationContext::quote(group->name);
            const bool anyEnabled = std::any_of(group->destinations.begin(), group->destinations.end(),
                                                [](const Destination& destination) { return destination.enabled; });
            if (group->destinations.isEmpty()) {
                m_context->error(path, QStringLiteral("group %1 has no destinations").arg(name),
                                 QStringLiteral("add a destination to the group"));
            } else if (!anyEnabled) {
                m_context->warning(path, QStringLiteral("every destination of group %1 is disabled").arg(name),
                                   QStringLiteral("the relay fails until a destination is enabled"));
            }
        }
    }
    if (hasUri && !hasGroup) {
        Template parsed;
        if (m_context->checkTemplate(path, QStringLiteral("uri"), action.uri, &parsed) && parsed.isConstant()) {
            const QString text = constantText(parsed);
            QString problem;
            const std::optional<SipUri> uri = parseSipUri(text, &problem);
            if (!uri) {
                m_context->error(
                    path, QStringLiteral("invalid relay URI %1: %2").arg(ValidationContext::quote(text), problem));
            } else if (uri->host.empty()) {
                m_context->error(path, QStringLiteral("relay URI %1 has no host").arg(ValidationContext::quote(text)),
                                 QStringLiteral("relay to a sip: or sips: URI such as sip:198.51.100.20:5060"));
            }
        }
    }

    const bool hasStickyCache = !action.stickyCache.isEmpty();
    const bool hasStickyKey = !action.stickyKey.isEmpty();
    if ((hasStickyCache || hasStickyKey) && !hasGroup) {
        m_context->error(path, QStringLiteral("stickyCache and stickyKey need a relay to a group"),
                         QStringLiteral("a relay to a fixed uri has no destination to stick to"));
    } else if (hasStickyCache != hasStickyKey) {
        m_context->error(path,
                         hasStickyCache ? QStringLiteral("stickyCache is set without stickyKey")
                                        : QStringLiteral("stickyKey is set without stickyCache"),
                         QStringLiteral("set both, or neither"));
    }
    if (hasStickyCache)
        m_context->checkCacheReference(path, QStringLiteral("relay"), action.stickyCache);
    if (hasStickyKey)
        m_context->checkTemplate(path, QStringLiteral("stickyKey"), action.stickyKey);
}

void RuleValidator::checkRewriteUri(const Action& action, const LazyPath& path)
{
    const QStringList parts{QStringLiteral("uri"), QStringLiteral("user"), QStringLiteral("host")};
    const bool knownPart = checkOneOf(path, QStringLiteral("URI part"), action.part, parts);
    Template parsed;
    if (!m_context->checkTemplate(path, QStringLiteral("value"), action.value, &parsed) || !knownPart ||
        !parsed.isConstant())
        return;

    // A constant value can be checked now; a template is checked by the engine after expansion.
    const QString value = constantText(parsed);
    const QString quoted = ValidationContext::quote(value);
    if (action.part == u"uri") {
        QString problem;
        if (!parseSipUri(value, &problem))
            m_context->error(path, QStringLiteral("invalid URI %1: %2").arg(quoted, problem));
    } else if (action.part == u"user") {
        if (!SipSyntax::isUriUser(value)) {
            m_context->error(path, QStringLiteral("invalid URI user part %1").arg(quoted),
                             QStringLiteral("a user part holds letters, digits, -_.!~*'()&=+$,;?/ and %HH escapes"));
        }
    } else {
        const QByteArray utf8 = value.toUtf8();
        if (!isValidSipHost(std::string_view(utf8.constData(), std::size_t(utf8.size()))))
            m_context->error(path, QStringLiteral("invalid URI host %1").arg(quoted),
                             QStringLiteral("a host is a domain name, an IPv4 address or an [IPv6] address"));
    }
}

void RuleValidator::checkCacheLoad(const Action& action, const LazyPath& path)
{
    m_context->checkCacheReference(path, QStringLiteral("cacheLoad"), action.cache);
    m_context->checkTemplate(path, QStringLiteral("key"), action.key);
    if (action.variable.isEmpty()) {
        m_context->error(path, QStringLiteral("cacheLoad needs a variable"));
    } else if (!NameSyntax::isLowerSnakeCase(action.variable) || action.variable.size() > NameSyntax::MaxLength) {
        const QString suggestion = NameSyntax::toLowerSnakeCase(action.variable);
        m_context->error(
            path, QStringLiteral("invalid variable name %1").arg(ValidationContext::quote(action.variable)),
            suggestion.isEmpty() ? QStringLiteral("variable names are lower_snake_case")
                                 : QStringLiteral("variable names are lower_snake_case, e.g. %1").arg(suggestion));
    }
}

void RuleValidator::checkLog(const Action& action, const LazyPath& path)
{
    const QStringList levels{QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning")};
    checkOneOf(path, QStringLiteral("log level"), action.level, levels);
    m_context->checkTemplate(path, QStringLiteral("message"), action.message);
}

bool RuleValidator::checkHeaderName(const LazyPath& path, const QString& user, const QString& header, bool modifies)
{
    if (header.isEmpty()) {
        m_context->error(path, QStringLiteral("%1 needs a header").arg(user));
        return false;
    }
    if (!SipSyntax::isToken(header)) {
        m_context->error(path, QStringLiteral("invalid header name %1").arg(ValidationContext::quote(header)),
                         QStringLiteral("a header name is a SIP token such as \"X-Customer-Id\""));
        return false;
    }
    if (modifies && SipSyntax::isManagedHeader(header)) {
        m_context->error(path, QStringLiteral("%1 is managed by the proxy; rules cannot add or remove it").arg(header),
                         QStringLiteral("rules may read it in conditions and templates"));
        return false;
    }
    return true;
}

bool RuleValidator::checkNoControlCharacters(const LazyPath& path, const QString& what, const QString& text)
{
    for (QChar c : text) {
        if (c == u'\r' || c == u'\n') {
            m_context->error(path, QStringLiteral("%1 contains a line break").arg(what),
                             QStringLiteral("it is sent on one line of the SIP message"));
            return false;
        }
        if (c.unicode() < 0x20 && c != u'\t') {
            m_context->error(path, QStringLiteral("%1 contains a control character").arg(what));
            return false;
        }
    }
    return true;
}

bool RuleValidator::checkOneOf(const LazyPath& path, const QString& noun, const QString& value,
                               const QStringList& allowed)
{
    if (allowed.contains(value))
        return true;
    const QString suggestion = suggestName(value, allowed);
    const QString hint = suggestion.isEmpty()
                             ? QStringLiteral("expected one of: %1").arg(allowed.join(QStringLiteral(", ")))
                             : QStringLiteral("did you mean %1?").arg(ValidationContext::quote(suggestion));
    m_context->error(path, QStringLiteral("unknown %1 %2").arg(noun, ValidationContext::quote(value)), hint);
    return false;
}

} // namespace tollgate
