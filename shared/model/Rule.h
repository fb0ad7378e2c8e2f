#pragma once

#include "Action.h"
#include "Condition.h"

#include <QList>
#include <QString>

namespace tollgate {

/// After a rule's actions ran (and none of them decided the request's fate):
enum class RuleContinuation
{
    Continue, ///< Go on with the next rule of the route.
    Stop,     ///< Leave the route; a route called by CallRoute returns to its caller.
};

/// One rule of a route: when every condition holds, run the actions in order, then continue
/// or stop.
struct Rule
{
    QString name; ///< Unique within its route; lower-kebab-case.
    QString description;
    bool enabled = true;
    QList<Condition> conditions; ///< All must hold; an empty list always holds.
    QList<Action> actions;
    RuleContinuation then = RuleContinuation::Continue;

    bool operator==(const Rule&) const = default;
};

/// A named, ordered list of rules. `MAIN` is where every initial request starts.
struct Route
{
    QString name; ///< UPPER_SNAKE_CASE, unique among routes.
    QString description;
    QList<Rule> rules;

    bool operator==(const Route&) const = default;
};

} // namespace tollgate
