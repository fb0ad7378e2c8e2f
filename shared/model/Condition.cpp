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

QString conditionKindName(ConditionKind kind)
{
    for (const auto& [candidate, name] : ConditionKindNames) {
        if (candidate == kind)
            return QString::fromUtf16(name);
    }
    return {};
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
