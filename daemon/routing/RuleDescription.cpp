#include "RuleDescription.h"

#include <QStringList>

namespace tollgate {

namespace {

QString quoted(const QString& text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString listed(const QStringList& items)
{
    return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
}

QString describeTest(const Condition& condition)
{
    switch (condition.kind) {
    case ConditionKind::Method:
        return condition.methods.size() == 1 ? QStringLiteral("method is %1").arg(condition.methods.first())
                                             : QStringLiteral("method in %1").arg(listed(condition.methods));
    case ConditionKind::Flag:
        return QStringLiteral("flag %1").arg(condition.flag);
    case ConditionKind::SourceCarrier:
        return QStringLiteral("source is carrier %1").arg(condition.carrier);
    case ConditionKind::SourceAnyCarrier:
        return QStringLiteral("source is a carrier");
    case ConditionKind::SourceTrusted:
        return QStringLiteral("source is trusted");
    case ConditionKind::SourceCidr:
        return QStringLiteral("source in %1").arg(condition.cidr);
    case ConditionKind::Transport:
        return QStringLiteral("transport in %1").arg(listed(condition.transports));
    case ConditionKind::Match:
        return QStringLiteral("%1 %2 %3").arg(condition.field, matchOpName(condition.op), quoted(condition.value));
    case ConditionKind::HeaderPresent:
        return QStringLiteral("header %1 present").arg(condition.header);
    case ConditionKind::InDialog:
        return QStringLiteral("in dialog");
    case ConditionKind::CacheHasKey:
        return QStringLiteral("cache %1 has key %2").arg(condition.cache, quoted(condition.key));
    }
    return conditionKindName(condition.kind);
}

} // namespace

QString RuleDescription::describe(const Condition& condition)
{
    const QString test = describeTest(condition);
    return condition.negate ? QStringLiteral("NOT ") + test : test;
}

QString RuleDescription::describe(const Action& action)
{
    switch (action.kind) {
    case ActionKind::SetFlag:
        return QStringLiteral("setFlag %1").arg(action.flag);
    case ActionKind::ClearFlag:
        return QStringLiteral("clearFlag %1").arg(action.flag);
    case ActionKind::Reply:
        return QStringLiteral("reply %1 %2").arg(QString::number(action.code), action.reason);
    case ActionKind::Relay: {
        QString text = action.group.isEmpty() ? QStringLiteral("relay to uri %1").arg(quoted(action.uri))
                                              : QStringLiteral("relay to group %1").arg(action.group);
        if (!action.stickyCache.isEmpty())
            text += QStringLiteral(" (sticky: cache %1 key %2)").arg(action.stickyCache, quoted(action.stickyKey));
        return text;
    }
    case ActionKind::CallRoute:
        return QStringLiteral("callRoute %1").arg(action.route);
    case ActionKind::SetTimer:
        return QStringLiteral("setTimer %1 ms").arg(action.milliseconds);
    case ActionKind::CacheStore:
        return QStringLiteral("cacheStore %1 key %2 value %3")
            .arg(action.cache, quoted(action.key), quoted(action.value));
    case ActionKind::CacheLoad:
        return QStringLiteral("cacheLoad %1 key %2 into var.%3").arg(action.cache, quoted(action.key), action.variable);
    case ActionKind::CacheDelete:
        return QStringLiteral("cacheDelete %1 key %2").arg(action.cache, quoted(action.key));
    case ActionKind::RewriteUri:
        return QStringLiteral("rewriteUri %1 = %2").arg(action.part, quoted(action.value));
    case ActionKind::AddHeader:
        return QStringLiteral("addHeader %1: %2").arg(action.header, quoted(action.value));
    case ActionKind::RemoveHeader:
        return QStringLiteral("removeHeader %1").arg(action.header);
    case ActionKind::ApplyCarrierMapping:
        return QStringLiteral("applyCarrierMapping");
    case ActionKind::Log:
        return QStringLiteral("log %1 %2").arg(action.level, quoted(action.message));
    case ActionKind::Drop:
        return QStringLiteral("drop");
    }
    return actionKindName(action.kind);
}

} // namespace tollgate
