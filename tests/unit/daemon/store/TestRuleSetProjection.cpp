#include "StoreTestRuleSets.h"
#include "StoreTestRows.h"
#include "model/RuleSetJson.h"
#include "model/RuleSetValidator.h"
#include "store/Database.h"
#include "store/Migrator.h"
#include "store/RuleSetProjection.h"
#include "store/Statement.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tollgate;
using tollgate::test::rowsOf;

namespace {

/// A private in-memory database with the current schema.
bool openMigrated(Database* database)
{
    QString error;
    Migrator migrator;
    const bool ok =
        database->open(QStringLiteral(":memory:"), Database::OpenMode::ReadWriteCreate, &error) &&
        migrator.load(&error) && migrator.migrate(*database, nullptr, &error) &&
        database->exec(QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("enable foreign keys"), &error);
    if (!ok)
        qWarning("%s", qPrintable(error));
    return ok;
}

/// Every row of `sql`, each as its columns joined with '|'.

RuleSet canonicalized(const RuleSet& ruleSet)
{
    RuleSet result;
    Diagnostics errors;
    if (!RuleSetJson::fromJson(RuleSetJson::toCanonicalJson(ruleSet), &result, &errors))
        qWarning("canonical JSON does not read back: %s", qPrintable(errors.value(0).toString()));
    return result;
}

QJsonObject parseObject(const QString& json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object();
}

} // namespace

class TestRuleSetProjection : public QObject
{
    Q_OBJECT

private slots:
    void testRuleSetsAreValid_data();
    void testRuleSetsAreValid();
    void writesEveryTable();
    void parametersUseTheRulesetFormatNames();
    void rewriteReplacesThePreviousProjection();
    void foreignKeysHold();
    void dumpSeesEveryChange();
    void constraintViolationIsReported();
};

void TestRuleSetProjection::testRuleSetsAreValid_data()
{
    QTest::addColumn<RuleSet>("ruleSet");
    QTest::newRow("rich") << test::richRuleSet();
    QTest::newRow("variant 0") << test::variantRuleSet(0);
    QTest::newRow("variant 5") << test::variantRuleSet(5);
}

void TestRuleSetProjection::testRuleSetsAreValid()
{
    // The other tests rely on these rulesets being applicable.
    QFETCH(RuleSet, ruleSet);
    const Diagnostics diagnostics = RuleSetValidator::validate(ruleSet);
    for (const Diagnostic& diagnostic : diagnostics)
        qInfo("%s", qPrintable(diagnostic.toString()));
    QVERIFY(!hasErrors(diagnostics));
}

