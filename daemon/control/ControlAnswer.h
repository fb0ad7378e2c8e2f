#pragma once

#include "protocol/JsonRpcError.h"

#include <QJsonValue>
#include <QString>

namespace tollgate {

/// One answer to a request, on its way from a ControlResponder to its session.
struct ControlAnswer
{
    QJsonValue id{QJsonValue::Undefined}; ///< Undefined for a notification (nothing is sent).
    QString method;
    bool isError = false;
    QJsonValue result;
    JsonRpcError error;
};

} // namespace tollgate
