#include "RouteCallGraph.h"

#include "Diagnostic.h"
#include "PathSegment.h"

#include <QHash>

namespace tollgate {

RouteCallGraph::RouteCallGraph(const RuleSet& ruleSet)
{
    QHash<QString, int> indexes;
    QList<const Route*> routes;
    QList<int> positions; // 1-based position of each indexed route in the document
    for (qsizetype i = 0; i < ruleSet.routes.size(); ++i) {
        const Route& route = ruleSet.routes.at(i);
        if (route.name.isEmpty() || indexes.contains(route.name))
            continue;
        indexes.insert(route.name, int(m_names.size()));
        m_names.append(route.name);
        routes.append(&route);
        positions.append(int(i + 1));
    }
    m_main = indexes.value(QString::fromUtf16(MainRouteName), -1);

    m_calls.resize(m_names.size());
    for (qsizetype from = 0; from < routes.size(); ++from) {
        const Route& route = *routes.at(from);
        QSet<int> seen;
        const QString routePath = PathSegment::route(route.name, positions.at(from));
        for (qsizetype r = 0; r < route.rules.size(); ++r) {
            const Rule& rule = route.rules.at(r);
            for (qsizetype a = 0; a < rule.actions.size(); ++a) {
                const Action& action = rule.actions.at(a);
                const int target = indexes.value(action.route, -1);
                if (action.kind != ActionKind::CallRoute || target < 0 || seen.contains(target))
                    continue;
                seen.insert(target);
                const QString path = joinPath(joinPath(routePath, PathSegment::rule(rule.name, int(r + 1))),
                                              PathSegment::action(int(a + 1)));
                m_calls[from].append(Call{target, path});
            }
        }
    }
}

QList<RouteCallGraph::Cycle> RouteCallGraph::cycles() const
{
    enum class State
    {
        Unvisited,
        OnStack,
        Done,
    };
    QList<State> states(m_names.size(), State::Unvisited);
    QList<Cycle> found;

    // Iterative depth-first walk: a route can call up to MaxRoutes others in a chain, which is
    // too deep for recursion on a small stack.
    struct Frame
    {
        int route;
        qsizetype nextCall;
    };
    QList<int> order;
    if (m_main >= 0)
        order.append(m_main);
    for (int i = 0; i < m_names.size(); ++i) {
        if (i != m_main)
            order.append(i);
    }

    for (int start : order) {
        if (states[start] != State::Unvisited)
            continue;
        QList<Frame> stack{Frame{start, 0}};
        states[start] = State::OnStack;
        while (!stack.isEmpty()) {
            Frame& frame = stack.last();
            if (frame.nextCall >= m_calls[frame.route].size()) {
                states[frame.route] = State::Done;
                stack.removeLast();
                continue;
            }
            const Call& call = m_calls[frame.route][frame.nextCall++];
            if (states[call.target] == State::OnStack) {
                Cycle cycle;
                qsizetype first = stack.size() - 1;
                while (stack[first].route != call.target)
                    --first;
                for (qsizetype i = first; i < stack.size(); ++i)
                    cycle.routes.append(m_names[stack[i].route]);
                cycle.routes.append(m_names[call.target]);
                cycle.path = call.path;
                found.append(cycle);
            } else if (states[call.target] == State::Unvisited) {
                states[call.target] = State::OnStack;
                stack.append(Frame{call.target, 0});
            }
        }
    }
    return found;
}

QSet<QString> RouteCallGraph::reachableFromMain() const
{
    QSet<QString> reached;
    if (m_main < 0)
        return reached;
    QList<bool> visited(m_names.size(), false);
    QList<int> pending{m_main};
    visited[m_main] = true;
    while (!pending.isEmpty()) {
        const int route = pending.takeLast();
        reached.insert(m_names[route]);
        for (const Call& call : m_calls[route]) {
            if (!visited[call.target]) {
                visited[call.target] = true;
                pending.append(call.target);
            }
        }
    }
    return reached;
}

} // namespace tollgate
