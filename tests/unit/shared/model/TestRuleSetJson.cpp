#include "TestPaths.h"
#include "model/RuleSetJson.h"
#include "model/RuleSetValidator.h"

#include <QJsonDocument>
#include <QTest>

using namespace tollgate;

namespace {

Condition condition(ConditionKind kind)
{
    Condition result;
    result.kind = kind;
    return result;
}

Action action(ActionKind kind)
{
    Action result;
    result.kind = kind;
    return result;
}

Rule rule(const QString& name, QList<Condition> conditions, QList<Action> actions, RuleContinuation then)
{
    Rule result;
    result.name = name;
    result.description = QStringLiteral("Rule %1.").arg(name);
    result.conditions = std::move(conditions);
    result.actions = std::move(actions);
    result.then = then;
    return result;
}

/// A ruleset that uses every entity, field, condition kind and action kind, with strings that
/// need escaping; deliberately declared out of canonical order. It is valid (no diagnostics).
RuleSet kitchenSink()
{
    RuleSet ruleSet;
    ruleSet.flags = {
        {QStringLiteral("VIP_CALLER"),
         QStringLiteral("Quotes \"q\", backslash \\, slash /, tab\t, newline\n, bell\x07, "
                        "unicode \u00dcn\u00efc\u00f6d\u00e9 \u2713 \U0001D11E, DEL \x7f")},
        {QStringLiteral("INTERNALLY_SOURCED"), QStringLiteral("The request came from our core.")},
    };

    Carrier acme;
    acme.name = QStringLiteral("acme");
    acme.description = QStringLiteral("Acme Telecom, peering since 2019");
    acme.addresses = {{QStringLiteral("203.0.113.0/24"), 0, Transport::Any},
                      {QStringLiteral("2001:db8::/32"), 5060, Transport::Udp},
                      {QStringLiteral("198.51.100.7"), 5061, Transport::Tls}};
    acme.mappings = {{QStringLiteral("10.20.0.5"), QStringLiteral("198.51.100.5")},
                     {QStringLiteral("fd00::5"), QStringLiteral("2001:db8::5")}};
    acme.maxConcurrentCalls = 100;
    acme.maxCallsPerSecond = 10;
    Carrier core;
    core.name = QStringLiteral("core");
    core.trusted = true;
    core.addresses = {{QStringLiteral("192.0.2.10"), 5060, Transport::Tcp}};
    ruleSet.carriers = {core, acme};

    DestinationGroup priority;
    priority.name = QStringLiteral("core");
    priority.description = QStringLiteral("Core proxies A and B");
    priority.destinations = {{QStringLiteral("sip:192.0.2.10:5060;transport=tcp"), 1, 1, true, QStringLiteral("A"),
                              QStringLiteral("core-a")},
                             {QStringLiteral("sip:192.0.2.11:5060"), 2, 1, false, QStringLiteral("B, in maintenance"),
                              QStringLiteral("core-b")}};
    priority.probe = {true, 10000, 3000, 5, 4, {200, 404}};
    priority.failoverCodes = {408, 503};
    priority.failoverOnTimeout = false;
    priority.finalReplyTimerMs = 4000;
    DestinationGroup weighted;
    weighted.name = QStringLiteral("farm");
    weighted.algorithm = GroupAlgorithm::Weighted;
    weighted.destinations = {{QStringLiteral("sip:[2001:db8::20]:5060"), 0, 3, true, QString(), QString()},
                             {QStringLiteral("sips:farm.example.net"), 0, 1, true, QString(), QString()}};
    weighted.probe.enabled = false;
    weighted.failoverCodes = {};
    DestinationGroup roundRobin;
    roundRobin.name = QStringLiteral("rr");
    roundRobin.algorithm = GroupAlgorithm::RoundRobin;
    roundRobin.destinations = {{QStringLiteral("sip:198.51.100.30"), 0, 1, true, QString(), QString()}};
    DestinationGroup hash;
    hash.name = QStringLiteral("hash");
    hash.algorithm = GroupAlgorithm::CallIdHash;
    hash.destinations = {{QStringLiteral("sip:198.51.100.40"), 0, 1, true, QString(), QString()}};
    ruleSet.groups = {roundRobin, priority, weighted, hash};

    ruleSet.caches = {{QStringLiteral("blocklist"), QStringLiteral("Numbers that may not call"), 60, 500},
                      {QStringLiteral("associations"), QStringLiteral("Call-ID -> destination"), 7200, 100000}};

    Condition method = condition(ConditionKind::Method);
    method.methods = {QStringLiteral("INVITE"), QStringLiteral("OPTIONS")};
    Condition flag = condition(ConditionKind::Flag);
    flag.flag = QStringLiteral("INTERNALLY_SOURCED");
    Condition notFlag = flag;
    notFlag.negate = true;
    Condition sourceCarrier = condition(ConditionKind::SourceCarrier);
    sourceCarrier.carrier = QStringLiteral("acme");
    Condition sourceCidr = condition(ConditionKind::SourceCidr);
    sourceCidr.cidr = QStringLiteral("203.0.113.0/25");
    Condition transport = condition(ConditionKind::Transport);
    transport.transports = {QStringLiteral("udp"), QStringLiteral("tls")};
    Condition exact = condition(ConditionKind::Match);
    exact.field = QStringLiteral("ruri.host");
    exact.value = QStringLiteral("sbc.example.net");
    Condition prefix = condition(ConditionKind::Match);
    prefix.field = QStringLiteral("from.user");
    prefix.op = MatchOp::Prefix;
    prefix.value = QStringLiteral("+4420");
    Condition regex = condition(ConditionKind::Match);
    regex.field = QStringLiteral("header.X-Customer-Id");
    regex.op = MatchOp::Regex;
    regex.value = QStringLiteral("^(?i)vip-\\d+$");
    Condition headerPresent = condition(ConditionKind::HeaderPresent);
    headerPresent.header = QStringLiteral("P-Asserted-Identity");
    Condition cacheHasKey = condition(ConditionKind::CacheHasKey);
    cacheHasKey.cache = QStringLiteral("blocklist");
    cacheHasKey.key = QStringLiteral("{from.user}");
    Condition notInDialog = condition(ConditionKind::InDialog);
    notInDialog.negate = true;

    Action setFlag = action(ActionKind::SetFlag);
    setFlag.flag = QStringLiteral("VIP_CALLER");
    Action clearFlag = action(ActionKind::ClearFlag);
    clearFlag.flag = QStringLiteral("VIP_CALLER");
    Action reply = action(ActionKind::Reply);
    reply.code = 603;
    reply.reason = QStringLiteral("Decline");
    Action relayGroup = action(ActionKind::Relay);
    relayGroup.group = QStringLiteral("core");
    relayGroup.stickyCache = QStringLiteral("associations");
    relayGroup.stickyKey = QStringLiteral("{call_id}");
    Action relayUri = action(ActionKind::Relay);
    relayUri.uri = QStringLiteral("{ruri}");
    Action callChecks = action(ActionKind::CallRoute);
    callChecks.route = QStringLiteral("CHECKS");
    Action callRelay = action(ActionKind::CallRoute);
    callRelay.route = QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY");
    Action setTimer = action(ActionKind::SetTimer);
    setTimer.milliseconds = 1500;
    Action cacheStore = action(ActionKind::CacheStore);
    cacheStore.cache = QStringLiteral("associations");
    cacheStore.key = QStringLiteral("{call_id}");
    cacheStore.value = QStringLiteral("{source.ip}:{source.port}");
    Action cacheLoad = action(ActionKind::CacheLoad);
    cacheLoad.cache = QStringLiteral("associations");
    cacheLoad.key = QStringLiteral("{call_id}");
    cacheLoad.variable = QStringLiteral("previous_hop");
    Action cacheDelete = action(ActionKind::CacheDelete);
    cacheDelete.cache = QStringLiteral("blocklist");
    cacheDelete.key = QStringLiteral("{header.X-Unblock}");
    Action rewriteUri = action(ActionKind::RewriteUri);
    rewriteUri.part = QStringLiteral("uri");
    rewriteUri.value = QStringLiteral("sip:{ruri.user}@192.0.2.10");
    Action rewriteUser = action(ActionKind::RewriteUri);
    rewriteUser.part = QStringLiteral("user");
    rewriteUser.value = QStringLiteral("+44{to.user}");
    Action rewriteHost = action(ActionKind::RewriteUri);
    rewriteHost.part = QStringLiteral("host");
    rewriteHost.value = QStringLiteral("core.example.net");
    Action addHeader = action(ActionKind::AddHeader);
    addHeader.header = QStringLiteral("X-Tollgate-Carrier");
    addHeader.value = QStringLiteral("{carrier} via {transport} ({method})");
    Action removeHeader = action(ActionKind::RemoveHeader);
    removeHeader.header = QStringLiteral("P-Preferred-Identity");
    Action log = action(ActionKind::Log);
    log.level = QStringLiteral("info");
    log.message = QStringLiteral("caller \"{from.user}\" from {from.host} to {to.host} via {ruri.host}, "
                                 "previous hop {var.previous_hop} {{literal}} \\ \u2713");

    Route main;
    main.name = QStringLiteral("MAIN");
    main.description = QStringLiteral("Entry point");
    Rule disabled = rule(QStringLiteral("maintenance"), {}, {action(ActionKind::Drop)}, RuleContinuation::Stop);
    disabled.enabled = false;
    main.rules = {
        disabled,
        rule(QStringLiteral("checks"), {notInDialog}, {callChecks}, RuleContinuation::Continue),
        rule(QStringLiteral("internal"), {flag}, {callRelay}, RuleContinuation::Stop),
        rule(QStringLiteral("from-acme"), {sourceCarrier, notFlag, method},
             {action(ActionKind::ApplyCarrierMapping), setTimer, cacheLoad, log, relayGroup}, RuleContinuation::Stop),
    };

    Route checks;
    checks.name = QStringLiteral("CHECKS");
    checks.rules = {
        rule(QStringLiteral("blocked"), {cacheHasKey}, {cacheDelete, reply}, RuleContinuation::Stop),
        rule(QStringLiteral("vip"), {regex, headerPresent}, {setFlag, addHeader, removeHeader},
             RuleContinuation::Continue),
        rule(QStringLiteral("not-vip"), {prefix, exact, sourceCidr, transport, condition(ConditionKind::SourceTrusted)},
             {clearFlag, cacheStore, rewriteUser, rewriteHost}, RuleContinuation::Continue),
        rule(QStringLiteral("scanners"), {condition(ConditionKind::SourceAnyCarrier)}, {}, RuleContinuation::Continue),
    };
    checks.rules.last().conditions.first().negate = true;
    checks.rules.last().actions = {action(ActionKind::Drop)};

    Route relay;
    relay.name = QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY");
    relay.rules = {rule(QStringLiteral("rewrite"), {}, {rewriteUri, relayUri}, RuleContinuation::Stop)};

    ruleSet.routes = {relay, checks, main};
    return ruleSet;
}

/// A complete document around `routes` (the JSON text of the routes array's content).
QByteArray documentWithRoutes(const QByteArray& routes)
{
    return R"({"format": "tollgate-ruleset", "version": 1, "routes": [)" + routes + "]}";
}

QByteArray documentWith(const QByteArray& members)
{
    return R"({"format": "tollgate-ruleset", "version": 1, )" + members + "}";
}

QString joined(const Diagnostics& diagnostics)
{
    QStringList lines;
    for (const Diagnostic& diagnostic : diagnostics)
        lines << diagnostic.toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

class TestRuleSetJson : public QObject
{
    Q_OBJECT

private slots:
    void roundTripIsByteIdentical_data();
    void roundTripIsByteIdentical();
    void kitchenSinkMatchesGoldenFile();
    void kitchenSinkIsValid();
    void kitchenSinkReadsBackAsSortedModel();
    void seedCaseReadsAsDocumented();
    void documentedSeedCaseIsTheTestedOne();
    void toJsonObjectHoldsTheCanonicalData();
    void fromJsonObjectReadsEmbeddedRuleSet();
    void canonicalOrderSortsEntities();
    void canonicalLayout();
    void stringEscaping_data();
    void stringEscaping();
    void missingOptionalFieldsTakeDefaults();
    void syntaxErrorsHaveLineAndColumn_data();
    void syntaxErrorsHaveLineAndColumn();
    void shapeErrorsHaveTheirPath_data();
    void shapeErrorsHaveTheirPath();
    void everyShapeErrorIsReportedAtOnce();
    void formatAndVersionAreChecked_data();
    void formatAndVersionAreChecked();
    void documentOverSizeLimitIsRefused();
    void documentOverCountLimitIsRefused_data();
    void documentOverCountLimitIsRefused();
    void reportedProblemsAreCapped();
    void byteOrderMarkIsIgnored();
    void failedReadLeavesRuleSetUnchanged();
};

void TestRuleSetJson::roundTripIsByteIdentical_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::newRow("seed") << test::readFile(test::dataPath(QStringLiteral("rulesets/seed.json")));
    QTest::newRow("starter") << test::readFile(test::sourcePath(QStringLiteral("resources/starter-ruleset.json")));
    QTest::newRow("kitchen sink") << RuleSetJson::toCanonicalJson(kitchenSink());
    QTest::newRow("empty ruleset") << RuleSetJson::toCanonicalJson(RuleSet{});
}

void TestRuleSetJson::roundTripIsByteIdentical()
{
    QFETCH(QByteArray, document);
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY2(RuleSetJson::fromJson(document, &ruleSet, &errors), qPrintable(joined(errors)));
    QVERIFY(errors.isEmpty());
    const QByteArray exported = RuleSetJson::toCanonicalJson(ruleSet);
    QCOMPARE(exported, document);

    RuleSet reimported;
    QVERIFY(RuleSetJson::fromJson(exported, &reimported, &errors));
    QCOMPARE(reimported, ruleSet);
    QCOMPARE(RuleSetJson::toCanonicalJson(reimported), document);
}

void TestRuleSetJson::kitchenSinkMatchesGoldenFile()
{
    // The golden file pins the canonical layout: a change here is a format change (see the
    // compatibility policy in docs/ruleset-format.md).
    const QByteArray golden = test::readFile(test::dataPath(QStringLiteral("rulesets/kitchen-sink.json")));
    QCOMPARE(RuleSetJson::toCanonicalJson(kitchenSink()), golden);
}

void TestRuleSetJson::kitchenSinkIsValid()
{
    const Diagnostics diagnostics = RuleSetValidator::validate(kitchenSink());
    QVERIFY2(diagnostics.isEmpty(), qPrintable(joined(diagnostics)));
}

void TestRuleSetJson::kitchenSinkReadsBackAsSortedModel()
{
    const RuleSet original = kitchenSink();
    RuleSet read;
    QVERIFY(RuleSetJson::fromJson(RuleSetJson::toCanonicalJson(original), &read, nullptr));

    // Entities come back in canonical order, each equal to its original.
    QCOMPARE(read.flags.size(), original.flags.size());
    QCOMPARE(read.flags.at(0), original.flags.at(1));
    QCOMPARE(read.flags.at(1), original.flags.at(0));
    QCOMPARE(read.carriers.at(0), original.carriers.at(1)); // acme
    QCOMPARE(read.carriers.at(1), original.carriers.at(0)); // core
    QCOMPARE(read.groups.at(0), original.groups.at(1));     // core
    QCOMPARE(read.groups.at(1), original.groups.at(2));     // farm
    QCOMPARE(read.groups.at(2), original.groups.at(3));     // hash
    QCOMPARE(read.groups.at(3), original.groups.at(0));     // rr
    QCOMPARE(read.caches.at(0), original.caches.at(1));
    QCOMPARE(read.routes.at(0), original.routes.at(2)); // MAIN first
    QCOMPARE(read.routes.at(1), original.routes.at(1)); // CHECKS
    QCOMPARE(read.routes.at(2), original.routes.at(0)); // INTERNAL_TO_EXTERNAL_RELAY
}

void TestRuleSetJson::seedCaseReadsAsDocumented()
{
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(
        RuleSetJson::fromJson(test::readFile(test::dataPath(QStringLiteral("rulesets/seed.json"))), &ruleSet, &errors));
    const Route* main = ruleSet.findRoute(QStringLiteral("MAIN"));
    QVERIFY(main);
    QCOMPARE(main->rules.size(), 2);

    const Rule& internal = main->rules.at(0);
    QCOMPARE(internal.name, QStringLiteral("options-internal"));
    QCOMPARE(internal.conditions.size(), 2);
    QCOMPARE(internal.conditions.at(0).kind, ConditionKind::Method);
    QCOMPARE(internal.conditions.at(0).methods, QStringList{QStringLiteral("OPTIONS")});
    QCOMPARE(internal.conditions.at(1).kind, ConditionKind::Flag);
    QCOMPARE(internal.conditions.at(1).flag, QStringLiteral("INTERNALLY_SOURCED"));
    QCOMPARE(internal.actions.size(), 1);
    QCOMPARE(internal.actions.at(0).kind, ActionKind::CallRoute);
    QCOMPARE(internal.actions.at(0).route, QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY"));
    QCOMPARE(internal.then, RuleContinuation::Stop);

    const Rule& options = main->rules.at(1);
    QCOMPARE(options.name, QStringLiteral("options"));
    QCOMPARE(options.conditions.size(), 1);
    QCOMPARE(options.conditions.at(0).methods, QStringList{QStringLiteral("OPTIONS")});
    QCOMPARE(options.actions.size(), 1);
    QCOMPARE(options.actions.at(0).kind, ActionKind::Reply);
    QCOMPARE(options.actions.at(0).code, 503);
    QCOMPARE(options.actions.at(0).reason, QStringLiteral("Options Reply"));
    QCOMPARE(options.then, RuleContinuation::Stop);

    const Route* relay = ruleSet.findRoute(QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY"));
    QVERIFY(relay);
    QCOMPARE(relay->rules.size(), 1);
    QCOMPARE(relay->rules.at(0).actions.at(0).kind, ActionKind::Relay);
    QCOMPARE(relay->rules.at(0).actions.at(0).uri, QStringLiteral("{ruri}"));
    QVERIFY(ruleSet.findFlag(QStringLiteral("INTERNALLY_SOURCED")));
}

void TestRuleSetJson::documentedSeedCaseIsTheTestedOne()
{
    // The first JSON example of the operators' reference is the seed document itself.
    const QByteArray docs = test::readFile(test::sourcePath(QStringLiteral("docs/ruleset-format.md")));
    const QByteArray fence = "```json\n";
    const qsizetype start = docs.indexOf(fence);
    QVERIFY(start >= 0);
    const qsizetype end = docs.indexOf("```", start + fence.size());
    QVERIFY(end > start);
    const QByteArray documented = docs.mid(start + fence.size(), end - start - fence.size());
    QCOMPARE(documented, test::readFile(test::dataPath(QStringLiteral("rulesets/seed.json"))));
}

void TestRuleSetJson::toJsonObjectHoldsTheCanonicalData()
{
    const RuleSet ruleSet = kitchenSink();
    const QJsonObject parsed = QJsonDocument::fromJson(RuleSetJson::toCanonicalJson(ruleSet)).object();
    QVERIFY(!parsed.isEmpty());
    QCOMPARE(RuleSetJson::toJsonObject(ruleSet), parsed);
}

void TestRuleSetJson::fromJsonObjectReadsEmbeddedRuleSet()
{
    const RuleSet original = kitchenSink();
    RuleSet read;
    Diagnostics errors;
    QVERIFY(RuleSetJson::fromJsonObject(RuleSetJson::toJsonObject(original), &read, &errors));
    QVERIFY(errors.isEmpty());
    QCOMPARE(RuleSetJson::toCanonicalJson(read), RuleSetJson::toCanonicalJson(original));

    QJsonObject broken = RuleSetJson::toJsonObject(original);
    broken.insert(QStringLiteral("version"), QStringLiteral("1"));
    QVERIFY(!RuleSetJson::fromJsonObject(broken, &read, &errors));
    QCOMPARE(joined(errors), QStringLiteral("version: expected an integer, got a string"));
}

void TestRuleSetJson::canonicalOrderSortsEntities()
{
    RuleSet ruleSet;
    ruleSet.flags = {{QStringLiteral("ZULU"), {}}, {QStringLiteral("ALPHA"), {}}, {QStringLiteral("MIKE"), {}}};
    ruleSet.caches = {{QStringLiteral("b"), {}, 1, 1}, {QStringLiteral("a"), {}, 1, 1}};
    Route zulu, main, alpha;
    zulu.name = QStringLiteral("ZULU");
    main.name = QStringLiteral("MAIN");
    alpha.name = QStringLiteral("ALPHA");
    Rule second = rule(QStringLiteral("second"), {}, {}, RuleContinuation::Continue);
    Rule first = rule(QStringLiteral("first"), {}, {}, RuleContinuation::Continue);
    main.rules = {second, first}; // Rules keep their order: it is their meaning.
    ruleSet.routes = {zulu, main, alpha};

    RuleSet read;
    QVERIFY(RuleSetJson::fromJson(RuleSetJson::toCanonicalJson(ruleSet), &read, nullptr));
    QStringList flags, caches, routes;
    for (const FlagDefinition& flag : read.flags)
        flags << flag.name;
    for (const CacheDefinition& cache : read.caches)
        caches << cache.name;
    for (const Route& route : read.routes)
        routes << route.name;
    QCOMPARE(flags, (QStringList{QStringLiteral("ALPHA"), QStringLiteral("MIKE"), QStringLiteral("ZULU")}));
    QCOMPARE(caches, (QStringList{QStringLiteral("a"), QStringLiteral("b")}));
    QCOMPARE(routes, (QStringList{QStringLiteral("MAIN"), QStringLiteral("ALPHA"), QStringLiteral("ZULU")}));
    QCOMPARE(read.routes.at(0).rules.at(0).name, QStringLiteral("second"));
    QCOMPARE(read.routes.at(0).rules.at(1).name, QStringLiteral("first"));
}

void TestRuleSetJson::canonicalLayout()
{
    RuleSet ruleSet;
    ruleSet.flags = {{QStringLiteral("F"), QStringLiteral("d")}};
    Route main;
    main.name = QStringLiteral("MAIN");
    Condition method = condition(ConditionKind::Method);
    method.methods = {QStringLiteral("OPTIONS")};
    method.negate = true;
    Action reply = action(ActionKind::Reply);
    reply.code = 503;
    reply.reason = QStringLiteral("Options Reply");
    main.rules = {rule(QStringLiteral("r"), {method}, {reply}, RuleContinuation::Stop)};
    ruleSet.routes = {main};

    const QByteArray expected = R"({
  "format": "tollgate-ruleset",
  "version": 1,
  "flags": [
    {
      "name": "F",
      "description": "d"
    }
  ],
  "carriers": [],
  "groups": [],
  "caches": [],
  "routes": [
    {
      "name": "MAIN",
      "description": "",
      "rules": [
        {
          "name": "r",
          "description": "Rule r.",
          "enabled": true,
          "conditions": [
            {"kind": "method", "negate": true, "methods": ["OPTIONS"]}
          ],
          "actions": [
            {"kind": "reply", "code": 503, "reason": "Options Reply"}
          ],
          "then": "stop"
        }
      ]
    }
  ]
}
)";
    QCOMPARE(RuleSetJson::toCanonicalJson(ruleSet), expected);
}

void TestRuleSetJson::stringEscaping_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("plain") << QStringLiteral("abc") << QByteArray(R"("abc")");
    QTest::newRow("quote and backslash") << QStringLiteral("a\"b\\c") << QByteArray(R"("a\"b\\c")");
    QTest::newRow("short escapes") << QStringLiteral("\b\f\n\r\t") << QByteArray(R"("\b\f\n\r\t")");
    QTest::newRow("other control characters") << QStringLiteral("\x01\x1f") << QByteArray(R"("\u0001\u001f")");
    QTest::newRow("slash stays") << QStringLiteral("a/b") << QByteArray(R"("a/b")");
    QTest::newRow("DEL and C1 controls") << QStringLiteral("\x7f\u0085\u009f") << QByteArray(R"("\u007f\u0085\u009f")");
    QTest::newRow("unicode as UTF-8") << QStringLiteral("\u00e9\u2713\U0001D11E")
                                      << QByteArray("\"\xC3\xA9\xE2\x9C\x93\xF0\x9D\x84\x9E\"");
    QTest::newRow("unpaired surrogate") << QString(QChar(0xD800)) << QByteArray(R"("\ud800")");
}

