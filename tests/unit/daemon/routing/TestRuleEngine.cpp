#include "FakeClock.h"
#include "FakeSipRequest.h"
#include "RuleSetBuilder.h"
#include "routing/CacheStore.h"
#include "routing/RuleEngine.h"

#include <QTest>

using namespace tollgate;
using namespace tollgate::test::rules;
using tollgate::test::FakeClock;
using tollgate::test::FakeSipRequest;

Q_DECLARE_METATYPE(tollgate::Condition)

namespace {

constexpr std::uint64_t bit(int index)
{
    return std::uint64_t(1) << index;
}

/// The world every test runs in: flags A and B; carriers core (trusted, 127.0.0.1:5080),
/// demo-carrier (127.0.0.0/8) and acme (203.0.113.0/24, 2001:db8::/32); groups core and
/// carrier-out; cache associations; MAIN holds `mainRules`, plus `otherRoutes`.
RuleSet world(const QList<Rule>& mainRules, const QList<Route>& otherRoutes = {})
{
    RuleSet ruleSet;
    ruleSet.flags << flagDefinition(QStringLiteral("A")) << flagDefinition(QStringLiteral("B"));
    ruleSet.carriers << carrier(QStringLiteral("core"), {{QStringLiteral("127.0.0.1"), 5080, Transport::Any}}, true)
                     << carrier(QStringLiteral("demo-carrier"), {{QStringLiteral("127.0.0.0/8"), 0, Transport::Any}})
                     << carrier(QStringLiteral("acme"), {{QStringLiteral("203.0.113.0/24"), 0, Transport::Any},
                                                         {QStringLiteral("2001:db8::/32"), 0, Transport::Any}});
    ruleSet.groups << group(QStringLiteral("core"),
                            {QStringLiteral("sip:10.0.0.10:5060"), QStringLiteral("sip:10.0.0.11:5060")})
                   << group(QStringLiteral("carrier-out"), {QStringLiteral("sip:203.0.113.1:5060")});
    ruleSet.caches << cache(QStringLiteral("associations"));
    ruleSet.routes << route(QStringLiteral("MAIN"), mainRules) << otherRoutes;
    return ruleSet;
}

/// INVITE sip:+442071234567@sbc.example.com;user=phone from alice@carrier.example.net.
FakeSipRequest invite()
{
    FakeSipRequest request("INVITE", "sip:+442071234567@sbc.example.com;user=phone");
    request.setFrom("sip:alice@carrier.example.net")
        .setTo("sip:+442071234567@sbc.example.com")
        .setCallId("a84b4c76e66710@pc33.example.com")
        .addHeader("X-Customer", "gold")
        .addHeader("Subject", "hello there");
    return request;
}

SourceAddress source(const char* ip, quint16 port = 5060, Transport transport = Transport::Udp)
{
    return SourceAddress{*IpAddress::parse(std::string_view(ip)), port, transport};
}

class Harness
{
public:
    explicit Harness(const RuleSet& ruleSet)
    {
        QString error;
        m_compiled = CompiledRuleSet::compile(ruleSet, &error);
        if (!m_compiled)
            qFatal("ruleset does not compile: %s", qPrintable(error));
        m_caches.configure(ruleSet.caches);
    }

    RouteDecision evaluate(const FakeSipRequest& request, const SourceAddress& from = source("203.0.113.7"))
    {
        const RequestContext context = m_compiled->makeContext(from, m_clock.nowMs());
        const RouteDecision indexed = RuleEngine::evaluate(*m_compiled, request, context, m_caches);
        // Every evaluation in this file also checks that the linear and traced walks agree.
        EvaluationTrace trace;
        const RouteDecision traced = RuleEngine::evaluate(*m_compiled, request, context, m_caches, &trace);
        const RouteDecision linear = RuleEngine::evaluateLinear(*m_compiled, request, context, m_caches);
        if (!(indexed == traced) || !(indexed == linear))
            qFatal("indexed, traced and linear evaluations disagree");
        return indexed;
    }

