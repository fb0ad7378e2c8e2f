#include "RuleSetValidatorFixture.h"
#include "TestPaths.h"
#include "model/RuleSetJson.h"
#include "model/RuleSetValidator.h"

#include <QTest>

using namespace tollgate;
using namespace tollgate::test;

class TestRuleSetValidator : public QObject
{
    Q_OBJECT

private slots:
    void shippedRuleSetsAreClean_data();
    void shippedRuleSetsAreClean();
    void baseRuleSetIsClean();
    void diagnostics_data();
    void diagnostics();
    void severities();
    void requiredExampleHasItsParts();
    void documentedExampleFromFile();
    void everyProblemIsReportedAtOnce();
    void eachCycleIsReportedOnce();
    void largeRuleSetIsCleanAndComplete();
};

void TestRuleSetValidator::shippedRuleSetsAreClean_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("seed") << test::dataPath(QStringLiteral("rulesets/seed.json"));
    QTest::newRow("starter") << test::sourcePath(QStringLiteral("resources/starter-ruleset.json"));
    QTest::newRow("kitchen sink") << test::dataPath(QStringLiteral("rulesets/kitchen-sink.json"));
}

void TestRuleSetValidator::shippedRuleSetsAreClean()
{
    QFETCH(QString, path);
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY2(RuleSetJson::fromJson(test::readFile(path), &ruleSet, &errors), qPrintable(joined(errors)));
    const Diagnostics diagnostics = RuleSetValidator::validate(ruleSet);
    QVERIFY2(diagnostics.isEmpty(), qPrintable(joined(diagnostics)));
}

void TestRuleSetValidator::baseRuleSetIsClean()
{
    const Diagnostics diagnostics = RuleSetValidator::validate(baseRuleSet());
    QVERIFY2(diagnostics.isEmpty(), qPrintable(joined(diagnostics)));
}

