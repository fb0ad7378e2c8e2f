#include "CallLadder.h"

#include "DisplayFormat.h"

#include <QJsonObject>
#include <QStringList>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace tollgate {

namespace {

constexpr qsizetype MaxLabelWidth = 28;
constexpr qsizetype TimeWidth = 12; // "HH:mm:ss.zzz"
constexpr qsizetype Margin = TimeWidth + 4;

void put(QString* line, qsizetype position, const QString& text)
{
    if (line->size() < position + text.size())
        line->append(QString(position + text.size() - line->size(), u' '));
    line->replace(position, text.size(), text);
}

QString trimmedRight(QString line)
{
    while (line.endsWith(u' '))
        line.chop(1);
    return line;
}

} // namespace

QString CallLadder::label(const QString& firstLine)
{
    const QStringList words = firstLine.split(u' ', Qt::SkipEmptyParts);
    QString text;
    if (words.size() >= 2 && words.first().startsWith(u"SIP/"_s))
        text = words.mid(1).join(u' '); // "SIP/2.0 180 Ringing" -> "180 Ringing"
    else
        text = words.value(0, u"?"_s); // "INVITE sip:bob@example.net SIP/2.0" -> "INVITE"
    return text.size() > MaxLabelWidth ? text.left(MaxLabelWidth - 1) + QChar(0x2026) : text;
}

QString CallLadder::render(const QJsonArray& messages, const QTimeZone& zone)
{
    QStringList endpoints;
    qsizetype widestLabel = 0;
    for (const QJsonValue& value : messages) {
        const QJsonObject message = value.toObject();
        for (const QString& key : {u"from"_s, u"to"_s}) {
            const QString endpoint = message.value(key).toString();
            if (!endpoint.isEmpty() && !endpoints.contains(endpoint))
                endpoints << endpoint;
        }
        widestLabel = std::max(widestLabel, label(message.value(u"firstLine"_s).toString()).size());
    }
    if (endpoints.isEmpty())
        return {};
    qsizetype widestEndpoint = 0;
    for (const QString& endpoint : endpoints)
        widestEndpoint = std::max(widestEndpoint, endpoint.size());

    const qsizetype gap = std::max({widestLabel + 8, widestEndpoint + 2, qsizetype(12)});
    const qsizetype first = Margin + widestEndpoint / 2;
    const auto center = [&](qsizetype index) { return first + index * gap; };

    QString header;
    for (qsizetype i = 0; i < endpoints.size(); ++i)
        put(&header, center(i) - endpoints.at(i).size() / 2, endpoints.at(i));
    QString out = trimmedRight(header) + u'\n';

    for (const QJsonValue& value : messages) {
        const QJsonObject message = value.toObject();
        QString line = DisplayFormat::timeOfDay(message.value(u"time"_s).toString(), zone);
        for (qsizetype i = 0; i < endpoints.size(); ++i)
            put(&line, center(i), u"|"_s);
        const qsizetype from = endpoints.indexOf(message.value(u"from"_s).toString());
        const qsizetype to = endpoints.indexOf(message.value(u"to"_s).toString());
        const QString text = label(message.value(u"firstLine"_s).toString());
        if (from < 0 || to < 0 || from == to) {
            put(&line, center(endpoints.size() - 1) + 3, text);
            out += trimmedRight(line) + u'\n';
            continue;
        }
        const qsizetype left = center(std::min(from, to)) + 1;
        const qsizetype right = center(std::max(from, to)) - 1;
        put(&line, left, QString(right - left + 1, u'-'));
        if (from < to) {
            put(&line, right, u">"_s);
            put(&line, left + 2, u' ' + text + u' ');
        } else {
            put(&line, left, u"<"_s);
            put(&line, left + 2, u' ' + text + u' ');
        }
        out += trimmedRight(line) + u'\n';
    }
    return out;
}

} // namespace tollgate