    const CompiledRuleSet& compiled() const { return *m_compiled; }
    CacheStore& caches() { return m_caches; }
    FakeClock& clock() { return m_clock; }

private:
    std::shared_ptr<const CompiledRuleSet> m_compiled;
    CacheStore m_caches;
    FakeClock m_clock;
};

Rule held(const QList<Condition>& conditions)
{
    return rule(QStringLiteral("probe"), conditions, {reply(299, QStringLiteral("Held"))});
}

} // namespace

class TestRuleEngine : public QObject
{
    Q_OBJECT

private slots:
    void conditions_data()
    {
        QTest::addColumn<Condition>("condition");
        QTest::addColumn<QString>("sourceIp");
        QTest::addColumn<int>("sourcePort");
        QTest::addColumn<int>("transport");
        QTest::addColumn<QString>("toTag");
        QTest::addColumn<bool>("holds");

        const int udp = int(Transport::Udp);
        const int tls = int(Transport::Tls);
        const QString acme = QStringLiteral("203.0.113.7");
        const QString core = QStringLiteral("127.0.0.1");
        const QString nobody = QStringLiteral("192.0.2.1");
        const auto row = [&](const char* name, const Condition& condition, bool holds, const QString& ip = {},
                             int port = 5060, int transport = int(Transport::Udp), const QString& toTag = {}) {
            QTest::newRow(name) << condition << (ip.isEmpty() ? acme : ip) << port << transport << toTag << holds;
        };
        const auto field = [](const char* name, MatchOp op, const char* value) {
            return match(QString::fromLatin1(name), op, QString::fromUtf8(value));
        };

        row("method listed", method({QStringLiteral("INVITE")}), true);
        row("method not listed", method({QStringLiteral("OPTIONS"), QStringLiteral("BYE")}), false);
        row("method is an exact token", method({QStringLiteral("invite")}), false);
        row("built-in FROM_CARRIER", flag(QStringLiteral("FROM_CARRIER")), true);
        row("built-in FROM_TRUSTED from a carrier", flag(QStringLiteral("FROM_TRUSTED")), false);
        row("built-in FROM_TRUSTED from core", flag(QStringLiteral("FROM_TRUSTED")), true, core, 5080);
        row("built-in FROM_CARRIER from nobody", flag(QStringLiteral("FROM_CARRIER")), false, nobody);
        row("built-in IN_DIALOG", flag(QStringLiteral("IN_DIALOG")), true, {}, 5060, udp, QStringLiteral("t1"));
        row("user flag unset", flag(QStringLiteral("A")), false);
        row("sourceCarrier", sourceCarrier(QStringLiteral("acme")), true);
        row("sourceCarrier other", sourceCarrier(QStringLiteral("core")), false);
        row("sourceCarrier over IPv6", sourceCarrier(QStringLiteral("acme")), true, QStringLiteral("2001:db8::7"));
        row("sourceAnyCarrier", sourceAnyCarrier(), true);
        row("sourceAnyCarrier from nobody", sourceAnyCarrier(), false, nobody);
        row("sourceTrusted from a carrier", sourceTrusted(), false);
        row("sourceTrusted from core", sourceTrusted(), true, core, 5080);
        row("sourceCidr block", sourceCidr(QStringLiteral("203.0.113.0/24")), true);
        row("sourceCidr host", sourceCidr(QStringLiteral("203.0.113.7")), true);
        row("sourceCidr other host", sourceCidr(QStringLiteral("203.0.113.8")), false);
        row("sourceCidr other family", sourceCidr(QStringLiteral("2001:db8::/32")), false);
        row("sourceCidr IPv6", sourceCidr(QStringLiteral("2001:db8::/32")), true, QStringLiteral("2001:db8::7"));
        row("transport listed", transport({QStringLiteral("udp")}), true);
        row("transport not listed", transport({QStringLiteral("tcp"), QStringLiteral("tls")}), false);
        row("transport tls", transport({QStringLiteral("tls")}), true, {}, 5061, tls);
        row("ruri.user exact", field("ruri.user", MatchOp::Exact, "+442071234567"), true);
        row("ruri.user exact is whole", field("ruri.user", MatchOp::Exact, "+44207"), false);
        row("ruri.user prefix", field("ruri.user", MatchOp::Prefix, "+4420"), true);
        row("ruri.user prefix other", field("ruri.user", MatchOp::Prefix, "+4421"), false);
        row("ruri.user regex", field("ruri.user", MatchOp::Regex, "^\\+44(20|21)"), true);
        row("regex is unanchored", field("ruri.user", MatchOp::Regex, "2071"), true);
        row("regex anchors itself", field("ruri.user", MatchOp::Regex, "^44"), false);
        row("ruri.host exact ignores case", field("ruri.host", MatchOp::Exact, "SBC.Example.COM"), true);
        row("ruri.host prefix ignores case", field("ruri.host", MatchOp::Prefix, "SBC."), true);
        row("from.user is case-sensitive", field("from.user", MatchOp::Exact, "Alice"), false);
        row("from.user exact", field("from.user", MatchOp::Exact, "alice"), true);
        row("from.host regex case-sensitive", field("from.host", MatchOp::Regex, "CARRIER"), false);
        row("from.host regex (?i)", field("from.host", MatchOp::Regex, "(?i)CARRIER\\.example"), true);
        row("to.user prefix", field("to.user", MatchOp::Prefix, "+44"), true);
        row("to.host exact", field("to.host", MatchOp::Exact, "sbc.example.com"), true);
        row("header exact", field("header.X-Customer", MatchOp::Exact, "gold"), true);
        row("header value is case-sensitive", field("header.X-Customer", MatchOp::Exact, "Gold"), false);
        row("header name is not", field("header.x-customer", MatchOp::Prefix, "go"), true);
        row("header by compact form", field("header.s", MatchOp::Prefix, "hello"), true);
        row("missing header is empty", field("header.X-Missing", MatchOp::Exact, ""), true);
        row("missing header regex", field("header.X-Missing", MatchOp::Regex, "."), false);
        row("headerPresent", headerPresent(QStringLiteral("X-Customer")), true);
        row("headerPresent any case", headerPresent(QStringLiteral("x-CUSTOMER")), true);
        row("headerPresent compact", headerPresent(QStringLiteral("s")), true);
        row("headerPresent missing", headerPresent(QStringLiteral("X-Missing")), false);
        row("inDialog without To tag", inDialog(), false);
        row("inDialog with To tag", inDialog(), true, {}, 5060, udp, QStringLiteral("t1"));
        row("cacheHasKey present", cacheHasKey(QStringLiteral("associations"), QStringLiteral("{call_id}")), true);
        row("cacheHasKey absent", cacheHasKey(QStringLiteral("associations"), QStringLiteral("{from.user}")), false);
    }