void TestRuleSetValidator::diagnostics_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, Mutation mutation, const QString& expected) {
        QTest::newRow(name) << mutation << expected;
    };
    const QString relayRoute = QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY");

    // References.
    row(
        "unknown flag in an action (the documented example)",
        [](RuleSet* r) {
            mainRule(r, Options).actions = {setTimer(2000), setFlag(QStringLiteral("INTERNALY_SOURCED")),
                                            reply(503, QStringLiteral("Options Reply"))};
        },
        QStringLiteral("route MAIN › rule \"options\" › action 2: unknown flag INTERNALY_SOURCED (did you mean "
                       "INTERNALLY_SOURCED?)"));
    row(
        "unknown flag in a condition",
        [](RuleSet* r) { mainRule(r, OptionsInternal).conditions[1].flag = QStringLiteral("INTERNALY_SOURCED"); },
        QStringLiteral("route MAIN › rule \"options-internal\" › condition 2: unknown flag INTERNALY_SOURCED (did you "
                       "mean INTERNALLY_SOURCED?)"));
    row(
        "unknown flag, nothing close",
        [](RuleSet* r) { mainRule(r, OptionsInternal).conditions[1].flag = QStringLiteral("NIGHT_MODE"); },
        QStringLiteral("route MAIN › rule \"options-internal\" › condition 2: unknown flag NIGHT_MODE (no flag of that "
                       "name is defined)"));
    row(
        "built-in flags need no declaration",
        [](RuleSet* r) { mainRule(r, OptionsInternal).conditions[1].flag = QStringLiteral("FROM_TRUSTED"); },
        QString());
    row(
        "built-in flag set by a rule",
        [](RuleSet* r) { mainRule(r, Options).actions.prepend(setFlag(QStringLiteral("FROM_CARRIER"))); },
        QStringLiteral("route MAIN › rule \"options\" › action 1: FROM_CARRIER is a built-in flag; rules cannot set or "
                       "clear it (declare a flag of your own)"));
    row(
        "setFlag without a flag", [](RuleSet* r) { mainRule(r, Options).actions.prepend(setFlag(QString())); },
        QStringLiteral("route MAIN › rule \"options\" › action 1: setFlag needs a flag"));
    row(
        "unknown carrier",
        [](RuleSet* r) {
            Condition carrier = condition(ConditionKind::SourceCarrier);
            carrier.carrier = QStringLiteral("acmee");
            mainRule(r, CarrierToCore).conditions = {carrier};
        },
        QStringLiteral("route MAIN › rule \"carrier-to-core\" › condition 1: unknown carrier \"acmee\" (did you mean "
                       "\"acme\"?)"));
    row(
        "unknown route",
        [](RuleSet* r) {
            mainRule(r, OptionsInternal).actions[0].route = QStringLiteral("INTERNAL_TO_EXTERNAL_RELAI");
        },
        QStringLiteral(
            "route MAIN › rule \"options-internal\" › action 1: unknown route INTERNAL_TO_EXTERNAL_RELAI (did "
            "you mean INTERNAL_TO_EXTERNAL_RELAY?)\n"
            "route INTERNAL_TO_EXTERNAL_RELAY: route is never called from MAIN (no request can reach it; "
            "call it with a callRoute action or remove it)"));
    row(
        "unknown group", [](RuleSet* r) { mainRule(r, CarrierToCore).actions[1].group = QStringLiteral("cor"); },
        QStringLiteral("route MAIN › rule \"carrier-to-core\" › action 2: unknown group \"cor\" (did you mean "
                       "\"core\"?)"));
    row(
        "unknown cache",
        [](RuleSet* r) { mainRule(r, CarrierToCore).actions[1].stickyCache = QStringLiteral("asociations"); },
        QStringLiteral("route MAIN › rule \"carrier-to-core\" › action 2: unknown cache \"asociations\" (did you mean "
                       "\"associations\"?)"));


    // Conditions.
    row(
        "invalid regular expression",
        [](RuleSet* r) {
            mainRule(r, Options)
                .conditions.append(match(QStringLiteral("ruri.user"), MatchOp::Regex, QStringLiteral("a(b")));
        },
        QStringLiteral("route MAIN › rule \"options\" › condition 2: invalid regular expression \"a(b\": missing "
                       "closing parenthesis at offset 3"));
    row(
        "exact match is no regular expression",
        [](RuleSet* r) {
            mainRule(r, Options)
                .conditions.append(match(QStringLiteral("ruri.user"), MatchOp::Exact, QStringLiteral("a(b")));
        },
        QString());
    row(
        "unknown match field",
        [](RuleSet* r) {
            mainRule(r, Options)
                .conditions.append(match(QStringLiteral("ruri.usr"), MatchOp::Exact, QStringLiteral("1")));
        },
        QStringLiteral("route MAIN › rule \"options\" › condition 2: unknown match field \"ruri.usr\" (did you mean "
                       "\"ruri.user\"?)"));
    row(
        "invalid header in match field",
        [](RuleSet* r) {
            mainRule(r, Options)
                .conditions.append(match(QStringLiteral("header.X Foo"), MatchOp::Prefix, QStringLiteral("1")));
        },
        QStringLiteral("route MAIN › rule \"options\" › condition 2: invalid header name \"X Foo\" in match field "
                       "\"header.X Foo\" (a header name is a SIP token such as \"X-Customer-Id\")"));
    row(
        "invalid CIDR",
        [](RuleSet* r) {
            Condition cidr = condition(ConditionKind::SourceCidr);
            cidr.cidr = QStringLiteral("10.0.0.1/8");
            mainRule(r, Options).conditions.append(cidr);
        },
        QStringLiteral("route MAIN › rule \"options\" › condition 2: invalid CIDR block \"10.0.0.1/8\": host bits are "
                       "set below the /8 prefix (the network is 10.0.0.0/8)"));
    row(
        "unknown transport",
        [](RuleSet* r) {
            Condition transport = condition(ConditionKind::Transport);
            transport.transports = {QStringLiteral("udp"), QStringLiteral("sctp"), QStringLiteral("TLS")};
            mainRule(r, Options).conditions.append(transport);
        },
        QStringLiteral(
            "route MAIN › rule \"options\" › condition 2: unknown transport \"sctp\" (expected one of: udp, "
            "tcp, tls)\n"
            "route MAIN › rule \"options\" › condition 2: unknown transport \"TLS\" (did you mean \"tls\"?)"));
    row(
        "method not upper case",
        [](RuleSet* r) { mainRule(r, Options).conditions[0].methods = {QStringLiteral("options")}; },
        QStringLiteral(
            "route MAIN › rule \"options\" › condition 1: method \"options\" is not upper case (did you mean "
            "\"OPTIONS\"?)"));
    row(
        "method not a token",
        [](RuleSet* r) { mainRule(r, Options).conditions[0].methods = {QStringLiteral("OPT IONS")}; },
        QStringLiteral("route MAIN › rule \"options\" › condition 1: invalid method \"OPT IONS\" (a method is a SIP "
                       "token such as \"INVITE\")"));
    row(
        "empty method list", [](RuleSet* r) { mainRule(r, Options).conditions[0].methods.clear(); },
        QStringLiteral("route MAIN › rule \"options\" › condition 1: a method condition with an empty list never holds "
                       "(the rule can never run; list methods such as \"INVITE\")"));
    row(
        "negated empty method list always holds",
        [](RuleSet* r) {
            mainRule(r, Options).conditions[0].methods.clear();
            mainRule(r, Options).conditions[0].negate = true;
        },
        QString());
    row(
        "invalid header name",
        [](RuleSet* r) {
            Condition present = condition(ConditionKind::HeaderPresent);
            present.header = QStringLiteral("X-Foo:");
            mainRule(r, Options).conditions.append(present);
        },
        QStringLiteral(
            "route MAIN › rule \"options\" › condition 2: invalid header name \"X-Foo:\" (a header name is a "
            "SIP token such as \"X-Customer-Id\")"));
    row(
        "cache key template",
        [](RuleSet* r) {
            Condition hasKey = condition(ConditionKind::CacheHasKey);
            hasKey.cache = QStringLiteral("associations");
            hasKey.key = QStringLiteral("{call-id}");
            mainRule(r, Options).conditions.append(hasKey);
        },
        QStringLiteral("route MAIN › rule \"options\" › condition 2: invalid template in key: unknown template field "
                       "{call-id} (did you mean {call_id}?)"));

    // Actions.
    row(
        "reply code below 200", [](RuleSet* r) { mainRule(r, Options).actions[0].code = 100; },
        QStringLiteral("route MAIN › rule \"options\" › action 1: reply code 100 is out of range 200-699 (a proxy "
                       "answers a request with a final response)"));
    row(
        "reply code above 699", [](RuleSet* r) { mainRule(r, Options).actions[0].code = 700; },
        QStringLiteral("route MAIN › rule \"options\" › action 1: reply code 700 is out of range 200-699"));
    row(
        "empty reply reason", [](RuleSet* r) { mainRule(r, Options).actions[0].reason = QStringLiteral(" "); },
        QStringLiteral("route MAIN › rule \"options\" › action 1: reply reason is empty (give a reason phrase such as "
                       "\"Service Unavailable\")"));
    row(
        "reply reason with a line break",
        [](RuleSet* r) { mainRule(r, Options).actions[0].reason = QStringLiteral("Options\r\nX-Injected: 1"); },
        QStringLiteral(
            "route MAIN › rule \"options\" › action 1: reply reason contains a line break (it is sent on one "
            "line of the SIP message)"));
    row(
        "relay without target", [](RuleSet* r) { r->routes[1].rules[0].actions[0].uri.clear(); },
        QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\" › action 1: relay needs a "
                       "group or a uri"));
    row(
        "relay with group and uri", [](RuleSet* r) { r->routes[1].rules[0].actions[0].group = QStringLiteral("core"); },
        QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\" › action 1: relay has both a "
                       "group and a uri (keep one of them)"));
    row(
        "relay to a group without destinations", [](RuleSet* r) { coreGroup(r).destinations.clear(); },
        QStringLiteral("route MAIN › rule \"carrier-to-core\" › action 2: group \"core\" has no destinations (add a "
                       "destination to the group)"));
    row(
        "relay to a group with every destination disabled",
        [](RuleSet* r) { coreGroup(r).destinations[0].enabled = false; },
        QStringLiteral("route MAIN › rule \"carrier-to-core\" › action 2: every destination of group \"core\" is "
                       "disabled (the relay fails until a destination is enabled)"));
    row(
        "invalid constant relay URI",
        [](RuleSet* r) { r->routes[1].rules[0].actions[0].uri = QStringLiteral("sip:bad host"); },
        QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\" › action 1: invalid relay URI "
                       "\"sip:bad host\": contains whitespace or angle brackets"));
    row(
        "relay to a tel URI", [](RuleSet* r) { r->routes[1].rules[0].actions[0].uri = QStringLiteral("tel:+1555"); },
        QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\" › action 1: relay URI "
                       "\"tel:+1555\" has no host (relay to a sip: or sips: URI such as sip:198.51.100.20:5060)"));
    row(
        "relay URI template",
        [](RuleSet* r) { r->routes[1].rules[0].actions[0].uri = QStringLiteral("sip:{ruri.usr}@192.0.2.1"); },
        QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\" › action 1: invalid template "
                       "in uri: unknown template field {ruri.usr} (did you mean {ruri.user}?)"));
    row(
        "sticky relay to a URI",
        [](RuleSet* r) {
            Action& relay = r->routes[1].rules[0].actions[0];
            relay.stickyCache = QStringLiteral("associations");
            relay.stickyKey = QStringLiteral("{call_id}");
        },
        QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\" › action 1: stickyCache and "
                       "stickyKey need a relay to a group (a relay to a fixed uri has no destination to stick to)"));
    row(
        "sticky key without cache", [](RuleSet* r) { mainRule(r, CarrierToCore).actions[1].stickyCache.clear(); },
        QStringLiteral("route MAIN › rule \"carrier-to-core\" › action 2: stickyKey is set without stickyCache (set "
                       "both, or neither)"));
    row(
        "timer", [](RuleSet* r) { mainRule(r, CarrierToCore).actions[0].milliseconds = 50; },
        QStringLiteral("route MAIN › rule \"carrier-to-core\" › action 1: milliseconds 50 is out of range 100-300000"));
    row(
        "variable never loaded",
        [](RuleSet* r) { mainRule(r, Options).actions.prepend(log(QStringLiteral("chosen {var.dest}"))); },
        QStringLiteral("route MAIN › rule \"options\" › action 1: message reads {var.dest}, which no cacheLoad action "
                       "loads (it is always empty; load it with a cacheLoad action)"));
    row(
        "variable misspelled",
        [](RuleSet* r) {
            mainRule(r, Options).actions.prepend(log(QStringLiteral("chosen {var.destinaton}")));
            mainRule(r, Options).actions.prepend(cacheLoad(QStringLiteral("destination")));
        },
        QStringLiteral("route MAIN › rule \"options\" › action 2: message reads {var.destinaton}, which no cacheLoad "
                       "action loads (it is always empty; did you mean {var.destination}?)"));
    row(
        "variable loaded in another route",
        [](RuleSet* r) {
            mainRule(r, Options).actions.prepend(log(QStringLiteral("chosen {var.destination}")));
            r->routes[1].rules[0].actions.prepend(cacheLoad(QStringLiteral("destination")));
        },
        QString());
    row(
        "invalid variable name",
        [](RuleSet* r) { mainRule(r, Options).actions.prepend(cacheLoad(QStringLiteral("Dest"))); },
        QStringLiteral("route MAIN › rule \"options\" › action 1: invalid variable name \"Dest\" (variable names are "
                       "lower_snake_case, e.g. dest)"));
    row(
        "unknown URI part",
        [](RuleSet* r) {
            mainRule(r, Options).actions.prepend(rewriteUri(QStringLiteral("usr"), QStringLiteral("alice")));
        },
        QStringLiteral("route MAIN › rule \"options\" › action 1: unknown URI part \"usr\" (did you mean \"user\"?)"));
    row(
        "invalid constant URI",
        [](RuleSet* r) {
            mainRule(r, Options).actions.prepend(rewriteUri(QStringLiteral("uri"), QStringLiteral("sip:")));
        },
        QStringLiteral("route MAIN › rule \"options\" › action 1: invalid URI \"sip:\": has no host"));
    row(
        "invalid constant user",
        [](RuleSet* r) {
            mainRule(r, Options).actions.prepend(rewriteUri(QStringLiteral("user"), QStringLiteral("a b")));
        },
        QStringLiteral("route MAIN › rule \"options\" › action 1: invalid URI user part \"a b\" (a user part holds "
                       "letters, digits, -_.!~*'()&=+$,;?/ and %HH escapes)"));
    row(
        "invalid constant host",
        [](RuleSet* r) {
            mainRule(r, Options).actions.prepend(rewriteUri(QStringLiteral("host"), QStringLiteral("bad_host")));
        },
        QStringLiteral("route MAIN › rule \"options\" › action 1: invalid URI host \"bad_host\" (a host is a domain "
                       "name, an IPv4 address or an [IPv6] address)"));
    row(
        "templated rewrite is checked at run time",
        [](RuleSet* r) {
            mainRule(r, Options).actions.prepend(rewriteUri(QStringLiteral("host"), QStringLiteral("{from.host}")));
        },
        QString());
    row(
        "managed header added",
        [](RuleSet* r) {
            mainRule(r, Options)
                .actions.prepend(header(ActionKind::AddHeader, QStringLiteral("Via"), QStringLiteral("x")));
        },
        QStringLiteral("route MAIN › rule \"options\" › action 1: Via is managed by the proxy; rules cannot add or "
                       "remove it (rules may read it in conditions and templates)"));
    row(
        "managed header removed by compact name",
        [](RuleSet* r) { mainRule(r, Options).actions.prepend(header(ActionKind::RemoveHeader, QStringLiteral("F"))); },
        QStringLiteral(
            "route MAIN › rule \"options\" › action 1: F is managed by the proxy; rules cannot add or remove "
            "it (rules may read it in conditions and templates)"));
    row(
        "header value with a line break",
        [](RuleSet* r) {
            mainRule(r, Options)
                .actions.prepend(header(ActionKind::AddHeader, QStringLiteral("X-A"), QStringLiteral("1\n2")));
        },
        QStringLiteral(
            "route MAIN › rule \"options\" › action 1: header value contains a line break (it is sent on one "
            "line of the SIP message)"));
    row(
        "removeHeader without header",
        [](RuleSet* r) { mainRule(r, Options).actions.prepend(header(ActionKind::RemoveHeader, QString())); },
        QStringLiteral("route MAIN › rule \"options\" › action 1: removeHeader needs a header"));
    row(
        "unknown log level",
        [](RuleSet* r) {
            Action warn = log(QStringLiteral("x"));
            warn.level = QStringLiteral("warn");
            mainRule(r, Options).actions.prepend(warn);
        },
        QStringLiteral("route MAIN › rule \"options\" › action 1: unknown log level \"warn\" (expected one of: debug, "
                       "info, warning)"));
    row(
        "misspelled log level",
        [](RuleSet* r) {
            Action warn = log(QStringLiteral("x"));
            warn.level = QStringLiteral("warnign");
            mainRule(r, Options).actions.prepend(warn);
        },
        QStringLiteral("route MAIN › rule \"options\" › action 1: unknown log level \"warnign\" (did you mean "
                       "\"warning\"?)"));

    // Rules and routes that can never run, and route calls.
    row(
        "rules after an unconditional stop",
        [](RuleSet* r) {
            r->routes[0].rules.insert(1,
                                      rule(QStringLiteral("catch-all"), {}, {setTimer(1000)}, RuleContinuation::Stop));
        },
        QStringLiteral("route MAIN › rule \"options\": rule can never run: rule \"catch-all\" before it has no "
                       "conditions and always leaves the route (move it above rule \"catch-all\", or give that rule a "
                       "condition)\n"
                       "route MAIN › rule \"carrier-to-core\": rule can never run: rule \"catch-all\" before it has no "
                       "conditions and always leaves the route (move it above rule \"catch-all\", or give that rule a "
                       "condition)"));
    row(
        "rule after an unconditional reply that continues",
        [](RuleSet* r) {
            r->routes[0].rules.insert(2, rule(QStringLiteral("catch-all"), {},
                                              {reply(404, QStringLiteral("Not Found"))}, RuleContinuation::Continue));
        },
        QStringLiteral("route MAIN › rule \"carrier-to-core\": rule can never run: rule \"catch-all\" before it has no "
                       "conditions and always leaves the route (move it above rule \"catch-all\", or give that rule a "
                       "condition)"));
    row(
        "unconditional rule that continues",
        [](RuleSet* r) {
            r->routes[0].rules.prepend(rule(QStringLiteral("tag"), {}, {setTimer(1000)}, RuleContinuation::Continue));
        },
        QString());
    row(
        "disabled unconditional stop",
        [](RuleSet* r) {
            Rule off = rule(QStringLiteral("off"), {}, {action(ActionKind::Drop)}, RuleContinuation::Stop);
            off.enabled = false;
            r->routes[0].rules.prepend(off);
        },
        QString());
    row(
        "action after a terminal action",
        [](RuleSet* r) { mainRule(r, Options).actions.append(setFlag(QStringLiteral("INTERNALLY_SOURCED"))); },
        QStringLiteral("route MAIN › rule \"options\" › action 2: action can never run: action 1 (reply) ends the "
                       "evaluation before it (remove it, or move it before action 1)"));
    row(
        "route call cycle",
        [](RuleSet* r) { r->routes[1].rules[0].actions.prepend(callRoute(QStringLiteral("MAIN"))); },
        QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\" › action 1: route call cycle "
                       "MAIN → INTERNAL_TO_EXTERNAL_RELAY → MAIN (a route cannot call itself, directly or through "
                       "other routes)"));
    row(
        "route calling itself",
        [relayRoute](RuleSet* r) { r->routes[1].rules[0].actions.prepend(callRoute(relayRoute)); },
        QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\" › action 1: route call cycle "
                       "INTERNAL_TO_EXTERNAL_RELAY → INTERNAL_TO_EXTERNAL_RELAY (a route cannot call itself, directly "
                       "or through other routes)"));
    row(
        "route never called",
        [](RuleSet* r) {
            r->routes.append(route(QStringLiteral("UNUSED"), {rule(QStringLiteral("x"), {}, {action(ActionKind::Drop)},
                                                                   RuleContinuation::Stop)}));
        },
        QStringLiteral("route UNUSED: route is never called from MAIN (no request can reach it; call it with a "
                       "callRoute action or remove it)"));
    row(
        "empty ruleset", [](RuleSet* r) { *r = RuleSet{}; },
        QStringLiteral("route MAIN is missing (every initial request enters route MAIN; add it)"));
}

