// OverloadGuard: refusing a share of new INVITEs that grows with the UDP receive backlog, and
// every new INVITE while too many INVITE transactions await a final answer.
#include "pipeline/OverloadGuard.h"

#include <QTest>

using namespace tollgate;

namespace {

OverloadGuard::Settings smallLimits()
{
    OverloadGuard::Settings settings;
    settings.sheddingBacklogBytes = 1000;
    settings.maxPendingInvites = 10;
    settings.retryAfterSeconds = 7;
    return settings;
}

/// How many of `count` new INVITEs the guard admits at its current backlog.
int admittedOf(OverloadGuard* guard, int count)
{
    int admitted = 0;
    for (int i = 0; i < count; ++i)
        admitted += guard->admitNewCall(0) ? 1 : 0;
    return admitted;
}

} // namespace

class TestOverloadGuard : public QObject
{
    Q_OBJECT

private slots:
    void defaultsAdmitAnIdleProxy();
    void settingsAreKept();
    void refusedShareFollowsTheBacklog_data();
    void refusedShareFollowsTheBacklog();
    void refusalsAreSpreadEvenly();
    void recoveryIsImmediate();
    void pendingInviteLimit_data();
    void pendingInviteLimit();
    void pendingLimitHoldsWhateverTheBacklog();
};

void TestOverloadGuard::defaultsAdmitAnIdleProxy()
{
    OverloadGuard guard;
    QVERIFY(!guard.isShedding());
    QVERIFY(guard.admitNewCall(0));
    QCOMPARE(guard.settings().maxPendingInvites, 20000u);
    QCOMPARE(guard.settings().sheddingBacklogBytes, 4u * 1024 * 1024);
}

void TestOverloadGuard::settingsAreKept()
{
    const OverloadGuard guard(smallLimits());
    QCOMPARE(guard.settings().sheddingBacklogBytes, 1000u);
    QCOMPARE(guard.settings().maxPendingInvites, 10u);
    QCOMPARE(guard.settings().retryAfterSeconds, 7);
}

void TestOverloadGuard::refusedShareFollowsTheBacklog_data()
{
    QTest::addColumn<quint32>("backlog");
    QTest::addColumn<double>("share");
    QTest::addColumn<int>("admittedOf100");

    QTest::newRow("empty queue") << 0u << 0.0 << 100;
    QTest::newRow("just below the threshold") << 999u << 0.0 << 100;
    QTest::newRow("at the threshold") << 1000u << 0.0 << 100;
    QTest::newRow("a tenth above") << 1100u << 0.1 << 90;
    QTest::newRow("halfway") << 1500u << 0.5 << 50;
    QTest::newRow("nine tenths above") << 1900u << 0.9 << 10;
    QTest::newRow("twice the threshold") << 2000u << 1.0 << 0;
    QTest::newRow("far beyond") << 1'000'000u << 1.0 << 0;
}

void TestOverloadGuard::refusedShareFollowsTheBacklog()
{
    QFETCH(quint32, backlog);
    QFETCH(double, share);
    QFETCH(int, admittedOf100);
    OverloadGuard guard(smallLimits());
    guard.updateBacklog(backlog);
    QVERIFY(qAbs(guard.refusedShare() - share) < 1e-9);
    QCOMPARE(guard.isShedding(), share > 0.0);
    // Evenly spread refusals give the share exactly over 100 INVITEs, give or take one.
    QVERIFY2(qAbs(admittedOf(&guard, 100) - admittedOf100) <= 1, qPrintable(QString::number(admittedOf100)));
}

void TestOverloadGuard::refusalsAreSpreadEvenly()
{
    // A quarter refused: never two refusals in a row, and three admitted between refusals.
    OverloadGuard guard(smallLimits());
    guard.updateBacklog(1250);
    QString pattern;
    for (int i = 0; i < 16; ++i)
        pattern += guard.admitNewCall(0) ? u'+' : u'-';
    QCOMPARE(pattern, QStringLiteral("-+++-+++-+++-+++"));
}

void TestOverloadGuard::recoveryIsImmediate()
{
    // Once the queue is back under the threshold every new call passes again, at once: no
    // lingering share, no credit owed from the overload.
    OverloadGuard guard(smallLimits());
    guard.updateBacklog(1900);
    QVERIFY(guard.isShedding());
    QCOMPARE(admittedOf(&guard, 10), 1);
    guard.updateBacklog(900);
    QVERIFY(!guard.isShedding());
    QCOMPARE(admittedOf(&guard, 50), 50);
    // And a new overload starts from its own share, not from a credit saved while idle.
    guard.updateBacklog(1500);
    QCOMPARE(guard.admitNewCall(0), false);
    QCOMPARE(guard.admitNewCall(0), true);
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
    OverloadGuard guard(smallLimits());
    QCOMPARE(guard.admitNewCall(pending), admitted);
}

void TestOverloadGuard::pendingLimitHoldsWhateverTheBacklog()
{
    OverloadGuard guard(smallLimits());
    guard.updateBacklog(2000);
    QVERIFY(!guard.admitNewCall(0));
    QVERIFY(!guard.admitNewCall(9));
    guard.updateBacklog(0);
    QVERIFY(guard.admitNewCall(9));
    QVERIFY(!guard.admitNewCall(10));
}

QTEST_GUILESS_MAIN(TestOverloadGuard)
#include "TestOverloadGuard.moc"
