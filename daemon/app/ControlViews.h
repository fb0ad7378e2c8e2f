#pragma once

#include "dialog/CallSummary.h"
#include "dialog/CallTrace.h"
#include "forward/DestinationStatus.h"
#include "model/Diagnostic.h"
#include "model/RuleSetDiff.h"
#include "store/AuditLog.h"
#include "store/Revision.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

namespace tollgate {

/// The control protocol's objects (shared/protocol catalogue: call, message, destination,
/// revision, diagnostic, change, auditEntry) built from the daemon's own records, in one place so
/// that every method and event shows the same shapes.
namespace ControlViews {

/// ISO 8601 UTC with milliseconds; null for `ms` < 0.
QJsonValue time(std::int64_t ms);

/// The protocol's call state: setup, ringing, answered, ended or failed.
QString callState(const CallSummary& call);
/// Parses a protocol call state for a filter; std::nullopt for an unknown name.
std::optional<DialogState> dialogStateFor(const QString& state, bool* failedOnly, bool* endedOnly);

QJsonObject call(const CallSummary& call);
QJsonObject message(const CallTraceEntry& entry);
QJsonObject destination(const DestinationStatus& status);
QJsonObject revision(const RevisionInfo& info);
QJsonObject diagnostic(const Diagnostic& diagnostic);
QJsonArray diagnostics(const Diagnostics& diagnostics);
QJsonObject change(const RuleSetChange& change);
QJsonObject auditEntry(const AuditLog::Entry& entry);

} // namespace ControlViews

} // namespace tollgate