void TestRuleSetValidator::diagnostics()
{
    QFETCH(Mutation, mutation);
    QFETCH(QString, expected);
    RuleSet ruleSet = baseRuleSet();
    mutation(&ruleSet);
    QCOMPARE(joined(RuleSetValidator::validate(ruleSet)), expected);
}

void TestRuleSetValidator::severities()
{
    RuleSet ruleSet = baseRuleSet();
    mainRule(&ruleSet, Options).actions.append(setFlag(QStringLiteral("INTERNALLY_SOURCED"))); // unreachable: warning
    Diagnostics diagnostics = RuleSetValidator::validate(ruleSet);
    QCOMPARE(diagnostics.size(), 1);
    QCOMPARE(diagnostics.first().severity, Diagnostic::Severity::Warning);
    QVERIFY(!hasErrors(diagnostics));

    mainRule(&ruleSet, Options).actions.first().code = 100; // out of range: error
    diagnostics = RuleSetValidator::validate(ruleSet);
    QCOMPARE(diagnostics.size(), 2);
    QCOMPARE(diagnostics.first().severity, Diagnostic::Severity::Error);
    QVERIFY(hasErrors(diagnostics));
}

void TestRuleSetValidator::requiredExampleHasItsParts()
{
    RuleSet ruleSet = baseRuleSet();
    mainRule(&ruleSet, Options).actions = {setTimer(2000), setFlag(QStringLiteral("INTERNALY_SOURCED")),
                                           reply(503, QStringLiteral("Options Reply"))};
    const Diagnostics diagnostics = RuleSetValidator::validate(ruleSet);
    QCOMPARE(diagnostics.size(), 1);
    const Diagnostic& diagnostic = diagnostics.first();
    QCOMPARE(diagnostic.severity, Diagnostic::Severity::Error);
    QCOMPARE(diagnostic.path, QStringLiteral("route MAIN \u203a rule \"options\" \u203a action 2"));
    QCOMPARE(diagnostic.message, QStringLiteral("unknown flag INTERNALY_SOURCED"));
    QCOMPARE(diagnostic.hint, QStringLiteral("did you mean INTERNALLY_SOURCED?"));
}

