#include "DestinationStateChange.h"

namespace tollgate {

QJsonObject DestinationStateChange::toJson() const
{
    return QJsonObject{
        {QStringLiteral("time"), double(timeMs)},
        {QStringLiteral("destination"), destination},
        {QStringLiteral("group"), group},
        {QStringLiteral("uri"), uri},
        {QStringLiteral("kind"), kind == Kind::Health ? QStringLiteral("health") : QStringLiteral("admin")},
        {QStringLiteral("from"), from},
        {QStringLiteral("to"), to},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("user"), user},
    };
}

} // namespace tollgate