void TestRuleSetJson::stringEscaping()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, json);
    RuleSet ruleSet;
    ruleSet.flags = {{QStringLiteral("F"), text}};
    const QByteArray document = RuleSetJson::toCanonicalJson(ruleSet);
    QVERIFY2(document.contains("\"description\": " + json + "\n"), document.constData());

    RuleSet read;
    QVERIFY(RuleSetJson::fromJson(document, &read, nullptr));
    QCOMPARE(read.flags.at(0).description, text);
    QCOMPARE(RuleSetJson::toCanonicalJson(read), document);
}

void TestRuleSetJson::missingOptionalFieldsTakeDefaults()
{
    const QByteArray document = documentWith(R"(
        "carriers": [{"name": "acme", "addresses": [{"address": "192.0.2.1"}], "mappings": []}],
        "groups": [{"name": "core", "destinations": [{"uri": "sip:192.0.2.10"}]}],
        "caches": [{"name": "c"}],
        "routes": [{"name": "MAIN", "rules": [{"name": "r", "actions": [{"kind": "drop"}]}]}])");
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY2(RuleSetJson::fromJson(document, &ruleSet, &errors), qPrintable(joined(errors)));

    Carrier carrier;
    carrier.name = QStringLiteral("acme");
    carrier.addresses = {{QStringLiteral("192.0.2.1"), 0, Transport::Any}};
    QCOMPARE(ruleSet.carriers, QList<Carrier>{carrier});
    DestinationGroup group;
    group.name = QStringLiteral("core");
    Destination destination;
    destination.uri = QStringLiteral("sip:192.0.2.10");
    group.destinations = {destination};
    QCOMPARE(ruleSet.groups, QList<DestinationGroup>{group});
    CacheDefinition cache;
    cache.name = QStringLiteral("c");
    QCOMPARE(ruleSet.caches, QList<CacheDefinition>{cache});
    Rule expectedRule;
    expectedRule.name = QStringLiteral("r");
    expectedRule.actions = {action(ActionKind::Drop)};
    QCOMPARE(ruleSet.routes.at(0).rules, QList<Rule>{expectedRule});
    QVERIFY(ruleSet.flags.isEmpty());
}

