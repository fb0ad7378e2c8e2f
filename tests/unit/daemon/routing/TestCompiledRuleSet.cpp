#include "FakeSipRequest.h"
#include "RuleSetBuilder.h"
#include "routing/CacheStore.h"
#include "routing/CompiledRuleSet.h"
#include "routing/RuleEngine.h"

#include <QTest>
#include <atomic>
#include <functional>
#include <thread>

using namespace tollgate;
using namespace tollgate::test::rules;
using tollgate::test::FakeSipRequest;

namespace {

/// A small valid ruleset every error case below breaks in one place.
RuleSet baseRuleSet()
{
    RuleSet ruleSet = seedRuleSet();
    ruleSet.caches << cache(QStringLiteral("associations"));
    return ruleSet;
}

Rule& firstMainRule(RuleSet* ruleSet)
{
    return ruleSet->routes[0].rules[0];
}

using Breaker = std::function<void(RuleSet*)>;

} // namespace

Q_DECLARE_METATYPE(Breaker)

class TestCompiledRuleSet : public QObject
{
    Q_OBJECT

private slots:
    void compileErrorsNameThePlace_data()
    {
        QTest::addColumn<Breaker>("breakIt");
        QTest::addColumn<QString>("expected");

        const auto addCondition = [](Condition condition) {
            return Breaker([condition](RuleSet* set) { firstMainRule(set).conditions << condition; });
        };
        const auto addAction = [](Action action) {
            return Breaker([action](RuleSet* set) { firstMainRule(set).actions << action; });
        };

        QTest::newRow("unknown flag with suggestion")
            << addAction(setFlag(QStringLiteral("INTERNALY_SOURCED")))
            << "route MAIN › rule \"mark-internal\" › action 2: unknown flag INTERNALY_SOURCED (did you mean "
               "INTERNALLY_SOURCED?)";
        QTest::newRow("unknown flag in condition")
            << addCondition(flag(QStringLiteral("NOPE"))) << "condition 2: unknown flag NOPE";
        QTest::newRow("unknown carrier") << addCondition(sourceCarrier(QStringLiteral("acme")))
                                         << "unknown carrier acme";
        QTest::newRow("bad CIDR") << addCondition(sourceCidr(QStringLiteral("10.0.0.1/8"))) << "bad CIDR block";
        QTest::newRow("bad regex") << addCondition(
                                          match(QStringLiteral("ruri.user"), MatchOp::Regex, QStringLiteral("(")))
                                   << "bad regular expression";
        QTest::newRow("unknown match field")
            << addCondition(match(QStringLiteral("ruri.usr"), MatchOp::Exact, {})) << "unknown field \"ruri.usr\"";
        QTest::newRow("bad transport") << addCondition(transport({QStringLiteral("sctp")})) << "unknown transport";
        QTest::newRow("unknown cache") << addCondition(
                                              cacheHasKey(QStringLiteral("asociations"), QStringLiteral("{call_id}")))
                                       << "unknown cache asociations (did you mean associations?)";
        QTest::newRow("bad template") << addAction(cacheStore(QStringLiteral("associations"),
                                                              QStringLiteral("{call_idd}"), QStringLiteral("x")))
                                      << "key: unknown template field {call_idd}";
        QTest::newRow("unknown group") << addAction(relayToGroup(QStringLiteral("cores"))) << "unknown group cores";
        QTest::newRow("relay to group and uri") << addAction([] {
            Action action = relayToGroup(QStringLiteral("core"));
            action.uri = QStringLiteral("sip:x");
            return action;
        }()) << "exactly one of group and uri";
        QTest::newRow("constant relay uri not a uri")
            << addAction(relayToUri(QStringLiteral("sip:"))) << "is not a SIP URI";
        QTest::newRow("unknown route") << addAction(callRoute(QStringLiteral("NOWHERE"))) << "unknown route NOWHERE";
        QTest::newRow("reply 1xx") << addAction(reply(180, QStringLiteral("Ringing"))) << "out of range 200-699";
        QTest::newRow("timer out of range") << addAction(setTimer(50)) << "out of range 100-300000";
        QTest::newRow("managed header") << addAction(addHeader(QStringLiteral("Via"), QStringLiteral("x")))
                                        << "managed by the proxy";
        QTest::newRow("managed header compact form")
            << addAction(removeHeader(QStringLiteral("v"))) << "managed by the proxy";
        QTest::newRow("bad rewrite part")
            << addAction(rewriteUri(QStringLiteral("port"), QStringLiteral("5060"))) << "unknown part \"port\"";
        QTest::newRow("bad log level") << addAction(log(QStringLiteral("error"), QStringLiteral("x")))
                                       << "unknown log level";
        QTest::newRow("bad variable") << addAction(cacheLoad(QStringLiteral("associations"), QStringLiteral("k"),
                                                             QStringLiteral("Bad-Name")))
                                      << "not lower_snake_case";
        QTest::newRow("missing MAIN") << Breaker([](RuleSet* set) { set->routes[0].name = QStringLiteral("START"); })
                                      << "route MAIN is missing";
        QTest::newRow("duplicate carrier") << Breaker([](RuleSet* set) { set->carriers << set->carriers.first(); })
                                           << "carrier \"core\": duplicate name";
        QTest::newRow("built-in flag declared")
            << Breaker([](RuleSet* set) { set->flags << flagDefinition(QStringLiteral("FROM_CARRIER")); })
            << "built-in flags may not be declared";
        QTest::newRow("too many flags") << Breaker([](RuleSet* set) {
            for (int i = 0; i < 61; ++i)
                set->flags << flagDefinition(QStringLiteral("F%1").arg(i));
        }) << "too many flags";
        QTest::newRow("bad carrier address")
            << Breaker([](RuleSet* set) { set->carriers[0].addresses[0].address = QStringLiteral("core.example"); })
            << "carrier \"core\" › address 1";
        QTest::newRow("bad mapping") << Breaker([](RuleSet* set) {
            set->carriers[1].mappings << IpMapping{QStringLiteral("10.0.0.1"), QStringLiteral("public")};
        }) << "carrier \"demo-carrier\" › mapping 1";
        QTest::newRow("bad destination uri")
            << Breaker([](RuleSet* set) { set->groups[0].destinations[0].uri = QStringLiteral("10.0.0.1:5060"); })
            << "group \"core\" › destination 1";
    }

