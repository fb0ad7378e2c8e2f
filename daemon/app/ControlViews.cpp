#include "ControlViews.h"

#include "store/StoreTime.h"

namespace tollgate::ControlViews {

QJsonValue time(std::int64_t ms)
{
    return ms < 0 ? QJsonValue() : QJsonValue(storeTimestamp(ms));
}

QString callState(const CallSummary& call)
{
    switch (call.state) {
    case DialogState::Trying:
        return QStringLiteral("setup");
    case DialogState::Early:
        return QStringLiteral("ringing");
    case DialogState::Confirmed:
        return QStringLiteral("answered");
    case DialogState::Terminated:
        break;
    }
    // An ended call that was never answered failed (busy, refused, cancelled, no answer).
    return call.answeredMs >= 0 ? QStringLiteral("ended") : QStringLiteral("failed");
}

std::optional<DialogState> dialogStateFor(const QString& state, bool* failedOnly, bool* endedOnly)
{
    *failedOnly = false;
    *endedOnly = false;
    if (state == u"setup")
        return DialogState::Trying;
    if (state == u"ringing")
        return DialogState::Early;
    if (state == u"answered")
        return DialogState::Confirmed;
    if (state == u"ended") {
        *endedOnly = true;
        return DialogState::Terminated;
    }
    if (state == u"failed") {
        *failedOnly = true;
        return DialogState::Terminated;
    }
    return std::nullopt;
}

QJsonObject call(const CallSummary& summary)
{
    const qsizetype space = summary.source.lastIndexOf(u' ');
    const QString source = space > 0 ? summary.source.left(space) : summary.source;
    const QString transport = space > 0 ? summary.source.mid(space + 1) : QStringLiteral("udp");
    const auto orNull = [](const QString& text) { return text.isEmpty() ? QJsonValue() : QJsonValue(text); };
    return QJsonObject{
        {QStringLiteral("callId"), summary.callId},
        {QStringLiteral("state"), callState(summary)},
        {QStringLiteral("caller"), summary.caller},
        {QStringLiteral("callee"), summary.callee},
        {QStringLiteral("carrier"), orNull(summary.carrier)},
        {QStringLiteral("group"), orNull(summary.group)},
        {QStringLiteral("destination"), orNull(summary.destination)},
        {QStringLiteral("source"), source},
        {QStringLiteral("transport"), transport},
        {QStringLiteral("startedAt"), time(summary.createdMs)},
        {QStringLiteral("answeredAt"), time(summary.answeredMs)},
        {QStringLiteral("endedAt"), time(summary.endedMs)},
        {QStringLiteral("durationSeconds"), double(summary.durationMs / 1000)},
        {QStringLiteral("finalCode"), summary.finalCode},
        {QStringLiteral("endReason"),
         summary.state == DialogState::Terminated ? dialogEndReasonName(summary.endReason) : QString()},
    };
}

QJsonObject message(const CallTraceEntry& entry)
{
    return QJsonObject{
        {QStringLiteral("time"), time(entry.timeMs)},
        {QStringLiteral("direction"),
         entry.direction == CallTraceEntry::Direction::In ? QStringLiteral("in") : QStringLiteral("out")},
        {QStringLiteral("from"), QString::fromUtf8(entry.from.data(), qsizetype(entry.from.size()))},
        {QStringLiteral("to"), QString::fromUtf8(entry.to.data(), qsizetype(entry.to.size()))},
        {QStringLiteral("transport"), transportName(entry.transport)},
        {QStringLiteral("firstLine"), QString::fromUtf8(entry.firstLine.data(), qsizetype(entry.firstLine.size()))},
        {QStringLiteral("text"), QString::fromUtf8(entry.text.data(), qsizetype(entry.text.size()))},
    };
}

QJsonObject destination(const DestinationStatus& status)
{
    const bool changed = status.adminSinceMs > 0;
    return QJsonObject{
        {QStringLiteral("group"), status.group},
        {QStringLiteral("name"), status.name.isEmpty() ? status.uri : status.name},
        {QStringLiteral("uri"), status.uri},
        {QStringLiteral("priority"), status.priority},
        {QStringLiteral("weight"), status.weight},
        {QStringLiteral("state"), destinationAdminStateName(status.admin)},
        {QStringLiteral("health"), destinationHealthName(status.health)},
        {QStringLiteral("healthReason"), status.healthReason},
        {QStringLiteral("healthChangedAt"), time(status.healthSinceMs > 0 ? status.healthSinceMs : -1)},
        {QStringLiteral("active"), status.activeCalls},
        {QStringLiteral("reason"), status.adminReason},
        {QStringLiteral("changedBy"), changed ? status.adminUser : QString()},
        {QStringLiteral("changedAt"), time(changed ? status.adminSinceMs : -1)},
        {QStringLiteral("usable"), status.usable},
        {QStringLiteral("lastProbe"),
         status.lastProbeMs > 0 ? QJsonValue(QJsonObject{{QStringLiteral("time"), time(status.lastProbeMs)},
                                                         {QStringLiteral("code"), status.lastProbeCode},
                                                         {QStringLiteral("rttMs"), status.lastProbeRttMs}})
                                : QJsonValue()},
        {QStringLiteral("attempts"), double(status.attempts)},
        {QStringLiteral("failures"), double(status.failures)},
        {QStringLiteral("timeouts"), double(status.timeouts)},
    };
}

QJsonObject revision(const RevisionInfo& info)
{
    return QJsonObject{{QStringLiteral("id"), info.id},
                       {QStringLiteral("createdAt"), info.createdAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("author"), info.author},
                       {QStringLiteral("comment"), info.comment},
                       {QStringLiteral("checksum"), info.checksum},
                       {QStringLiteral("sizeBytes"), double(info.sizeBytes)},
                       {QStringLiteral("rolledBackFrom"), info.rolledBackFrom}};
}

QJsonObject diagnostic(const Diagnostic& finding)
{
    return QJsonObject{
        {QStringLiteral("severity"),
         finding.severity == Diagnostic::Severity::Error ? QStringLiteral("error") : QStringLiteral("warning")},
        {QStringLiteral("path"), finding.path},
        {QStringLiteral("message"), finding.message},
        {QStringLiteral("hint"), finding.hint},
        {QStringLiteral("text"), finding.toString()},
    };
}

QJsonArray diagnostics(const Diagnostics& findings)
{
    QJsonArray list;
    for (const Diagnostic& finding : findings)
        list.append(diagnostic(finding));
    return list;
}

QJsonObject change(const RuleSetChange& difference)
{
    QJsonObject object = ruleSetChangesToJson({difference}).at(0).toObject();
    object.insert(QStringLiteral("text"), difference.toString());
    return object;
}

QJsonObject auditEntry(const AuditLog::Entry& entry)
{
    return entry.toJson();
}

} // namespace tollgate::ControlViews