void TestRuleSetJson::syntaxErrorsHaveLineAndColumn_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("expected");
    QTest::newRow("trailing comma") << QByteArray("{\n  \"flags\": [1, 2,]\n}")
                                    << QStringLiteral("line 2, column 19: object is missing after a comma");
    QTest::newRow("missing colon") << QByteArray("{\n  \"format\" \"tollgate-ruleset\"\n}")
                                   << QStringLiteral("line 2, column 13: missing name separator");
    QTest::newRow("characters count, not bytes")
        << QByteArray("{\"d\u00e9\u00e9\": [1 2]}") << QStringLiteral("line 1, column 13: missing value separator");
    QTest::newRow("unterminated string") << QByteArray("{\n\"a\": \"x")
                                         << QStringLiteral("line 2, column 8: unterminated string");
    QTest::newRow("garbage after the document")
        << QByteArray("{}\n\nx") << QStringLiteral("line 3, column 1: garbage at the end of the document");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("line 1, column 1: illegal value");
    QTest::newRow("missing comma (tests/data/rulesets/invalid-syntax.json)")
        << test::readFile(test::dataPath(QStringLiteral("rulesets/invalid-syntax.json")))
        << QStringLiteral("line 4, column 4: unterminated object");
    QTest::newRow("not an object")
        << QByteArray("[]")
        << QStringLiteral("the document is not a JSON object (a ruleset document is one object that starts with "
                          "{\"format\": \"tollgate-ruleset\", \"version\": 1)");
}

