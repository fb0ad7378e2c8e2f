#include "DestinationState.h"

namespace tollgate {

QString destinationHealthName(DestinationHealth health)
{
    switch (health) {
    case DestinationHealth::Unknown:
        return QStringLiteral("unknown");
    case DestinationHealth::Up:
        return QStringLiteral("up");
    case DestinationHealth::Down:
        return QStringLiteral("down");
    }
    return QStringLiteral("unknown");
}

QString destinationAdminStateName(DestinationAdminState state)
{
    switch (state) {
    case DestinationAdminState::Enabled:
        return QStringLiteral("enabled");
    case DestinationAdminState::Draining:
        return QStringLiteral("draining");
    case DestinationAdminState::Disabled:
        return QStringLiteral("disabled");
    }
    return QStringLiteral("enabled");
}

bool parseDestinationAdminState(const QString& name, DestinationAdminState* state)
{
    for (DestinationAdminState candidate :
         {DestinationAdminState::Enabled, DestinationAdminState::Draining, DestinationAdminState::Disabled}) {
        if (destinationAdminStateName(candidate) == name) {
            *state = candidate;
            return true;
        }
    }
    return false;
}

} // namespace tollgate
