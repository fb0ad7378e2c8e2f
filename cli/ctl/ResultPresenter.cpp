#include "ResultPresenter.h"

#include "CallLadder.h"
#include "DisplayFormat.h"
#include "TableFormatter.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace tollgate {

namespace {

QString text(const QJsonObject& object, const QString& key)
{
    return DisplayFormat::cell(object.value(key));
}

/// "key  value" lines, aligned.
QString keyValues(const QList<QPair<QString, QString>>& pairs)
{
    TableFormatter table({u""_s, u""_s});
    for (const auto& [key, value] : pairs)
        table.addRow({key + u':', value});
    return table.toString().section(u'\n', 1);
}

QString indentedJson(const QJsonValue& value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    return DisplayFormat::cell(value) + u'\n';
}

QString plural(qint64 count, const QString& singular, const QString& pluralForm)
{
    return u"%1 %2"_s.arg(count).arg(count == 1 ? singular : pluralForm);
}

} // namespace

ResultPresenter::ResultPresenter(const QTimeZone& zone)
    : m_zone(zone)
{}

QString ResultPresenter::present(const CliCommandSpec& command, const QJsonValue& result) const
{
    const QString name = command.noun + u' ' + command.verb;
    const QJsonObject object = result.toObject();
    if (!result.isObject())
        return indentedJson(result);
    if (name == u"system hello"_s)
        return systemHello(object);
    if (name == u"system status"_s)
        return systemStatus(object);
    if (name == u"stats show"_s)
        return stats(object);
    if (name == u"calls list"_s)
        return callList(object);
    if (name == u"calls show"_s)
        return callDetails(object);
    if (name == u"calls end"_s)
        return object.value(u"ended"_s).toBool() ? u"call ended\n"_s : u"the call had already ended\n"_s;
    if (name == u"destinations list"_s)
        return destinationList(object);
    if (command.noun == u"destinations"_s)
        return destinationChange(object);
    if (name == u"groups failover"_s)
        return u"group %1: new calls go to %2 instead of %3\n"_s.arg(text(object, u"group"_s), text(object, u"to"_s),
                                                                     text(object, u"from"_s));
    if (name == u"rules validate"_s) {
        const QJsonArray found = object.value(u"diagnostics"_s).toArray();
        QString out = object.value(u"valid"_s).toBool() ? u"the ruleset is valid\n"_s : u"the ruleset is invalid:\n"_s;
        return out + diagnostics(found);
    }
    if (name == u"rules apply"_s) {
        return u"applied as %1\n"_s.arg(revisionLine(object.value(u"revision"_s).toObject())) +
               diagnostics(object.value(u"diagnostics"_s).toArray());
    }
    if (name == u"rules revisions"_s)
        return revisionList(object);
    if (name == u"rules diff"_s)
        return diff(object);
    if (name == u"rules rollback"_s) {
        return u"revision %1 was active; now %2\n"_s.arg(text(object, u"rolledBackFrom"_s),
                                                         revisionLine(object.value(u"revision"_s).toObject()));
    }
    if (name == u"rules dry-run"_s)
        return dryRun(object);
    if (name == u"audit list"_s)
        return auditList(object);
    return indentedJson(result);
}

QString ResultPresenter::diagnostics(const QJsonArray& diagnostics)
{
    QString out;
    for (const QJsonValue& value : diagnostics) {
        const QJsonObject diagnostic = value.toObject();
        QString line = diagnostic.value(u"text"_s).toString();
        if (line.isEmpty()) {
            const QString path = diagnostic.value(u"path"_s).toString();
            line = path.isEmpty() ? diagnostic.value(u"message"_s).toString()
                                  : path + u": "_s + diagnostic.value(u"message"_s).toString();
            const QString hint = diagnostic.value(u"hint"_s).toString();
            if (!hint.isEmpty())
                line += u" ("_s + hint + u')';
        }
        out += u"%1: %2\n"_s.arg(diagnostic.value(u"severity"_s).toString(u"error"_s), line);
    }
    return out;
}

QString ResultPresenter::systemHello(const QJsonObject& result) const
{
    return keyValues({{u"Server"_s, u"%1 %2"_s.arg(text(result, u"server"_s), text(result, u"version"_s))},
                      {u"Protocol"_s, text(result, u"protocolVersion"_s)},
                      {u"You are"_s, text(result, u"user"_s)},
                      {u"Methods"_s, QString::number(result.value(u"methods"_s).toArray().size())},
                      {u"Topics"_s, text(result, u"topics"_s)}});
}

