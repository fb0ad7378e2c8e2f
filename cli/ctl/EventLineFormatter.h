#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace tollgate {

/// One line per event notification, for `tollgatectl calls watch` and `events watch`:
/// the time it arrived, the notification name, then what matters about it.
///
///     14:03:04.120  call.created  a84b4c76e66710@pc33  setup  alice -> 2000  acme -> sip:192.0.2.10
class EventLineFormatter
{
public:
    /// The line for notification `method` with `params`, received at `receivedAt` (shown in its
    /// own time zone). Unknown notifications show their params as compact JSON. No newline.
    static QString line(const QString& method, const QJsonObject& params, const QDateTime& receivedAt);
};

} // namespace tollgate
