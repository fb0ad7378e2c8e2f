#pragma once

#include <QList>
#include <QString>

namespace tollgate {

/// One finding about a ruleset, a JSON document or a request: where, what, and how to fix it.
/// Rendered as `route MAIN › rule "options" › action 2: unknown flag X (did you mean Y?)`.
struct Diagnostic
{
    enum class Severity
    {
        Error,   ///< The ruleset cannot be applied.
        Warning, ///< The ruleset can be applied, but something is probably not what was meant.
    };

    Severity severity = Severity::Error;
    QString path;    ///< Place of the problem, segments joined by " › "; empty for the whole document.
    QString message; ///< What is wrong.
    QString hint;    ///< How to fix it ("did you mean X?"); may be empty.

    /// `path: message (hint)`, the form shown to operators and in tests.
    QString toString() const;

    bool operator==(const Diagnostic&) const = default;
};

using Diagnostics = QList<Diagnostic>;

bool hasErrors(const Diagnostics& diagnostics);

/// Joins path segments with the separator used in every Tollgate diagnostic (" › ").
QString joinPath(const QString& parent, const QString& segment);

} // namespace tollgate
