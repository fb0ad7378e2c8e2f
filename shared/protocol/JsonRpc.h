#pragma once

#include "JsonRpcError.h"
#include "JsonRpcMessage.h"
#include "JsonRpcRequest.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace tollgate {

/// The JSON-RPC 2.0 envelope of the control protocol (docs/control-protocol.md): encoding of
/// requests, responses and notifications, and the checks on what is received. Encoders return
/// one compact JSON document without the line terminator (FrameCodec::encode adds it).
///
/// Rules of this protocol beyond JSON-RPC 2.0: batches are refused; `id` must be a string or an
/// integer (null is kept for errors the server cannot attribute); members other than jsonrpc,
/// id, method and params are refused. An error answers with the request's id when it could be
/// read, else with null.
class JsonRpc
{
public:
    /// Checks one received line. On success fills `*request`. On failure returns false and fills
    /// `*error` (ParseError or InvalidRequest, with a message saying what was wrong) and `*errorId`
    /// (the request's id when it could be read, else Null); the caller answers even a notification,
    /// since an invalid request cannot be known to be one.
    static bool parseRequest(const QByteArray& line, JsonRpcRequest* request, JsonRpcError* error, QJsonValue* errorId);

    /// Checks one line received by a client. False with `*error` when it is not a JSON-RPC 2.0
    /// response or notification.
    static bool parseMessage(const QByteArray& line, JsonRpcMessage* message, QString* error);

    static QByteArray request(const QJsonValue& id, const QString& method, const QJsonObject& params);
    static QByteArray notification(const QString& method, const QJsonObject& params);
    static QByteArray result(const QJsonValue& id, const QJsonValue& result);
    static QByteArray error(const QJsonValue& id, const JsonRpcError& error);

    /// True for a valid request id: a string, or an integer within +-2^53.
    static bool isValidId(const QJsonValue& id);
};

} // namespace tollgate
