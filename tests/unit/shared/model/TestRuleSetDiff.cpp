#include "TestPaths.h"
#include "model/RuleSetDiff.h"
#include "model/RuleSetJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <functional>

using namespace tollgate;

namespace {

using Mutation = std::function<void(RuleSet*)>;

RuleSet readRuleSet(const QString& path)
{
    RuleSet ruleSet;
    Diagnostics errors;
    if (!RuleSetJson::fromJson(test::readFile(path), &ruleSet, &errors))
        qFatal("cannot read %s", qPrintable(path));
    return ruleSet;
}

/// The starter ruleset: MAIN has mark-internal, options-internal, options, reject-unknown-sources,
/// internal-to-external, carrier-to-core.
RuleSet starter()
{
    return readRuleSet(test::sourcePath(QStringLiteral("resources/starter-ruleset.json")));
}

Route& mainRoute(RuleSet* ruleSet)
{
    return ruleSet->routes[0];
}

int ruleIndex(const Route& route, const QString& name)
{
    for (qsizetype i = 0; i < route.rules.size(); ++i) {
        if (route.rules.at(i).name == name)
            return int(i);
    }
    qFatal("no rule %s", qPrintable(name));
    return -1;
}

Rule& mainRule(RuleSet* ruleSet, const QString& name)
{
    Route& main = mainRoute(ruleSet);
    return main.rules[ruleIndex(main, name)];
}

QString joined(const QList<RuleSetChange>& changes)
{
    QStringList lines;
    for (const RuleSetChange& change : changes)
        lines << change.toString();
    return lines.join(QLatin1Char('\n'));
}

} // namespace

Q_DECLARE_METATYPE(Mutation)

class TestRuleSetDiff : public QObject
{
    Q_OBJECT

private slots:
    void identicalRuleSetsHaveNoChanges();
    void declarationOrderIsNoChange();
    void changes_data();
    void changes();
    void valuesAreCanonicalJson();
    void movedRuleCarriesPositions();
    void changesAreInDocumentOrder();
    void changesAsJson();
};

void TestRuleSetDiff::identicalRuleSetsHaveNoChanges()
{
    QVERIFY(diffRuleSets(starter(), starter()).isEmpty());
    QVERIFY(diffRuleSets(RuleSet{}, RuleSet{}).isEmpty());
    QCOMPARE(ruleSetChangesToJson({}), QJsonArray());
}

void TestRuleSetDiff::declarationOrderIsNoChange()
{
    // Entities are matched by name: listing carriers in another order changes nothing.
    RuleSet reordered = starter();
    std::reverse(reordered.carriers.begin(), reordered.carriers.end());
    std::reverse(reordered.routes.begin(), reordered.routes.end());
    QVERIFY(diffRuleSets(starter(), reordered).isEmpty());
}

