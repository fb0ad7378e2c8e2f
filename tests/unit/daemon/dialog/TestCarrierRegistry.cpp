#include "dialog/CarrierRegistry.h"

#include <QTest>

using namespace tollgate;

namespace {

Carrier makeCarrier(const char* name, int maxConcurrentCalls = 0, int maxCallsPerSecond = 0)
{
    Carrier carrier;
    carrier.name = QString::fromUtf8(name);
    carrier.maxConcurrentCalls = maxConcurrentCalls;
    carrier.maxCallsPerSecond = maxCallsPerSecond;
    return carrier;
}

} // namespace

class TestCarrierRegistry : public QObject
{
    Q_OBJECT

private slots:
    void idsAreStableAcrossRulesets();
    void limitsFollowTheRuleset();
    void unknownNamesAndIndices();
};

void TestCarrierRegistry::idsAreStableAcrossRulesets()
{
    CarrierRegistry registry;
    registry.configure({makeCarrier("alpha"), makeCarrier("bravo")});
    const int alpha = registry.idOf("alpha");
    const int bravo = registry.idOf("bravo");
    QCOMPARE(registry.idAt(0), alpha);
    QCOMPARE(registry.idAt(1), bravo);

    registry.configure({makeCarrier("charlie"), makeCarrier("bravo")});
    QCOMPARE(registry.idOf("bravo"), bravo);
    QCOMPARE(registry.idAt(1), bravo);
    const int charlie = registry.idAt(0);
    QVERIFY(charlie != alpha && charlie != bravo); // never reused
    QVERIFY(!registry.isCurrent(alpha));
    QCOMPARE(registry.idOf("alpha"), alpha); // still known, for the calls counted against it
    QCOMPARE(registry.name(alpha), std::string("alpha"));
    QCOMPARE(registry.count(), 3);

    registry.configure({makeCarrier("alpha")});
    QCOMPARE(registry.idAt(0), alpha);
    QVERIFY(registry.isCurrent(alpha));
    QVERIFY(!registry.isCurrent(bravo));
}

void TestCarrierRegistry::limitsFollowTheRuleset()
{
    CarrierRegistry registry;
    registry.configure({makeCarrier("alpha", 10, 5)});
    const int alpha = registry.idOf("alpha");
    QCOMPARE(registry.limits(alpha).maxConcurrentCalls, 10);
    QCOMPARE(registry.limits(alpha).maxCallsPerSecond, 5);
    registry.configure({makeCarrier("alpha", 0, -3)});
    QCOMPARE(registry.limits(alpha).maxConcurrentCalls, 0);
    QCOMPARE(registry.limits(alpha).maxCallsPerSecond, 0); // negative is treated as unlimited
}

void TestCarrierRegistry::unknownNamesAndIndices()
{
    CarrierRegistry registry;
    registry.configure({makeCarrier("alpha")});
    QCOMPARE(registry.idOf("nobody"), -1);
    QCOMPARE(registry.idAt(-1), -1);
    QCOMPARE(registry.idAt(1), -1);
    QVERIFY(!registry.isValid(-1));
    QVERIFY(!registry.isValid(1));
    QVERIFY(!registry.isCurrent(5));
}

QTEST_APPLESS_MAIN(TestCarrierRegistry)
#include "TestCarrierRegistry.moc"