void TestRuleSetProjection::writesEveryTable()
{
    Database database;
    QVERIFY(openMigrated(&database));
    QString error;
    QVERIFY2(RuleSetProjection::write(database, test::richRuleSet(), &error), qPrintable(error));

    QCOMPARE(rowsOf(database, QStringLiteral("SELECT position, name, description FROM flags ORDER BY position")),
             QStringList({QStringLiteral("1|INTERNALLY_SOURCED|The request came from our core"),
                          QStringLiteral("2|NEEDS_SHORT_TIMER|")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT position, name, description, trusted, max_concurrent_calls, "
                                             "max_calls_per_second FROM carriers ORDER BY position")),
             QStringList({QStringLiteral("1|acme|Acme Telecom|0|200|20"), QStringLiteral("2|core||1|0|0")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT carrier, position, address, port, transport FROM "
                                             "carrier_addresses ORDER BY carrier, position")),
             QStringList({QStringLiteral("acme|1|203.0.113.0/24|5060|udp"),
                          QStringLiteral("acme|2|2001:db8::/32|0|any"), QStringLiteral("core|1|192.0.2.10|5060|tcp")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT * FROM carrier_ip_mappings")),
             QStringList({QStringLiteral("acme|1|10.20.0.5|198.51.100.5")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT * FROM destination_groups")),
             QStringList({QStringLiteral("1|core-proxies|Core proxies A and B|priority|[408,500,502,503,504]|1|2000|1|"
                                         "5000|2000|3|2|[200,404]")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT * FROM destinations ORDER BY position")),
             QStringList({QStringLiteral("core-proxies|1||sip:10.0.0.10:5060|0|1|1|proxy A"),
                          QStringLiteral("core-proxies|2||sip:10.0.0.11:5060;transport=tcp|1|3|1|proxy B")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT * FROM caches")),
             QStringList({QStringLiteral("1|associations|Call-ID -> destination|600|5000")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT * FROM routes ORDER BY position")),
             QStringList({QStringLiteral("1|MAIN|Entry point"), QStringLiteral("2|RELAY|")}));
    QCOMPARE(
        rowsOf(database, QStringLiteral("SELECT route, position, name, enabled, continuation FROM rules "
                                        "ORDER BY route, position")),
        QStringList({QStringLiteral("MAIN|1|mark-internal|1|continue"), QStringLiteral("MAIN|2|options|1|stop"),
                     QStringLiteral("MAIN|3|from-acme|1|continue"), QStringLiteral("MAIN|4|to-request-uri|0|continue"),
                     QStringLiteral("MAIN|5|drop-the-rest|1|continue"), QStringLiteral("RELAY|1|to-core|1|continue")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT position, kind, negate, params FROM rule_conditions WHERE "
                                             "route = 'MAIN' AND rule = 'options' ORDER BY position")),
             QStringList({QStringLiteral("1|method|0|{\"methods\":[\"OPTIONS\"]}"),
                          QStringLiteral("2|flag|1|{\"flag\":\"INTERNALLY_SOURCED\"}")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT kind, params FROM rule_actions WHERE rule = 'to-core'")),
             QStringList({QStringLiteral("relay|{\"group\":\"core-proxies\",\"stickyCache\":\"associations\","
                                         "\"stickyKey\":\"{call_id}\"}")}));
    // Every kind appears once in the rich ruleset's projection: 11 condition kinds, 15 action kinds.
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT count(DISTINCT kind) FROM rule_conditions")),
             QStringList({QStringLiteral("11")}));
    QCOMPARE(rowsOf(database, QStringLiteral("SELECT count(DISTINCT kind) FROM rule_actions")),
             QStringList({QStringLiteral("15")}));
}

void TestRuleSetProjection::parametersUseTheRulesetFormatNames()
{
    // A DBA reads params with the names of docs/ruleset-format.md: each params object must be the
    // condition's or action's canonical JSON object without its kind (and negate).
    const RuleSet ruleSet = canonicalized(test::richRuleSet());
    Database database;
    QVERIFY(openMigrated(&database));
    QString error;
    QVERIFY2(RuleSetProjection::write(database, ruleSet, &error), qPrintable(error));

    const QJsonArray routes = RuleSetJson::toJsonObject(ruleSet).value(QStringLiteral("routes")).toArray();
    QCOMPARE(routes.size(), ruleSet.routes.size());
    int compared = 0;
    for (int routeIndex = 0; routeIndex < routes.size(); ++routeIndex) {
        const QJsonArray rules = routes[routeIndex].toObject().value(QStringLiteral("rules")).toArray();
        const QString routeName = ruleSet.routes[routeIndex].name;
        for (int ruleIndex = 0; ruleIndex < rules.size(); ++ruleIndex) {
            const QJsonObject rule = rules[ruleIndex].toObject();
            const QString ruleName = rule.value(QStringLiteral("name")).toString();
            for (const QString& part : {QStringLiteral("conditions"), QStringLiteral("actions")}) {
                const QStringList stored = rowsOf(
                    database, QStringLiteral("SELECT params FROM rule_%1 WHERE route = '%2' AND rule = '%3' ORDER BY "
                                             "position")
                                  .arg(part, routeName, ruleName));
                const QJsonArray expected = rule.value(part).toArray();
                QCOMPARE(stored.size(), expected.size());
                for (int index = 0; index < expected.size(); ++index) {
                    QJsonObject object = expected[index].toObject();
                    object.remove(QStringLiteral("kind"));
                    object.remove(QStringLiteral("negate"));
                    QCOMPARE(parseObject(stored[index]), object);
                    ++compared;
                }
            }
        }
    }
    QCOMPARE(compared, 11 + 16); // Every condition and every action of the rich ruleset.
}

void TestRuleSetProjection::rewriteReplacesThePreviousProjection()
{
    Database rewritten;
    Database fresh;
    QVERIFY(openMigrated(&rewritten));
    QVERIFY(openMigrated(&fresh));
    QString error;
    QVERIFY2(RuleSetProjection::write(rewritten, test::richRuleSet(), &error), qPrintable(error));
    QVERIFY2(RuleSetProjection::write(rewritten, test::variantRuleSet(2), &error), qPrintable(error));
    QVERIFY2(RuleSetProjection::write(fresh, test::variantRuleSet(2), &error), qPrintable(error));

    QStringList rewrittenRows;
    QStringList freshRows;
    QVERIFY2(RuleSetProjection::dump(rewritten, &rewrittenRows, &error), qPrintable(error));
    QVERIFY2(RuleSetProjection::dump(fresh, &freshRows, &error), qPrintable(error));
    QCOMPARE(rewrittenRows, freshRows);
    QVERIFY(rewrittenRows.contains(QStringLiteral("routes|1|'MAIN'|''")));
    QCOMPARE(rowsOf(rewritten, QStringLiteral("SELECT count(*) FROM rules")), QStringList({QStringLiteral("7")}));

    QVERIFY2(RuleSetProjection::write(rewritten, RuleSet(), &error), qPrintable(error));
    QVERIFY2(RuleSetProjection::dump(rewritten, &rewrittenRows, &error), qPrintable(error));
    QVERIFY(rewrittenRows.isEmpty());
}

void TestRuleSetProjection::foreignKeysHold()
{
    Database database;
    QVERIFY(openMigrated(&database));
    QString error;
    QVERIFY2(RuleSetProjection::write(database, test::richRuleSet(), &error), qPrintable(error));
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA foreign_key_check")), QStringList());
    QCOMPARE(rowsOf(database, QStringLiteral("PRAGMA foreign_keys")), QStringList({QStringLiteral("1")}));
}

void TestRuleSetProjection::dumpSeesEveryChange()
{
    Database database;
    QVERIFY(openMigrated(&database));
    QString error;
    QVERIFY2(RuleSetProjection::write(database, test::richRuleSet(), &error), qPrintable(error));
    QStringList before;
    QVERIFY2(RuleSetProjection::dump(database, &before, &error), qPrintable(error));
    QVERIFY(before.contains(QStringLiteral("flags|2|'NEEDS_SHORT_TIMER'|''")));

    QVERIFY2(database.exec(QStringLiteral("UPDATE destinations SET weight = 4 WHERE position = 2"),
                           QStringLiteral("edit"), &error),
             qPrintable(error));
    QStringList after;
    QVERIFY2(RuleSetProjection::dump(database, &after, &error), qPrintable(error));
    QCOMPARE(after.size(), before.size());
    QVERIFY(after != before);
}

void TestRuleSetProjection::constraintViolationIsReported()
{
    // The validator refuses duplicate rule names; the schema refuses them as well, and the error
    // names the table.
    RuleSet ruleSet = test::variantRuleSet(1);
    ruleSet.routes[0].rules[1].name = ruleSet.routes[0].rules[0].name;
    Database database;
    QVERIFY(openMigrated(&database));
    QString error;
    QVERIFY(!RuleSetProjection::write(database, ruleSet, &error));
    QVERIFY2(error.contains(QStringLiteral("cannot write the rules table")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("UNIQUE constraint failed: rules.route, rules.name")), qPrintable(error));
    QVERIFY2(error.startsWith(QStringLiteral(":memory:: ")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestRuleSetProjection)
#include "TestRuleSetProjection.moc"