void TestRuleSetJson::syntaxErrorsHaveLineAndColumn()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, expected);
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(!RuleSetJson::fromJson(document, &ruleSet, &errors));
    QCOMPARE(joined(errors), expected);
}

void TestRuleSetJson::shapeErrorsHaveTheirPath_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("expected");

    const QByteArray options = R"({"name": "options", "conditions": [%1], "actions": [%2]})";
    const auto optionsRule = [&options](const QByteArray& conditions, const QByteArray& actions) {
        return documentWithRoutes(R"({"name": "MAIN", "rules": [)" +
                                  QByteArray(options).replace("%1", conditions).replace("%2", actions) + "]}");
    };

    QTest::newRow("unknown top-level key")
        << documentWith(R"("rotues": [])") << QStringLiteral("unknown key \"rotues\" (did you mean \"routes\"?)");
    QTest::newRow("list of the wrong type")
        << documentWith(R"("flags": {})") << QStringLiteral("flags: expected an array, got an object");
    QTest::newRow("entity that is not an object") << documentWith(R"("flags": ["INTERNALLY_SOURCED"])")
                                                  << QStringLiteral("flag 1: expected an object, got a string");
    QTest::newRow("missing name") << documentWith(R"("flags": [{"description": "x"}])")
                                  << QStringLiteral("flag 1: missing required key \"name\"");
    QTest::newRow("name of the wrong type")
        << documentWithRoutes(R"({"name": 7})") << QStringLiteral("route 1 › name: expected a string, got an integer");
    QTest::newRow("unknown entity key") << documentWith(R"("flags": [{"name": "F", "descripton": ""}])")
                                        << QStringLiteral(
                                               "flag F: unknown key \"descripton\" (did you mean \"description\"?)");
    QTest::newRow("unknown key, nothing close")
        << documentWith(R"("caches": [{"name": "c", "size": 1}])")
        << QStringLiteral("cache \"c\": unknown key \"size\" (a cache has the keys: name, description, ttlSeconds, "
                          "maxEntries)");
    QTest::newRow("boolean of the wrong type")
        << documentWith(R"("carriers": [{"name": "acme", "trusted": "yes"}])")
        << QStringLiteral("carrier \"acme\" › trusted: expected a boolean, got a string");
    QTest::newRow("integer out of int range")
        << documentWith(R"("carriers": [{"name": "acme", "maxCallsPerSecond": 3000000000}])")
        << QStringLiteral("carrier \"acme\" › maxCallsPerSecond: expected an integer from -2147483648 to "
                          "2147483647, got 3000000000");
    QTest::newRow("fractional integer") << documentWith(R"("caches": [{"name": "c", "ttlSeconds": 1.5}])")
                                        << QStringLiteral("cache \"c\" › ttlSeconds: expected an integer, got 1.5");
    QTest::newRow("port out of range")
        << documentWith(R"("carriers": [{"name": "acme", "addresses": [{"address": "192.0.2.1", "port": 70000}]}])")
        << QStringLiteral("carrier \"acme\" › address 1 › port: expected an integer from 0 to 65535, got 70000");
    QTest::newRow("address without address")
        << documentWith(R"("carriers": [{"name": "acme", "addresses": [{"port": 5060}]}])")
        << QStringLiteral("carrier \"acme\" › address 1: missing required key \"address\"");
    QTest::newRow("unknown transport")
        << documentWith(
               R"("carriers": [{"name": "acme", "addresses": [{"address": "192.0.2.1", "transport": "UDP"}]}])")
        << QStringLiteral(
               "carrier \"acme\" › address 1 › transport: unknown transport \"UDP\" (did you mean \"udp\"?)");
    QTest::newRow("mapping key")
        << documentWith(
               R"("carriers": [{"name": "acme", "mappings": [{"private": "10.0.0.1", "pubic": "192.0.2.1"}]}])")
        << QStringLiteral("carrier \"acme\" › mapping 1: missing required key \"public\"\n"
                          "carrier \"acme\" › mapping 1: unknown key \"pubic\" (did you mean \"public\"?)");
    QTest::newRow("unknown group algorithm")
        << documentWith(R"("groups": [{"name": "core", "algorithm": "roundrobin"}])")
        << QStringLiteral("group \"core\" › algorithm: unknown group algorithm \"roundrobin\" (did you mean "
                          "\"round-robin\"?)");
    QTest::newRow("destination weight")
        << documentWith(R"("groups": [{"name": "core", "destinations": [{"uri": "sip:a", "weight": "2"}]}])")
        << QStringLiteral("group \"core\" › destination 1 › weight: expected an integer, got a string");
    QTest::newRow("probe of the wrong type")
        << documentWith(R"("groups": [{"name": "core", "probe": []}])")
        << QStringLiteral("group \"core\" › probe: expected an object, got an array");
    QTest::newRow("probe key") << documentWith(R"("groups": [{"name": "core", "probe": {"interval": 5000}}])")
                               << QStringLiteral("group \"core\" › probe: unknown key \"interval\" (did you mean "
                                                 "\"intervalMs\"?)");
    QTest::newRow("integer list element")
        << documentWith(R"("groups": [{"name": "core", "failoverCodes": [503, "504"]}])")
        << QStringLiteral("group \"core\" › failoverCodes: expected an array of integers, got a string at position 2");
    QTest::newRow("unknown condition kind")
        << optionsRule(R"({"kind": "methd", "methods": ["OPTIONS"]})", "")
        << QStringLiteral("route MAIN › rule \"options\" › condition 1 › kind: unknown condition kind \"methd\" (did "
                          "you mean \"method\"?)");
    QTest::newRow("condition without kind")
        << optionsRule(R"({"methods": ["OPTIONS"]})", "")
        << QStringLiteral("route MAIN › rule \"options\" › condition 1: missing required key \"kind\"");
    QTest::newRow("string list of the wrong type")
        << optionsRule(R"({"kind": "method", "methods": "OPTIONS"})", "")
        << QStringLiteral("route MAIN › rule \"options\" › condition 1 › methods: expected an array of strings, got a "
                          "string");
    QTest::newRow("string list element")
        << optionsRule(R"({"kind": "transport", "transports": ["udp", 5]})", "")
        << QStringLiteral("route MAIN › rule \"options\" › condition 1 › transports: expected an array of strings, got "
                          "an integer at position 2");
    QTest::newRow("missing kind field")
        << optionsRule(R"({"kind": "method"})", "")
        << QStringLiteral("route MAIN › rule \"options\" › condition 1: missing required key \"methods\"");
    QTest::newRow("key of another kind")
        << optionsRule(R"({"kind": "method", "methods": ["OPTIONS"], "flag": "X"})", "")
        << QStringLiteral(
               "route MAIN › rule \"options\" › condition 1: unknown key \"flag\" (a method condition has the "
               "keys: kind, negate, methods)");
    QTest::newRow("negate of the wrong type")
        << optionsRule(R"({"kind": "inDialog", "negate": 1})", "")
        << QStringLiteral("route MAIN › rule \"options\" › condition 1 › negate: expected a boolean, got an integer");
    QTest::newRow("unknown match op")
        << optionsRule(R"({"kind": "match", "field": "ruri.user", "op": "regexp", "value": "x"})", "")
        << QStringLiteral("route MAIN › rule \"options\" › condition 1 › op: unknown match op \"regexp\" (did you mean "
                          "\"regex\"?)");
    QTest::newRow("unknown action kind")
        << optionsRule("", R"({"kind": "replay", "code": 503, "reason": "x"})")
        << QStringLiteral("route MAIN › rule \"options\" › action 1 › kind: unknown action kind \"replay\" (did you "
                          "mean \"reply\"?)");
    QTest::newRow("reply code of the wrong type")
        << optionsRule("", R"({"kind": "reply", "code": "503", "reason": "x"})")
        << QStringLiteral("route MAIN › rule \"options\" › action 1 › code: expected an integer, got a string");
    QTest::newRow("relay with a foreign key")
        << optionsRule("", R"({"kind": "relay", "group": "core", "route": "X"})")
        << QStringLiteral("route MAIN › rule \"options\" › action 1: unknown key \"route\" (a relay action has the "
                          "keys: kind, group, uri, stickyCache, stickyKey)");
    QTest::newRow("setTimer field") << optionsRule("", R"({"kind": "setTimer", "ms": 2000})")
                                    << QStringLiteral("route MAIN › rule \"options\" › action 1: missing required key "
                                                      "\"milliseconds\"\n"
                                                      "route MAIN › rule \"options\" › action 1: unknown key \"ms\" (a "
                                                      "setTimer action has the keys: kind, milliseconds)");
    QTest::newRow("unknown then value")
        << documentWithRoutes(R"({"name": "MAIN", "rules": [{"name": "options", "then": "stp"}]})")
        << QStringLiteral("route MAIN › rule \"options\" › then: unknown then value \"stp\" (did you mean \"stop\"?)");
    QTest::newRow("rule without name") << documentWithRoutes(
                                              R"({"name": "MAIN", "rules": [{"name": "a"}, {"enabled": true}]})")
                                       << QStringLiteral("route MAIN › rule 2: missing required key \"name\"");
}