void TestRuleSetDiff::changes_data()
{
    QTest::addColumn<Mutation>("mutation");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, Mutation mutation, const QString& expected) {
        QTest::newRow(name) << mutation << expected;
    };

    row(
        "flag added",
        [](RuleSet* r) {
            r->flags.append({QStringLiteral("NIGHT_MODE"), QStringLiteral("after 22:00")});
        },
        QStringLiteral("added flag NIGHT_MODE"));
    row(
        "flag removed", [](RuleSet* r) { r->flags.clear(); }, QStringLiteral("removed flag INTERNALLY_SOURCED"));
    row(
        "flag description", [](RuleSet* r) { r->flags[0].description = QStringLiteral("From the core."); },
        QStringLiteral(
            "changed flag INTERNALLY_SOURCED › description: \"The request came from our own core platform (a "
            "trusted carrier).\" -> \"From the core.\""));
    row(
        "carrier limit", [](RuleSet* r) { r->carriers[1].maxCallsPerSecond = 20; },
        QStringLiteral("changed carrier \"demo-carrier\" › maxCallsPerSecond: 50 -> 20"));
    row(
        "carrier addresses", [](RuleSet* r) { r->carriers[0].addresses[0].port = 5090; },
        QStringLiteral("changed carrier \"core\" › addresses: [{\"address\":\"127.0.0.1\",\"port\":5080,\"transport\":"
                       "\"any\"}] -> [{\"address\":\"127.0.0.1\",\"port\":5090,\"transport\":\"any\"}]"));
    row(
        "carrier renamed", [](RuleSet* r) { r->carriers[1].name = QStringLiteral("acme"); },
        QStringLiteral("added carrier \"acme\"\nremoved carrier \"demo-carrier\""));
    row(
        "group algorithm and probe",
        [](RuleSet* r) {
            r->groups[0].algorithm = GroupAlgorithm::RoundRobin;
            r->groups[0].probe.intervalMs = 10000;
            r->groups[0].probe.aliveCodes = {200};
        },
        QStringLiteral("changed group \"core\" › algorithm: \"priority\" -> \"round-robin\"\n"
                       "changed group \"core\" › probe › intervalMs: 5000 -> 10000\n"
                       "changed group \"core\" › probe › aliveCodes: [] -> [200]"));
    row(
        "cache TTL", [](RuleSet* r) { r->caches[0].ttlSeconds = 3600; },
        QStringLiteral("changed cache \"associations\" › ttlSeconds: 7200 -> 3600"));
    row(
        "route added",
        [](RuleSet* r) {
            Route route;
            route.name = QStringLiteral("NIGHT");
            r->routes.append(route);
        },
        QStringLiteral("added route NIGHT"));
    row(
        "route removed", [](RuleSet* r) { r->routes.removeLast(); },
        QStringLiteral("removed route INTERNAL_TO_EXTERNAL_RELAY"));
    row(
        "route description", [](RuleSet* r) { mainRoute(r).description = QStringLiteral("Start here."); },
        QStringLiteral("changed route MAIN › description: \"Entry point of every initial request.\" -> \"Start "
                       "here.\""));
    row(
        "rule added",
        [](RuleSet* r) {
            Rule rule;
            rule.name = QStringLiteral("drop-scanners");
            mainRoute(r).rules.insert(1, rule);
        },
        QStringLiteral("added route MAIN › rule \"drop-scanners\""));
    row(
        "rule removed",
        [](RuleSet* r) { mainRoute(r).rules.removeAt(ruleIndex(mainRoute(r), QStringLiteral("options"))); },
        QStringLiteral("removed route MAIN › rule \"options\""));
    row(
        "rule fields",
        [](RuleSet* r) {
            Rule& options = mainRule(r, QStringLiteral("options"));
            options.enabled = false;
            options.actions[0].code = 200;
            options.actions[0].reason = QStringLiteral("OK");
        },
        QStringLiteral("changed route MAIN › rule \"options\" › enabled: true -> false\n"
                       "changed route MAIN › rule \"options\" › actions: [{\"code\":503,\"kind\":\"reply\",\"reason\":"
                       "\"Options Reply\"}] -> [{\"code\":200,\"kind\":\"reply\",\"reason\":\"OK\"}]"));
    // Either rule of a swapped pair could be called the moved one; the diff names one, always the same.
    row(
        "rule swapped with its neighbour", [](RuleSet* r) { mainRoute(r).rules.swapItemsAt(1, 2); },
        QStringLiteral("moved route MAIN › rule \"options\": position 3 -> 2"));
    row(
        "rule moved to the end", [](RuleSet* r) { mainRoute(r).rules.move(0, mainRoute(r).rules.size() - 1); },
        QStringLiteral("moved route MAIN › rule \"mark-internal\": position 1 -> 6"));
    row(
        "rule moved and changed",
        [](RuleSet* r) {
            mainRoute(r).rules.move(5, 0);
            mainRoute(r).rules[0].description = QStringLiteral("First.");
        },
        QStringLiteral("moved route MAIN › rule \"carrier-to-core\": position 6 -> 1\n"
                       "changed route MAIN › rule \"carrier-to-core\" › description: \"Calls from carriers go to the "
                       "core; a call's retries stick to the destination first chosen.\" -> \"First.\""));
    row(
        "rule renamed",
        [](RuleSet* r) { mainRule(r, QStringLiteral("options")).name = QStringLiteral("options-reply"); },
        QStringLiteral("removed route MAIN › rule \"options\"\nadded route MAIN › rule \"options-reply\""));
}

void TestRuleSetDiff::changes()
{
    QFETCH(Mutation, mutation);
    QFETCH(QString, expected);
    const RuleSet before = starter();
    RuleSet after = before;
    mutation(&after);
    QCOMPARE(joined(diffRuleSets(before, after)), expected);
}