void TestRuleSetValidator::documentedExampleFromFile()
{
    RuleSet ruleSet;
    Diagnostics errors;
    QVERIFY(RuleSetJson::fromJson(test::readFile(test::dataPath(QStringLiteral("rulesets/invalid-unknown-flag.json"))),
                                  &ruleSet, &errors));
    QCOMPARE(joined(RuleSetValidator::validate(ruleSet)),
             QStringLiteral("route MAIN › rule \"options\" › action 2: unknown flag INTERNALY_SOURCED (did you mean "
                            "INTERNALLY_SOURCED?)"));
}

void TestRuleSetValidator::everyProblemIsReportedAtOnce()
{
    RuleSet ruleSet = baseRuleSet();
    ruleSet.flags.append({QStringLiteral("bad-flag"), QString()});
    acme(&ruleSet).addresses[0].address = QStringLiteral("203.0.113.1/24");
    coreGroup(&ruleSet).finalReplyTimerMs = 0;
    ruleSet.caches[0].ttlSeconds = 0;
    mainRule(&ruleSet, OptionsInternal).conditions[1].flag = QStringLiteral("INTERNALY_SOURCED");
    mainRule(&ruleSet, Options).actions[0].code = 99;
    mainRule(&ruleSet, CarrierToCore).actions[1].group = QStringLiteral("cor");
    ruleSet.routes[1].rules[0].actions.prepend(callRoute(QStringLiteral("MAIN")));

    QCOMPARE(joined(RuleSetValidator::validate(ruleSet)),
             QStringLiteral(
                 "flag bad-flag: invalid flag name bad-flag (flag names are UPPER_SNAKE_CASE, e.g. BAD_FLAG)\n"
                 "carrier \"acme\" › address 1: invalid address \"203.0.113.1/24\": host bits are set below the /24 "
                 "prefix (the network is 203.0.113.0/24)\n"
                 "group \"core\": finalReplyTimerMs 0 is out of range 100-300000\n"
                 "cache \"associations\": ttlSeconds 0 is out of range 1-2592000\n"
                 "route MAIN › rule \"options-internal\" › condition 2: unknown flag INTERNALY_SOURCED (did you mean "
                 "INTERNALLY_SOURCED?)\n"
                 "route MAIN › rule \"options\" › action 1: reply code 99 is out of range 200-699 (a proxy answers a "
                 "request with a final response)\n"
                 "route MAIN › rule \"carrier-to-core\" › action 2: unknown group \"cor\" (did you mean \"core\"?)\n"
                 "route INTERNAL_TO_EXTERNAL_RELAY › rule \"relay-by-request-uri\" › action 1: route call cycle MAIN → "
                 "INTERNAL_TO_EXTERNAL_RELAY → MAIN (a route cannot call itself, directly or through other routes)"));
}

