#include "JsonRpcError.h"

#include <cmath>

namespace tollgate {

QJsonObject JsonRpcError::toJson() const
{
    QJsonObject object{{QStringLiteral("code"), code}, {QStringLiteral("message"), message}};
    if (!data.isUndefined())
        object.insert(QStringLiteral("data"), data);
    return object;
}

bool JsonRpcError::fromJson(const QJsonObject& object, JsonRpcError* error)
{
    const QJsonValue code = object.value(QStringLiteral("code"));
    const QJsonValue message = object.value(QStringLiteral("message"));
    if (!code.isDouble() || std::trunc(code.toDouble()) != code.toDouble() || !message.isString())
        return false;
    error->code = code.toInt();
    error->message = message.toString();
    error->data = object.value(QStringLiteral("data"));
    return true;
}

} // namespace tollgate