void TestRuleSetDiff::valuesAreCanonicalJson()
{
    const RuleSet before = starter();
    RuleSet after = before;
    after.caches.clear();
    mainRule(&after, QStringLiteral("options")).then = RuleContinuation::Continue;

    const QList<RuleSetChange> changes = diffRuleSets(before, after);
    QCOMPARE(changes.size(), 2);

    const RuleSetChange& removed = changes.at(0);
    QCOMPARE(removed.kind, RuleSetChange::Kind::Removed);
    QCOMPARE(removed.path, QStringLiteral("cache \"associations\""));
    QCOMPARE(removed.before, RuleSetJson::toJsonObject(before).value(QStringLiteral("caches")).toArray().at(0));
    QVERIFY(removed.after.isNull());

    const RuleSetChange& changed = changes.at(1);
    QCOMPARE(changed.kind, RuleSetChange::Kind::Changed);
    QCOMPARE(changed.path, QStringLiteral("route MAIN \u203a rule \"options\" \u203a then"));
    QCOMPARE(changed.before, QJsonValue(QStringLiteral("stop")));
    QCOMPARE(changed.after, QJsonValue(QStringLiteral("continue")));
}

void TestRuleSetDiff::movedRuleCarriesPositions()
{
    const RuleSet before = starter();
    RuleSet after = before;
    mainRoute(&after).rules.move(2, 0);
    const QList<RuleSetChange> changes = diffRuleSets(before, after);
    QCOMPARE(changes.size(), 1);
    QCOMPARE(changes.first().kind, RuleSetChange::Kind::Moved);
    QCOMPARE(changes.first().path, QStringLiteral("route MAIN \u203a rule \"options\""));
    QCOMPARE(changes.first().before, QJsonValue(3));
    QCOMPARE(changes.first().after, QJsonValue(1));
}

void TestRuleSetDiff::changesAreInDocumentOrder()
{
    // From the seed ruleset to the starter: flags, carriers, groups, caches, then routes (MAIN
    // first); within a route removed rules, then the new order.
    const RuleSet seed = readRuleSet(test::dataPath(QStringLiteral("rulesets/seed.json")));
    QCOMPARE(
        joined(diffRuleSets(seed, starter())),
        QStringLiteral("changed flag INTERNALLY_SOURCED › description: \"The request came from our own core "
                       "platform.\" -> \"The request came from our own core platform (a trusted carrier).\"\n"
                       "added carrier \"core\"\n"
                       "added carrier \"demo-carrier\"\n"
                       "added group \"core\"\n"
                       "added cache \"associations\"\n"
                       "changed route MAIN › description: \"The seed case: OPTIONS from inside are relayed, every "
                       "other OPTIONS gets a 503.\" -> \"Entry point of every initial request.\"\n"
                       "added route MAIN › rule \"mark-internal\"\n"
                       "changed route MAIN › rule \"options-internal\" › description: \"OPTIONS from the core go to "
                       "INTERNAL_TO_EXTERNAL_RELAY.\" -> \"OPTIONS from the core go out like any other internal "
                       "request.\"\n"
                       "changed route MAIN › rule \"options\" › description: \"Every other OPTIONS is answered at "
                       "the edge.\" -> \"Every other OPTIONS (keepalives, scanners) gets a cheap 503 from the "
                       "edge.\"\n"
                       "added route MAIN › rule \"reject-unknown-sources\"\n"
                       "added route MAIN › rule \"internal-to-external\"\n"
                       "added route MAIN › rule \"carrier-to-core\""));
}

void TestRuleSetDiff::changesAsJson()
{
    const RuleSet before = starter();
    RuleSet after = before;
    after.carriers[1].maxCallsPerSecond = 20;
    mainRoute(&after).rules.removeLast();
    const QJsonArray json = ruleSetChangesToJson(diffRuleSets(before, after));
    QCOMPARE(json.size(), 2);

    const QJsonObject changed = json.at(0).toObject();
    QCOMPARE(changed.value(QStringLiteral("kind")).toString(), QStringLiteral("changed"));
    QCOMPARE(changed.value(QStringLiteral("path")).toString(),
             QStringLiteral("carrier \"demo-carrier\" \u203a maxCallsPerSecond"));
    QCOMPARE(changed.value(QStringLiteral("before")), QJsonValue(50));
    QCOMPARE(changed.value(QStringLiteral("after")), QJsonValue(20));

    const QJsonObject removed = json.at(1).toObject();
    QCOMPARE(removed.value(QStringLiteral("kind")).toString(), QStringLiteral("removed"));
    QCOMPARE(removed.value(QStringLiteral("path")).toString(),
             QStringLiteral("route MAIN \u203a rule \"carrier-to-core\""));
    QCOMPARE(removed.value(QStringLiteral("before")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("carrier-to-core"));
    QVERIFY(removed.value(QStringLiteral("after")).isNull());
    QCOMPARE(removed.keys(), (QStringList{QStringLiteral("after"), QStringLiteral("before"), QStringLiteral("kind"),
                                          QStringLiteral("path")}));
}

QTEST_GUILESS_MAIN(TestRuleSetDiff)
#include "TestRuleSetDiff.moc"
