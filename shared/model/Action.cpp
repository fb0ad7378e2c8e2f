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

const QStringList& actionKindNames()
{
    static const QStringList names = [] {
        QStringList result(int(ActionKindNames.size()));
        for (const auto& [kind, name] : ActionKindNames)
            result[static_cast<int>(kind)] = QString::fromUtf16(name);
        return result;
    }();
    return names;
}

const QString& actionKindName(ActionKind kind)
{
    return actionKindNames().at(static_cast<int>(kind));
}

const QString& actionKindDescription(ActionKind kind)
{
    static const QStringList descriptions = [] {
        QStringList result;
        for (const QString& name : actionKindNames())
            result << QStringLiteral("a %1 action").arg(name);
        return result;
    }();
    return descriptions.at(static_cast<int>(kind));
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
