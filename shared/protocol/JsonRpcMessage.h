#pragma once

#include "JsonRpcError.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace tollgate {

/// A message as a client received it, checked by JsonRpc::parseMessage().
struct JsonRpcMessage
{
    enum class Kind
    {
        Result,       ///< A successful response: `id`, `result`.
        Error,        ///< An error response: `id` (null when the server could not attribute it), `error`.
        Notification, ///< An event: `method`, `params`.
    };
    Kind kind = Kind::Result;
    QJsonValue id{QJsonValue::Null};
    QJsonValue result;
    JsonRpcError error;
    QString method;
    QJsonObject params;
};

} // namespace tollgate