void TestRuleSetValidator::eachCycleIsReportedOnce()
{
    // MAIN -> A -> B, B -> A and B -> MAIN: two cycles, each reported once however often the
    // calls that form them are written.
    RuleSet ruleSet = baseRuleSet();
    mainRule(&ruleSet, Options).actions.prepend(callRoute(QStringLiteral("A")));
    const Rule toB = rule(QStringLiteral("to-b"), {}, {callRoute(QStringLiteral("B")), callRoute(QStringLiteral("B"))},
                          RuleContinuation::Continue);
    const Rule back =
        rule(QStringLiteral("back"), {},
             {callRoute(QStringLiteral("A")), callRoute(QStringLiteral("MAIN")), callRoute(QStringLiteral("A"))},
             RuleContinuation::Continue);
    ruleSet.routes.append(route(QStringLiteral("A"), {toB, toB}));
    ruleSet.routes.last().rules[1].name = QStringLiteral("to-b-again");
    ruleSet.routes.append(route(QStringLiteral("B"), {back}));

    QCOMPARE(joined(RuleSetValidator::validate(ruleSet)),
             QStringLiteral("route B › rule \"back\" › action 1: route call cycle A → B → A (a route cannot call "
                            "itself, directly or through other routes)\n"
                            "route B › rule \"back\" › action 2: route call cycle MAIN → A → B → MAIN (a route cannot "
                            "call itself, directly or through other routes)"));
}

