#pragma once

#include "protocol/JsonRpcError.h"

#include <QJsonValue>
#include <QString>

namespace tollgate {

/// The outcome of one ControlClient::call().
struct ControlReply
{
    enum class Status
    {
        Ok,             ///< The daemon answered with `result`.
        Error,          ///< The daemon answered with `error` (or refused the connection with it).
        ConnectionLost, ///< The connection closed, or was never open, before an answer; see `message`.
        Timeout,        ///< No answer within the call's timeout; see `message`.
    };

    Status status = Status::Ok;
    QString method;
    QJsonValue result;
    JsonRpcError error;
    QString message; ///< For every status but Ok: what went wrong, naming the method.

    bool ok() const { return status == Status::Ok; }
};

} // namespace tollgate
