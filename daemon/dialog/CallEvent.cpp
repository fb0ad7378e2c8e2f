#include "CallEvent.h"

namespace tollgate {

QString CallEvent::typeName(Type type)
{
    switch (type) {
    case Type::Started:
        return QStringLiteral("call.started");
    case Type::Updated:
        return QStringLiteral("call.updated");
    case Type::Ended:
        return QStringLiteral("call.ended");
    }
    return QString();
}

QJsonObject CallEvent::toJson() const
{
    QJsonObject object{
        {QStringLiteral("event"), typeName(type)},
        {QStringLiteral("time"), double(timeMs)},
        {QStringLiteral("call"), call.toJson()},
    };
    if (!user.isEmpty())
        object.insert(QStringLiteral("user"), user);
    return object;
}

} // namespace tollgate
