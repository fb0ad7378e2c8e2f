#pragma once

#include "CompiledRuleSet.h"
#include "RouteDecision.h"

#include <QJsonObject>
#include <QString>

namespace tollgate {

/// Renders a RouteDecision for people and programs (dry runs, the console's test bench,
/// `tollgated --dry-run`), with group and flag names resolved through the ruleset it came from.
class DecisionFormatter
{
public:
    /// {"outcome": "reply"|"relay"|"drop"|"no-decision", "reply": {"code", "reason"},
    /// "relay": {"group"|"uri", "preferredDestination", "stickyCache", "stickyKey"}, "flags": [...],
    /// "finalReplyTimerMs", "requestUri", "headerEdits": [{"operation", "name", "value"}],
    /// "cacheWrites": [{"operation", "cache", "key", "value"}], "applyCarrierMapping",
    /// "log": [{"level", "text"}], "decidedBy": {"route", "rule"}, "failure"}. Keys whose value
    /// is empty or default are left out.
    static QJsonObject toJson(const RouteDecision& decision, const CompiledRuleSet& ruleSet);

    /// A readable multi-line form, e.g. `relay to group core (MAIN › rule "options-internal")`.
    static QString toText(const RouteDecision& decision, const CompiledRuleSet& ruleSet);

    static QString outcomeName(DecisionOutcome outcome);
    static QString logLevelName(DecisionLogLine::Level level);
};

} // namespace tollgate
