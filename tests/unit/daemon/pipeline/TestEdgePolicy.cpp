// EdgePolicy: the verdict on an initial request from the real pipeline parts (compiled ruleset,
// caches, destination table, carrier registry, dialog tracker, call limiter) with a fake clock
// and random source: replies, drops, relays and their next hops, timers and failover codes,
// carrier limits, sticky destinations, carrier IP mappings and destination probing.
#include "FakeClock.h"
#include "FakeRandom.h"
#include "FakeSipRequest.h"
#include "dialog/CallLimiter.h"
#include "dialog/CarrierRegistry.h"
#include "dialog/DialogTracker.h"
#include "forward/DestinationTable.h"
#include "model/RuleSetJson.h"
#include "model/RuleSetValidator.h"
#include "pipeline/EdgePolicy.h"
#include "routing/CacheStore.h"
#include "routing/CompiledRuleSet.h"

#include <QTest>

using namespace tollgate;
using test::FakeClock;
using test::FakeRandom;
using test::FakeSipRequest;

Q_DECLARE_METATYPE(tollgate::RequestVerdict::Action)

namespace {

/// Carriers: acme (private addresses mapped, no limits), limited (one call at a time), rated (one
/// call a second), far-end (a carrier calls are sent to, UDP only, with a mapping) and core
/// (trusted). Group core fails over a -> b -> c; group backup has no usable destination.
/// MAIN picks the behaviour by the Request-URI user.
const QByteArray RuleSetJsonText = R"({
  "format": "tollgate-ruleset", "version": 1,
  "flags": [{"name": "SEEN"}],
  "carriers": [
    {"name": "acme", "addresses": [{"address": "203.0.113.0/24"}],
     "mappings": [{"private": "10.20.0.5", "public": "203.0.113.5"}]},
    {"name": "limited", "addresses": [{"address": "198.51.100.10"}], "maxConcurrentCalls": 1},
    {"name": "rated", "addresses": [{"address": "198.51.100.20"}], "maxCallsPerSecond": 1},
    {"name": "far-end", "addresses": [{"address": "192.0.2.200", "port": 5060, "transport": "udp"}],
     "mappings": [{"private": "10.30.0.7", "public": "192.0.2.201"}]},
    {"name": "core", "trusted": true, "addresses": [{"address": "10.0.0.0/24"}]}
  ],
  "groups": [
    {"name": "core", "algorithm": "priority",
     "destinations": [{"name": "core-b", "uri": "sip:10.0.0.11:5060", "priority": 2},
                      {"name": "core-a", "uri": "sip:10.0.0.10:5060", "priority": 1},
                      {"name": "core-c", "uri": "sip:10.0.0.12:5060;transport=tcp", "priority": 3}],
     "probe": {"enabled": true, "intervalMs": 5000, "timeoutMs": 1500, "failureThreshold": 2,
               "recoveryThreshold": 1, "aliveCodes": []},
     "failoverCodes": [486, 503], "failoverOnTimeout": false, "finalReplyTimerMs": 3000},
    {"name": "backup", "destinations": [{"uri": "sip:10.0.0.99:5060", "enabled": false}]}
  ],
  "caches": [{"name": "sticky", "ttlSeconds": 60}, {"name": "seen", "ttlSeconds": 60}],
  "routes": [{"name": "MAIN", "rules": [
    {"name": "mark", "actions": [{"kind": "setFlag", "flag": "SEEN"}]},
    {"name": "busy", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "busy"}],
     "actions": [{"kind": "cacheStore", "cache": "seen", "key": "{call_id}", "value": "busy"},
                 {"kind": "reply", "code": 486, "reason": "Busy Here"}]},
    {"name": "drop", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "drop"}],
     "actions": [{"kind": "drop"}]},
    {"name": "group", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "group"}],
     "actions": [{"kind": "cacheStore", "cache": "seen", "key": "{call_id}", "value": "relayed"},
                 {"kind": "addHeader", "header": "X-Source", "value": "{source.ip}"},
                 {"kind": "relay", "group": "core"}]},
    {"name": "timer", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "timer"}],
     "actions": [{"kind": "setTimer", "milliseconds": 750}, {"kind": "relay", "group": "core"}]},
    {"name": "sticky", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "sticky"}],
     "actions": [{"kind": "relay", "group": "core", "stickyCache": "sticky", "stickyKey": "{call_id}"}]},
    {"name": "fixed", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "fixed"}],
     "actions": [{"kind": "rewriteUri", "part": "host", "value": "192.0.2.99"},
                 {"kind": "relay", "uri": "sip:192.0.2.99:5070"}]},
    {"name": "fixed-timer", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "fixed-timer"}],
     "actions": [{"kind": "setTimer", "milliseconds": 900}, {"kind": "relay", "uri": "sip:192.0.2.99:5070"}]},
    {"name": "backup", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "backup"}],
     "actions": [{"kind": "cacheStore", "cache": "seen", "key": "{call_id}", "value": "backup"},
                 {"kind": "relay", "group": "backup"}]},
    {"name": "mapped", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "mapped"}],
     "actions": [{"kind": "applyCarrierMapping"}, {"kind": "relay", "group": "core"}]},
    {"name": "mapped-out", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "mapped-out"}],
     "actions": [{"kind": "applyCarrierMapping"}, {"kind": "relay", "uri": "sip:192.0.2.200:5060"}]},
    {"name": "mapped-out-tcp", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "mapped-out-tcp"}],
     "actions": [{"kind": "applyCarrierMapping"}, {"kind": "relay", "uri": "sip:192.0.2.200:5060;transport=tcp"}]},
    {"name": "log", "conditions": [{"kind": "match", "field": "ruri.user", "op": "exact", "value": "log"}],
     "actions": [{"kind": "log", "level": "warning", "message": "call from {from.user}"},
                 {"kind": "reply", "code": 200, "reason": "Logged"}]}
  ]}]
})";

