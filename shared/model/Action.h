#pragma once

#include <QString>
#include <QStringList>

namespace tollgate {

/// What an action does. The JSON spelling of each kind is given by actionKindName().
/// Reply, Relay and Drop end the evaluation: the request's fate is decided.
enum class ActionKind
{
    SetFlag,             ///< Set `flag`.
    ClearFlag,           ///< Clear `flag`.
    Reply,               ///< Answer with `code` and `reason`. Ends the evaluation.
    Relay,               ///< Forward to group `group` or to `uri`. Ends the evaluation.
    CallRoute,           ///< Run route `route`; continue here unless it decided the request's fate.
    SetTimer,            ///< Final-reply timer of the forwarded transaction, `milliseconds`.
    CacheStore,          ///< Store template `value` under template `key` in `cache`.
    CacheLoad,           ///< Load `key` from `cache` into variable `variable` ({var.NAME}).
    CacheDelete,         ///< Delete `key` from `cache`.
    RewriteUri,          ///< Replace part `part` ("uri", "user", "host") of the request-URI.
    AddHeader,           ///< Append header `header` with template `value`.
    RemoveHeader,        ///< Remove every `header` header.
    ApplyCarrierMapping, ///< Rewrite the carrier's private addresses to public (and back).
    Log,                 ///< Write template `message` to the log at `level`.
    Drop,                ///< Discard the request silently. Ends the evaluation.
};

/// Every kind's JSON spelling, indexed by kind, built once (a large ruleset names thousands).
const QStringList& actionKindNames();
const QString& actionKindName(ActionKind kind);
/// "a setFlag action": how messages name an action of this kind.
const QString& actionKindDescription(ActionKind kind);
bool parseActionKind(const QString& name, ActionKind* kind);

/// True for the kinds that decide the request's fate and end the evaluation.
bool isTerminalAction(ActionKind kind);

/// One step of a rule. Only the fields of its kind are meaningful (see docs/ruleset-format.md).
struct Action
{
    ActionKind kind = ActionKind::SetFlag;

    QString flag;      ///< SetFlag, ClearFlag
    int code = 0;      ///< Reply: 200-699 (a final response; a proxy never answers a request with 1xx)
    QString reason;    ///< Reply
    QString group;     ///< Relay (exclusive with uri)
    QString uri;       ///< Relay (exclusive with group)
    /// Relay to a group: prefer the destination stored in `stickyCache` under template
    /// `stickyKey`, and store the chosen destination there, so that retries stick.
    QString stickyCache;
    QString stickyKey;
    QString route;        ///< CallRoute
    int milliseconds = 0; ///< SetTimer
    QString cache;        ///< CacheStore, CacheLoad, CacheDelete
    QString key;          ///< CacheStore, CacheLoad, CacheDelete: template
    QString value;        ///< CacheStore, RewriteUri, AddHeader: template
    QString variable;     ///< CacheLoad: variable name, read back as {var.NAME}
    QString part;         ///< RewriteUri: "uri", "user" or "host"
    QString header;       ///< AddHeader, RemoveHeader
    QString level;        ///< Log: "debug", "info", "warning"
    QString message;      ///< Log: template

    bool operator==(const Action&) const = default;
};

} // namespace tollgate