    void compileErrorsNameThePlace()
    {
        QFETCH(Breaker, breakIt);
        QFETCH(QString, expected);

        RuleSet ruleSet = baseRuleSet();
        QString error;
        QVERIFY2(CompiledRuleSet::compile(ruleSet, &error), qPrintable(error));
        breakIt(&ruleSet);
        QVERIFY(!CompiledRuleSet::compile(ruleSet, &error));
        QVERIFY2(error.contains(expected), qPrintable(error));
    }

    void exactlySixtyOneUserFlagsFit()
    {
        RuleSet ruleSet = baseRuleSet();
        for (int i = 0; i < 60; ++i)
            ruleSet.flags << flagDefinition(QStringLiteral("F%1").arg(i));
        QString error;
        const auto compiled = CompiledRuleSet::compile(ruleSet, &error);
        QVERIFY2(compiled, qPrintable(error));
        QCOMPARE(compiled->flagCount(), 64);
        QCOMPARE(compiled->flagName(63), QStringLiteral("F59"));
        QCOMPARE(compiled->flagBit(QStringLiteral("F59")), 63);
    }

    void accessors()
    {
        RuleSet ruleSet = baseRuleSet();
        ruleSet.carriers[1].mappings << IpMapping{QStringLiteral("10.20.0.5"), QStringLiteral("198.51.100.5")};
        ruleSet.carriers[1].maxConcurrentCalls = 30;
        QString error;
        const std::shared_ptr<const CompiledRuleSet> compiled = CompiledRuleSet::compile(ruleSet, &error);
        QVERIFY2(compiled, qPrintable(error));

        QCOMPARE(compiled->flagName(CompiledRuleSet::FromCarrierBit), QStringLiteral("FROM_CARRIER"));
        QCOMPARE(compiled->flagName(CompiledRuleSet::FromTrustedBit), QStringLiteral("FROM_TRUSTED"));
        QCOMPARE(compiled->flagName(CompiledRuleSet::InDialogBit), QStringLiteral("IN_DIALOG"));
        QCOMPARE(compiled->flagBit(QStringLiteral("INTERNALLY_SOURCED")), 3);
        QCOMPARE(compiled->flagBit(QStringLiteral("UNKNOWN")), -1);
        QCOMPARE(compiled->flagName(40), QString());
        QCOMPARE(compiled->flagNames(0b1001),
                 QStringList({QStringLiteral("FROM_CARRIER"), QStringLiteral("INTERNALLY_SOURCED")}));

        QCOMPARE(compiled->carrierCount(), 2);
        QCOMPARE(compiled->carrierName(1), std::string("demo-carrier"));
        QCOMPARE(compiled->carrierIndex("core"), 0);
        QVERIFY(compiled->carrierTrusted(0));
        QVERIFY(!compiled->carrierTrusted(1));
        QCOMPARE(compiled->carrier(1).maxConcurrentCalls, 30);
        QVERIFY(compiled->carrierMapping(0, MappingDirection::FromCarrier).isEmpty());
        std::string uri = "sip:gw@10.20.0.5";
        QCOMPARE(compiled->carrierMapping(1, MappingDirection::FromCarrier).rewriteUri(&uri), 1);
        QCOMPARE(uri, std::string("sip:gw@198.51.100.5"));

        const IpAddress loopback = *IpAddress::parse(std::string_view("127.0.0.1"));
        QCOMPARE(compiled->classify(loopback, 5080, Transport::Udp), 0);
        QCOMPARE(compiled->classify(loopback, 5060, Transport::Udp), 1);
        QCOMPARE(compiled->classify(*IpAddress::parse(std::string_view("198.51.100.5")), 5060, Transport::Udp), 1);
        const RequestContext context = compiled->makeContext(SourceAddress{loopback, 5080, Transport::Tcp}, 42);
        QCOMPARE(context.carrier, 0);
        QCOMPARE(context.nowMs, std::int64_t(42));

        QCOMPARE(compiled->groupCount(), 2);
        QCOMPARE(compiled->groupIndex("demo-carrier"), 1);
        QCOMPARE(compiled->groupName(0), std::string("core"));
        QCOMPARE(compiled->group(0).finalReplyTimerMs, 2000);
        QCOMPARE(compiled->destinations(0).size(), std::size_t(1));
        QCOMPARE(compiled->destinations(0)[0].parsed.host, std::string_view("127.0.0.1"));
        QCOMPARE(compiled->destinations(0)[0].parsed.port, 5080);

        QCOMPARE(compiled->cacheCount(), 1);
        QCOMPARE(compiled->cacheIndex("associations"), 0);
        QCOMPARE(compiled->cacheDefinitions().first().ttlSeconds, 3600);

        QCOMPARE(compiled->routeCount(), 2);
        QCOMPARE(compiled->mainRoute(), 0);
        QCOMPARE(compiled->routeIndex("INTERNAL_TO_EXTERNAL_RELAY"), 1);
        QCOMPARE(compiled->routeIndex("NOPE"), -1);
        QCOMPARE(compiled->ruleCount(0), 3);
        QCOMPARE(compiled->ruleName(0, 2), std::string("options-external"));
        QCOMPARE(compiled->sourceRule(0, 2).actions.first().code, 503);
        QCOMPARE(compiled->ruleSet(), ruleSet);
    }

