#pragma once

#include "MethodSpec.h"
#include "ObjectSpec.h"
#include "TopicSpec.h"

#include <QList>

/// The content of the control catalogue, kept apart from ControlCatalogue's lookups so that
/// the data reads as one declaration per method. Only ControlCatalogue calls these.
namespace tollgate::catalogue {

/// Every method, in protocol order (append-only).
QList<MethodSpec> controlMethods();
/// Every event topic with its notifications, in protocol order (append-only).
QList<TopicSpec> eventTopics();
/// Notifications the server sends outside any topic.
QList<NotificationSpec> serverNotifications();
/// Object shapes shared by results and notifications.
QList<ObjectSpec> sharedObjects();

} // namespace tollgate::catalogue