    void conditions()
    {
        QFETCH(Condition, condition);
        QFETCH(QString, sourceIp);
        QFETCH(int, sourcePort);
        QFETCH(int, transport);
        QFETCH(QString, toTag);
        QFETCH(bool, holds);

        FakeSipRequest request = invite();
        if (!toTag.isEmpty())
            request.setTo("sip:+442071234567@sbc.example.com", toTag.toStdString());
        const SourceAddress from{*IpAddress::parse(sourceIp), quint16(sourcePort), Transport(transport)};

        for (const bool negate : {false, true}) {
            Harness harness(world({held({negate ? negated(condition) : condition})}));
            harness.caches().store("associations", "a84b4c76e66710@pc33.example.com", "sip:10.0.0.11:5060",
                                   harness.clock().nowMs());
            const RouteDecision decision = harness.evaluate(request, from);
            const bool expected = holds != negate;
            QCOMPARE(decision.outcome, expected ? DecisionOutcome::Reply : DecisionOutcome::NoDecision);
        }
    }

    void conditionsShortCircuitInOrder()
    {
        // The second condition would hold; the first fails, so the rule does not match.
        Harness harness(world({held({method({QStringLiteral("BYE")}), method({QStringLiteral("INVITE")})}), held({})}));
        EvaluationTrace trace;
        const RouteDecision decision =
            RuleEngine::evaluate(harness.compiled(), invite(), harness.compiled().makeContext(source("203.0.113.7"), 0),
                                 harness.caches(), &trace);
        QCOMPARE(decision.outcome, DecisionOutcome::Reply); // the empty rule always holds
        QCOMPARE(trace.visits().first().conditions.at(1).result, TraceCondition::Result::NotEvaluated);
    }

