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
    QJsonValue before; ///< Canonical JSON of the old value (Null when added); Moved: old 1-based position.
    QJsonValue after;  ///< Canonical JSON of the new value (Null when removed); Moved: new 1-based position.

    /// One line for people: `changed carrier "acme" › maxCallsPerSecond: 10 -> 20`,
    /// `added route MAIN › rule "x"`, `moved route MAIN › rule "x": position 3 -> 1`.
    QString toString() const;
    bool operator==(const RuleSetChange&) const = default;
};

/// The structured difference from `from` to `to`, in a stable order (the document's order):
/// flags, carriers, groups, caches, routes, each kind by canonical name order; within a route,
/// removed rules first, then added, moved and changed rules in their new order. Entities and
/// rules are matched by name, so a rename is a removal plus an addition. A rule is reported as
/// moved only when it is not part of the longest run of rules that kept their relative order.
QList<RuleSetChange> diffRuleSets(const RuleSet& from, const RuleSet& to);

/// The changes as a JSON array of {kind, path, before, after} objects (control protocol, CLI).
QJsonArray ruleSetChangesToJson(const QList<RuleSetChange>& changes);

} // namespace tollgate
