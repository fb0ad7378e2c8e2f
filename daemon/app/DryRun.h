#pragma once

#include "model/Transport.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace tollgate {

class CacheReader;
class CompiledRuleSet;

/// Runs the rule engine on a SIP message without sending anything or changing any state: the
/// same parser and the same engine as the live proxy, the live caches read but never written.
/// Behind `tollgated --dry-run` and the control socket's rules.dryRun.
class DryRun
{
public:
    struct Result
    {
        /// {"source", "transport", "carrier" (null for none), "flags", "decision", "trace",
        /// "rewrittenMessage" (empty unless the request is relayed)}: the rules.dryRun result.
        QJsonObject json;
        QString text; ///< The same for people: decision, trace and the message as forwarded.
    };

    /// `source` is "IP:PORT" ("[v6]:port" for IPv6, which must be bracketed). Fails with a
    /// message for a source that does not parse or a message that is not a SIP request.
    static bool run(const CompiledRuleSet& ruleSet, const CacheReader& caches, std::int64_t nowMs,
                    const QByteArray& message, const QString& source, Transport transport, Result* result,
                    QString* error);
};

} // namespace tollgate