void TestRuleSetValidator::largeRuleSetIsCleanAndComplete()
{
    // 10,000 rules using every check that looks something up: names, flags, groups, caches,
    // templates, regular expressions. The clean ruleset gives no diagnostics, and a mistake deep
    // inside it is reported with its path. (How long this takes is measured in tests/bench.)
    RuleSet ruleSet = baseRuleSet();
    Route& main = ruleSet.routes[0];
    Rule last = main.rules.takeLast();
    for (int i = 0; i < 10'000; ++i) {
        Action store = action(ActionKind::CacheStore);
        store.cache = QStringLiteral("associations");
        store.key = QStringLiteral("{call_id}-%1").arg(i);
        store.value = QStringLiteral("{from.user}@{source.ip}");
        main.rules.append(rule(QStringLiteral("rule-%1").arg(i),
                               {flagIsSet(QStringLiteral("INTERNALLY_SOURCED")),
                                match(QStringLiteral("ruri.user"), (i % 10 == 0 ? MatchOp::Regex : MatchOp::Prefix),
                                      QStringLiteral("^\\+%1\\d+$").arg(i))},
                               {setFlag(QStringLiteral("INTERNALLY_SOURCED")), store}, RuleContinuation::Continue));
    }
    main.rules.append(last);
    const Diagnostics clean = RuleSetValidator::validate(ruleSet);
    QVERIFY2(clean.isEmpty(), qPrintable(joined(clean.mid(0, 5))));

    main.rules[9'000].actions[1].cache = QStringLiteral("asociations");
    QCOMPARE(joined(RuleSetValidator::validate(ruleSet)),
             QStringLiteral("route MAIN › rule \"rule-8998\" › action 2: unknown cache \"asociations\" (did you "
                            "mean \"associations\"?)"));
}

QTEST_GUILESS_MAIN(TestRuleSetValidator)
#include "TestRuleSetValidator.moc"