void TestRuleSetJson::shapeErrorsHaveTheirPath()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, expected);
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(!RuleSetJson::fromJson(document, &ruleSet, &errors));
    QCOMPARE(joined(errors), expected);
    for (const Diagnostic& error : errors)
        QCOMPARE(error.severity, Diagnostic::Severity::Error);
}

void TestRuleSetJson::everyShapeErrorIsReportedAtOnce()
{
    const QByteArray document = documentWith(R"(
        "flags": [{"name": 1}],
        "carriers": [{"name": "acme", "trusted": 0, "addresses": [{"address": "192.0.2.1", "port": -1}]}],
        "routes": [{"name": "MAIN", "rules": [{"name": "options", "enabled": "yes",
                    "conditions": [{"kind": "methd"}], "actions": [{"kind": "reply", "code": 503}]}]}],
        "extra": true)");
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(!RuleSetJson::fromJson(document, &ruleSet, &errors));
    QCOMPARE(joined(errors),
             QStringLiteral("unknown key \"extra\" (a ruleset document has the keys: format, version, flags, carriers, "
                            "groups, caches, routes)\n"
                            "flag 1 › name: expected a string, got an integer\n"
                            "carrier \"acme\" › trusted: expected a boolean, got an integer\n"
                            "carrier \"acme\" › address 1 › port: expected an integer from 0 to 65535, got -1\n"
                            "route MAIN › rule \"options\" › enabled: expected a boolean, got a string\n"
                            "route MAIN › rule \"options\" › condition 1 › kind: unknown condition kind \"methd\" (did "
                            "you mean \"method\"?)\n"
                            "route MAIN › rule \"options\" › action 1: missing required key \"reason\""));
}

