#pragma once

#include "ControlErrorCode.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace tollgate {

/// The `error` member of a JSON-RPC 2.0 response.
struct JsonRpcError
{
    int code = 0;                           ///< A ControlErrorCode, or any code a newer daemon sends.
    QString message;                        ///< Names the method and what was wrong.
    QJsonValue data{QJsonValue::Undefined}; ///< Details (InvalidRuleset: {"diagnostics": [...]}); optional.

    JsonRpcError() = default;
    JsonRpcError(ControlErrorCode errorCode, const QString& errorMessage,
                 const QJsonValue& errorData = QJsonValue(QJsonValue::Undefined))
        : code(int(errorCode))
        , message(errorMessage)
        , data(errorData)
    {}

    bool is(ControlErrorCode errorCode) const { return code == int(errorCode); }

    /// {"code", "message", "data"?}.
    QJsonObject toJson() const;
    /// Reads an error object; false when `object` has no integer code or no string message.
    static bool fromJson(const QJsonObject& object, JsonRpcError* error);
};

} // namespace tollgate
