#pragma once

#include "Diagnostic.h"
#include "RuleSet.h"

#include <QByteArray>
#include <QJsonObject>
#include <QLatin1String>

namespace tollgate {

/// Size limits for a ruleset document, documented in docs/ruleset-format.md. A document over
/// a limit is refused before it is parsed further.
struct RuleSetLimits
{
    static constexpr qsizetype MaxDocumentBytes = 16 * 1024 * 1024;
    static constexpr int MaxRules = 50'000; ///< Over all routes.
    static constexpr int MaxRoutes = 1'000;
    static constexpr int MaxCarriers = 10'000;
    static constexpr int MaxGroups = 10'000;
    static constexpr int MaxDestinationsPerGroup = 1'000;
    static constexpr int MaxFlags = 61; ///< 64 bits less the built-in flags.
    static constexpr int MaxCaches = 100;
    /// Problems reported for one document at most; the report then says how many were left out.
    static constexpr int MaxReportedProblems = 1'000;
};

/// The canonical JSON form of a ruleset (docs/ruleset-format.md): versioned, stable key order,
/// two-space indentation, one trailing newline. export -> import -> export is byte-identical.
class RuleSetJson
{
public:
    /// Value of the document's "format" key, which tells a ruleset apart from any other JSON.
    static constexpr QLatin1String FormatName{"tollgate-ruleset"};

    /// The canonical text of `ruleSet`.
    static QByteArray toCanonicalJson(const RuleSet& ruleSet);

    /// Reads a ruleset document (UTF-8, an optional byte order mark is ignored). On success
    /// returns true and replaces `*ruleSet`. On failure returns false, leaves `*ruleSet` unchanged
    /// and replaces the content of `*errors` (when not null) with every problem found: a document
    /// over RuleSetLimits::MaxDocumentBytes; a syntax error as `line 3, column 15: <what>`; another
    /// format or a newer version; a count over a RuleSetLimits limit; or every wrong key, type
    /// and value with its path (`route MAIN › rule "options" › condition 1 › methods: expected an
    /// array of strings, got a string`). Reading checks the document's shape only;
    /// RuleSetValidator checks its meaning.
    static bool fromJson(const QByteArray& json, RuleSet* ruleSet, Diagnostics* errors);

    /// The same conversions on an already parsed JSON object (a ruleset embedded in a control
    /// request). toJsonObject() holds the same data as toCanonicalJson(), as a QJsonObject;
    /// fromJsonObject() behaves like fromJson() after parsing.
    static QJsonObject toJsonObject(const RuleSet& ruleSet);
    static bool fromJsonObject(const QJsonObject& object, RuleSet* ruleSet, Diagnostics* errors);
};

} // namespace tollgate