std::shared_ptr<const CompiledRuleSet> compile(const QByteArray& json)
{
    RuleSet ruleSet;
    Diagnostics problems;
    if (!RuleSetJson::fromJson(json, &ruleSet, &problems)) {
        qWarning("ruleset does not read: %s", qPrintable(problems.value(0).toString()));
        return nullptr;
    }
    problems = RuleSetValidator::validate(ruleSet);
    if (hasErrors(problems)) {
        qWarning("ruleset is invalid: %s", qPrintable(problems.value(0).toString()));
        return nullptr;
    }
    QString error;
    auto program = CompiledRuleSet::compile(ruleSet, &error);
    if (!program)
        qWarning("ruleset does not compile: %s", qPrintable(error));
    return program;
}

SourceAddress source(const char* ip, Transport transport = Transport::Udp)
{
    return SourceAddress{*IpAddress::parse(std::string_view(ip)), 5060, transport};
}

FakeSipRequest request(const std::string& user, const std::string& callId = "call-1@test",
                       const std::string& method = "INVITE")
{
    FakeSipRequest sip(method, "sip:" + user + "@192.0.2.1");
    sip.setFrom("sip:alice@203.0.113.7").setTo("sip:" + user + "@192.0.2.1").setCallId(callId);
    return sip;
}

QStringList urisOf(const std::vector<NextHop>& hops)
{
    QStringList uris;
    for (const NextHop& hop : hops)
        uris << QString::fromStdString(hop.uri);
    return uris;
}

/// The pipeline parts EdgePolicy works with, wired as DataPlane wires them.
struct Pipeline
{
    explicit Pipeline(EdgePolicy::Settings settings = {})
        : destinations(clock)
        , dialogs(clock, destinations, carriers)
        , limiter(clock, carriers, dialogs)
        , policy(EdgePolicy::Components{clock, random, caches, destinations, carriers, limiter}, settings)
    {}

    int destination(const char* uri) const { return destinations.find("core", uri); }
    bool cached(std::string_view cache, std::string_view key, std::string* value = nullptr) const
    {
        std::string ignored;
        return caches.lookup(cache, key, clock.nowMs(), value ? value : &ignored);
    }
    /// Starts a call of `carrier` in the dialog tracker, as the SIP adapter does once relayed.
    void startCall(const std::string& callId, const char* carrier)
    {
        InviteRelay relay;
        relay.callId = callId;
        relay.fromTag = "from-tag";
        relay.caller = "alice";
        relay.callee = "bob";
        relay.cseq = 1;
        relay.carrier = carriers.idOf(carrier);
        relay.uri = "sip:10.0.0.10:5060";
        relay.source = "198.51.100.10:5060 udp";
        QVERIFY(dialogs.inviteRelayed(relay));
    }

    FakeClock clock;
    FakeRandom random;
    CacheStore caches;
    DestinationTable destinations;
    CarrierRegistry carriers;
    DialogTracker dialogs;
    CallLimiter limiter;
    EdgePolicy policy;
};

} // namespace

class TestEdgePolicy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void withoutRuleSet();
    void verdicts_data();
    void verdicts();
    void logLinesAreWritten();
    void groupRelayInFailoverOrder();
    void unusableDestinationsAreLeftOut();
    void finalReplyTimer_data();
    void finalReplyTimer();
    void fixedUriRelay();
    void fixedUriTimerFromSettings();
    void noDestinationAvailable();
    void concurrencyLimit();
    void rateLimit();
    void callWithoutDestinationKeepsTheRate();
    void limitsApplyToInvitesOnly();
    void stickyDestination();
    void stickyCacheIgnoresFailuresAndFixedUris();
    void mappingOfTheSourceCarrier();
    void mappingOfTheDestinationCarrier_data();
    void mappingOfTheDestinationCarrier();
    void noMappingWithoutTheAction();
    void noMappingWithoutMappedCarrier();
    void inDialogMapping_data();
    void inDialogMapping();
    void dueProbesFeedTheTable();
    void trafficOutcomesFeedTheTable();
    void newRuleSetKeepsState();

