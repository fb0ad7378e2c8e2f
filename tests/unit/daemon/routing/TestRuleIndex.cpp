#include "FakeSipRequest.h"
#include "RuleSetBuilder.h"
#include "routing/CacheStore.h"
#include "routing/CompiledRuleSet.h"
#include "routing/RuleEngine.h"
#include "routing/RuleIndex.h"

#include <QTest>
#include <random>

using namespace tollgate;
using namespace tollgate::test::rules;
using tollgate::test::FakeSipRequest;

namespace {

std::vector<int> allCandidates(const RuleIndex& index, std::string_view method, int carrier, Transport transport,
                               std::string_view user, int firstRule = 0)
{
    RuleIndex::Cursor cursor =
        index.candidates(index.keysFor(method, carrier, transport), index.lookupUser(user), firstRule);
    std::vector<int> result;
    for (int rule = cursor.next(); rule >= 0; rule = cursor.next())
        result.push_back(rule);
    return result;
}

std::shared_ptr<const CompiledRuleSet> compileOrDie(const RuleSet& ruleSet)
{
    QString error;
    std::shared_ptr<const CompiledRuleSet> compiled = CompiledRuleSet::compile(ruleSet, &error);
    if (!compiled)
        qFatal("ruleset does not compile: %s", qPrintable(error));
    return compiled;
}

/// Random rulesets and requests from a fixed seed: the property test below is reproducible.
class RandomRuleSets
{
public:
    explicit RandomRuleSets(std::uint32_t seed)
        : m_random(seed)
    {}

    RuleSet ruleSet()
    {
        RuleSet result;
        for (const char* name : {"A", "B", "C"})
            result.flags << flagDefinition(QString::fromLatin1(name));
        for (int i = 0; i < CarrierCount; ++i) {
            result.carriers << carrier(QStringLiteral("carrier-%1").arg(i),
                                       {{QStringLiteral("10.0.%1.0/24").arg(i), 0, Transport::Any}}, i % 3 == 0);
        }
        result.groups << group(QStringLiteral("out"), {QStringLiteral("sip:192.0.2.1")});
        // MAIN may call SUB1 and SUB2, SUB1 may call SUB2: no cycles.
        const QStringList routeNames{QStringLiteral("MAIN"), QStringLiteral("SUB1"), QStringLiteral("SUB2")};
        for (int routeIndex = 0; routeIndex < routeNames.size(); ++routeIndex) {
            Route generated;
            generated.name = routeNames[routeIndex];
            const int ruleCount = pick(routeIndex == 0 ? 130 : 25);
            for (int ruleIndex = 0; ruleIndex < ruleCount; ++ruleIndex)
                generated.rules << randomRule(QStringLiteral("r%1").arg(ruleIndex), routeNames.mid(routeIndex + 1));
            result.routes << generated;
        }
        return result;
    }

    FakeSipRequest request()
    {
        FakeSipRequest result(pickFrom(RequestMethods), "sip:" + randomUser() + "@" + pickFrom(Hosts));
        result.setFrom("sip:caller@192.0.2.9");
        if (pick(5) == 0)
            result.setTo("sip:callee@192.0.2.10", "to-tag");
        if (pick(2) == 0)
            result.addHeader("X-Trace", "1");
        return result;
    }

    SourceAddress source()
    {
        const int carrierIndex = pick(CarrierCount + 1); // the last one: no carrier
        const std::string ip = "10.0." + std::to_string(carrierIndex) + "." + std::to_string(1 + pick(200));
        const std::array<Transport, 3> transports{Transport::Udp, Transport::Tcp, Transport::Tls};
        return SourceAddress{*IpAddress::parse(ip), 5060, transports[std::size_t(pick(3))]};
    }

private:
    static constexpr int CarrierCount = 5;
    static inline const std::vector<std::string> RuleMethods{"INVITE", "OPTIONS", "BYE", "REGISTER"};
    static inline const std::vector<std::string> RequestMethods{"INVITE", "OPTIONS", "BYE", "REGISTER", "MESSAGE"};
    static inline const std::vector<std::string> Prefixes{"", "4", "44", "4420", "442071", "33", "331", "1", "12"};
    static inline const std::vector<std::string> Hosts{"sbc.example.com", "10.1.1.1"};

    int pick(int bound) { return int(std::uniform_int_distribution<int>(0, bound - 1)(m_random)); }
    bool chance(int percent) { return pick(100) < percent; }
    const std::string& pickFrom(const std::vector<std::string>& list)
    {
        return list[std::size_t(pick(int(list.size())))];
    }

    std::string randomUser()
    {
        std::string user = pickFrom(Prefixes);
        const int extra = pick(5);
        for (int i = 0; i < extra; ++i)
            user += char('0' + pick(10));
        return user;
    }

    QString flagName()
    {
        return QString::fromLatin1(
            std::array{"A", "B", "C", "FROM_CARRIER", "FROM_TRUSTED", "IN_DIALOG"}[std::size_t(pick(6))]);
    }

