#include "DisplayFormat.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <cmath>

namespace tollgate {

namespace {

QString twoDigits(qint64 value)
{
    return QStringLiteral("%1").arg(value, 2, 10, QLatin1Char('0'));
}

QDateTime parseIso(const QString& iso)
{
    QDateTime parsed = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!parsed.isValid())
        parsed = QDateTime::fromString(iso, Qt::ISODate);
    return parsed;
}

} // namespace

QString DisplayFormat::duration(qint64 seconds)
{
    if (seconds <= 0)
        return QStringLiteral("0s");
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    const qint64 rest = seconds % 60;
    if (days > 0)
        return QStringLiteral("%1d %2h %3m").arg(days).arg(twoDigits(hours), twoDigits(minutes));
    if (hours > 0)
        return QStringLiteral("%1h %2m %3s").arg(hours).arg(twoDigits(minutes), twoDigits(rest));
    if (minutes > 0)
        return QStringLiteral("%1m %2s").arg(minutes).arg(twoDigits(rest));
    return QStringLiteral("%1s").arg(rest);
}

QString DisplayFormat::time(const QString& iso, const QTimeZone& zone)
{
    if (iso.isEmpty())
        return QStringLiteral("-");
    const QDateTime parsed = parseIso(iso);
    return parsed.isValid() ? parsed.toTimeZone(zone).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : iso;
}

QString DisplayFormat::timeOfDay(const QString& iso, const QTimeZone& zone)
{
    if (iso.isEmpty())
        return QStringLiteral("-");
    const QDateTime parsed = parseIso(iso);
    return parsed.isValid() ? parsed.toTimeZone(zone).toString(QStringLiteral("HH:mm:ss.zzz")) : iso;
}

QString DisplayFormat::cell(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("-");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (std::trunc(number) == number && std::fabs(number) < 1e15)
            return QString::number(qint64(number));
        return QString::number(number, 'f', 2);
    }
    case QJsonValue::String:
        return value.toString().isEmpty() ? QStringLiteral("-") : value.toString();
    case QJsonValue::Array: {
        QStringList items;
        for (const QJsonValue& item : value.toArray())
            items << cell(item);
        return items.isEmpty() ? QStringLiteral("-") : items.join(QStringLiteral(", "));
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return QStringLiteral("-");
}

} // namespace tollgate
