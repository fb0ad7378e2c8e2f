#pragma once

#include "OrderedJsonValue.h"
#include "RuleSet.h"

#include <QList>
#include <algorithm>
#include <numeric>

namespace tollgate {

/// Builds the canonical JSON tree of a ruleset and of each of its parts (docs/ruleset-format.md):
/// every entity field in the model's order, defaults included; conditions and actions with
/// "kind" first and only their kind's fields; one compact line per condition, action, carrier
/// address, IP mapping and destination. RuleSetJson writes the tree as text; RuleSetDiff compares
/// the trees of two rulesets part by part.
class RuleSetJsonWriter
{
public:
    /// The whole document, with flags, carriers, groups and caches sorted by name and routes
    /// sorted MAIN first, then by name.
    static OrderedJsonValue ruleSet(const RuleSet& ruleSet);

    static OrderedJsonValue flag(const FlagDefinition& flag);
    static OrderedJsonValue carrier(const Carrier& carrier);
    static OrderedJsonValue group(const DestinationGroup& group);
    static OrderedJsonValue cache(const CacheDefinition& cache);
    static OrderedJsonValue route(const Route& route);
    static OrderedJsonValue rule(const Rule& rule);
    static OrderedJsonValue condition(const Condition& condition);
    static OrderedJsonValue action(const Action& action);

    /// Canonical order of flag, carrier, group and cache names.
    static bool nameLess(const QString& a, const QString& b) { return a < b; }
    /// Canonical order of route names: MAIN first, then by name.
    static bool routeNameLess(const QString& a, const QString& b);

    /// Positions of `items` in canonical order (stable: equal names keep their order).
    template <typename T>
    static QList<qsizetype> canonicalOrder(const QList<T>& items, bool (*less)(const QString&, const QString&))
    {
        QList<qsizetype> order(items.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](qsizetype a, qsizetype b) { return less(items.at(a).name, items.at(b).name); });
        return order;
    }
};

} // namespace tollgate
