#pragma once

#include "Diagnostic.h"
#include "RuleSet.h"

#include <QByteArray>
#include <QJsonObject>

namespace tollgate {

/// Size limits for a ruleset document, documented in docs/ruleset-format.md. A document over
/// a limit is refused before it is parsed further.
struct RuleSetLimits
{
    static constexpr qsizetype MaxDocumentBytes = 16 * 1024 * 1024;
    static constexpr int MaxRules = 50'000;       ///< Over all routes.
    static constexpr int MaxRoutes = 1'000;
    static constexpr int MaxCarriers = 10'000;
    static constexpr int MaxGroups = 10'000;
    static constexpr int MaxDestinationsPerGroup = 1'000;
    static constexpr int MaxFlags = 61;           ///< 64 bits less the built-in flags.
    static constexpr int MaxCaches = 100;
};

/// The canonical JSON form of a ruleset (docs/ruleset-format.md): versioned, stable key order,
/// two-space indentation, one trailing newline. export -> import -> export is byte-identical.
class RuleSetJson
{
public:
    /// The canonical text of `ruleSet`.
    static QByteArray toCanonicalJson(const RuleSet& ruleSet);

    /// Reads a ruleset document. On failure returns false and fills `errors` with every problem
    /// found: a syntax error with line and column, or wrong keys, types and values with their
    /// path (`route MAIN › rule "options" › condition 1 › "methods": expected an array of strings`).
    /// Reading checks the document's shape only; RuleSetValidator checks its meaning.
    static bool fromJson(const QByteArray& json, RuleSet* ruleSet, Diagnostics* errors);

    /// The same conversions on an already parsed JSON object (a ruleset embedded in a control
    /// request). toJsonObject() holds the same data as toCanonicalJson(), as a QJsonObject.
    static QJsonObject toJsonObject(const RuleSet& ruleSet);
    static bool fromJsonObject(const QJsonObject& object, RuleSet* ruleSet, Diagnostics* errors);
};

} // namespace tollgate
