#pragma once

#include <QJsonValue>
#include <QString>
#include <QTimeZone>

namespace tollgate {

/// How tollgatectl shows values to people: durations, times, and JSON scalars in table cells.
class DisplayFormat
{
public:
    /// "0s", "45s", "3m 05s", "2h 03m 05s", "3d 04h 05m". Negative values show as "0s".
    static QString duration(qint64 seconds);

    /// An ISO 8601 time as "2024-05-01 14:03:04" in `zone` (the local zone by default); the input
    /// unchanged when it does not parse, "-" when empty.
    static QString time(const QString& iso, const QTimeZone& zone = QTimeZone::systemTimeZone());

    /// An ISO 8601 time as "14:03:04.120" in `zone`, for event lines and ladders.
    static QString timeOfDay(const QString& iso, const QTimeZone& zone = QTimeZone::systemTimeZone());

    /// A JSON value in a table cell: strings as they are, integers without decimals, booleans as
    /// yes/no, arrays joined by ", ", objects as compact JSON; null, absent and "" as "-".
    static QString cell(const QJsonValue& value);
};

} // namespace tollgate