void TestRuleSetJson::formatAndVersionAreChecked_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing format") << QByteArray(R"({"version": 1})")
                                    << QStringLiteral("missing required key \"format\" (a ruleset document starts with "
                                                      "\"format\": \"tollgate-ruleset\")");
    QTest::newRow("other format") << QByteArray(R"({"format": "kamailio-cfg", "version": 1})")
                                  << QStringLiteral("format: not a Tollgate ruleset: format is \"kamailio-cfg\" "
                                                    "(expected \"tollgate-ruleset\")");
    QTest::newRow("format of the wrong type")
        << QByteArray(R"({"format": 1, "version": 1})")
        << QStringLiteral("format: not a Tollgate ruleset: format is an integer (expected \"tollgate-ruleset\")");
    QTest::newRow("missing version") << QByteArray(R"({"format": "tollgate-ruleset"})")
                                     << QStringLiteral("missing required key \"version\"");
    QTest::newRow("newer version")
        << QByteArray(R"({"format": "tollgate-ruleset", "version": 2, "routes": "anything"})")
        << QStringLiteral("version: format version 2 is newer than this build of Tollgate reads (version 1) (upgrade "
                          "Tollgate to read this document)");
    QTest::newRow("version zero") << QByteArray(R"({"format": "tollgate-ruleset", "version": 0})")
                                  << QStringLiteral("version: unknown format version 0 (format versions start at 1)");
    QTest::newRow("version as text") << QByteArray(R"({"format": "tollgate-ruleset", "version": "1"})")
                                     << QStringLiteral("version: expected an integer, got a string");
}