private:
    std::shared_ptr<const CompiledRuleSet> m_ruleSet;
    std::unique_ptr<Pipeline> m_pipeline;
};

void TestEdgePolicy::initTestCase()
{
    m_ruleSet = compile(RuleSetJsonText);
    QVERIFY(m_ruleSet);
}

void TestEdgePolicy::init()
{
    m_pipeline = std::make_unique<Pipeline>();
    m_pipeline->policy.setRuleSet(m_ruleSet);
}

void TestEdgePolicy::cleanup()
{
    m_pipeline.reset();
}

void TestEdgePolicy::withoutRuleSet()
{
    Pipeline pipeline;
    QVERIFY(!pipeline.policy.ruleSet());
    const RequestVerdict verdict = pipeline.policy.decideInitialRequest(request("group"), source("203.0.113.7"));
    QCOMPARE(verdict.action, RequestVerdict::Action::Reply);
    QCOMPARE(verdict.code, 503);
    QCOMPARE(verdict.reason, std::string("No Ruleset Loaded"));
    QVERIFY(!pipeline.policy.inDialogMapping("acme", source("203.0.113.7")).isActive());
    QVERIFY(pipeline.policy.dueProbes(pipeline.clock.monotonicMs()).empty());
}

void TestEdgePolicy::verdicts_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<RequestVerdict::Action>("action");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("seen"); // value the rules stored in cache "seen", empty for none

    using Action = RequestVerdict::Action;
    QTest::newRow("reply") << "busy" << Action::Reply << 486 << "Busy Here"
                           << "busy"
                           << "busy";
    QTest::newRow("drop") << "drop" << Action::Drop << 0 << ""
                          << "drop"
                          << "";
    QTest::newRow("relay") << "group" << Action::Relay << 0 << ""
                           << "group"
                           << "relayed";
    QTest::newRow("no decision") << "nobody" << Action::Reply << 500 << "No Routing Decision"
                                 << ""
                                 << "";
    QTest::newRow("nowhere to relay to") << "backup" << Action::Reply << 503 << "No Destination Available"
                                         << ""
                                         << "";
}

void TestEdgePolicy::verdicts()
{
    QFETCH(QString, user);
    QFETCH(RequestVerdict::Action, action);
    QFETCH(int, code);
    QFETCH(QString, reason);
    QFETCH(QString, rule);
    QFETCH(QString, seen);

    Pipeline& pipeline = *m_pipeline;
    const RequestVerdict verdict =
        pipeline.policy.decideInitialRequest(request(user.toStdString()), source("203.0.113.7"));
    QCOMPARE(verdict.action, action);
    if (action == RequestVerdict::Action::Reply) {
        QCOMPARE(verdict.code, code);
        QCOMPARE(QString::fromStdString(verdict.reason), reason);
        QVERIFY(verdict.nextHops.empty());
    }
    QCOMPARE(QString::fromStdString(verdict.decidedByRule), rule);
    QCOMPARE(QString::fromStdString(verdict.decidedInRoute), rule.isEmpty() ? QString() : QStringLiteral("MAIN"));
    // The rules' cache writes are made for a decided request, and only then.
    std::string value;
    QCOMPARE(pipeline.cached("seen", "call-1@test", &value), !seen.isEmpty());
    QCOMPARE(QString::fromStdString(value), seen);
}

void TestEdgePolicy::logLinesAreWritten()
{
    QTest::ignoreMessage(QtWarningMsg, "call from alice");
    const RequestVerdict verdict = m_pipeline->policy.decideInitialRequest(request("log"), source("203.0.113.7"));
    QCOMPARE(verdict.code, 200);
    QCOMPARE(verdict.reason, std::string("Logged"));
}

void TestEdgePolicy::groupRelayInFailoverOrder()
{
    Pipeline& pipeline = *m_pipeline;
    const RequestVerdict verdict = pipeline.policy.decideInitialRequest(request("group"), source("203.0.113.7"));
    QCOMPARE(verdict.action, RequestVerdict::Action::Relay);
    // Priority order, whatever the configured order.
    QCOMPARE(urisOf(verdict.nextHops),
             (QStringList{QStringLiteral("sip:10.0.0.10:5060"), QStringLiteral("sip:10.0.0.11:5060"),
                          QStringLiteral("sip:10.0.0.12:5060;transport=tcp")}));
    QCOMPARE(verdict.nextHops[0].destination, pipeline.destination("sip:10.0.0.10:5060"));
    QCOMPARE(verdict.nextHops[1].destination, pipeline.destination("sip:10.0.0.11:5060"));
    QCOMPARE(verdict.nextHops[2].destination, pipeline.destination("sip:10.0.0.12:5060;transport=tcp"));
    QVERIFY(verdict.nextHops[0].destination >= 0);
    QCOMPARE(verdict.group, pipeline.destinations.findGroup("core"));
    QCOMPARE(verdict.finalReplyTimerMs, 3000);
    QCOMPARE(verdict.failoverCodes, (std::vector<int>{486, 503}));
    QVERIFY(!verdict.failoverOnTimeout);
    QCOMPARE(verdict.carrier, pipeline.carriers.idOf("acme"));
    QVERIFY(verdict.carrier >= 0);
    QCOMPARE(verdict.ruleSet, m_ruleSet);
    QVERIFY(verdict.stickyCache.empty());
    QVERIFY(!verdict.requestUri);
    QCOMPARE(verdict.headerEdits, (std::vector<HeaderEdit>{{HeaderEdit::Operation::Add, "X-Source", "203.0.113.7"}}));
    QVERIFY(!verdict.mapping.isActive());

    // A source that is no carrier is relayed too, with no carrier recorded.
    const RequestVerdict anonymous = pipeline.policy.decideInitialRequest(request("group"), source("192.0.2.77"));
    QCOMPARE(anonymous.action, RequestVerdict::Action::Relay);
    QCOMPARE(anonymous.carrier, -1);
}