QString ResultPresenter::systemStatus(const QJsonObject& result) const
{
    const QJsonObject revision = result.value(u"activeRevision"_s).toObject();
    return keyValues(
        {{u"Version"_s, text(result, u"version"_s)},
         {u"Started"_s, u"%1 (up %2)"_s.arg(DisplayFormat::time(result.value(u"startedAt"_s).toString(), m_zone),
                                            DisplayFormat::duration(result.value(u"uptimeSeconds"_s).toInteger()))},
         {u"SIP"_s, text(result, u"listen"_s)},
         {u"Control socket"_s, text(result, u"controlSocket"_s)},
         {u"Database"_s, text(result, u"database"_s)},
         {u"Ruleset"_s, revisionLine(revision)},
         {u"Overloaded"_s, text(result, u"overloaded"_s)}});
}

QString ResultPresenter::stats(const QJsonObject& result) const
{
    QString out = keyValues({{u"Calls per second"_s, text(result, u"callsPerSecond"_s)},
                             {u"Active calls"_s, text(result, u"activeCalls"_s)}});
    const QJsonObject responses = result.value(u"responses"_s).toObject();
    if (!responses.isEmpty()) {
        QStringList parts;
        for (auto it = responses.constBegin(); it != responses.constEnd(); ++it)
            parts << u"%1 %2"_s.arg(it.key(), DisplayFormat::cell(it.value()));
        out += keyValues({{u"Responses"_s, parts.join(u"  "_s)}});
    }
    const QJsonObject counters = result.value(u"counters"_s).toObject();
    if (!counters.isEmpty()) {
        TableFormatter table({u"COUNTER"_s, u"VALUE"_s});
        table.setAlignment(1, TableFormatter::Alignment::Right);
        for (auto it = counters.constBegin(); it != counters.constEnd(); ++it)
            table.addRow({it.key(), DisplayFormat::cell(it.value())});
        out += u'\n' + table.toString();
    }
    const QJsonArray carriers = result.value(u"carriers"_s).toArray();
    if (!carriers.isEmpty()) {
        TableFormatter table({u"CARRIER"_s, u"ACTIVE"_s, u"TOTAL"_s, u"REJECTED"_s});
        for (int column = 1; column < 4; ++column)
            table.setAlignment(column, TableFormatter::Alignment::Right);
        for (const QJsonValue& value : carriers) {
            const QJsonObject carrier = value.toObject();
            table.addRow({text(carrier, u"name"_s), text(carrier, u"active"_s), text(carrier, u"total"_s),
                          text(carrier, u"rejected"_s)});
        }
        out += u'\n' + table.toString();
    }
    const QJsonArray destinations = result.value(u"destinations"_s).toArray();
    if (!destinations.isEmpty()) {
        TableFormatter table({u"GROUP"_s, u"DESTINATION"_s, u"URI"_s, u"ACTIVE"_s, u"ATTEMPTS"_s, u"FAILURES"_s});
        for (int column = 3; column < 6; ++column)
            table.setAlignment(column, TableFormatter::Alignment::Right);
        for (const QJsonValue& value : destinations) {
            const QJsonObject destination = value.toObject();
            table.addRow({text(destination, u"group"_s), text(destination, u"name"_s), text(destination, u"uri"_s),
                          text(destination, u"active"_s), text(destination, u"attempts"_s),
                          text(destination, u"failures"_s)});
        }
        out += u'\n' + table.toString();
    }
    return out;
}

QString ResultPresenter::callList(const QJsonObject& result) const
{
    TableFormatter table({u"CALL-ID"_s, u"STATE"_s, u"CALLER"_s, u"CALLEE"_s, u"CARRIER"_s, u"DESTINATION"_s,
                          u"STARTED"_s, u"DURATION"_s});
    table.setMaxWidth(0, 40);
    table.setAlignment(7, TableFormatter::Alignment::Right);
    const QJsonArray calls = result.value(u"calls"_s).toArray();
    for (const QJsonValue& value : calls) {
        const QJsonObject call = value.toObject();
        table.addRow({text(call, u"callId"_s), text(call, u"state"_s), text(call, u"caller"_s), text(call, u"callee"_s),
                      text(call, u"carrier"_s), text(call, u"destination"_s),
                      DisplayFormat::time(call.value(u"startedAt"_s).toString(), m_zone),
                      DisplayFormat::duration(call.value(u"durationSeconds"_s).toInteger())});
    }
    const qint64 total = result.value(u"total"_s).toInteger(calls.size());
    return table.toString() + u"%1 of %2\n"_s.arg(calls.size()).arg(plural(total, u"call"_s, u"calls"_s));
}