    Condition randomCondition()
    {
        Condition condition;
        switch (pick(11)) {
        case 0:
        case 1: {
            QStringList methods{QString::fromStdString(pickFrom(RuleMethods))};
            if (chance(30))
                methods << QString::fromStdString(pickFrom(RuleMethods));
            condition = method(methods);
            break;
        }
        case 2:
            condition = flag(flagName());
            break;
        case 3:
        case 4:
            condition = sourceCarrier(QStringLiteral("carrier-%1").arg(pick(CarrierCount)));
            break;
        case 5:
            condition = chance(50) ? sourceAnyCarrier() : sourceTrusted();
            break;
        case 6:
            condition = transport(chance(50) ? QStringList{QStringLiteral("udp")}
                                             : QStringList{QStringLiteral("tcp"), QStringLiteral("tls")});
            break;
        case 7:
        case 8:
        case 9: {
            const MatchOp op =
                std::array{MatchOp::Exact, MatchOp::Prefix, MatchOp::Prefix, MatchOp::Regex}[std::size_t(pick(4))];
            const QString value = op == MatchOp::Regex
                                      ? QStringLiteral("^%1[0-4]").arg(QString::fromStdString(pickFrom(Prefixes)))
                                  : op == MatchOp::Exact ? QString::fromStdString(randomUser())
                                                         : QString::fromStdString(pickFrom(Prefixes));
            condition = match(chance(90) ? QStringLiteral("ruri.user") : QStringLiteral("ruri.host"), op, value);
            break;
        }
        default:
            condition = chance(50) ? headerPresent(QStringLiteral("X-Trace")) : inDialog();
            break;
        }
        condition.negate = chance(20);
        return condition;
    }

    Action randomAction(const QStringList& callable)
    {
        switch (pick(callable.isEmpty() ? 9 : 10)) {
        case 0:
        case 1:
            return setFlag(flagName());
        case 2:
            return clearFlag(flagName());
        case 3:
            return rewriteUri(QStringLiteral("user"),
                              QString::fromStdString(pickFrom(Prefixes)) + QStringLiteral("{ruri.user}"));
        case 4:
            return rewriteUri(QStringLiteral("user"), QString::fromStdString(randomUser()));
        case 5:
            return chance(30) ? reply(404, QStringLiteral("Not Found")) : setFlag(flagName());
        case 6:
            return chance(30) ? relayToGroup(QStringLiteral("out")) : clearFlag(flagName());
        case 7:
            return chance(20) ? drop() : setFlag(flagName());
        case 8:
            return chance(10) ? rewriteUri(QStringLiteral("host"), QStringLiteral("bad host")) : setFlag(flagName());
        default:
            return callRoute(callable[pick(int(callable.size()))]);
        }
    }

    Rule randomRule(const QString& name, const QStringList& callable)
    {
        QList<Condition> conditions;
        const int conditionCount = pick(4);
        for (int i = 0; i < conditionCount; ++i)
            conditions << randomCondition();
        // Every matching rule logs its name, so equal decisions prove the same rules matched.
        QList<Action> actions{log(QStringLiteral("info"), name + QStringLiteral(" {ruri.user}"))};
        const int actionCount = pick(3);
        for (int i = 0; i < actionCount; ++i)
            actions << randomAction(callable);
        return rule(name, conditions, actions, chance(15) ? RuleContinuation::Stop : RuleContinuation::Continue,
                    !chance(10));
    }

    std::mt19937 m_random;
};

} // namespace

class TestRuleIndex : public QObject
{
    Q_OBJECT

private slots:
    void candidatesOfAHandBuiltRoute()
    {
        RuleSet ruleSet = seedRuleSet();
        const Condition invite = method({QStringLiteral("INVITE")});
        ruleSet.routes[0].rules = {
            rule(QStringLiteral("r0"),
                 {invite, sourceCarrier(QStringLiteral("demo-carrier")),
                  match(QStringLiteral("ruri.user"), MatchOp::Prefix, QStringLiteral("44"))},
                 {}),
            rule(QStringLiteral("r1"), {method({QStringLiteral("OPTIONS")})}, {}),
            rule(QStringLiteral("r2"), {}, {}),
            rule(QStringLiteral("r3"), {match(QStringLiteral("ruri.user"), MatchOp::Exact, QStringLiteral("4420"))},
                 {}),
            rule(QStringLiteral("r4"), {negated(invite)}, {}),
            rule(QStringLiteral("r5"), {}, {}, RuleContinuation::Continue, false),
            rule(QStringLiteral("r6"),
                 {negated(match(QStringLiteral("ruri.user"), MatchOp::Prefix, QStringLiteral("44")))}, {}),
            rule(QStringLiteral("r7"), {sourceTrusted(), transport({QStringLiteral("tcp")})}, {}),
            rule(QStringLiteral("r8"), {negated(sourceAnyCarrier())}, {}),
            rule(QStringLiteral("r9"),
                 {match(QStringLiteral("ruri.user"), MatchOp::Prefix, QStringLiteral("4420")),
                  match(QStringLiteral("ruri.user"), MatchOp::Prefix, QStringLiteral("44"))},
                 {}),
        };
        const auto compiled = compileOrDie(ruleSet);
        const RuleIndex& index = compiled->route(0).index;
        const int core = 0;
        const int demo = 1;
        using Rules = std::vector<int>;

        QCOMPARE(allCandidates(index, "INVITE", demo, Transport::Udp, "4420"), (Rules{0, 2, 3, 6, 9}));
        QCOMPARE(allCandidates(index, "INVITE", demo, Transport::Udp, "44201"), (Rules{0, 2, 6, 9}));
        QCOMPARE(allCandidates(index, "INVITE", demo, Transport::Udp, "33"), (Rules{2, 6}));
        QCOMPARE(allCandidates(index, "INVITE", core, Transport::Udp, "4420"), (Rules{2, 3, 6, 9}));
        QCOMPARE(allCandidates(index, "INVITE", core, Transport::Tcp, "1"), (Rules{2, 6, 7}));
        QCOMPARE(allCandidates(index, "OPTIONS", -1, Transport::Udp, ""), (Rules{1, 2, 4, 6, 8}));
        QCOMPARE(allCandidates(index, "SUBSCRIBE", -1, Transport::Tls, "4"), (Rules{2, 4, 6, 8}));
        QCOMPARE(allCandidates(index, "OPTIONS", -1, Transport::Udp, "", 3), (Rules{4, 6, 8}));
        QCOMPARE(allCandidates(index, "OPTIONS", -1, Transport::Udp, "", 10), Rules{});
        QCOMPARE(index.ruleCount(), 10);
        QVERIFY(index.memoryBytes() > 0);
    }