void TestRuleSetJson::formatAndVersionAreChecked()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, expected);
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(!RuleSetJson::fromJson(document, &ruleSet, &errors));
    QCOMPARE(joined(errors), expected);
}

void TestRuleSetJson::documentOverSizeLimitIsRefused()
{
    // Valid JSON (a document padded with spaces), so only the size can be the reason.
    QByteArray document = documentWith(R"("flags": [])");
    document.append(QByteArray(RuleSetLimits::MaxDocumentBytes - document.size(), ' '));
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(RuleSetJson::fromJson(document, &ruleSet, &errors));

    document.append(' ');
    QVERIFY(!RuleSetJson::fromJson(document, &ruleSet, &errors));
    QCOMPARE(joined(errors), QStringLiteral("the document is 16777217 bytes, over the limit of 16777216 bytes (split "
                                            "the ruleset or remove unused parts)"));
}

void TestRuleSetJson::documentOverCountLimitIsRefused_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("expected");

    const auto repeated = [](const QByteArray& itemFormat, int count) {
        QByteArrayList items;
        for (int i = 0; i < count; ++i)
            items << QByteArray(itemFormat).replace("%1", QByteArray::number(i));
        return items.join(", ");
    };
    QTest::newRow("flags") << documentWith(R"("flags": [)" + repeated(R"({"name": "F%1"})", 62) + "]")
                           << QStringLiteral("flags: too many flags: 62 (the limit is 61)");
    QTest::newRow("caches") << documentWith(R"("caches": [)" + repeated(R"({"name": "c%1"})", 101) + "]")
                            << QStringLiteral("caches: too many caches: 101 (the limit is 100)");
    QTest::newRow("destinations")
        << documentWith(R"("groups": [{"name": "core", "destinations": [)" +
                        repeated(R"({"uri": "sip:10.0.0.1:%1"})", 1001) + "]}]")
        << QStringLiteral("group \"core\" › destinations: too many destinations: 1001 (the limit is 1000)");
    const QByteArray rules = repeated(R"({"name": "r%1"})", 25001);
    QTest::newRow("rules over all routes")
        << documentWithRoutes(R"({"name": "MAIN", "rules": [)" + rules + R"(]}, {"name": "B", "rules": [)" + rules +
                              "]}")
        << QStringLiteral("routes: too many rules over all routes: 50002 (the limit is 50000)");
}