    void variablesAreNumberedOnce()
    {
        RuleSet ruleSet = baseRuleSet();
        firstMainRule(&ruleSet).actions << cacheLoad(QStringLiteral("associations"), QStringLiteral("{call_id}"),
                                                     QStringLiteral("destination"))
                                        << log(QStringLiteral("info"), QStringLiteral("{var.destination} {var.other}"));
        QString error;
        const auto compiled = CompiledRuleSet::compile(ruleSet, &error);
        QVERIFY2(compiled, qPrintable(error));
        QCOMPARE(compiled->variableCount(), 2);
        QCOMPARE(compiled->variableName(0), std::string("destination"));
        QCOMPARE(compiled->variableName(1), std::string("other"));
    }

    void snapshotIsIndependentOfItsSourceAndOfLaterSnapshots()
    {
        RuleSet ruleSet = seedRuleSet();
        QString error;
        std::shared_ptr<const CompiledRuleSet> old = CompiledRuleSet::compile(ruleSet, &error);
        QVERIFY(old);
        ruleSet.routes[0].rules[2].actions[0].code = 403;
        ruleSet.routes[0].rules[2].actions[0].reason = QStringLiteral("Forbidden");
        const std::shared_ptr<const CompiledRuleSet> replacement = CompiledRuleSet::compile(ruleSet, &error);
        QVERIFY(replacement);

        FakeSipRequest options("OPTIONS", "sip:127.0.0.1");
        const RequestContext context{
            SourceAddress{*IpAddress::parse(std::string_view("127.0.0.2")), 5060, Transport::Udp}, 1, 0};
        CacheStore caches;
        QCOMPARE(RuleEngine::evaluate(*old, options, context, caches).replyCode, 503);
        QCOMPARE(RuleEngine::evaluate(*replacement, options, context, caches).replyCode, 403);
        QCOMPARE(old->sourceRule(0, 2).actions.first().code, 503);
    }

