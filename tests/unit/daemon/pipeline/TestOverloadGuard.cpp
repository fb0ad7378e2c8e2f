// OverloadGuard: shedding new INVITEs on a backed-up UDP receive queue (with hysteresis) and on
// too many INVITE transactions awaiting a final answer.
#include "pipeline/OverloadGuard.h"

#include <QTest>

using namespace tollgate;

namespace {

OverloadGuard::Settings smallLimits()
{
    OverloadGuard::Settings settings;
    settings.sheddingBacklogBytes = 1000;
    settings.recoveredBacklogBytes = 200;
    settings.maxPendingInvites = 10;
    settings.retryAfterSeconds = 7;
    return settings;
}

} // namespace

class TestOverloadGuard : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAdmitAnIdleProxy();
    void settingsAreKept();
    void backlogHysteresis_data();
    void backlogHysteresis();
    void pendingInviteLimit_data();
    void pendingInviteLimit();
    void sheddingRefusesWhateverThePendingCount();
};

void TestOverloadGuard::defaultsAdmitAnIdleProxy()
{
    const OverloadGuard guard;
    QVERIFY(!guard.isShedding());
    QVERIFY(guard.admitNewCall(0));
    QCOMPARE(guard.settings().maxPendingInvites, 20000u);
    QVERIFY(guard.settings().recoveredBacklogBytes < guard.settings().sheddingBacklogBytes);
}

void TestOverloadGuard::settingsAreKept()
{
    const OverloadGuard guard(smallLimits());
    QCOMPARE(guard.settings().sheddingBacklogBytes, 1000u);
    QCOMPARE(guard.settings().recoveredBacklogBytes, 200u);
    QCOMPARE(guard.settings().maxPendingInvites, 10u);
    QCOMPARE(guard.settings().retryAfterSeconds, 7);
}

void TestOverloadGuard::backlogHysteresis_data()
{
    QTest::addColumn<QList<quint32>>("backlogs"); // measurements fed in order
    QTest::addColumn<QList<bool>>("shedding");    // isShedding() after each one

    QTest::newRow("below the threshold") << QList<quint32>{0, 500, 999} << QList<bool>{false, false, false};
    QTest::newRow("at the threshold") << QList<quint32>{1000} << QList<bool>{true};
    QTest::newRow("stays on between the thresholds")
        << QList<quint32>{5000, 999, 500, 201} << QList<bool>{true, true, true, true};
    QTest::newRow("recovers at the low mark") << QList<quint32>{5000, 200} << QList<bool>{true, false};
    QTest::newRow("recovers below the low mark") << QList<quint32>{1000, 0} << QList<bool>{true, false};
    QTest::newRow("stays off between the thresholds after recovery")
        << QList<quint32>{1000, 100, 999, 500} << QList<bool>{true, false, false, false};
    QTest::newRow("sheds again") << QList<quint32>{1000, 100, 1000} << QList<bool>{true, false, true};
}

void TestOverloadGuard::backlogHysteresis()
{
    QFETCH(QList<quint32>, backlogs);
    QFETCH(QList<bool>, shedding);
    OverloadGuard guard(smallLimits());
    for (qsizetype i = 0; i < backlogs.size(); ++i) {
        guard.updateBacklog(backlogs[i]);
        QVERIFY2(guard.isShedding() == shedding[i], qPrintable(QStringLiteral("after measurement %1").arg(i + 1)));
        QCOMPARE(guard.admitNewCall(0), !shedding[i]);
    }
}

void TestOverloadGuard::pendingInviteLimit_data()
{
    QTest::addColumn<quint32>("pending");
    QTest::addColumn<bool>("admitted");

    QTest::newRow("none") << 0u << true;
    QTest::newRow("one below the limit") << 9u << true;
    QTest::newRow("at the limit") << 10u << false;
    QTest::newRow("above the limit") << 11u << false;
}

void TestOverloadGuard::pendingInviteLimit()
{
    QFETCH(quint32, pending);
    QFETCH(bool, admitted);
    const OverloadGuard guard(smallLimits());
    QCOMPARE(guard.admitNewCall(pending), admitted);
}

void TestOverloadGuard::sheddingRefusesWhateverThePendingCount()
{
    OverloadGuard guard(smallLimits());
    guard.updateBacklog(1'000'000);
    QVERIFY(!guard.admitNewCall(0));
    QVERIFY(!guard.admitNewCall(9));
    guard.updateBacklog(0);
    QVERIFY(guard.admitNewCall(9));
    QVERIFY(!guard.admitNewCall(10));
}

QTEST_GUILESS_MAIN(TestOverloadGuard)
#include "TestOverloadGuard.moc"
