#include "EvaluationTrace.h"

#include <QJsonArray>

namespace tollgate {

void EvaluationTrace::clear()
{
    m_carrier.clear();
    m_initialFlags.clear();
    m_visits.clear();
}

void EvaluationTrace::setStart(const QString& carrier, const QStringList& initialFlags)
{
    m_carrier = carrier;
    m_initialFlags = initialFlags;
}

int EvaluationTrace::beginVisit(const QString& route, const QString& rule, int ruleIndex, int depth, bool enabled)
{
    TraceRuleVisit visit;
    visit.route = route;
    visit.rule = rule;
    visit.ruleIndex = ruleIndex;
    visit.depth = depth;
    visit.enabled = enabled;
    visit.ending = enabled ? TraceRuleVisit::Ending::NoMatch : TraceRuleVisit::Ending::Disabled;
    m_visits.append(visit);
    return int(m_visits.size()) - 1;
}

void EvaluationTrace::addCondition(int visit, const QString& description, TraceCondition::Result result)
{
    m_visits[visit].conditions.append(TraceCondition{description, result});
}

int EvaluationTrace::addAction(int visit, const QString& description, const QString& detail)
{
    m_visits[visit].actions.append(TraceAction{description, detail});
    return int(m_visits[visit].actions.size()) - 1;
}

void EvaluationTrace::setActionDetail(int visit, int action, const QString& detail)
{
    m_visits[visit].actions[action].detail = detail;
}

void EvaluationTrace::setEnding(int visit, TraceRuleVisit::Ending ending)
{
    m_visits[visit].ending = ending;
}

QString EvaluationTrace::resultName(TraceCondition::Result result)
{
    switch (result) {
    case TraceCondition::Result::Held:
        return QStringLiteral("held");
    case TraceCondition::Result::NotHeld:
        return QStringLiteral("not-held");
    case TraceCondition::Result::NotEvaluated:
        return QStringLiteral("not-evaluated");
    }
    return {};
}

QString EvaluationTrace::endingName(TraceRuleVisit::Ending ending)
{
    switch (ending) {
    case TraceRuleVisit::Ending::Disabled:
        return QStringLiteral("disabled");
    case TraceRuleVisit::Ending::NoMatch:
        return QStringLiteral("no-match");
    case TraceRuleVisit::Ending::Continued:
        return QStringLiteral("continued");
    case TraceRuleVisit::Ending::Stopped:
        return QStringLiteral("stopped");
    case TraceRuleVisit::Ending::Decided:
        return QStringLiteral("decided");
    case TraceRuleVisit::Ending::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QJsonObject EvaluationTrace::toJson() const
{
    QJsonArray visits;
    for (const TraceRuleVisit& visit : m_visits) {
        QJsonArray conditions;
        for (const TraceCondition& condition : visit.conditions) {
            conditions.append(QJsonObject{{QStringLiteral("description"), condition.description},
                                          {QStringLiteral("result"), resultName(condition.result)}});
        }
        QJsonArray actions;
        for (const TraceAction& action : visit.actions) {
            actions.append(QJsonObject{{QStringLiteral("description"), action.description},
                                       {QStringLiteral("detail"), action.detail}});
        }
        visits.append(QJsonObject{
            {QStringLiteral("route"), visit.route},
            {QStringLiteral("rule"), visit.rule},
            {QStringLiteral("index"), visit.ruleIndex + 1},
            {QStringLiteral("depth"), visit.depth},
            {QStringLiteral("enabled"), visit.enabled},
            {QStringLiteral("conditions"), conditions},
            {QStringLiteral("actions"), actions},
            {QStringLiteral("ending"), endingName(visit.ending)},
        });
    }
    return QJsonObject{
        {QStringLiteral("carrier"), m_carrier},
        {QStringLiteral("initialFlags"), QJsonArray::fromStringList(m_initialFlags)},
        {QStringLiteral("visits"), visits},
    };
}

QString EvaluationTrace::toText() const
{
    QString text;
    text += QStringLiteral("source: %1\n").arg(m_carrier.isEmpty() ? QStringLiteral("no carrier") : m_carrier);
    text += QStringLiteral("flags at start: %1\n")
                .arg(m_initialFlags.isEmpty() ? QStringLiteral("(none)") : m_initialFlags.join(u' '));
    for (const TraceRuleVisit& visit : m_visits) {
        const QString indent(visit.depth * 4, u' ');
        text +=
            QStringLiteral("%1%2 › rule %3 \"%4\"").arg(indent, visit.route).arg(visit.ruleIndex + 1).arg(visit.rule);
        if (!visit.enabled) {
            text += QStringLiteral(": disabled, skipped\n");
            continue;
        }
        text += u'\n';
        for (const TraceCondition& condition : visit.conditions) {
            text += QStringLiteral("%1    [%2] %3\n").arg(indent, resultName(condition.result), condition.description);
        }
        for (const TraceAction& action : visit.actions) {
            text += QStringLiteral("%1    do %2").arg(indent, action.description);
            if (!action.detail.isEmpty())
                text += QStringLiteral(" -> %1").arg(action.detail);
            text += u'\n';
        }
        text += QStringLiteral("%1    => %2\n").arg(indent, endingName(visit.ending));
    }
    return text;
}

} // namespace tollgate
