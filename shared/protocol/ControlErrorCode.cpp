#include "ControlErrorCode.h"

namespace tollgate {

QList<ControlErrorCode> allControlErrorCodes()
{
    return {ControlErrorCode::ParseError,       ControlErrorCode::InvalidRequest, ControlErrorCode::MethodNotFound,
            ControlErrorCode::InvalidParams,    ControlErrorCode::InternalError,  ControlErrorCode::Failed,
            ControlErrorCode::PermissionDenied, ControlErrorCode::NotFound,       ControlErrorCode::InvalidRuleset,
            ControlErrorCode::Conflict,         ControlErrorCode::Unavailable};
}

QString controlErrorName(ControlErrorCode code)
{
    switch (code) {
    case ControlErrorCode::ParseError:
        return QStringLiteral("parse error");
    case ControlErrorCode::InvalidRequest:
        return QStringLiteral("invalid request");
    case ControlErrorCode::MethodNotFound:
        return QStringLiteral("method not found");
    case ControlErrorCode::InvalidParams:
        return QStringLiteral("invalid params");
    case ControlErrorCode::InternalError:
        return QStringLiteral("internal error");
    case ControlErrorCode::Failed:
        return QStringLiteral("failed");
    case ControlErrorCode::PermissionDenied:
        return QStringLiteral("permission denied");
    case ControlErrorCode::NotFound:
        return QStringLiteral("not found");
    case ControlErrorCode::InvalidRuleset:
        return QStringLiteral("invalid ruleset");
    case ControlErrorCode::Conflict:
        return QStringLiteral("conflict");
    case ControlErrorCode::Unavailable:
        return QStringLiteral("unavailable");
    }
    return QStringLiteral("error %1").arg(int(code));
}

QString controlErrorDescription(ControlErrorCode code)
{
    switch (code) {
    case ControlErrorCode::ParseError:
        return QStringLiteral("The line is not valid JSON. The id is null; the connection stays usable.");
    case ControlErrorCode::InvalidRequest:
        return QStringLiteral("Valid JSON but not a JSON-RPC 2.0 request object (wrong `jsonrpc`, missing or "
                              "non-string `method`, bad `id`, a batch array, an unknown member), or a line over "
                              "the size limit.");
    case ControlErrorCode::MethodNotFound:
        return QStringLiteral("The method is not in the catalogue; the message suggests the closest name.");
    case ControlErrorCode::InvalidParams:
        return QStringLiteral("`params` is not an object, or a parameter is missing, unknown, of the wrong type "
                              "or out of range; the message names the parameter.");
    case ControlErrorCode::InternalError:
        return QStringLiteral("A bug in tollgated; the message says what failed.");
    case ControlErrorCode::Failed:
        return QStringLiteral("The method ran and failed, or this daemon does not provide it; the message says "
                              "why.");
    case ControlErrorCode::PermissionDenied:
        return QStringLiteral("The peer is neither root, the daemon's user, nor a member of the control group. "
                              "Sent with id null before the connection is closed.");
    case ControlErrorCode::NotFound:
        return QStringLiteral("The call, destination, group or revision named does not exist; the message "
                              "suggests the closest name.");
    case ControlErrorCode::InvalidRuleset:
        return QStringLiteral("The ruleset was refused; `error.data.diagnostics` lists every finding "
                              "(see the diagnostic object).");
    case ControlErrorCode::Conflict:
        return QStringLiteral("The request is ambiguous (a destination name in several groups: give `group`) "
                              "or conflicts with the current state.");
    case ControlErrorCode::Unavailable:
        return QStringLiteral("tollgated is overloaded, shutting down, or already serves its maximum number of "
                              "control clients; retry later.");
    }
    return {};
}

} // namespace tollgate