    void atomicSwapWhileEvaluating()
    {
        // The data plane swaps the active ruleset atomically while other threads evaluate the
        // snapshot they loaded; the old snapshot lives until its last user is done.
        QString error;
        std::shared_ptr<const CompiledRuleSet> initial = CompiledRuleSet::compile(seedRuleSet(), &error);
        RuleSet changed = seedRuleSet();
        changed.routes[0].rules[2].actions[0].code = 404;
        const std::shared_ptr<const CompiledRuleSet> replacement = CompiledRuleSet::compile(changed, &error);
        QVERIFY(initial && replacement);
        const std::weak_ptr<const CompiledRuleSet> first = initial;
        std::atomic<std::shared_ptr<const CompiledRuleSet>> active(std::move(initial));

        std::atomic<int> bad{0};
        std::atomic<bool> swapped{false};
        const auto evaluateMany = [&] {
            FakeSipRequest options("OPTIONS", "sip:127.0.0.1");
            const RequestContext context{
                SourceAddress{*IpAddress::parse(std::string_view("127.0.0.2")), 5060, Transport::Udp}, 1, 0};
            CacheStore caches;
            for (int i = 0; i < 5000; ++i) {
                const std::shared_ptr<const CompiledRuleSet> snapshot = active.load();
                const int code = RuleEngine::evaluate(*snapshot, options, context, caches).replyCode;
                if (code != 503 && code != 404)
                    ++bad;
                if (swapped && active.load() == snapshot && code != 404)
                    ++bad;
            }
        };
        std::thread a(evaluateMany);
        std::thread b(evaluateMany);
        active.store(replacement);
        swapped = true;
        a.join();
        b.join();
        QCOMPARE(bad.load(), 0);
        QVERIFY(first.expired());
    }
};

QTEST_GUILESS_MAIN(TestCompiledRuleSet)
#include "TestCompiledRuleSet.moc"