void TestRuleSetJson::documentOverCountLimitIsRefused()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, expected);
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(!RuleSetJson::fromJson(document, &ruleSet, &errors));
    QCOMPARE(joined(errors), expected);
}

void TestRuleSetJson::reportedProblemsAreCapped()
{
    QByteArrayList flags;
    for (int i = 0; i < RuleSetLimits::MaxFlags; ++i)
        flags << R"({"name": 1, "description": 2})"; // two problems each
    QByteArrayList caches;
    for (int i = 0; i < RuleSetLimits::MaxCaches; ++i)
        caches
            << R"({"name": "c", "ttlSeconds": "x", "maxEntries": "y", "a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8})";
    const QByteArray document =
        documentWith(R"("flags": [)" + flags.join(", ") + R"(], "caches": [)" + caches.join(", ") + "]");
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(!RuleSetJson::fromJson(document, &ruleSet, &errors));
    const int found = 2 * RuleSetLimits::MaxFlags + 10 * RuleSetLimits::MaxCaches;
    QCOMPARE(errors.size(), RuleSetLimits::MaxReportedProblems + 1);
    QCOMPARE(errors.last().toString(), QStringLiteral("%1 more problems are not shown (fix the problems above and read "
                                                      "the document again)")
                                           .arg(found - RuleSetLimits::MaxReportedProblems));
}

void TestRuleSetJson::byteOrderMarkIsIgnored()
{
    const QByteArray document = test::readFile(test::dataPath(QStringLiteral("rulesets/seed.json")));
    RuleSet withBom, withoutBom;
    QVERIFY(RuleSetJson::fromJson("\xEF\xBB\xBF" + document, &withBom, nullptr));
    QVERIFY(RuleSetJson::fromJson(document, &withoutBom, nullptr));
    QCOMPARE(withBom, withoutBom);
}

void TestRuleSetJson::failedReadLeavesRuleSetUnchanged()
{
    RuleSet ruleSet = kitchenSink();
    const RuleSet before = ruleSet;
    Diagnostics errors;
    QVERIFY(!RuleSetJson::fromJson(documentWith(R"("flags": [{"name": 1}])"), &ruleSet, &errors));
    QCOMPARE(ruleSet, before);
    QCOMPARE(errors.size(), 1);
}

QTEST_GUILESS_MAIN(TestRuleSetJson)
#include "TestRuleSetJson.moc"