    void candidatesSpanManyWords()
    {
        // 300 rules: r(i) requires user prefix "p<i>"; every 64th rule has no conditions.
        RuleSet ruleSet = seedRuleSet();
        ruleSet.routes[0].rules.clear();
        for (int i = 0; i < 300; ++i) {
            QList<Condition> conditions;
            if (i % 64 != 0)
                conditions << match(QStringLiteral("ruri.user"), MatchOp::Prefix, QStringLiteral("p%1x").arg(i));
            ruleSet.routes[0].rules << rule(QStringLiteral("r%1").arg(i), conditions, {});
        }
        const auto compiled = compileOrDie(ruleSet);
        const RuleIndex& index = compiled->route(0).index;
        QCOMPARE(allCandidates(index, "INVITE", -1, Transport::Udp, "p299x-anything"),
                 (std::vector<int>{0, 64, 128, 192, 256, 299}));
        QCOMPARE(allCandidates(index, "INVITE", -1, Transport::Udp, "p70x", 65), (std::vector<int>{70, 128, 192, 256}));
    }

    void emptyRouteHasNoCandidates()
    {
        const RuleIndex empty;
        QVERIFY(allCandidates(empty, "INVITE", -1, Transport::Udp, "1").empty());
        RuleSet ruleSet = seedRuleSet();
        ruleSet.routes[0].rules.clear();
        const auto compiled = compileOrDie(ruleSet);
        QVERIFY(allCandidates(compiled->route(0).index, "INVITE", 0, Transport::Udp, "").empty());
    }

    void indexedEvaluationEqualsLinearEvaluation()
    {
        // The property the index rests on: skipping the rules it filters out never changes a
        // decision. Random rulesets (conditions of every indexed kind, negations, rewrites of
        // the user, route calls, terminal actions) times random requests, from a fixed seed.
        RandomRuleSets generator(20240611);
        CacheStore caches;
        int decided = 0;
        int rewritten = 0;
        int comparisons = 0;
        for (int set = 0; set < 150; ++set) {
            const RuleSet ruleSet = generator.ruleSet();
            const auto compiled = compileOrDie(ruleSet);
            for (int request = 0; request < 40; ++request) {
                const FakeSipRequest message = generator.request();
                const RequestContext context = compiled->makeContext(generator.source(), 0);
                const RouteDecision indexed = RuleEngine::evaluate(*compiled, message, context, caches);
                const RouteDecision linear = RuleEngine::evaluateLinear(*compiled, message, context, caches);
                EvaluationTrace trace;
                const RouteDecision traced = RuleEngine::evaluate(*compiled, message, context, caches, &trace);
                if (!(indexed == linear) || !(indexed == traced)) {
                    QFAIL(qPrintable(
                        QStringLiteral("ruleset %1, request %2 (%3 %4): indexed and linear evaluations differ\n%5")
                            .arg(set)
                            .arg(request)
                            .arg(QString::fromStdString(std::string(message.method())),
                                 QString::fromStdString(std::string(message.requestUri())), trace.toText())));
                }
                QCOMPARE(indexed.flags, linear.flags);
                decided += indexed.outcome != DecisionOutcome::NoDecision;
                rewritten += indexed.requestUri.has_value();
                ++comparisons;
            }
        }
        // The generator must exercise what it claims to, or the property proves little.
        QCOMPARE(comparisons, 6000);
        QVERIFY2(decided > 1000 && decided < 5500, qPrintable(QString::number(decided)));
        QVERIFY2(rewritten > 500, qPrintable(QString::number(rewritten)));
    }
};

QTEST_GUILESS_MAIN(TestRuleIndex)
#include "TestRuleIndex.moc"