void TestEdgePolicy::unusableDestinationsAreLeftOut()
{
    Pipeline& pipeline = *m_pipeline;
    const int coreA = pipeline.destination("sip:10.0.0.10:5060");
    QString error;
    QVERIFY(pipeline.destinations.setAdminState(coreA, DestinationAdminState::Disabled, QStringLiteral("alice"),
                                                QStringLiteral("maintenance"), &error));
    QVERIFY(!pipeline.policy.isDestinationUsable(coreA));
    QVERIFY(pipeline.policy.isDestinationUsable(pipeline.destination("sip:10.0.0.11:5060")));
    QVERIFY(!pipeline.policy.isDestinationUsable(-1));
    const RequestVerdict verdict = pipeline.policy.decideInitialRequest(request("group"), source("203.0.113.7"));
    QCOMPARE(urisOf(verdict.nextHops),
             (QStringList{QStringLiteral("sip:10.0.0.11:5060"), QStringLiteral("sip:10.0.0.12:5060;transport=tcp")}));
}

void TestEdgePolicy::finalReplyTimer_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<int>("timerMs");

    QTest::newRow("from the group") << "group" << 3000;
    QTest::newRow("from the rule") << "timer" << 750;
    QTest::newRow("fixed URI default") << "fixed" << 5000;
    QTest::newRow("fixed URI from the rule") << "fixed-timer" << 900;
}

void TestEdgePolicy::finalReplyTimer()
{
    QFETCH(QString, user);
    QFETCH(int, timerMs);
    const RequestVerdict verdict =
        m_pipeline->policy.decideInitialRequest(request(user.toStdString()), source("203.0.113.7"));
    QCOMPARE(verdict.action, RequestVerdict::Action::Relay);
    QCOMPARE(verdict.finalReplyTimerMs, timerMs);
}

void TestEdgePolicy::fixedUriRelay()
{
    const RequestVerdict verdict = m_pipeline->policy.decideInitialRequest(request("fixed"), source("203.0.113.7"));
    QCOMPARE(verdict.action, RequestVerdict::Action::Relay);
    QCOMPARE(verdict.nextHops.size(), std::size_t(1));
    QCOMPARE(verdict.nextHops[0].uri, std::string("sip:192.0.2.99:5070"));
    QCOMPARE(verdict.nextHops[0].destination, -1);
    QCOMPARE(verdict.group, -1);
    QVERIFY(verdict.failoverCodes.empty());
    QVERIFY(!verdict.failoverOnTimeout);
    QCOMPARE(verdict.requestUri, std::optional<std::string>("sip:fixed@192.0.2.99"));
    QCOMPARE(verdict.decidedByRule, std::string("fixed"));
}

void TestEdgePolicy::fixedUriTimerFromSettings()
{
    Pipeline pipeline(EdgePolicy::Settings{1234});
    pipeline.policy.setRuleSet(m_ruleSet);
    QCOMPARE(pipeline.policy.decideInitialRequest(request("fixed"), source("203.0.113.7")).finalReplyTimerMs, 1234);
    QCOMPARE(pipeline.policy.decideInitialRequest(request("fixed-timer"), source("203.0.113.7")).finalReplyTimerMs,
             900);
}

void TestEdgePolicy::noDestinationAvailable()
{
    Pipeline& pipeline = *m_pipeline;
    // Every destination of core down or disabled: the same 503 as a group without any.
    QString error;
    for (const char* uri : {"sip:10.0.0.10:5060", "sip:10.0.0.11:5060", "sip:10.0.0.12:5060;transport=tcp"}) {
        QVERIFY(pipeline.destinations.setAdminState(pipeline.destination(uri), DestinationAdminState::Disabled,
                                                    QStringLiteral("alice"), QString(), &error));
    }
    const RequestVerdict verdict = pipeline.policy.decideInitialRequest(request("group"), source("203.0.113.7"));
    QCOMPARE(verdict.action, RequestVerdict::Action::Reply);
    QCOMPARE(verdict.code, 503);
    QCOMPARE(verdict.reason, std::string("No Destination Available"));
    QVERIFY(!pipeline.cached("seen", "call-1@test"));
}

