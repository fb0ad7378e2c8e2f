// Carrier policies on the wire: the carrier's IP mapping (the callee sees the public address in
// Contact and SDP) and the per-carrier concurrent-call and calls-per-second limits (503 beyond
// them, counted).
#include "FreePort.h"
#include "PipelineFixture.h"
#include "SippRun.h"
#include "Tollgatectl.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace tollgate::test;

namespace {

std::unique_ptr<SippRun> startCallee(const QString& scenario, int port)
{
    auto callee = std::make_unique<SippRun>(scenario);
    callee->local(QStringLiteral("127.0.0.1"), port).answerOptions();
    return callee->start() ? std::move(callee) : nullptr;
}

qint64 rejectedByLimits(const QString& socket)
{
    const CtlResult stats = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("stats"), QStringLiteral("show")});
    for (const QJsonValue& carrier : stats.json().object().value(QStringLiteral("carriers")).toArray()) {
        if (carrier.toObject().value(QStringLiteral("name")).toString() == u"carrier-a")
            return qint64(carrier.toObject().value(QStringLiteral("rejected")).toDouble());
    }
    return -1;
}

} // namespace

class TestCarrierPolicies : public QObject
{
    Q_OBJECT

private slots:
    void ipMappingIsVisibleAtTheCallee();
    void concurrentCallLimit();
    void callsPerSecondLimit();
};

void TestCarrierPolicies::ipMappingIsVisibleAtTheCallee()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    // The callee fails the call unless Contact and SDP carry 198.51.100.5 (the public side of
    // carrier-a's mapping), while the caller presents 10.20.0.5.
    auto callee = startCallee(QStringLiteral("uas-check-mapping.xml"), fixture.coreAPort());
    QVERIFY(callee);
    SippRun caller(QStringLiteral("uac-private-address.xml"));
    caller.local(QStringLiteral("127.0.0.1"), pickFreePort()).remote(fixture.proxy()).calls(3).rate(5).callDurationMs(200);
    QVERIFY(caller.start());
    QVERIFY2(caller.wait(30000), qPrintable(caller.output().right(2000)));
    QVERIFY2(caller.successfulCalls() == 3 && caller.failedCalls() == 0, qPrintable(caller.output().right(3000)));
    QTest::qWait(700);
    callee->stop();
    QVERIFY2(callee->successfulCalls() >= 3 && callee->failedCalls() == 0, qPrintable(callee->output().right(3000)));
    QVERIFY(fixture.daemon().stop());
}

void TestCarrierPolicies::concurrentCallLimit()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start({{QStringLiteral("MAX_CONCURRENT"), QStringLiteral("2")}}), qPrintable(fixture.daemon().log()));
    auto callee = startCallee(QStringLiteral("uas.xml"), fixture.coreAPort());
    QVERIFY(callee);
    // Five calls held 3 s, started within half a second: two fit, three are refused with 503.
    SippRun caller(QStringLiteral("uac.xml"));
    caller.local(QStringLiteral("127.0.0.1"), pickFreePort()).remote(fixture.proxy()).calls(5).rate(10).callDurationMs(3000);
    QVERIFY(caller.start());
    QVERIFY2(caller.wait(30000), qPrintable(caller.output().right(2000)));
    QCOMPARE(caller.successfulCalls(), 2);
    QCOMPARE(caller.failedCalls(), 3);
    QCOMPARE(rejectedByLimits(fixture.daemon().controlSocket()), 3);
    QVERIFY(fixture.daemon().stop());
}

void TestCarrierPolicies::callsPerSecondLimit()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start({{QStringLiteral("MAX_CPS"), QStringLiteral("5")}}), qPrintable(fixture.daemon().log()));
    auto callee = startCallee(QStringLiteral("uas.xml"), fixture.coreAPort());
    QVERIFY(callee);
    // 40 calls offered at 20/s against 5/s allowed (bucket of 5): about a quarter get through.
    SippRun caller(QStringLiteral("uac.xml"));
    caller.local(QStringLiteral("127.0.0.1"), pickFreePort()).remote(fixture.proxy()).calls(40).rate(20).callDurationMs(100);
    QVERIFY(caller.start());
    QVERIFY2(caller.wait(60000), qPrintable(caller.output().right(2000)));
    const int admitted = caller.successfulCalls();
    QVERIFY2(admitted >= 9 && admitted <= 16, qPrintable(QString::number(admitted)));
    QCOMPARE(caller.failedCalls(), 40 - admitted);
    QCOMPARE(rejectedByLimits(fixture.daemon().controlSocket()), qint64(40 - admitted));
    QVERIFY(fixture.daemon().stop());
}

QTEST_GUILESS_MAIN(TestCarrierPolicies)
#include "TestCarrierPolicies.moc"
