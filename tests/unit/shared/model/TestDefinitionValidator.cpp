#include "RuleSetValidatorFixture.h"
#include "model/RuleSetValidator.h"

#include <QTest>

using namespace tollgate;
using namespace tollgate::test;

// The parts of a ruleset that rules refer to: flag, carrier, group and cache definitions, and
// the names they are known by. Each row breaks one thing in the base ruleset.
class TestDefinitionValidator : public QObject
{
    Q_OBJECT

private slots:
    void diagnostics_data();
    void diagnostics();
};

void TestDefinitionValidator::diagnostics_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, Mutation mutation, const QString& expected) {
        QTest::newRow(name) << mutation << expected;
    };
    const QString relayRoute = QStringLiteral("INTERNAL_TO_EXTERNAL_RELAY");

    // Names.
    row(
        "invalid flag name",
        [](RuleSet* r) {
            r->flags.append({QStringLiteral("night mode"), QString()});
        },
        QStringLiteral("flag night mode: invalid flag name night mode (flag names are UPPER_SNAKE_CASE, e.g. "
                       "NIGHT_MODE)"));
    row(
        "missing flag name",
        [](RuleSet* r) {
            r->flags.append({QString(), QString()});
        },
        QStringLiteral("flag 2: missing flag name"));
    row(
        "flag name too long",
        [](RuleSet* r) {
            r->flags.append({QString(65, QLatin1Char('A')), QString()});
        },
        QStringLiteral("flag %1: flag name is longer than 64 characters").arg(QString(65, QLatin1Char('A'))));
    row(
        "duplicate flag", [](RuleSet* r) { r->flags.append(r->flags.first()); },
        QStringLiteral("flag INTERNALLY_SOURCED: duplicate flag name INTERNALLY_SOURCED (flag names must be unique; "
                       "rename or remove one)"));
    row(
        "built-in flag declared",
        [](RuleSet* r) {
            r->flags.append({QStringLiteral("FROM_CARRIER"), QString()});
        },
        QStringLiteral("flag FROM_CARRIER: FROM_CARRIER is a built-in flag and cannot be declared (remove it: built-in "
                       "flags need no declaration)"));
    row(
        "too many flags",
        [](RuleSet* r) {
            for (int i = 0; i < 61; ++i)
                r->flags.append({QStringLiteral("F%1").arg(i), QString()});
        },
        QStringLiteral("too many flags: 62 (the limit is 61) (flags are kept in 64 bits, 3 of them built in)"));
    row(
        "invalid carrier name", [](RuleSet* r) { acme(r).name = QStringLiteral("Acme Telecom"); },
        QStringLiteral("carrier \"Acme Telecom\": invalid carrier name \"Acme Telecom\" (carrier names are "
                       "lower-kebab-case, e.g. acme-telecom)"));
    row(
        "duplicate carrier",
        [](RuleSet* r) {
            Carrier copy = acme(r);
            copy.addresses = {{QStringLiteral("198.51.100.0/24"), 0, Transport::Any}};
            r->carriers.append(copy);
        },
        QStringLiteral("carrier \"acme\": duplicate carrier name \"acme\" (carrier names must be unique; rename or "
                       "remove one)"));
    row(
        "duplicate group", [](RuleSet* r) { r->groups.append(coreGroup(r)); },
        QStringLiteral("group \"core\": duplicate group name \"core\" (group names must be unique; rename or remove "
                       "one)"));
    row(
        "invalid cache name",
        [](RuleSet* r) {
            r->caches.append({QStringLiteral("-x"), QString(), 60, 10});
        },
        QStringLiteral("cache \"-x\": invalid cache name \"-x\" (cache names are lower-kebab-case, e.g. x)"));
    row(
        "missing route MAIN", [](RuleSet* r) { r->routes[0].name = QStringLiteral("MIAN"); },
        QStringLiteral("route MAIN is missing (did you mean to name route MIAN MAIN?)"));
    row(
        "invalid route name",
        [relayRoute](RuleSet* r) {
            r->routes[1].name = QStringLiteral("internal-relay");
            mainRule(r, OptionsInternal).actions[0].route = QStringLiteral("internal-relay");
        },
        QStringLiteral(
            "route internal-relay: invalid route name internal-relay (route names are UPPER_SNAKE_CASE, e.g. "
            "INTERNAL_RELAY)"));
    row(
        "duplicate route", [](RuleSet* r) { r->routes.append(r->routes[1]); },
        QStringLiteral("route INTERNAL_TO_EXTERNAL_RELAY: duplicate route name INTERNAL_TO_EXTERNAL_RELAY (route names "
                       "must be unique; rename or remove one)"));
    row(
        "invalid rule name", [](RuleSet* r) { mainRule(r, Options).name = QStringLiteral("Options"); },
        QStringLiteral("route MAIN › rule \"Options\": invalid rule name \"Options\" (rule names are lower-kebab-case, "
                       "e.g. options)"));
    row(
        "rule without name", [](RuleSet* r) { mainRule(r, Options).name.clear(); },
        QStringLiteral("route MAIN › rule 2: missing rule name"));
    row(
        "duplicate rule", [](RuleSet* r) { r->routes[0].rules.append(mainRule(r, Options)); },
        QStringLiteral("route MAIN › rule \"options\": duplicate rule name \"options\" (rule names must be unique; "
                       "rename or remove one)"));
    row(
        "same rule name in two routes is fine",
        [](RuleSet* r) { r->routes[1].rules[0].name = QStringLiteral("options"); }, QString());

    // Carriers.
    row(
        "address with host bits", [](RuleSet* r) { acme(r).addresses[0].address = QStringLiteral("203.0.113.1/24"); },
        QStringLiteral("carrier \"acme\" › address 1: invalid address \"203.0.113.1/24\": host bits are set below the "
                       "/24 prefix (the network is 203.0.113.0/24)"));
    row(
        "address that is no IP", [](RuleSet* r) { acme(r).addresses[0].address = QStringLiteral("203.0.113"); },
        QStringLiteral("carrier \"acme\" › address 1: invalid address \"203.0.113\": not an IP address or CIDR block"));
    row(
        "address prefix too long", [](RuleSet* r) { acme(r).addresses[0].address = QStringLiteral("203.0.113.0/33"); },
        QStringLiteral("carrier \"acme\" › address 1: invalid address \"203.0.113.0/33\": prefix length 33 is out of "
                       "range 0-32"));
    row(
        "empty address", [](RuleSet* r) { acme(r).addresses[0].address.clear(); },
        QStringLiteral("carrier \"acme\" › address 1: missing address (give an IP address or a CIDR block such as "
                       "203.0.113.0/24)"));
    row(
        "address claimed by two carriers",
        [](RuleSet* r) {
            acme(r).addresses.append({QStringLiteral("127.0.0.1/32"), 5080, Transport::Any});
        },
        QStringLiteral("carrier \"acme\" › address 2: address 127.0.0.1 port 5080 is already claimed by carrier "
                       "\"core\" (a source must classify as one carrier; make the addresses differ by block, port or "
                       "transport)"));
    row(
        "same block on another port is fine",
        [](RuleSet* r) {
            acme(r).addresses.append({QStringLiteral("127.0.0.1"), 5081, Transport::Any});
        },
        QString());
    row(
        "same block on another transport is fine",
        [](RuleSet* r) {
            acme(r).addresses.append({QStringLiteral("127.0.0.1"), 5080, Transport::Udp});
        },
        QString());
    row(
        "duplicate address within a carrier",
        [](RuleSet* r) {
            acme(r).addresses.append({QStringLiteral("203.0.113.0/24"), 0, Transport::Any});
        },
        QStringLiteral("carrier \"acme\" › address 2: duplicate address 203.0.113.0/24 (address 1 is the same; remove "
                       "one)"));
    row(
        "mapping private address",
        [](RuleSet* r) {
            acme(r).mappings = {{QStringLiteral("10.20.0"), QStringLiteral("198.51.100.5")}};
        },
        QStringLiteral("carrier \"acme\" › mapping 1: private address \"10.20.0\" is not an IP address"));
    row(
        "mapping public address",
        [](RuleSet* r) {
            acme(r).mappings = {{QStringLiteral("10.20.0.5"), QStringLiteral("10.0.0.0/8")}};
        },
        QStringLiteral("carrier \"acme\" › mapping 1: public address \"10.0.0.0/8\" is not an IP address"));
    row(
        "mapping across families",
        [](RuleSet* r) {
            acme(r).mappings = {{QStringLiteral("10.20.0.5"), QStringLiteral("2001:db8::5")}};
        },
        QStringLiteral("carrier \"acme\" › mapping 1: private address 10.20.0.5 and public address 2001:db8::5 are of "
                       "different IP families (map IPv4 to IPv4 and IPv6 to IPv6)"));
    row(
        "private address mapped twice",
        [](RuleSet* r) {
            acme(r).mappings = {{QStringLiteral("10.20.0.5"), QStringLiteral("198.51.100.5")},
                                {QStringLiteral("10.20.0.5"), QStringLiteral("198.51.100.6")}};
        },
        QStringLiteral("carrier \"acme\" › mapping 2: private address 10.20.0.5 is already mapped (mapping 1 maps it "
                       "too; remove one)"));
    row(
        "negative call limit", [](RuleSet* r) { acme(r).maxConcurrentCalls = -1; },
        QStringLiteral("carrier \"acme\": maxConcurrentCalls -1 must be at least 0 (use 0 for no limit)"));

    // Groups and caches.
    row(
        "destination URI without host", [](RuleSet* r) { coreGroup(r).destinations[0].uri = QStringLiteral("sip:"); },
        QStringLiteral("group \"core\" › destination 1: invalid destination URI \"sip:\": has no host"));
    row(
        "tel destination", [](RuleSet* r) { coreGroup(r).destinations[0].uri = QStringLiteral("tel:+15551234"); },
        QStringLiteral("group \"core\" › destination 1: destination URI \"tel:+15551234\" has no host (a destination "
                       "is a sip: or sips: URI such as sip:10.0.0.10:5060)"));
    row(
        "destination priority", [](RuleSet* r) { coreGroup(r).destinations[0].priority = 70000; },
        QStringLiteral("group \"core\" › destination 1: priority 70000 is out of range 0-65535"));
    row(
        "destination weight", [](RuleSet* r) { coreGroup(r).destinations[0].weight = 0; },
        QStringLiteral("group \"core\" › destination 1: weight 0 must be at least 1"));
    row(
        "destination name syntax", [](RuleSet* r) { coreGroup(r).destinations[0].name = QStringLiteral("Core_A"); },
        QStringLiteral("group \"core\" › destination 1: invalid destination name \"Core_A\" (destination names "
                       "are lower-kebab-case, e.g. core-a)"));
    row(
        "duplicate destination name",
        [](RuleSet* r) {
            coreGroup(r).destinations[0].name = QStringLiteral("core-a");
            Destination second = coreGroup(r).destinations[0];
            second.uri = QStringLiteral("sip:127.0.0.1:5081");
            coreGroup(r).destinations.append(second);
        },
        QStringLiteral("group \"core\" › destination 2: duplicate destination name \"core-a\" (destination names must be "
                       "unique; rename or remove one)"));
    row(
        "duplicate destination",
        [](RuleSet* r) {
            Destination copy = coreGroup(r).destinations[0];
            copy.name.clear();
            coreGroup(r).destinations.append(copy);
        },
        QStringLiteral("group \"core\" › destination 2: duplicate destination \"sip:127.0.0.1:5080\" (destination 1 is "
                       "the same; remove one)"));
    row(
        "failover code",
        [](RuleSet* r) {
            coreGroup(r).failoverCodes = {503, 200};
        },
        QStringLiteral("group \"core\": failover code 200 is out of range 300-699"));
    row(
        "final reply timer", [](RuleSet* r) { coreGroup(r).finalReplyTimerMs = 50; },
        QStringLiteral("group \"core\": finalReplyTimerMs 50 is out of range 100-300000"));
    row(
        "probe interval",
        [](RuleSet* r) {
            coreGroup(r).probe.intervalMs = 100;
            coreGroup(r).probe.timeoutMs = 100;
        },
        QStringLiteral("group \"core\" › probe: intervalMs 100 is out of range 500-3600000"));
    row(
        "probe timeout over interval", [](RuleSet* r) { coreGroup(r).probe.timeoutMs = 6000; },
        QStringLiteral("group \"core\" › probe: timeoutMs 6000 is out of range 100-5000 (a probe must time out before "
                       "the next one is due)"));
    row(
        "probe thresholds",
        [](RuleSet* r) {
            coreGroup(r).probe.failureThreshold = 0;
            coreGroup(r).probe.recoveryThreshold = 101;
        },
        QStringLiteral("group \"core\" › probe: failureThreshold 0 is out of range 1-100\n"
                       "group \"core\" › probe: recoveryThreshold 101 is out of range 1-100"));
    row(
        "probe alive code",
        [](RuleSet* r) {
            coreGroup(r).probe.aliveCodes = {200, 99};
        },
        QStringLiteral("group \"core\" › probe: alive code 99 is out of range 100-699"));
    row(
        "cache TTL", [](RuleSet* r) { r->caches[0].ttlSeconds = 0; },
        QStringLiteral("cache \"associations\": ttlSeconds 0 is out of range 1-2592000"));
    row(
        "cache size", [](RuleSet* r) { r->caches[0].maxEntries = 10000001; },
        QStringLiteral("cache \"associations\": maxEntries 10000001 is out of range 1-10000000"));
}

void TestDefinitionValidator::diagnostics()
{
    QFETCH(Mutation, mutation);
    QFETCH(QString, expected);
    RuleSet ruleSet = baseRuleSet();
    mutation(&ruleSet);
    QCOMPARE(joined(RuleSetValidator::validate(ruleSet)), expected);
}

QTEST_GUILESS_MAIN(TestDefinitionValidator)
#include "TestDefinitionValidator.moc"