void TestEdgePolicy::concurrencyLimit()
{
    Pipeline& pipeline = *m_pipeline;
    const RequestVerdict first =
        pipeline.policy.decideInitialRequest(request("group", "limited-1"), source("198.51.100.10"));
    QCOMPARE(first.action, RequestVerdict::Action::Relay);
    QCOMPARE(first.carrier, pipeline.carriers.idOf("limited"));
    QVERIFY(pipeline.cached("seen", "limited-1"));
    pipeline.startCall("limited-1", "limited");

    const RequestVerdict second =
        pipeline.policy.decideInitialRequest(request("group", "limited-2"), source("198.51.100.10"));
    QCOMPARE(second.action, RequestVerdict::Action::Reply);
    QCOMPARE(second.code, 503);
    QCOMPARE(second.reason, std::string("Carrier Call Limit Reached"));
    QVERIFY(second.nextHops.empty());
    // The refused call's cache writes would record a relay that never happened.
    QVERIFY(!pipeline.cached("seen", "limited-2"));
    const CallLimiter::Counters counters = pipeline.limiter.counters(pipeline.carriers.idOf("limited"));
    QCOMPARE(counters.admitted, 1u);
    QCOMPARE(counters.rejectedConcurrency, 1u);

    // Another carrier is not held back by this one's limit.
    QCOMPARE(pipeline.policy.decideInitialRequest(request("group", "acme-1"), source("203.0.113.7")).action,
             RequestVerdict::Action::Relay);
}

void TestEdgePolicy::rateLimit()
{
    Pipeline& pipeline = *m_pipeline;
    QCOMPARE(pipeline.policy.decideInitialRequest(request("group", "rated-1"), source("198.51.100.20")).action,
             RequestVerdict::Action::Relay);
    const RequestVerdict refused =
        pipeline.policy.decideInitialRequest(request("group", "rated-2"), source("198.51.100.20"));
    QCOMPARE(refused.action, RequestVerdict::Action::Reply);
    QCOMPARE(refused.code, 503);
    QCOMPARE(refused.reason, std::string("Carrier Call Rate Exceeded"));
    QVERIFY(!pipeline.cached("seen", "rated-2"));

    pipeline.clock.advance(1000);
    QCOMPARE(pipeline.policy.decideInitialRequest(request("group", "rated-3"), source("198.51.100.20")).action,
             RequestVerdict::Action::Relay);
    QVERIFY(pipeline.cached("seen", "rated-3"));
    QCOMPARE(pipeline.limiter.counters(pipeline.carriers.idOf("rated")).rejectedRate, 1u);
}

void TestEdgePolicy::callWithoutDestinationKeepsTheRate()
{
    // A call of "rated" (one a second) that finds no usable destination is answered 503 and does
    // not use the carrier's one call of this second: the next call still goes through.
    Pipeline& pipeline = *m_pipeline;
    QString error;
    const std::vector<const char*> uris{"sip:10.0.0.10:5060", "sip:10.0.0.11:5060",
                                        "sip:10.0.0.12:5060;transport=tcp"};
    for (const char* uri : uris)
        QVERIFY(pipeline.destinations.setAdminState(pipeline.destination(uri), DestinationAdminState::Disabled,
                                                    QStringLiteral("alice"), QString(), &error));
    const RequestVerdict refused =
        pipeline.policy.decideInitialRequest(request("group", "rated-1"), source("198.51.100.20"));
    QCOMPARE(refused.code, 503);
    QCOMPARE(refused.reason, std::string("No Destination Available"));
    const int rated = pipeline.carriers.idOf("rated");
    QCOMPARE(pipeline.limiter.counters(rated).admitted, 0u);

    QVERIFY(pipeline.destinations.setAdminState(pipeline.destination(uris[0]), DestinationAdminState::Enabled,
                                                QStringLiteral("alice"), QString(), &error));
    QCOMPARE(pipeline.policy.decideInitialRequest(request("group", "rated-2"), source("198.51.100.20")).action,
             RequestVerdict::Action::Relay);
    QCOMPARE(pipeline.limiter.counters(rated).admitted, 1u);
    QCOMPARE(pipeline.limiter.counters(rated).rejectedRate, 0u);
}

void TestEdgePolicy::limitsApplyToInvitesOnly()
{
    Pipeline& pipeline = *m_pipeline;
    pipeline.startCall("limited-1", "limited");
    QCOMPARE(pipeline.policy.decideInitialRequest(request("group", "limited-2"), source("198.51.100.10")).code, 503);
    for (const char* method : {"OPTIONS", "MESSAGE", "REGISTER"}) {
        const RequestVerdict verdict =
            pipeline.policy.decideInitialRequest(request("group", "other", method), source("198.51.100.10"));
        QVERIFY2(verdict.action == RequestVerdict::Action::Relay, method);
    }
    // A reply or a drop never meets a limit: the limits guard relayed calls.
    QCOMPARE(pipeline.policy.decideInitialRequest(request("busy", "limited-3"), source("198.51.100.10")).code, 486);
}

