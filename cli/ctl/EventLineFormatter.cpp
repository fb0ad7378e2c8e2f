#include "EventLineFormatter.h"

#include "DisplayFormat.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace tollgate {

namespace {

QString text(const QJsonObject& object, const QString& key)
{
    return DisplayFormat::cell(object.value(key));
}

QString describe(const QString& method, const QJsonObject& params)
{
    if (method.startsWith(u"call."_s) && method != u"call.message"_s) {
        const QJsonObject call = params.value(u"call"_s).toObject();
        QString line = u"%1  %2  %3 -> %4  %5 -> %6"_s.arg(text(call, u"callId"_s), text(call, u"state"_s),
                                                           text(call, u"caller"_s), text(call, u"callee"_s),
                                                           text(call, u"carrier"_s), text(call, u"destination"_s));
        const QString reason = call.value(u"endReason"_s).toString();
        if (!reason.isEmpty())
            line += u"  (%1)"_s.arg(reason);
        return line;
    }
    if (method == u"call.message"_s) {
        const QJsonObject message = params.value(u"message"_s).toObject();
        return u"%1  %2 %3 -> %4  %5"_s.arg(text(params, u"callId"_s), text(message, u"direction"_s),
                                            text(message, u"from"_s), text(message, u"to"_s),
                                            text(message, u"firstLine"_s));
    }
    if (method == u"destination.changed"_s) {
        const QJsonObject destination = params.value(u"destination"_s).toObject();
        QString line = u"%1/%2  %3, %4"_s.arg(text(destination, u"group"_s), text(destination, u"name"_s),
                                              text(destination, u"state"_s), text(destination, u"health"_s));
        if (params.value(u"user"_s).isString())
            line += u"  by %1"_s.arg(params.value(u"user"_s).toString());
        const QString reason = params.value(u"reason"_s).toString();
        if (!reason.isEmpty())
            line += u": %1"_s.arg(reason);
        return line;
    }
    if (method == u"rules.applied"_s) {
        const QJsonObject revision = params.value(u"revision"_s).toObject();
        return u"revision %1 by %2: %3"_s.arg(text(revision, u"id"_s), text(params, u"user"_s),
                                              text(revision, u"comment"_s));
    }
    if (method == u"stats.tick"_s) {
        return u"%1 calls/s, %2 active"_s.arg(text(params, u"callsPerSecond"_s), text(params, u"activeCalls"_s));
    }
    if (method == u"audit.added"_s) {
        const QJsonObject entry = params.value(u"entry"_s).toObject();
        return u"%1  %2 %3  %4"_s.arg(text(entry, u"user"_s), text(entry, u"action"_s), text(entry, u"target"_s),
                                      text(entry, u"result"_s));
    }
    if (method == u"events.lost"_s) {
        return u"%1 events of topic %2 were dropped: this client fell behind"_s.arg(text(params, u"count"_s),
                                                                                    text(params, u"topic"_s));
    }
    return QString::fromUtf8(QJsonDocument(params).toJson(QJsonDocument::Compact));
}

} // namespace

QString EventLineFormatter::line(const QString& method, const QJsonObject& params, const QDateTime& receivedAt)
{
    return u"%1  %2  %3"_s.arg(receivedAt.toString(u"HH:mm:ss.zzz"_s), method, describe(method, params));
}

} // namespace tollgate
