#pragma once

#include "RuleSet.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace tollgate {

/// One difference between two rulesets, at the finest level that still reads well:
/// a flag, carrier, group, cache or route added or removed; a field of one changed; a rule
/// added, removed, changed or moved within its route.
struct RuleSetChange
{
    enum class Kind
    {
        Added,
        Removed,
        Changed,
        Moved,
    };
    Kind kind = Kind::Changed;
    QString path;      ///< `route MAIN › rule "options"`, `carrier "acme" › maxCallsPerSecond`.
    QJsonValue before; ///< Canonical JSON of the old value (Null when added).
    QJsonValue after;  ///< Canonical JSON of the new value (Null when removed).

    /// One line for people: `changed carrier "acme" › maxCallsPerSecond: 10 -> 20`.
    QString toString() const;
    bool operator==(const RuleSetChange&) const = default;
};

/// The structured difference from `from` to `to`, in a stable order (the document's order).
QList<RuleSetChange> diffRuleSets(const RuleSet& from, const RuleSet& to);

/// The changes as a JSON array of {kind, path, before, after} objects (control protocol, CLI).
QJsonArray ruleSetChangesToJson(const QList<RuleSetChange>& changes);

} // namespace tollgate