void TestEdgePolicy::stickyDestination()
{
    Pipeline& pipeline = *m_pipeline;
    const RequestVerdict first =
        pipeline.policy.decideInitialRequest(request("sticky", "sticky-1"), source("203.0.113.7"));
    QCOMPARE(first.action, RequestVerdict::Action::Relay);
    QCOMPARE(first.stickyCache, std::string("sticky"));
    QCOMPARE(first.stickyKey, std::string("sticky-1"));
    QCOMPARE(first.nextHops.front().uri, std::string("sip:10.0.0.10:5060"));
    QVERIFY(!pipeline.cached("sticky", "sticky-1")); // nothing is known before the call is answered

    // core-a failed the call over to core-b, which answered: the destination that took it is kept.
    pipeline.policy.relayFinished(first, &first.nextHops[1], 200);
    std::string stored;
    QVERIFY(pipeline.cached("sticky", "sticky-1", &stored));
    QCOMPARE(stored, std::string("sip:10.0.0.11:5060"));

    // A retry of the same call goes there first, then the others in their usual order.
    const RequestVerdict retry =
        pipeline.policy.decideInitialRequest(request("sticky", "sticky-1"), source("203.0.113.7"));
    QCOMPARE(urisOf(retry.nextHops),
             (QStringList{QStringLiteral("sip:10.0.0.11:5060"), QStringLiteral("sip:10.0.0.10:5060"),
                          QStringLiteral("sip:10.0.0.12:5060;transport=tcp")}));
    // Another call is not affected.
    const RequestVerdict other =
        pipeline.policy.decideInitialRequest(request("sticky", "sticky-2"), source("203.0.113.7"));
    QCOMPARE(other.nextHops.front().uri, std::string("sip:10.0.0.10:5060"));

    // The entry lives as long as the cache's TTL.
    pipeline.clock.advance(61'000);
    QVERIFY(!pipeline.cached("sticky", "sticky-1"));
}

void TestEdgePolicy::stickyCacheIgnoresFailuresAndFixedUris()
{
    Pipeline& pipeline = *m_pipeline;
    const RequestVerdict verdict =
        pipeline.policy.decideInitialRequest(request("sticky", "sticky-3"), source("203.0.113.7"));
    pipeline.policy.relayFinished(verdict, &verdict.nextHops[0], 486);
    pipeline.policy.relayFinished(verdict, &verdict.nextHops[0], 503);
    pipeline.policy.relayFinished(verdict, nullptr, 408); // answered by Tollgate itself
    QVERIFY(!pipeline.cached("sticky", "sticky-3"));

    const NextHop fixed{"sip:192.0.2.99:5070", -1};
    pipeline.policy.relayFinished(verdict, &fixed, 200);
    QVERIFY(!pipeline.cached("sticky", "sticky-3"));

    // A relay without a sticky cache stores nothing anywhere.
    const RequestVerdict plain =
        pipeline.policy.decideInitialRequest(request("group", "sticky-4"), source("203.0.113.7"));
    pipeline.policy.relayFinished(plain, &plain.nextHops[0], 200);
    QVERIFY(!pipeline.cached("sticky", "sticky-4"));
}

void TestEdgePolicy::mappingOfTheSourceCarrier()
{
    const RequestVerdict verdict = m_pipeline->policy.decideInitialRequest(request("mapped"), source("203.0.113.7"));
    QCOMPARE(verdict.action, RequestVerdict::Action::Relay);
    const MappingPlan& plan = verdict.mapping;
    QVERIFY(plan.isActive());
    const int acme = m_ruleSet->carrierIndex("acme");
    QCOMPARE(plan.carrierName, std::string("acme"));
    QCOMPARE(plan.ruleSet, m_ruleSet);
    // The request comes from the carrier (private -> public); the responses go back to it.
    QCOMPARE(plan.request, &m_ruleSet->carrierMapping(acme, MappingDirection::FromCarrier));
    QVERIFY(plan.requestFromCarrier);
    QCOMPARE(plan.response, &m_ruleSet->carrierMapping(acme, MappingDirection::ToCarrier));
    QVERIFY(!plan.responseFromCarrier);
}

void TestEdgePolicy::mappingOfTheDestinationCarrier_data()
{
    QTest::addColumn<QString>("user");

    QTest::newRow("UDP next hop") << "mapped-out";
    // far-end takes UDP only: a TCP next hop is not that carrier.
    QTest::newRow("TCP next hop") << "mapped-out-tcp";
}

void TestEdgePolicy::mappingOfTheDestinationCarrier()
{
    QFETCH(QString, user);
    // From the trusted core, which has no mappings, to far-end, which has.
    const RequestVerdict verdict =
        m_pipeline->policy.decideInitialRequest(request(user.toStdString()), source("10.0.0.50"));
    QCOMPARE(verdict.action, RequestVerdict::Action::Relay);
    const MappingPlan& plan = verdict.mapping;
    if (user.endsWith(u"tcp")) {
        QVERIFY(!plan.isActive());
        return;
    }
    QVERIFY(plan.isActive());
    const int farEnd = m_ruleSet->carrierIndex("far-end");
    QCOMPARE(plan.carrierName, std::string("far-end"));
    QCOMPARE(plan.request, &m_ruleSet->carrierMapping(farEnd, MappingDirection::ToCarrier));
    QVERIFY(!plan.requestFromCarrier);
    QCOMPARE(plan.response, &m_ruleSet->carrierMapping(farEnd, MappingDirection::FromCarrier));
    QVERIFY(plan.responseFromCarrier);
}

void TestEdgePolicy::noMappingWithoutTheAction()
{
    const RequestVerdict verdict = m_pipeline->policy.decideInitialRequest(request("group"), source("203.0.113.7"));
    QCOMPARE(verdict.action, RequestVerdict::Action::Relay);
    QVERIFY(!verdict.mapping.isActive());
    QVERIFY(verdict.mapping.carrierName.empty());
}

void TestEdgePolicy::noMappingWithoutMappedCarrier()
{
    // From the core (no mappings) to the core group (no carrier): nothing to map.
    const RequestVerdict verdict = m_pipeline->policy.decideInitialRequest(request("mapped"), source("10.0.0.50"));
    QCOMPARE(verdict.action, RequestVerdict::Action::Relay);
    QVERIFY(!verdict.mapping.isActive());
    QVERIFY(!verdict.mapping.ruleSet);
}

void TestEdgePolicy::inDialogMapping_data()
{
    QTest::addColumn<QString>("carrier");
    QTest::addColumn<QString>("sourceIp");
    QTest::addColumn<bool>("active");
    QTest::addColumn<bool>("fromCarrier");

    QTest::newRow("request from the carrier") << "acme"
                                              << "203.0.113.7" << true << true;
    QTest::newRow("request to the carrier") << "acme"
                                            << "10.0.0.50" << true << false;
    QTest::newRow("request from its mapped public address") << "acme"
                                                            << "203.0.113.5" << true << true;
    QTest::newRow("carrier without mappings") << "limited"
                                              << "198.51.100.10" << false << false;
    QTest::newRow("carrier no longer configured") << "gone"
                                                  << "203.0.113.7" << false << false;
    QTest::newRow("no carrier recorded") << ""
                                         << "203.0.113.7" << false << false;
}

void TestEdgePolicy::inDialogMapping()
{
    QFETCH(QString, carrier);
    QFETCH(QString, sourceIp);
    QFETCH(bool, active);
    QFETCH(bool, fromCarrier);
    const MappingPlan plan = m_pipeline->policy.inDialogMapping(carrier.toStdString(), source(qPrintable(sourceIp)));
    QCOMPARE(plan.isActive(), active);
    if (!active)
        return;
    const int index = m_ruleSet->carrierIndex(carrier.toStdString());
    QCOMPARE(plan.carrierName, carrier.toStdString());
    QCOMPARE(plan.ruleSet, m_ruleSet);
    QCOMPARE(plan.requestFromCarrier, fromCarrier);
    QCOMPARE(plan.responseFromCarrier, !fromCarrier);
    const MappingDirection requestDirection = fromCarrier ? MappingDirection::FromCarrier : MappingDirection::ToCarrier;
    const MappingDirection responseDirection =
        fromCarrier ? MappingDirection::ToCarrier : MappingDirection::FromCarrier;
    QCOMPARE(plan.request, &m_ruleSet->carrierMapping(index, requestDirection));
    QCOMPARE(plan.response, &m_ruleSet->carrierMapping(index, responseDirection));
}

void TestEdgePolicy::dueProbesFeedTheTable()
{
    Pipeline& pipeline = *m_pipeline;
    // Every probed destination is due within one interval (each at its own offset); the
    // configured-disabled destination of backup never is.
    std::vector<ProbeRequest> probes;
    for (int step = 0; step <= 5; ++step) {
        const std::vector<ProbeRequest> due = pipeline.policy.dueProbes(pipeline.clock.monotonicMs());
        probes.insert(probes.end(), due.begin(), due.end());
        pipeline.clock.advance(1000);
    }
    QStringList uris;
    for (const ProbeRequest& probe : probes) {
        uris << QString::fromStdString(probe.uri);
        QCOMPARE(probe.destination, pipeline.destinations.find("core", probe.uri));
        QCOMPARE(probe.timeoutMs, 1500);
    }
    uris.sort();
    QCOMPARE(uris, (QStringList{QStringLiteral("sip:10.0.0.10:5060"), QStringLiteral("sip:10.0.0.11:5060"),
                                QStringLiteral("sip:10.0.0.12:5060;transport=tcp")}));
    // Sent probes are not due again before their result or the next interval.
    QVERIFY(pipeline.policy.dueProbes(pipeline.clock.monotonicMs()).empty());

    // Two failed probes (the group's threshold) take core-a out of the failover order...
    const int coreA = pipeline.destination("sip:10.0.0.10:5060");
    pipeline.policy.probeFinished(coreA, 0, 0);
    QVERIFY(pipeline.policy.isDestinationUsable(coreA));
    QCOMPARE(pipeline.destinations.health(coreA), DestinationHealth::Unknown);
    pipeline.clock.advance(5000);
    for (const ProbeRequest& probe : pipeline.policy.dueProbes(pipeline.clock.monotonicMs())) {
        if (probe.destination == coreA)
            pipeline.policy.probeFinished(coreA, 0, 0);
    }
    QCOMPARE(pipeline.destinations.health(coreA), DestinationHealth::Down);
    QVERIFY(!pipeline.policy.isDestinationUsable(coreA));
    QCOMPARE(pipeline.policy.decideInitialRequest(request("group"), source("203.0.113.7")).nextHops.front().uri,
             std::string("sip:10.0.0.11:5060"));

    // ...and an answered one brings it back (recovery threshold 1).
    pipeline.policy.probeFinished(coreA, 200, 4);
    QCOMPARE(pipeline.destinations.health(coreA), DestinationHealth::Up);
    QCOMPARE(pipeline.destinations.status(coreA).lastProbeRttMs, 4);
    QCOMPARE(pipeline.policy.decideInitialRequest(request("group"), source("203.0.113.7")).nextHops.front().uri,
             std::string("sip:10.0.0.10:5060"));
}

void TestEdgePolicy::trafficOutcomesFeedTheTable()
{
    Pipeline& pipeline = *m_pipeline;
    const int coreA = pipeline.destination("sip:10.0.0.10:5060");
    pipeline.policy.reportDestination(coreA, DestinationOutcome::Answered, 180);
    QCOMPARE(pipeline.destinations.health(coreA), DestinationHealth::Up);
    // A final-reply timeout takes it out at once, so that the next calls do not wait for it.
    pipeline.policy.reportDestination(coreA, DestinationOutcome::Timeout, 0);
    QCOMPARE(pipeline.destinations.health(coreA), DestinationHealth::Down);
    QVERIFY(!pipeline.policy.isDestinationUsable(coreA));
    const DestinationStatus status = pipeline.destinations.status(coreA);
    QCOMPARE(status.attempts, 2u);
    QCOMPARE(status.timeouts, 1u);
    QCOMPARE(urisOf(pipeline.policy.decideInitialRequest(request("group"), source("203.0.113.7")).nextHops),
             (QStringList{QStringLiteral("sip:10.0.0.11:5060"), QStringLiteral("sip:10.0.0.12:5060;transport=tcp")}));
}

void TestEdgePolicy::newRuleSetKeepsState()
{
    Pipeline& pipeline = *m_pipeline;
    const int coreB = pipeline.destination("sip:10.0.0.11:5060");
    QString error;
    QVERIFY(pipeline.destinations.setAdminState(coreB, DestinationAdminState::Disabled, QStringLiteral("alice"),
                                                QString(), &error));
    const int acme = pipeline.carriers.idOf("acme");
    QVERIFY(pipeline.caches.store("sticky", "kept", "sip:10.0.0.10:5060", pipeline.clock.nowMs()));

    // core-a leaves the group, acme moves to another position; the rest persists.
    QByteArray changed = RuleSetJsonText;
    changed.replace(R"({"name": "core-a", "uri": "sip:10.0.0.10:5060", "priority": 1},)", "");
    changed.replace(R"({"name": "acme", "addresses": [{"address": "203.0.113.0/24"}],
     "mappings": [{"private": "10.20.0.5", "public": "203.0.113.5"}]},)",
                    "");
    changed.replace(R"({"name": "core", "trusted": true, "addresses": [{"address": "10.0.0.0/24"}]})",
                    R"({"name": "core", "trusted": true, "addresses": [{"address": "10.0.0.0/24"}]},
    {"name": "acme", "addresses": [{"address": "203.0.113.0/24"}]})");
    const std::shared_ptr<const CompiledRuleSet> next = compile(changed);
    QVERIFY(next);
    QVERIFY(next->carrierIndex("acme") != m_ruleSet->carrierIndex("acme"));
    pipeline.policy.setRuleSet(next);
    QCOMPARE(pipeline.policy.ruleSet(), next);

    const RequestVerdict verdict = pipeline.policy.decideInitialRequest(request("group"), source("203.0.113.7"));
    QCOMPARE(verdict.ruleSet, next);
    QCOMPARE(urisOf(verdict.nextHops), QStringList{QStringLiteral("sip:10.0.0.12:5060;transport=tcp")});
    QCOMPARE(pipeline.destination("sip:10.0.0.11:5060"), coreB);
    QCOMPARE(pipeline.destinations.adminState(coreB), DestinationAdminState::Disabled);
    QCOMPARE(verdict.carrier, acme); // the same registry id at its new position
    QVERIFY(pipeline.cached("sticky", "kept"));
    // acme has no mappings any more.
    QVERIFY(!pipeline.policy.decideInitialRequest(request("mapped"), source("203.0.113.7")).mapping.isActive());
}

QTEST_GUILESS_MAIN(TestEdgePolicy)
#include "TestEdgePolicy.moc"
