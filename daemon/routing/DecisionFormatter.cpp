#include "DecisionFormatter.h"

#include <QJsonArray>

namespace tollgate {

namespace {

QString fromUtf8(const std::string& text)
{
    return QString::fromStdString(text);
}

QString groupName(const RouteDecision& decision, const CompiledRuleSet& ruleSet)
{
    if (decision.groupIndex < 0 || decision.groupIndex >= ruleSet.groupCount())
        return {};
    return fromUtf8(ruleSet.groupName(decision.groupIndex));
}

QString summary(const RouteDecision& decision, const CompiledRuleSet& ruleSet)
{
    switch (decision.outcome) {
    case DecisionOutcome::NoDecision:
        return QStringLiteral("no decision (answered 500 No Routing Decision)");
    case DecisionOutcome::Reply:
        return QStringLiteral("reply %1 %2").arg(decision.replyCode).arg(fromUtf8(decision.replyReason));
    case DecisionOutcome::Relay:
        if (decision.groupIndex >= 0)
            return QStringLiteral("relay to group %1").arg(groupName(decision, ruleSet));
        return QStringLiteral("relay to %1").arg(fromUtf8(decision.relayUri));
    case DecisionOutcome::Drop:
        return QStringLiteral("drop");
    }
    return {};
}

} // namespace

QString DecisionFormatter::outcomeName(DecisionOutcome outcome)
{
    switch (outcome) {
    case DecisionOutcome::NoDecision:
        return QStringLiteral("no-decision");
    case DecisionOutcome::Reply:
        return QStringLiteral("reply");
    case DecisionOutcome::Relay:
        return QStringLiteral("relay");
    case DecisionOutcome::Drop:
        return QStringLiteral("drop");
    }
    return {};
}

QString DecisionFormatter::logLevelName(DecisionLogLine::Level level)
{
    switch (level) {
    case DecisionLogLine::Level::Debug:
        return QStringLiteral("debug");
    case DecisionLogLine::Level::Info:
        return QStringLiteral("info");
    case DecisionLogLine::Level::Warning:
        return QStringLiteral("warning");
    }
    return {};
}

QJsonObject DecisionFormatter::toJson(const RouteDecision& decision, const CompiledRuleSet& ruleSet)
{
    QJsonObject json;
    json.insert(QStringLiteral("outcome"), outcomeName(decision.outcome));
    if (decision.outcome == DecisionOutcome::Reply) {
        json.insert(QStringLiteral("reply"), QJsonObject{{QStringLiteral("code"), decision.replyCode},
                                                         {QStringLiteral("reason"), fromUtf8(decision.replyReason)}});
    }
    if (decision.outcome == DecisionOutcome::Relay) {
        QJsonObject relay;
        if (decision.groupIndex >= 0)
            relay.insert(QStringLiteral("group"), groupName(decision, ruleSet));
        else
            relay.insert(QStringLiteral("uri"), fromUtf8(decision.relayUri));
        if (!decision.stickyCache.empty()) {
            relay.insert(QStringLiteral("stickyCache"), fromUtf8(decision.stickyCache));
            relay.insert(QStringLiteral("stickyKey"), fromUtf8(decision.stickyKey));
        }
        if (!decision.preferredDestination.empty())
            relay.insert(QStringLiteral("preferredDestination"), fromUtf8(decision.preferredDestination));
        json.insert(QStringLiteral("relay"), relay);
    }
    json.insert(QStringLiteral("flags"), QJsonArray::fromStringList(ruleSet.flagNames(decision.flags)));
    if (decision.finalReplyTimerMs > 0)
        json.insert(QStringLiteral("finalReplyTimerMs"), decision.finalReplyTimerMs);
    if (decision.requestUri)
        json.insert(QStringLiteral("requestUri"), fromUtf8(*decision.requestUri));
    if (!decision.headerEdits.empty()) {
        QJsonArray edits;
        for (const HeaderEdit& edit : decision.headerEdits) {
            QJsonObject object{{QStringLiteral("operation"), edit.operation == HeaderEdit::Operation::Add
                                                                 ? QStringLiteral("add")
                                                                 : QStringLiteral("remove")},
                               {QStringLiteral("name"), fromUtf8(edit.name)}};
            if (edit.operation == HeaderEdit::Operation::Add)
                object.insert(QStringLiteral("value"), fromUtf8(edit.value));
            edits.append(object);
        }
        json.insert(QStringLiteral("headerEdits"), edits);
    }
    if (!decision.cacheWrites.empty()) {
        QJsonArray writes;
        for (const CacheWrite& write : decision.cacheWrites) {
            const bool store = write.operation == CacheWrite::Operation::Store;
            QJsonObject object{
                {QStringLiteral("operation"), store ? QStringLiteral("store") : QStringLiteral("delete")},
                {QStringLiteral("cache"), fromUtf8(write.cache)},
                {QStringLiteral("key"), fromUtf8(write.key)}};
            if (store)
                object.insert(QStringLiteral("value"), fromUtf8(write.value));
            writes.append(object);
        }
        json.insert(QStringLiteral("cacheWrites"), writes);
    }
    if (decision.applyCarrierMapping)
        json.insert(QStringLiteral("applyCarrierMapping"), true);
    if (!decision.logLines.empty()) {
        QJsonArray lines;
        for (const DecisionLogLine& line : decision.logLines) {
            lines.append(QJsonObject{{QStringLiteral("level"), logLevelName(line.level)},
                                     {QStringLiteral("text"), fromUtf8(line.text)}});
        }
        json.insert(QStringLiteral("log"), lines);
    }
    if (!decision.decidedInRoute.empty()) {
        json.insert(QStringLiteral("decidedBy"),
                    QJsonObject{{QStringLiteral("route"), fromUtf8(decision.decidedInRoute)},
                                {QStringLiteral("rule"), fromUtf8(decision.decidedByRule)}});
    }
    if (!decision.failure.empty())
        json.insert(QStringLiteral("failure"), fromUtf8(decision.failure));
    return json;
}

QString DecisionFormatter::toText(const RouteDecision& decision, const CompiledRuleSet& ruleSet)
{
    QString text = summary(decision, ruleSet);
    if (!decision.decidedInRoute.empty()) {
        text += QStringLiteral(" (%1 › rule \"%2\")")
                    .arg(fromUtf8(decision.decidedInRoute), fromUtf8(decision.decidedByRule));
    }
    text += u'\n';
    if (!decision.failure.empty())
        text += QStringLiteral("failure: %1\n").arg(fromUtf8(decision.failure));
    if (!decision.preferredDestination.empty())
        text += QStringLiteral("preferred destination: %1\n").arg(fromUtf8(decision.preferredDestination));
    if (!decision.stickyCache.empty()) {
        text += QStringLiteral("sticky: cache %1 key \"%2\"\n")
                    .arg(fromUtf8(decision.stickyCache), fromUtf8(decision.stickyKey));
    }
    const QStringList flags = ruleSet.flagNames(decision.flags);
    text += QStringLiteral("flags: %1\n").arg(flags.isEmpty() ? QStringLiteral("(none)") : flags.join(u' '));
    if (decision.finalReplyTimerMs > 0)
        text += QStringLiteral("final-reply timer: %1 ms\n").arg(decision.finalReplyTimerMs);
    if (decision.requestUri)
        text += QStringLiteral("Request-URI: %1\n").arg(fromUtf8(*decision.requestUri));
    for (const HeaderEdit& edit : decision.headerEdits) {
        if (edit.operation == HeaderEdit::Operation::Add)
            text += QStringLiteral("add header %1: %2\n").arg(fromUtf8(edit.name), fromUtf8(edit.value));
        else
            text += QStringLiteral("remove header %1\n").arg(fromUtf8(edit.name));
    }
    for (const CacheWrite& write : decision.cacheWrites) {
        if (write.operation == CacheWrite::Operation::Store)
            text += QStringLiteral("cache %1: store \"%2\" = \"%3\"\n")
                        .arg(fromUtf8(write.cache), fromUtf8(write.key), fromUtf8(write.value));
        else
            text += QStringLiteral("cache %1: delete \"%2\"\n").arg(fromUtf8(write.cache), fromUtf8(write.key));
    }
    if (decision.applyCarrierMapping)
        text += QStringLiteral("carrier IP mapping: applied\n");
    for (const DecisionLogLine& line : decision.logLines)
        text += QStringLiteral("log %1: %2\n").arg(logLevelName(line.level), fromUtf8(line.text));
    return text;
}

} // namespace tollgate