QString ResultPresenter::callDetails(const QJsonObject& result) const
{
    const QJsonObject call = result.value(u"call"_s).toObject();
    QString out =
        keyValues({{u"Call-ID"_s, text(call, u"callId"_s)},
                   {u"State"_s, text(call, u"state"_s)},
                   {u"Caller"_s, text(call, u"caller"_s)},
                   {u"Callee"_s, text(call, u"callee"_s)},
                   {u"Carrier"_s, text(call, u"carrier"_s)},
                   {u"Destination"_s, u"%1 (group %2)"_s.arg(text(call, u"destination"_s), text(call, u"group"_s))},
                   {u"Source"_s, u"%1 (%2)"_s.arg(text(call, u"source"_s), text(call, u"transport"_s))},
                   {u"Started"_s, DisplayFormat::time(call.value(u"startedAt"_s).toString(), m_zone)},
                   {u"Answered"_s, DisplayFormat::time(call.value(u"answeredAt"_s).toString(), m_zone)},
                   {u"Ended"_s, DisplayFormat::time(call.value(u"endedAt"_s).toString(), m_zone)},
                   {u"Duration"_s, DisplayFormat::duration(call.value(u"durationSeconds"_s).toInteger())},
                   {u"End reason"_s, text(call, u"endReason"_s)}});
    const QJsonArray messages = result.value(u"messages"_s).toArray();
    if (!messages.isEmpty())
        out += u'\n' + CallLadder::render(messages, m_zone);
    return out;
}

QString ResultPresenter::destinationList(const QJsonObject& result) const
{
    TableFormatter table({u"GROUP"_s, u"DESTINATION"_s, u"URI"_s, u"PRIO"_s, u"WEIGHT"_s, u"STATE"_s, u"HEALTH"_s,
                          u"ACTIVE"_s, u"REASON"_s});
    for (int column : {3, 4, 7})
        table.setAlignment(column, TableFormatter::Alignment::Right);
    table.setMaxWidth(8, 50);
    for (const QJsonValue& value : result.value(u"destinations"_s).toArray()) {
        const QJsonObject destination = value.toObject();
        table.addRow({text(destination, u"group"_s), text(destination, u"name"_s), text(destination, u"uri"_s),
                      text(destination, u"priority"_s), text(destination, u"weight"_s), text(destination, u"state"_s),
                      text(destination, u"health"_s), text(destination, u"active"_s), text(destination, u"reason"_s)});
    }
    return table.toString();
}

QString ResultPresenter::destinationChange(const QJsonObject& result) const
{
    return u"destination %1 (%2) in group %3 is now %4\n"_s.arg(text(result, u"destination"_s), text(result, u"uri"_s),
                                                                text(result, u"group"_s), text(result, u"state"_s));
}

QString ResultPresenter::revisionLine(const QJsonObject& revision) const
{
    if (revision.isEmpty())
        return u"-"_s;
    QString line =
        u"revision %1 by %2 at %3"_s.arg(text(revision, u"id"_s), text(revision, u"author"_s),
                                         DisplayFormat::time(revision.value(u"createdAt"_s).toString(), m_zone));
    const QString comment = revision.value(u"comment"_s).toString();
    if (!comment.isEmpty())
        line += u": \"%1\""_s.arg(comment);
    return line;
}

QString ResultPresenter::revisionList(const QJsonObject& result) const
{
    const qint64 active = result.value(u"active"_s).toInteger();
    TableFormatter table(
        {u""_s, u"REV"_s, u"CREATED"_s, u"AUTHOR"_s, u"SIZE"_s, u"CHECKSUM"_s, u"FROM"_s, u"COMMENT"_s});
    table.setAlignment(1, TableFormatter::Alignment::Right);
    table.setAlignment(4, TableFormatter::Alignment::Right);
    table.setMaxWidth(5, 12);
    table.setMaxWidth(7, 60);
    for (const QJsonValue& value : result.value(u"revisions"_s).toArray()) {
        const QJsonObject revision = value.toObject();
        const qint64 id = revision.value(u"id"_s).toInteger();
        const qint64 rolledBackFrom = revision.value(u"rolledBackFrom"_s).toInteger();
        table.addRow({id == active ? u"*"_s : QString(), QString::number(id),
                      DisplayFormat::time(revision.value(u"createdAt"_s).toString(), m_zone),
                      text(revision, u"author"_s), text(revision, u"sizeBytes"_s), text(revision, u"checksum"_s),
                      rolledBackFrom > 0 ? QString::number(rolledBackFrom) : u"-"_s, text(revision, u"comment"_s)});
    }
    return table.toString() + u"* active revision\n"_s;
}

