#include "JsonRpc.h"

#include "ParamsChecker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace tollgate {

namespace {

const QString JsonRpcVersion = QStringLiteral("2.0");
const QString IdKey = QStringLiteral("id");
const QString JsonRpcKey = QStringLiteral("jsonrpc");
const QString MethodKey = QStringLiteral("method");
const QString ParamsKey = QStringLiteral("params");
const QString ResultKey = QStringLiteral("result");
const QString ErrorKey = QStringLiteral("error");

QByteArray compact(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// Received text quoted in a message, shortened so that a huge value cannot blow up the answer.
QString quoted(const QString& text)
{
    constexpr qsizetype MaxShown = 64;
    return QLatin1Char('\'') + (text.size() <= MaxShown ? text : text.left(MaxShown) + QStringLiteral("...")) +
           QLatin1Char('\'');
}

/// Parses `line` as any JSON value (QJsonDocument alone accepts only objects and arrays).
bool parseJsonValue(const QByteArray& line, QJsonValue* value, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error == QJsonParseError::NoError) {
        *value = document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
        return true;
    }
    // A bare scalar ("3", "\"x\"") is valid JSON but not an object: tell that apart from garbage.
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + line + ']');
    if (wrapped.isArray() && wrapped.array().size() == 1) {
        *value = wrapped.array().at(0);
        return true;
    }
    *error = QStringLiteral("invalid JSON at offset %1: %2").arg(parseError.offset).arg(parseError.errorString());
    return false;
}

} // namespace

bool JsonRpc::isValidId(const QJsonValue& id)
{
    if (id.isString())
        return true;
    if (!id.isDouble())
        return false;
    const double number = id.toDouble();
    return std::trunc(number) == number && std::fabs(number) <= 9007199254740991.0;
}

bool JsonRpc::parseRequest(const QByteArray& line, JsonRpcRequest* request, JsonRpcError* error, QJsonValue* errorId)
{
    *errorId = QJsonValue::Null;
    QJsonValue parsed;
    QString parseError;
    if (!parseJsonValue(line, &parsed, &parseError)) {
        *error = JsonRpcError(ControlErrorCode::ParseError, parseError);
        return false;
    }
    const auto invalid = [error](const QString& message) {
        *error = JsonRpcError(ControlErrorCode::InvalidRequest, message);
        return false;
    };
    if (parsed.isArray())
        return invalid(QStringLiteral("batch requests are not supported; send one request object per line"));
    if (!parsed.isObject())
        return invalid(
            QStringLiteral("a request must be a JSON object, got %1").arg(ParamsChecker::describeJsonType(parsed)));

    const QJsonObject object = parsed.toObject();
    const QJsonValue id = object.value(IdKey);
    if (!id.isUndefined() && !isValidId(id))
        return invalid(
            QStringLiteral("'id' must be a string or an integer, got %1").arg(ParamsChecker::describeJsonType(id)));
    *errorId = id.isUndefined() ? QJsonValue(QJsonValue::Null) : id;

    const QJsonValue version = object.value(JsonRpcKey);
    if (version.isUndefined())
        return invalid(QStringLiteral("missing 'jsonrpc': \"2.0\""));
    if (version != QJsonValue(JsonRpcVersion))
        return invalid(QStringLiteral("'jsonrpc' must be \"2.0\""));

    const QJsonValue method = object.value(MethodKey);
    if (method.isUndefined())
        return invalid(QStringLiteral("missing 'method'"));
    if (!method.isString())
        return invalid(
            QStringLiteral("'method' must be a string, got %1").arg(ParamsChecker::describeJsonType(method)));
    if (method.toString().isEmpty())
        return invalid(QStringLiteral("'method' must not be empty"));

    const QJsonValue params = object.value(ParamsKey);
    if (!params.isUndefined() && !params.isObject() && !params.isArray())
        return invalid(
            QStringLiteral("'params' must be an object, got %1").arg(ParamsChecker::describeJsonType(params)));

    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        const QString& key = it.key();
        if (key != IdKey && key != JsonRpcKey && key != MethodKey && key != ParamsKey)
            return invalid(
                QStringLiteral("unknown member %1 (a request has jsonrpc, id, method and params)").arg(quoted(key)));
    }

    request->method = method.toString();
    request->params = params;
    request->id = id;
    return true;
}

bool JsonRpc::parseMessage(const QByteArray& line, JsonRpcMessage* message, QString* error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("invalid JSON from the server at offset %1: %2")
                     .arg(parseError.offset)
                     .arg(parseError.errorString());
        return false;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("the server sent a JSON array instead of an object");
        return false;
    }
    const QJsonObject object = document.object();
    if (object.value(JsonRpcKey) != QJsonValue(JsonRpcVersion)) {
        *error = QStringLiteral("the server's message is not JSON-RPC 2.0");
        return false;
    }

    JsonRpcMessage parsed;
    if (object.contains(MethodKey)) {
        if (object.contains(IdKey) || !object.value(MethodKey).isString()) {
            *error = QStringLiteral("the server sent a request; only responses and notifications are expected");
            return false;
        }
        const QJsonValue params = object.value(ParamsKey);
        if (!params.isUndefined() && !params.isObject()) {
            *error = QStringLiteral("the server's notification has params that are not an object");
            return false;
        }
        parsed.kind = JsonRpcMessage::Kind::Notification;
        parsed.method = object.value(MethodKey).toString();
        parsed.params = params.toObject();
        *message = parsed;
        return true;
    }

    parsed.id = object.value(IdKey);
    if (!parsed.id.isNull() && !isValidId(parsed.id)) {
        *error = QStringLiteral("the server's response has no valid id");
        return false;
    }
    if (object.contains(ErrorKey)) {
        if (!object.value(ErrorKey).isObject() ||
            !JsonRpcError::fromJson(object.value(ErrorKey).toObject(), &parsed.error)) {
            *error = QStringLiteral("the server's error response has no code or message");
            return false;
        }
        parsed.kind = JsonRpcMessage::Kind::Error;
    } else if (object.contains(ResultKey) && !parsed.id.isNull()) {
        parsed.kind = JsonRpcMessage::Kind::Result;
        parsed.result = object.value(ResultKey);
    } else {
        *error = QStringLiteral("the server's message is neither a response nor a notification");
        return false;
    }
    *message = parsed;
    return true;
}

QByteArray JsonRpc::request(const QJsonValue& id, const QString& method, const QJsonObject& params)
{
    QJsonObject object{{JsonRpcKey, JsonRpcVersion}, {IdKey, id}, {MethodKey, method}};
    if (!params.isEmpty())
        object.insert(ParamsKey, params);
    return compact(object);
}

QByteArray JsonRpc::notification(const QString& method, const QJsonObject& params)
{
    return compact({{JsonRpcKey, JsonRpcVersion}, {MethodKey, method}, {ParamsKey, params}});
}

QByteArray JsonRpc::result(const QJsonValue& id, const QJsonValue& result)
{
    // Undefined would drop the member; a response must carry `result`.
    return compact({{JsonRpcKey, JsonRpcVersion},
                    {IdKey, id},
                    {ResultKey, result.isUndefined() ? QJsonValue(QJsonValue::Null) : result}});
}

QByteArray JsonRpc::error(const QJsonValue& id, const JsonRpcError& error)
{
    return compact({{JsonRpcKey, JsonRpcVersion},
                    {IdKey, id.isUndefined() ? QJsonValue(QJsonValue::Null) : id},
                    {ErrorKey, error.toJson()}});
}

} // namespace tollgate
