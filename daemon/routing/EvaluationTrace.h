#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace tollgate {

/// One condition of a visited rule, as the evaluation saw it.
struct TraceCondition
{
    enum class Result
    {
        Held,         ///< The condition (after its negation) held.
        NotHeld,      ///< The condition did not hold; the rule's later conditions were not evaluated.
        NotEvaluated, ///< An earlier condition failed first (short-circuit).
    };
    QString description; ///< `method in [INVITE]`, `NOT flag FROM_TRUSTED`, ...
    Result result = Result::NotEvaluated;
};

/// One action a matching rule ran.
struct TraceAction
{
    QString description; ///< The action as configured: `setFlag INTERNALLY_SOURCED`.
    QString detail;      ///< What it did: `flag INTERNALLY_SOURCED set`, `cache associations: miss`.
};

/// One rule the evaluation visited, in visit order.
struct TraceRuleVisit
{
    /// How the visit ended.
    enum class Ending
    {
        Disabled,  ///< The rule is disabled and was skipped.
        NoMatch,   ///< A condition did not hold.
        Continued, ///< Its actions ran; `then: continue` went on with the next rule.
        Stopped,   ///< Its actions ran; `then: stop` left the route.
        Decided,   ///< An action (or a route it called) decided the request's fate.
        Failed,    ///< An action failed at run time; the request is answered 500.
    };

    QString route;
    QString rule;
    int ruleIndex = 0; ///< Position in the route, from 0 (shown from 1).
    int depth = 0;     ///< 0 in MAIN, 1 in a route MAIN called, ...
    bool enabled = true;
    QList<TraceCondition> conditions;
    QList<TraceAction> actions;
    Ending ending = Ending::NoMatch;
};

/// The record of one evaluation, filled when the caller asks for it (a dry run, the console's
/// test bench, `tollgated --dry-run`): the source as classified, the built-in flags, then every
/// rule visited in order with each condition's result and each action taken. A traced
/// evaluation visits the rules one by one, so that every rule's conditions are visible; its
/// decision is the same as the indexed one.
class EvaluationTrace
{
public:
    void clear();

    /// Sets what was known before the rules ran.
    void setStart(const QString& carrier, const QStringList& initialFlags);
    QString carrier() const { return m_carrier; }
    QStringList initialFlags() const { return m_initialFlags; }

    /// Appends a visit and returns its position (for the methods below).
    int beginVisit(const QString& route, const QString& rule, int ruleIndex, int depth, bool enabled);
    void addCondition(int visit, const QString& description, TraceCondition::Result result);
    /// Appends an action and returns its position within the visit.
    int addAction(int visit, const QString& description, const QString& detail = {});
    void setActionDetail(int visit, int action, const QString& detail);
    void setEnding(int visit, TraceRuleVisit::Ending ending);

    const QList<TraceRuleVisit>& visits() const { return m_visits; }

    /// {"carrier", "initialFlags", "visits": [{"route", "rule", "index" (from 1), "depth",
    /// "enabled", "conditions": [{"description", "result"}], "actions": [{"description",
    /// "detail"}], "ending"}]}; results and endings are lower-case words ("held", "not-held",
    /// "not-evaluated"; "disabled", "no-match", "continued", "stopped", "decided", "failed").
    QJsonObject toJson() const;

    /// A readable multi-line form (one rule per paragraph, called routes indented).
    QString toText() const;

    static QString resultName(TraceCondition::Result result);
    static QString endingName(TraceRuleVisit::Ending ending);

private:
    QString m_carrier;
    QStringList m_initialFlags;
    QList<TraceRuleVisit> m_visits;
};

} // namespace tollgate
