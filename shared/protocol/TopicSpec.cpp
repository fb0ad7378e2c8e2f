#include "TopicSpec.h"

namespace tollgate {

const NotificationSpec* TopicSpec::notification(const QString& notificationName) const
{
    for (const NotificationSpec& spec : notifications) {
        if (spec.name == notificationName)
            return &spec;
    }
    return nullptr;
}

} // namespace tollgate
