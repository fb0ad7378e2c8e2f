#include "ValidationContext.h"

#include "NameSuggestion.h"
#include "NameSyntax.h"

#include <QRegularExpression>
#include <limits>

namespace tollgate {

namespace {

template <typename T>
void indexNames(const QList<T>& items, QSet<QString>* names, QStringList* candidates)
{
    for (const T& item : items) {
        if (!item.name.isEmpty() && !names->contains(item.name)) {
            names->insert(item.name);
            candidates->append(item.name);
        }
    }
}

QString display(const QString& name, bool quoted)
{
    return quoted ? ValidationContext::quote(name) : name;
}

} // namespace

ValidationContext::ValidationContext(const RuleSet& ruleSet)
    : m_ruleSet(ruleSet)
{
    for (const QString& name : builtInFlagNames()) {
        m_builtInFlags.insert(name);
        m_flags.insert(name);
    }
    indexNames(ruleSet.flags, &m_flags, &m_flagCandidates);
    m_flagCandidates += builtInFlagNames();
    indexNames(ruleSet.carriers, &m_carriers, &m_carrierCandidates);
    indexNames(ruleSet.routes, &m_routes, &m_routeCandidates);
    indexNames(ruleSet.caches, &m_caches, &m_cacheCandidates);
    for (const DestinationGroup& group : ruleSet.groups) {
        if (!group.name.isEmpty() && !m_groups.contains(group.name)) {
            m_groups.insert(group.name, &group);
            m_groupCandidates.append(group.name);
        }
    }
    for (const Route& route : ruleSet.routes) {
        for (const Rule& rule : route.rules) {
            for (const Action& action : rule.actions) {
                if (action.kind == ActionKind::CacheLoad && !action.variable.isEmpty() &&
                    !m_loadedVariables.contains(action.variable)) {
                    m_loadedVariables.insert(action.variable);
                    m_variableCandidates.append(action.variable);
                }
            }
        }
    }
}

void ValidationContext::error(const LazyPath& path, const QString& message, const QString& hint)
{
    m_diagnostics.append(Diagnostic{Diagnostic::Severity::Error, path.toString(), message, hint});
}

void ValidationContext::warning(const LazyPath& path, const QString& message, const QString& hint)
{
    m_diagnostics.append(Diagnostic{Diagnostic::Severity::Warning, path.toString(), message, hint});
}

bool ValidationContext::checkRange(const LazyPath& path, const QString& field, qint64 value, qint64 minimum,
                                   qint64 maximum, const QString& hint)
{
    if (value >= minimum && value <= maximum)
        return true;
    // An open-ended range reads better without its technical upper bound.
    const QString message =
        maximum == std::numeric_limits<int>::max()
            ? QStringLiteral("%1 %2 must be at least %3").arg(field).arg(value).arg(minimum)
            : QStringLiteral("%1 %2 is out of range %3-%4").arg(field).arg(value).arg(minimum).arg(maximum);
    error(path, message, hint);
    return false;
}

std::optional<CidrBlock> ValidationContext::parseCidrBlock(const QString& text, QString* problem)
{
    if (!text.contains(QLatin1Char('/')) && !IpAddress::parse(text)) {
        *problem = QStringLiteral("not an IP address or CIDR block");
        return std::nullopt;
    }
    const QByteArray utf8 = text.toUtf8();
    std::string error;
    std::optional<CidrBlock> block =
        CidrBlock::parse(std::string_view(utf8.constData(), std::size_t(utf8.size())), &error);
    if (!block)
        *problem = QString::fromStdString(error);
    return block;
}

bool ValidationContext::isValidRegularExpression(const QString& pattern, QString* problem)
{
    auto it = m_regularExpressionProblems.constFind(pattern);
    if (it == m_regularExpressionProblems.constEnd()) {
        // Compiling is the costliest check of all (Qt also JIT-compiles every pattern), and the
        // same pattern often appears in many rules.
        const QRegularExpression expression(pattern);
        const QString found =
            expression.isValid()
                ? QString()
                : QStringLiteral("%1 at offset %2").arg(expression.errorString()).arg(expression.patternErrorOffset());
        it = m_regularExpressionProblems.insert(pattern, found);
    }
    *problem = it.value();
    return problem->isEmpty();
}

QString ValidationContext::quote(const QString& text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\")).replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool ValidationContext::checkName(const LazyPath& path, const QString& noun, NameStyle style, const QString& name)
{
    if (name.isEmpty()) {
        error(path, QStringLiteral("missing %1 name").arg(noun));
        return false;
    }
    const bool upper = style == NameStyle::UpperSnakeCase;
    if (name.size() > NameSyntax::MaxLength) {
        error(path, QStringLiteral("%1 name is longer than %2 characters").arg(noun).arg(NameSyntax::MaxLength));
        return false;
    }
    const bool valid = upper ? NameSyntax::isUpperSnakeCase(name) : NameSyntax::isLowerKebabCase(name);
    if (valid)
        return true;
    const QString styleName = upper ? QStringLiteral("UPPER_SNAKE_CASE") : QStringLiteral("lower-kebab-case");
    const QString suggestion = upper ? NameSyntax::toUpperSnakeCase(name) : NameSyntax::toLowerKebabCase(name);
    const QString hint = suggestion.isEmpty()
                             ? QStringLiteral("%1 names are %2").arg(noun, styleName)
                             : QStringLiteral("%1 names are %2, e.g. %3").arg(noun, styleName, suggestion);
    error(path, QStringLiteral("invalid %1 name %2").arg(noun, display(name, !upper)), hint);
    return false;
}

void ValidationContext::checkUnique(QSet<QString>* seen, const LazyPath& path, const QString& noun, NameStyle style,
                                    const QString& name)
{
    if (name.isEmpty())
        return;
    const qsizetype sizeBefore = seen->size();
    seen->insert(name); // one hash lookup for both the test and the record
    if (seen->size() == sizeBefore) {
        error(path, QStringLiteral("duplicate %1 name %2").arg(noun, display(name, style == NameStyle::LowerKebabCase)),
              QStringLiteral("%1 names must be unique; rename or remove one").arg(noun));
    }
}

bool ValidationContext::checkReference(const LazyPath& path, const QString& user, const QString& noun,
                                       const QString& name, bool known, const QStringList& candidates, bool quoted)
{
    if (name.isEmpty()) {
        error(path, QStringLiteral("%1 needs a %2").arg(user, noun));
        return false;
    }
    if (known)
        return true;
    const QString suggestion = suggestName(name, candidates);
    const QString hint = suggestion.isEmpty() ? QStringLiteral("no %1 of that name is defined").arg(noun)
                                              : QStringLiteral("did you mean %1?").arg(display(suggestion, quoted));
    error(path, QStringLiteral("unknown %1 %2").arg(noun, display(name, quoted)), hint);
    return false;
}

bool ValidationContext::checkFlagReference(const LazyPath& path, const QString& user, const QString& name)
{
    return checkReference(path, user, QStringLiteral("flag"), name, m_flags.contains(name), m_flagCandidates, false);
}

bool ValidationContext::checkCarrierReference(const LazyPath& path, const QString& user, const QString& name)
{
    return checkReference(path, user, QStringLiteral("carrier"), name, m_carriers.contains(name), m_carrierCandidates,
                          true);
}

bool ValidationContext::checkRouteReference(const LazyPath& path, const QString& user, const QString& name)
{
    return checkReference(path, user, QStringLiteral("route"), name, m_routes.contains(name), m_routeCandidates, false);
}

bool ValidationContext::checkCacheReference(const LazyPath& path, const QString& user, const QString& name)
{
    return checkReference(path, user, QStringLiteral("cache"), name, m_caches.contains(name), m_cacheCandidates, true);
}

const DestinationGroup* ValidationContext::checkGroupReference(const LazyPath& path, const QString& user,
                                                               const QString& name)
{
    const DestinationGroup* group = m_groups.value(name, nullptr);
    checkReference(path, user, QStringLiteral("group"), name, group != nullptr, m_groupCandidates, true);
    return group;
}

bool ValidationContext::checkTemplate(const LazyPath& path, const QString& field, const QString& text, Template* parsed)
{
    Template result;
    QString problem;
    QString hint;
    if (!Template::parse(text, &result, &problem, &hint)) {
        error(path, QStringLiteral("invalid template in %1: %2").arg(field, problem), hint);
        return false;
    }
    for (const Template::Segment& segment : result.segments()) {
        if (segment.isLiteral || segment.field != TemplateField::Variable)
            continue;
        const QString variable = QString::fromStdString(segment.argument);
        if (m_loadedVariables.contains(variable))
            continue;
        const QString suggestion = suggestName(variable, m_variableCandidates);
        const QString variableHint = suggestion.isEmpty()
                                         ? QStringLiteral("it is always empty; load it with a cacheLoad action")
                                         : QStringLiteral("it is always empty; did you mean {var.%1}?").arg(suggestion);
        warning(path, QStringLiteral("%1 reads {var.%2}, which no cacheLoad action loads").arg(field, variable),
                variableHint);
    }
    if (parsed)
        *parsed = std::move(result);
    return true;
}

} // namespace tollgate
