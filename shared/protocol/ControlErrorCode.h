#pragma once

#include <QList>
#include <QString>

namespace tollgate {

/// Error codes of the control protocol: the JSON-RPC 2.0 standard codes, then Tollgate's
/// application codes in the range JSON-RPC reserves for servers (-32000 to -32099).
enum class ControlErrorCode : int
{
    ParseError = -32700,       ///< The line is not valid JSON.
    InvalidRequest = -32600,   ///< Valid JSON, but not a JSON-RPC 2.0 request (or over the size limit).
    MethodNotFound = -32601,   ///< No such method in the catalogue.
    InvalidParams = -32602,    ///< A parameter is missing, unknown, of the wrong type or out of range.
    InternalError = -32603,    ///< A bug in tollgated; the message says what failed.
    Failed = -32000,           ///< The method ran and failed (the message says why), or is not available.
    PermissionDenied = -32001, ///< The peer may not use the control socket, or this method.
    NotFound = -32002,         ///< The call, destination, group or revision named does not exist.
    InvalidRuleset = -32003,   ///< The ruleset was refused; error.data.diagnostics lists why.
    Conflict = -32004,         ///< The request is ambiguous or conflicts with the current state.
    Unavailable = -32005,      ///< tollgated is overloaded, shutting down, or at its client limit.
};

/// Every code, in documentation order (standard codes first).
QList<ControlErrorCode> allControlErrorCodes();

/// A short name for logs and documentation ("parse error", "permission denied").
QString controlErrorName(ControlErrorCode code);

/// One sentence on when the code is used, for docs/control-protocol.md.
QString controlErrorDescription(ControlErrorCode code);

} // namespace tollgate
