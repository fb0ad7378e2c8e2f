#include "Action.h"

#include <array>
#include <utility>

namespace tollgate {

namespace {
constexpr std::array<std::pair<ActionKind, const char16_t*>, 15> ActionKindNames{{
    {ActionKind::SetFlag, u"setFlag"},
    {ActionKind::ClearFlag, u"clearFlag"},
    {ActionKind::Reply, u"reply"},
    {ActionKind::Relay, u"relay"},
    {ActionKind::CallRoute, u"callRoute"},
    {ActionKind::SetTimer, u"setTimer"},
    {ActionKind::CacheStore, u"cacheStore"},
    {ActionKind::CacheLoad, u"cacheLoad"},
    {ActionKind::CacheDelete, u"cacheDelete"},
    {ActionKind::RewriteUri, u"rewriteUri"},
    {ActionKind::AddHeader, u"addHeader"},
    {ActionKind::RemoveHeader, u"removeHeader"},
    {ActionKind::ApplyCarrierMapping, u"applyCarrierMapping"},
    {ActionKind::Log, u"log"},
    {ActionKind::Drop, u"drop"},
}};
} // namespace

QString actionKindName(ActionKind kind)
{
    for (const auto& [candidate, name] : ActionKindNames) {
        if (candidate == kind)
            return QString::fromUtf16(name);
    }
    return {};
}

bool parseActionKind(const QString& name, ActionKind* kind)
{
    for (const auto& [candidate, candidateName] : ActionKindNames) {
        if (name == QStringView(candidateName)) {
            *kind = candidate;
            return true;
        }
    }
    return false;
}

bool isTerminalAction(ActionKind kind)
{
    return kind == ActionKind::Reply || kind == ActionKind::Relay || kind == ActionKind::Drop;
}

} // namespace tollgate