QString ResultPresenter::diff(const QJsonObject& result) const
{
    const QJsonArray changes = result.value(u"changes"_s).toArray();
    QString out = u"revision %1 -> %2: %3\n"_s.arg(
        text(result, u"from"_s), text(result, u"to"_s),
        changes.isEmpty() ? u"no change"_s : plural(changes.size(), u"change"_s, u"changes"_s));
    for (const QJsonValue& value : changes) {
        const QJsonObject change = value.toObject();
        const QString line = change.value(u"text"_s).toString();
        out += u"  "_s + (line.isEmpty() ? u"%1 %2"_s.arg(text(change, u"kind"_s), text(change, u"path"_s)) : line) +
               u'\n';
    }
    return out;
}

QString ResultPresenter::dryRun(const QJsonObject& result) const
{
    const QJsonObject decision = result.value(u"decision"_s).toObject();
    const QString outcome = decision.value(u"outcome"_s).toString();
    QString summary = outcome;
    if (outcome == u"reply"_s) {
        const QJsonObject reply = decision.value(u"reply"_s).toObject();
        summary = u"reply %1 %2"_s.arg(text(reply, u"code"_s), text(reply, u"reason"_s));
    } else if (outcome == u"relay"_s) {
        const QJsonObject relay = decision.value(u"relay"_s).toObject();
        summary = relay.contains(u"group"_s) ? u"relay to group %1"_s.arg(text(relay, u"group"_s))
                                             : u"relay to %1"_s.arg(text(relay, u"uri"_s));
    }
    const QJsonObject decidedBy = decision.value(u"decidedBy"_s).toObject();
    if (!decidedBy.isEmpty())
        summary += u" (route %1, rule \"%2\")"_s.arg(text(decidedBy, u"route"_s), text(decidedBy, u"rule"_s));

    QString out = keyValues(
        {{u"Decision"_s, summary}, {u"Carrier"_s, text(result, u"carrier"_s)}, {u"Flags"_s, text(result, u"flags"_s)}});
    const QJsonArray visits = result.value(u"trace"_s).toObject().value(u"visits"_s).toArray();
    if (!visits.isEmpty()) {
        out += u"\nTrace:\n"_s;
        for (const QJsonValue& value : visits) {
            const QJsonObject visit = value.toObject();
            const QString indent(2 + 2 * visit.value(u"depth"_s).toInt(), u' ');
            out += u"%1%2 › rule %3 \"%4\": %5\n"_s.arg(indent, text(visit, u"route"_s), text(visit, u"index"_s),
                                                        text(visit, u"rule"_s), text(visit, u"ending"_s));
            for (const QJsonValue& action : visit.value(u"actions"_s).toArray()) {
                const QJsonObject step = action.toObject();
                out += u"%1  - %2: %3\n"_s.arg(indent, text(step, u"description"_s), text(step, u"detail"_s));
            }
        }
    }
    const QString rewritten = result.value(u"rewrittenMessage"_s).toString();
    if (!rewritten.isEmpty()) {
        QString message = rewritten;
        message.replace(u"\r\n"_s, u"\n"_s);
        out += u"\nForwarded message:\n"_s + message + (message.endsWith(u'\n') ? QString() : u"\n"_s);
    }
    return out;
}

QString ResultPresenter::auditList(const QJsonObject& result) const
{
    TableFormatter table({u"ID"_s, u"TIME"_s, u"USER"_s, u"ACTION"_s, u"TARGET"_s, u"RESULT"_s});
    table.setAlignment(0, TableFormatter::Alignment::Right);
    table.setMaxWidth(5, 60);
    for (const QJsonValue& value : result.value(u"entries"_s).toArray()) {
        const QJsonObject entry = value.toObject();
        table.addRow({text(entry, u"id"_s), DisplayFormat::time(entry.value(u"time"_s).toString(), m_zone),
                      text(entry, u"user"_s), text(entry, u"action"_s), text(entry, u"target"_s),
                      text(entry, u"result"_s)});
    }
    return table.toString();
}

} // namespace tollgate
