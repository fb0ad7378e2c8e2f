#include "Condition.h"

#include <array>
#include <utility>

namespace tollgate {

namespace {
constexpr std::array<std::pair<ConditionKind, const char16_t*>, 11> ConditionKindNames{{
    {ConditionKind::Method, u"method"},
    {ConditionKind::Flag, u"flag"},
    {ConditionKind::SourceCarrier, u"sourceCarrier"},
    {ConditionKind::SourceAnyCarrier, u"sourceAnyCarrier"},
    {ConditionKind::SourceTrusted, u"sourceTrusted"},
    {ConditionKind::SourceCidr, u"sourceCidr"},
    {ConditionKind::Transport, u"transport"},
    {ConditionKind::Match, u"match"},
    {ConditionKind::HeaderPresent, u"headerPresent"},
    {ConditionKind::InDialog, u"inDialog"},
    {ConditionKind::CacheHasKey, u"cacheHasKey"},
}};

constexpr std::array<std::pair<MatchOp, const char16_t*>, 3> MatchOpNames{{
    {MatchOp::Exact, u"exact"},
    {MatchOp::Prefix, u"prefix"},
    {MatchOp::Regex, u"regex"},
}};
} // namespace

const QStringList& conditionKindNames()
{
    static const QStringList names = [] {
        QStringList result(int(ConditionKindNames.size()));
        for (const auto& [kind, name] : ConditionKindNames)
            result[static_cast<int>(kind)] = QString::fromUtf16(name);
        return result;
    }();
    return names;
}

const QString& conditionKindName(ConditionKind kind)
{
    return conditionKindNames().at(static_cast<int>(kind));
}

const QString& conditionKindDescription(ConditionKind kind)
{
    static const QStringList descriptions = [] {
        QStringList result;
        for (const QString& name : conditionKindNames())
            result << QStringLiteral("a %1 condition").arg(name);
        return result;
    }();
    return descriptions.at(static_cast<int>(kind));
}

bool parseConditionKind(const QString& name, ConditionKind* kind)
{
    for (const auto& [candidate, candidateName] : ConditionKindNames) {
        if (name == QStringView(candidateName)) {
            *kind = candidate;
            return true;
        }
    }
    return false;
}

QString matchOpName(MatchOp op)
{
    for (const auto& [candidate, name] : MatchOpNames) {
        if (candidate == op)
            return QString::fromUtf16(name);
    }
    return {};
}

bool parseMatchOp(const QString& name, MatchOp* op)
{
    for (const auto& [candidate, candidateName] : MatchOpNames) {
        if (name == QStringView(candidateName)) {
            *op = candidate;
            return true;
        }
    }
    return false;
}

} // namespace tollgate
