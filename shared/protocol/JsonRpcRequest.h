#pragma once

#include <QJsonValue>
#include <QString>

namespace tollgate {

/// A request as the server received it, its envelope checked by JsonRpc::parseRequest().
struct JsonRpcRequest
{
    QString method;
    QJsonValue params{QJsonValue::Undefined}; ///< An object or an array; Undefined when absent.
    QJsonValue id{QJsonValue::Undefined};     ///< A string or an integer; Undefined for a notification.

    /// A notification is executed but never answered, not even with an error.
    bool isNotification() const { return id.isUndefined(); }
};

} // namespace tollgate
