#pragma once

#include "RuleSet.h"

#include <QList>
#include <QSet>
#include <QStringList>

namespace tollgate {

/// Which route calls which (callRoute actions), for the checks that look at routes as a whole:
/// call cycles, which the engine could only stop at its depth limit, and routes that no request
/// can ever reach from MAIN. Calls to routes that do not exist are left out (the validator
/// reports them where they are written). Internal to RuleSetValidator.
class RouteCallGraph
{
public:
    explicit RouteCallGraph(const RuleSet& ruleSet);

    /// A call cycle, as the route names along it with the first repeated at the end
    /// (MAIN, A, MAIN), and the path of the callRoute action that closes it.
    struct Cycle
    {
        QStringList routes;
        QString path;
    };

    /// Every cycle found by a depth-first walk from MAIN and then from each other route in
    /// document order; each is reported once, from the first route of the walk that enters it.
    QList<Cycle> cycles() const;

    /// Names of the routes that MAIN reaches through any chain of callRoute actions, MAIN included.
    QSet<QString> reachableFromMain() const;

private:
    struct Call
    {
        int target = 0;
        QString path; ///< Of the first callRoute action that makes this call.
    };

    QStringList m_names;        ///< Route names, first definition of each name only.
    QList<QList<Call>> m_calls; ///< Per route index: the distinct routes it calls, in order.
    int m_main = -1;
};

} // namespace tollgate