    void seedOptionsFromTrustedCoreAreRelayed()
    {
        Harness harness(seedRuleSet());
        const RouteDecision decision =
            harness.evaluate(FakeSipRequest("OPTIONS", "sip:127.0.0.1"), source("127.0.0.1", 5080));
        QCOMPARE(decision.outcome, DecisionOutcome::Relay);
        QCOMPARE(decision.groupIndex, harness.compiled().groupIndex("demo-carrier"));
        QCOMPARE(decision.decidedInRoute, std::string("INTERNAL_TO_EXTERNAL_RELAY"));
        QCOMPARE(decision.decidedByRule, std::string("to-carrier"));
        QCOMPARE(decision.decidedRouteIndex, 1);
        QCOMPARE(decision.decidedRuleIndex, 0);
        const int internal = harness.compiled().flagBit(QStringLiteral("INTERNALLY_SOURCED"));
        QCOMPARE(decision.flags,
                 bit(CompiledRuleSet::FromCarrierBit) | bit(CompiledRuleSet::FromTrustedBit) | bit(internal));
    }

    void seedOptionsFromCarrierGet503()
    {
        Harness harness(seedRuleSet());
        const RouteDecision decision =
            harness.evaluate(FakeSipRequest("OPTIONS", "sip:127.0.0.1"), source("127.0.0.1", 5060));
        QCOMPARE(decision.outcome, DecisionOutcome::Reply);
        QCOMPARE(decision.replyCode, 503);
        QCOMPARE(decision.replyReason, std::string("Options Reply"));
        QCOMPARE(decision.decidedInRoute, std::string("MAIN"));
        QCOMPARE(decision.decidedByRule, std::string("options-external"));
        QCOMPARE(decision.flags, bit(CompiledRuleSet::FromCarrierBit));
    }

    void seedInviteHasNoDecision()
    {
        Harness harness(seedRuleSet());
        const RouteDecision decision = harness.evaluate(invite(), source("127.0.0.1", 5060));
        QCOMPARE(decision.outcome, DecisionOutcome::NoDecision);
        QVERIFY(decision.decidedInRoute.empty());
        QCOMPARE(decision.decidedRouteIndex, -1);
    }

