#pragma once

#include "CallerIdentity.h"

#include <QDateTime>
#include <QStringList>

namespace tollgate {

/// A snapshot of one connected client.
struct ControlClientInfo
{
    quint64 id = 0; ///< 1, 2, 3, ... in connection order.
    CallerIdentity caller;
    QDateTime connectedAt;
    quint64 requests = 0;      ///< Lines received (valid or not).
    quint64 errors = 0;        ///< Error answers sent.
    quint64 eventsSent = 0;    ///< Notifications queued.
    quint64 eventsDropped = 0; ///< Notifications dropped because the client was behind.
    qint64 queuedBytes = 0;    ///< Bytes waiting to be sent now.
    QStringList topics;        ///< Subscribed topics, sorted.
};

} // namespace tollgate
