#include "FakeSipRequest.h"
#include "RuleSetBuilder.h"
#include "routing/CacheStore.h"
#include "routing/DecisionFormatter.h"
#include "routing/EvaluationTrace.h"
#include "routing/RuleEngine.h"

#include <QJsonArray>
#include <QTest>

using namespace tollgate;
using namespace tollgate::test::rules;
using tollgate::test::FakeSipRequest;

namespace {

struct Traced
{
    std::shared_ptr<const CompiledRuleSet> compiled;
    RouteDecision decision;
    EvaluationTrace trace;
};

Traced evaluateTraced(const RuleSet& ruleSet, const FakeSipRequest& request, const char* ip, quint16 port)
{
    Traced result;
    QString error;
    result.compiled = CompiledRuleSet::compile(ruleSet, &error);
    if (!result.compiled)
        qFatal("ruleset does not compile: %s", qPrintable(error));
    CacheStore caches;
    caches.configure(ruleSet.caches);
    const RequestContext context =
        result.compiled->makeContext(SourceAddress{*IpAddress::parse(std::string_view(ip)), port, Transport::Udp}, 0);
    result.decision = RuleEngine::evaluate(*result.compiled, request, context, caches, &result.trace);
    return result;
}

} // namespace

class TestEvaluationTrace : public QObject
{
    Q_OBJECT

private slots:
    void seedOptionsFromCoreVisitsEveryRuleInOrder()
    {
        const Traced traced =
            evaluateTraced(seedRuleSet(), FakeSipRequest("OPTIONS", "sip:127.0.0.1"), "127.0.0.1", 5080);
        const EvaluationTrace& trace = traced.trace;
        QCOMPARE(trace.carrier(), QStringLiteral("core"));
        QCOMPARE(trace.initialFlags(), QStringList({QStringLiteral("FROM_CARRIER"), QStringLiteral("FROM_TRUSTED")}));

        const QList<TraceRuleVisit>& visits = trace.visits();
        QCOMPARE(visits.size(), 3);

        QCOMPARE(visits[0].route, QStringLiteral("MAIN"));
        QCOMPARE(visits[0].rule, QStringLiteral("mark-internal"));
        QCOMPARE(visits[0].ruleIndex, 0);
        QCOMPARE(visits[0].conditions.size(), 1);
        QCOMPARE(visits[0].conditions[0].description, QStringLiteral("source is trusted"));
        QCOMPARE(visits[0].conditions[0].result, TraceCondition::Result::Held);
        QCOMPARE(visits[0].actions.size(), 1);
        QCOMPARE(visits[0].actions[0].description, QStringLiteral("setFlag INTERNALLY_SOURCED"));
        QCOMPARE(visits[0].actions[0].detail, QStringLiteral("flag INTERNALLY_SOURCED set"));
        QCOMPARE(visits[0].ending, TraceRuleVisit::Ending::Continued);

        QCOMPARE(visits[1].rule, QStringLiteral("options-internal"));
        QCOMPARE(visits[1].actions[0].description, QStringLiteral("callRoute INTERNAL_TO_EXTERNAL_RELAY"));
        QCOMPARE(visits[1].actions[0].detail, QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY decided"));
        QCOMPARE(visits[1].ending, TraceRuleVisit::Ending::Decided);

        QCOMPARE(visits[2].route, QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY"));
        QCOMPARE(visits[2].depth, 1);
        QCOMPARE(visits[2].actions[0].detail, QStringLiteral("relay to group demo-carrier"));
        QCOMPARE(visits[2].ending, TraceRuleVisit::Ending::Decided);
    }

    void failedConditionShortCircuitsTheRest()
    {
        const Traced traced =
            evaluateTraced(seedRuleSet(), FakeSipRequest("OPTIONS", "sip:127.0.0.1"), "127.0.0.1", 5060);
        const QList<TraceRuleVisit>& visits = traced.trace.visits();
        QCOMPARE(visits.size(), 3);
        QCOMPARE(visits[0].conditions[0].result, TraceCondition::Result::NotHeld);
        QCOMPARE(visits[0].ending, TraceRuleVisit::Ending::NoMatch);
        QVERIFY(visits[0].actions.isEmpty());
        QCOMPARE(visits[1].conditions[0].result, TraceCondition::Result::Held);
        QCOMPARE(visits[1].conditions[1].description, QStringLiteral("flag INTERNALLY_SOURCED"));
        QCOMPARE(visits[1].conditions[1].result, TraceCondition::Result::NotHeld);
        QCOMPARE(visits[2].actions[0].detail, QStringLiteral("reply 503 Options Reply"));
        QCOMPARE(traced.decision.replyCode, 503);
    }

    void disabledRulesNegationAndNotEvaluated()
    {
        RuleSet ruleSet = seedRuleSet();
        ruleSet.caches << cache(QStringLiteral("associations"));
        ruleSet.routes[0].rules = {
            rule(QStringLiteral("off"), {}, {drop()}, RuleContinuation::Continue, false),
            rule(QStringLiteral("short"), {method({QStringLiteral("BYE")}), negated(sourceTrusted())}, {drop()}),
            rule(QStringLiteral("cache"), {negated(flag(QStringLiteral("FROM_TRUSTED")))},
                 {cacheLoad(QStringLiteral("associations"), QStringLiteral("{call_id}"), QStringLiteral("dest")),
                  rewriteUri(QStringLiteral("host"), QStringLiteral("bad host"))}),
        };
        FakeSipRequest request("INVITE", "sip:bob@example.com");
        request.setCallId("call-1");
        const Traced traced = evaluateTraced(ruleSet, request, "127.0.0.1", 5060);
        const QList<TraceRuleVisit>& visits = traced.trace.visits();
        QCOMPARE(visits.size(), 3);
        QVERIFY(!visits[0].enabled);
        QCOMPARE(visits[0].ending, TraceRuleVisit::Ending::Disabled);
        QVERIFY(visits[0].conditions.isEmpty());
        QCOMPARE(visits[1].conditions[1].description, QStringLiteral("NOT source is trusted"));
        QCOMPARE(visits[1].conditions[1].result, TraceCondition::Result::NotEvaluated);
        QCOMPARE(visits[2].conditions[0].result, TraceCondition::Result::Held);
        QCOMPARE(visits[2].actions[0].detail, QStringLiteral("cache associations: miss \"call-1\", var.dest = \"\""));
        QVERIFY2(visits[2].actions[1].detail.startsWith(QStringLiteral("failed: ")),
                 qPrintable(visits[2].actions[1].detail));
        QVERIFY(visits[2].actions[1].detail.endsWith(QStringLiteral("-> reply 500 Rewrite Failed")));
        QCOMPARE(visits[2].ending, TraceRuleVisit::Ending::Failed);
        QCOMPARE(traced.decision.replyReason, std::string("Rewrite Failed"));
    }

    void jsonForm()
    {
        const Traced traced =
            evaluateTraced(seedRuleSet(), FakeSipRequest("OPTIONS", "sip:127.0.0.1"), "127.0.0.1", 5080);
        const QJsonObject json = traced.trace.toJson();
        QCOMPARE(json[QStringLiteral("carrier")].toString(), QStringLiteral("core"));
        const QJsonArray visits = json[QStringLiteral("visits")].toArray();
        QCOMPARE(visits.size(), 3);
        const QJsonObject first = visits[0].toObject();
        QCOMPARE(first[QStringLiteral("index")].toInt(), 1);
        QCOMPARE(first[QStringLiteral("ending")].toString(), QStringLiteral("continued"));
        QCOMPARE(first[QStringLiteral("conditions")].toArray()[0].toObject()[QStringLiteral("result")].toString(),
                 QStringLiteral("held"));
        QCOMPARE(visits[2].toObject()[QStringLiteral("depth")].toInt(), 1);
        QCOMPARE(visits[2].toObject()[QStringLiteral("ending")].toString(), QStringLiteral("decided"));
    }

    void textForm()
    {
        const Traced traced =
            evaluateTraced(seedRuleSet(), FakeSipRequest("OPTIONS", "sip:127.0.0.1"), "127.0.0.1", 5060);
        const QString expected = QStringLiteral("source: demo-carrier\n"
                                                "flags at start: FROM_CARRIER\n"
                                                "MAIN › rule 1 \"mark-internal\"\n"
                                                "    [not-held] source is trusted\n"
                                                "    => no-match\n"
                                                "MAIN › rule 2 \"options-internal\"\n"
                                                "    [held] method is OPTIONS\n"
                                                "    [not-held] flag INTERNALLY_SOURCED\n"
                                                "    => no-match\n"
                                                "MAIN › rule 3 \"options-external\"\n"
                                                "    [held] method is OPTIONS\n"
                                                "    do reply 503 Options Reply -> reply 503 Options Reply\n"
                                                "    => decided\n");
        QCOMPARE(traced.trace.toText(), expected);
    }

    void decisionAsJsonAndText()
    {
        RuleSet ruleSet = seedRuleSet();
        ruleSet.caches << cache(QStringLiteral("associations"));
        ruleSet.routes[1].rules[0].actions = {
            setTimer(1500),
            addHeader(QStringLiteral("X-Carrier"), QStringLiteral("{carrier}")),
            cacheStore(QStringLiteral("associations"), QStringLiteral("{call_id}"), QStringLiteral("x")),
            log(QStringLiteral("info"), QStringLiteral("relaying")),
            rewriteUri(QStringLiteral("user"), QStringLiteral("+44")),
            relayToGroup(QStringLiteral("demo-carrier"), QStringLiteral("associations"), QStringLiteral("{call_id}")),
        };
        FakeSipRequest request("OPTIONS", "sip:ping@127.0.0.1");
        request.setCallId("c1");
        const Traced traced = evaluateTraced(ruleSet, request, "127.0.0.1", 5080);

        const QJsonObject json = DecisionFormatter::toJson(traced.decision, *traced.compiled);
        QCOMPARE(json[QStringLiteral("outcome")].toString(), QStringLiteral("relay"));
        QCOMPARE(json[QStringLiteral("relay")].toObject()[QStringLiteral("group")].toString(),
                 QStringLiteral("demo-carrier"));
        QCOMPARE(json[QStringLiteral("relay")].toObject()[QStringLiteral("preferredDestination")].toString(),
                 QStringLiteral("x")); // the rule's own earlier write is visible to the sticky lookup
        QCOMPARE(json[QStringLiteral("flags")].toArray().size(), 3);
        QCOMPARE(json[QStringLiteral("finalReplyTimerMs")].toInt(), 1500);
        QCOMPARE(json[QStringLiteral("requestUri")].toString(), QStringLiteral("sip:+44@127.0.0.1"));
        QCOMPARE(json[QStringLiteral("headerEdits")].toArray()[0].toObject()[QStringLiteral("value")].toString(),
                 QStringLiteral("core"));
        QCOMPARE(json[QStringLiteral("cacheWrites")].toArray()[0].toObject()[QStringLiteral("operation")].toString(),
                 QStringLiteral("store"));
        QCOMPARE(json[QStringLiteral("decidedBy")].toObject()[QStringLiteral("route")].toString(),
                 QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY"));
        QVERIFY(!json.contains(QStringLiteral("failure")));

        const QString text = DecisionFormatter::toText(traced.decision, *traced.compiled);
        QVERIFY2(text.startsWith(QStringLiteral(
                     "relay to group demo-carrier (INTERNAL_TO_EXTERNAL_RELAY › rule \"to-carrier\")\n")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("flags: FROM_CARRIER FROM_TRUSTED INTERNALLY_SOURCED\n")));
        QVERIFY(text.contains(QStringLiteral("add header X-Carrier: core\n")));
        QVERIFY(text.contains(QStringLiteral("Request-URI: sip:+44@127.0.0.1\n")));
    }

    void noDecisionRendering()
    {
        const Traced traced =
            evaluateTraced(seedRuleSet(), FakeSipRequest("INVITE", "sip:bob@127.0.0.1"), "192.0.2.1", 5060);
        QCOMPARE(DecisionFormatter::toJson(traced.decision, *traced.compiled)[QStringLiteral("outcome")].toString(),
                 QStringLiteral("no-decision"));
        QCOMPARE(DecisionFormatter::toText(traced.decision, *traced.compiled),
                 QStringLiteral("no decision (answered 500 No Routing Decision)\nflags: (none)\n"));
        QCOMPARE(traced.trace.carrier(), QString());
        QVERIFY(traced.trace.toText().startsWith(QStringLiteral("source: no carrier\nflags at start: (none)\n")));
    }
};

QTEST_GUILESS_MAIN(TestEvaluationTrace)
#include "TestEvaluationTrace.moc"