    void flagsSetAndClearedIncludingBuiltIns()
    {
        Harness harness(
            world({rule(QStringLiteral("set"), {}, {setFlag(QStringLiteral("A")), setFlag(QStringLiteral("B"))}),
                   rule(QStringLiteral("clear"), {flag(QStringLiteral("A"))},
                        {clearFlag(QStringLiteral("B")), clearFlag(QStringLiteral("FROM_CARRIER")),
                         setFlag(QStringLiteral("IN_DIALOG"))}),
                   rule(QStringLiteral("sees-cleared"), {negated(flag(QStringLiteral("FROM_CARRIER")))},
                        {reply(403, QStringLiteral("Cleared"))})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.replyCode, 403);
        QCOMPARE(decision.flags,
                 bit(CompiledRuleSet::InDialogBit) | bit(harness.compiled().flagBit(QStringLiteral("A"))));
    }

    void terminalActionEndsEverything()
    {
        Harness harness(world(
            {rule(QStringLiteral("reply"), {}, {reply(486, QStringLiteral("Busy Here")), setFlag(QStringLiteral("A"))}),
             rule(QStringLiteral("never"), {}, {setFlag(QStringLiteral("B")), drop()})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Reply);
        QCOMPARE(decision.replyCode, 486);
        QCOMPARE(decision.replyReason, std::string("Busy Here"));
        QCOMPARE(decision.flags & (bit(3) | bit(4)), std::uint64_t(0));
    }

    void continueAndStop()
    {
        Harness harness(world({rule(QStringLiteral("first"), {}, {setFlag(QStringLiteral("A"))}),
                               rule(QStringLiteral("stops"), {}, {}, RuleContinuation::Stop),
                               rule(QStringLiteral("after-stop"), {}, {setFlag(QStringLiteral("B")), drop()})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::NoDecision);
        QCOMPARE(decision.flags & (bit(3) | bit(4)), bit(3));
    }

    void disabledRuleIsSkipped()
    {
        Harness harness(world({rule(QStringLiteral("off"), {}, {drop()}, RuleContinuation::Continue, false),
                               rule(QStringLiteral("on"), {}, {reply(404, QStringLiteral("Not Found"))})}));
        QCOMPARE(harness.evaluate(invite()).replyCode, 404);
    }

    void callRouteReturnsToTheCaller()
    {
        const Route sub =
            route(QStringLiteral("SUB"),
                  {rule(QStringLiteral("mark"), {}, {setFlag(QStringLiteral("A"))}, RuleContinuation::Stop),
                   rule(QStringLiteral("not-reached"), {}, {setFlag(QStringLiteral("B"))})});
        Harness harness(
            world({rule(QStringLiteral("call"), {},
                        {callRoute(QStringLiteral("SUB")), setTimer(3000), relayToGroup(QStringLiteral("core"))})},
                  {sub}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Relay);
        QCOMPARE(decision.groupIndex, 0);
        QCOMPARE(decision.finalReplyTimerMs, 3000);
        QCOMPARE(decision.decidedInRoute, std::string("MAIN"));
        QCOMPARE(decision.flags & (bit(3) | bit(4)), bit(3));
    }

    void callRouteThatDecidesEndsTheCaller()
    {
        const Route sub = route(QStringLiteral("SUB"), {rule(QStringLiteral("decide"), {}, {drop()})});
        Harness harness(
            world({rule(QStringLiteral("call"), {}, {callRoute(QStringLiteral("SUB")), setFlag(QStringLiteral("A"))}),
                   rule(QStringLiteral("never"), {}, {reply(500, QStringLiteral("Never"))})},
                  {sub}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Drop);
        QCOMPARE(decision.decidedInRoute, std::string("SUB"));
        QCOMPARE(decision.decidedByRule, std::string("decide"));
        QCOMPARE(decision.flags & bit(3), std::uint64_t(0));
    }

    void routeDepthIsGuarded()
    {
        // A call cycle is a validation error; the engine still must not recurse forever.
        const Route loop =
            route(QStringLiteral("LOOP"), {rule(QStringLiteral("again"), {}, {callRoute(QStringLiteral("LOOP"))})});
        Harness harness(world({rule(QStringLiteral("enter"), {}, {callRoute(QStringLiteral("LOOP"))})}, {loop}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Reply);
        QCOMPARE(decision.replyCode, 500);
        QCOMPARE(decision.replyReason, std::string("Route Depth Exceeded"));
        QCOMPARE(decision.decidedInRoute, std::string("LOOP"));
        QVERIFY(!decision.failure.empty());
    }

    void relayToUriTemplate()
    {
        Harness harness(world({rule(QStringLiteral("relay"), {}, {relayToUri(QStringLiteral("{ruri}"))})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Relay);
        QCOMPARE(decision.groupIndex, -1);
        QCOMPARE(decision.relayUri, std::string("sip:+442071234567@sbc.example.com;user=phone"));
    }

    void invalidRelayTargetIsA500()
    {
        Harness harness(
            world({rule(QStringLiteral("relay"), {}, {relayToUri(QStringLiteral("sip:{header.X-Missing}"))})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Reply);
        QCOMPARE(decision.replyCode, 500);
        QCOMPARE(decision.replyReason, std::string("Invalid Relay Target"));
        QCOMPARE(decision.decidedByRule, std::string("relay"));
        QVERIFY(decision.failure.find("sip:") != std::string::npos);
    }

    void stickyRelayPrefersTheCachedDestination()
    {
        Harness harness(world({rule(
            QStringLiteral("relay"), {},
            {relayToGroup(QStringLiteral("core"), QStringLiteral("associations"), QStringLiteral("{call_id}"))})}));
        RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Relay);
        QCOMPARE(decision.stickyCache, std::string("associations"));
        QCOMPARE(decision.stickyKey, std::string("a84b4c76e66710@pc33.example.com"));
        QVERIFY(decision.preferredDestination.empty());

        harness.caches().store("associations", "a84b4c76e66710@pc33.example.com", "sip:10.0.0.11:5060",
                               harness.clock().nowMs());
        decision = harness.evaluate(invite());
        QCOMPARE(decision.preferredDestination, std::string("sip:10.0.0.11:5060"));
        QVERIFY(decision.cacheWrites.empty()); // the data plane stores the destination it finally chooses
    }

    void cacheWritesAreReturnedNotApplied()
    {
        Harness harness(world(
            {rule(
                 QStringLiteral("store"), {},
                 {cacheStore(QStringLiteral("associations"), QStringLiteral("{call_id}"),
                             QStringLiteral("sip:{source.ip}")),
                  cacheStore(QStringLiteral("associations"), QStringLiteral("seen-{from.user}"), QStringLiteral("1"))}),
             rule(
                 QStringLiteral("sees-own-write"),
                 {cacheHasKey(QStringLiteral("associations"), QStringLiteral("{call_id}"))},
                 {cacheLoad(QStringLiteral("associations"), QStringLiteral("{call_id}"), QStringLiteral("destination")),
                  cacheDelete(QStringLiteral("associations"), QStringLiteral("seen-{from.user}"))}),
             rule(QStringLiteral("sees-own-delete"),
                  {negated(cacheHasKey(QStringLiteral("associations"), QStringLiteral("seen-alice")))},
                  {relayToUri(QStringLiteral("{var.destination}"))})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Relay);
        QCOMPARE(decision.relayUri, std::string("sip:203.0.113.7"));
        QCOMPARE(decision.cacheWrites.size(), std::size_t(3));
        QCOMPARE(decision.cacheWrites[0], (CacheWrite{CacheWrite::Operation::Store, "associations",
                                                      "a84b4c76e66710@pc33.example.com", "sip:203.0.113.7"}));
        QCOMPARE(decision.cacheWrites[2],
                 (CacheWrite{CacheWrite::Operation::Delete, "associations", "seen-alice", {}}));
        std::string value;
        QVERIFY(!harness.caches().lookup("associations", "a84b4c76e66710@pc33.example.com", harness.clock().nowMs(),
                                         &value));
    }

    void cacheLoadMissGivesAnEmptyVariable()
    {
        Harness harness(
            world({rule(QStringLiteral("load"), {},
                        {cacheLoad(QStringLiteral("associations"), QStringLiteral("absent"), QStringLiteral("found")),
                         log(QStringLiteral("info"), QStringLiteral("[{var.found}]"))})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.logLines.size(), std::size_t(1));
        QCOMPARE(decision.logLines[0].text, std::string("[]"));
    }

    void cacheEntriesExpireByTheContextTime()
    {
        Harness harness(world({held({cacheHasKey(QStringLiteral("associations"), QStringLiteral("{call_id}"))})}));
        harness.caches().store("associations", "a84b4c76e66710@pc33.example.com", "x", harness.clock().nowMs());
        QCOMPARE(harness.evaluate(invite()).outcome, DecisionOutcome::Reply);
        harness.clock().advance(3600 * 1000);
        QCOMPARE(harness.evaluate(invite()).outcome, DecisionOutcome::NoDecision);
    }

    void rewriteUriIsSeenByLaterConditionsAndTemplates_data()
    {
        QTest::addColumn<QString>("part");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expectedUri");

        QTest::newRow("user") << "user"
                              << "0{ruri.user}"
                              << "sip:0+442071234567@sbc.example.com;user=phone";
        QTest::newRow("host") << "host"
                              << "10.0.0.10"
                              << "sip:+442071234567@10.0.0.10;user=phone";
        QTest::newRow("host IPv6 gets brackets") << "host"
                                                 << "{source.ip}"
                                                 << "sip:+442071234567@[2001:db8::7];user=phone";
        QTest::newRow("whole uri") << "uri"
                                   << "sip:{to.user}@core.example.net;transport=tcp"
                                   << "sip:+442071234567@core.example.net;transport=tcp";
    }

    void rewriteUriIsSeenByLaterConditionsAndTemplates()
    {
        QFETCH(QString, part);
        QFETCH(QString, value);
        QFETCH(QString, expectedUri);

        Harness harness(
            world({rule(QStringLiteral("rewrite"), {}, {rewriteUri(part, value)}),
                   rule(QStringLiteral("old-user"),
                        {match(QStringLiteral("ruri.user"), MatchOp::Exact, QStringLiteral("+442071234567")),
                         match(QStringLiteral("ruri.host"), MatchOp::Exact, QStringLiteral("sbc.example.com"))},
                        {reply(410, QStringLiteral("Old URI Seen"))}),
                   rule(QStringLiteral("relay"), {}, {relayToUri(QStringLiteral("{ruri}"))})}));
        const RouteDecision decision = harness.evaluate(invite(), source("2001:db8::7"));
        QCOMPARE(decision.outcome, DecisionOutcome::Relay);
        QCOMPARE(QString::fromStdString(decision.relayUri), expectedUri);
        QVERIFY(decision.requestUri);
        QCOMPARE(QString::fromStdString(*decision.requestUri), expectedUri);
    }

    void rewriteFailureIsA500_data()
    {
        QTest::addColumn<QString>("part");
        QTest::addColumn<QString>("value");

        QTest::newRow("uri not a uri") << "uri"
                                       << "{from.user}";
        QTest::newRow("host with a space") << "host"
                                           << "bad host";
        QTest::newRow("host smuggling parameters") << "host"
                                                   << "evil.example;maddr=1.2.3.4";
        QTest::newRow("user with an at sign") << "user"
                                              << "a@b";
        QTest::newRow("empty host") << "host"
                                    << "{header.X-Missing}";
    }

    void rewriteFailureIsA500()
    {
        QFETCH(QString, part);
        QFETCH(QString, value);

        Harness harness(
            world({rule(QStringLiteral("rewrite"), {}, {rewriteUri(part, value), setFlag(QStringLiteral("A"))}),
                   rule(QStringLiteral("never"), {}, {drop()})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Reply);
        QCOMPARE(decision.replyCode, 500);
        QCOMPARE(decision.replyReason, std::string("Rewrite Failed"));
        QCOMPARE(decision.decidedByRule, std::string("rewrite"));
        QVERIFY(!decision.requestUri);
        QCOMPARE(decision.flags & bit(3), std::uint64_t(0));
    }

    void headerEditsAreOrderedAndVisible()
    {
        Harness harness(
            world({rule(QStringLiteral("edit"), {},
                        {addHeader(QStringLiteral("X-Route"), QStringLiteral("{carrier}/{header.X-Customer}")),
                         removeHeader(QStringLiteral("x-customer")),
                         addHeader(QStringLiteral("X-Customer"), QStringLiteral("silver"))}),
                   rule(QStringLiteral("sees-edits"),
                        {match(QStringLiteral("header.X-Customer"), MatchOp::Exact, QStringLiteral("silver")),
                         headerPresent(QStringLiteral("X-Route")),
                         match(QStringLiteral("header.X-Route"), MatchOp::Exact, QStringLiteral("acme/gold"))},
                        {removeHeader(QStringLiteral("X-Route"))}),
                   rule(QStringLiteral("removed-everywhere"), {negated(headerPresent(QStringLiteral("X-Route")))},
                        {reply(202, QStringLiteral("Edited"))})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.replyCode, 202);
        const std::vector<HeaderEdit> expected{
            {HeaderEdit::Operation::Add, "X-Route", "acme/gold"},
            {HeaderEdit::Operation::Remove, "x-customer", {}},
            {HeaderEdit::Operation::Add, "X-Customer", "silver"},
            {HeaderEdit::Operation::Remove, "X-Route", {}},
        };
        QVERIFY(decision.headerEdits == expected);
    }

    void timerMappingLogAndDrop()
    {
        Harness harness(world({rule(QStringLiteral("all"), {},
                                    {setTimer(4500), applyCarrierMapping(),
                                     log(QStringLiteral("warning"), QStringLiteral("dropping {method} from {carrier}")),
                                     log(QStringLiteral("debug"), QStringLiteral("second")), drop()})}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::Drop);
        QCOMPARE(decision.finalReplyTimerMs, 4500);
        QVERIFY(decision.applyCarrierMapping);
        QCOMPARE(decision.logLines.size(), std::size_t(2));
        QCOMPARE(decision.logLines[0], (DecisionLogLine{DecisionLogLine::Level::Warning, "dropping INVITE from acme"}));
        QCOMPARE(decision.logLines[1].level, DecisionLogLine::Level::Debug);
    }

    void everyTemplateField()
    {
        Harness harness(world({rule(
            QStringLiteral("log"), {},
            {cacheLoad(QStringLiteral("associations"), QStringLiteral("{call_id}"), QStringLiteral("dest")),
             log(QStringLiteral("info"), QStringLiteral("{call_id}|{method}|{ruri}|{ruri.user}|{ruri.host}|{from.user}|"
                                                        "{from.host}|{to.user}|{to.host}|{source.ip}|{source.port}|"
                                                        "{transport}|{carrier}|{header.X-Customer}|{header.X-None}|"
                                                        "{var.dest}|{{literal}}"))})}));
        harness.caches().store("associations", "a84b4c76e66710@pc33.example.com", "sip:10.0.0.11",
                               harness.clock().nowMs());
        const RouteDecision decision = harness.evaluate(invite(), source("203.0.113.7", 5062, Transport::Tcp));
        QCOMPARE(decision.logLines.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(decision.logLines[0].text),
                 QStringLiteral("a84b4c76e66710@pc33.example.com|INVITE|sip:+442071234567@sbc.example.com;user=phone|"
                                "+442071234567|sbc.example.com|alice|carrier.example.net|+442071234567|sbc.example.com|"
                                "203.0.113.7|5062|tcp|acme|gold||sip:10.0.0.11|{literal}"));
    }

    void unknownCarrierIndexInContextIsNoCarrier()
    {
        Harness harness(world({held({sourceAnyCarrier()})}));
        const RequestContext context{source("203.0.113.7"), 99, 0};
        const RouteDecision decision = RuleEngine::evaluate(harness.compiled(), invite(), context, harness.caches());
        QCOMPARE(decision.outcome, DecisionOutcome::NoDecision);
        QCOMPARE(decision.flags, std::uint64_t(0));
    }

    void emptyMainHasNoDecision()
    {
        Harness harness(world({}));
        const RouteDecision decision = harness.evaluate(invite());
        QCOMPARE(decision.outcome, DecisionOutcome::NoDecision);
        QCOMPARE(decision.flags, bit(CompiledRuleSet::FromCarrierBit));
    }
};

QTEST_GUILESS_MAIN(TestRuleEngine)
#include "TestRuleEngine.moc"
