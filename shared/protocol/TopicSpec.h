#pragma once

#include "NotificationSpec.h"

#include <QList>
#include <QString>

namespace tollgate {

/// An event topic a client subscribes to with events.subscribe, and the notifications it
/// receives for it.
struct TopicSpec
{
    QString name; ///< "calls", "destinations", ...
    QString summary;
    QList<NotificationSpec> notifications;

    const NotificationSpec* notification(const QString& notificationName) const;
};

} // namespace tollgate
