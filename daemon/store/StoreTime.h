#pragma once

#include <QDateTime>
#include <QString>

#include <cstdint>

namespace tollgate {

/// The timestamp form every Tollgate table uses: ISO-8601 UTC with milliseconds
/// ("2024-05-01T12:00:00.123Z"), which sorts as text in time order.
inline QString storeTimestamp(std::int64_t msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
}

inline std::int64_t parseStoreTimestamp(const QString& text)
{
    const QDateTime time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time.isValid() ? time.toMSecsSinceEpoch() : 0;
}

} // namespace tollgate
