// Destinations failing and coming back, with the real tollgated and sipp: a destination that
// stops answering (the first timeout marks it down, so the calls that follow go straight to the
// next one), a closed port, 503 answers, recovery by OPTIONS probing, a late 2xx on an abandoned
// branch (acknowledged and ended with BYE), and every destination down.
#include "FreePort.h"
#include "PipelineFixture.h"
#include "RawSipClient.h"
#include "SippRun.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QTest>
#include <QUdpSocket>

using namespace tollgate::test;

namespace {

const QMap<QString, QString> NoProbing{{QStringLiteral("PROBE_ENABLED"), QStringLiteral("false")}};

SippRun* startCallee(const QString& scenario, int port)
{
    auto* callee = new SippRun(scenario);
    callee->local(QStringLiteral("127.0.0.1"), port).answerOptions();
    if (!callee->start()) {
        delete callee;
        return nullptr;
    }
    return callee;
}

/// Places `calls` calls and returns how many succeeded (failures are printed).
int placeCalls(PipelineFixture& fixture, int calls, double rate)
{
    SippRun caller(QStringLiteral("uac.xml"));
    caller.local(QStringLiteral("127.0.0.1"), pickFreePort())
        .remote(fixture.proxy())
        .calls(calls)
        .rate(rate)
        .callDurationMs(200);
    if (!caller.start() || !caller.wait(90000))
        return -1;
    if (caller.failedCalls() != 0)
        qWarning("%s", qPrintable(caller.output().right(3000)));
    return caller.successfulCalls();
}

} // namespace

class TestFailover : public QObject
{
    Q_OBJECT

private slots:
    void silentDestinationIsSkippedAfterTheFirstTimeout();
    void closedPortFailsOverAtOnce();
    void failoverOn503();
    void recoveryAfterProbing();
    void lateAnswerOnAnAbandonedBranchIsReleased();
    void everyDestinationDownGets503();
};

void TestFailover::silentDestinationIsSkippedAfterTheFirstTimeout()
{
    PipelineFixture fixture;
    // core-a swallows everything: a host that died without an ICMP answer.
    QUdpSocket blackhole;
    QVERIFY(blackhole.bind(QHostAddress::LocalHost, quint16(fixture.coreAPort())));
    QVERIFY2(fixture.start(NoProbing), qPrintable(fixture.daemon().log()));
    std::unique_ptr<SippRun> coreB(startCallee(QStringLiteral("uas.xml"), fixture.coreBPort()));
    QVERIFY(coreB);

    QElapsedTimer timer;
    timer.start();
    QCOMPARE(placeCalls(fixture, 20, 10), 20);
    // 20 calls at 10/s take about 2 s, plus one final-reply timer (1 s) at most: only the first
    // call's timer ran out on core-a. That marked it down, the calls already waiting for it moved
    // to core-b at that moment, and the later ones never went to it.
    QVERIFY2(timer.elapsed() < 6000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY2(fixture.daemon().waitForLog(QStringLiteral("-> down (no answer to a call"), 3000),
             qPrintable(fixture.daemon().log()));
    const QString log = fixture.daemon().log();
    const QString coreA = QStringLiteral("sip:127.0.0.1:%1").arg(fixture.coreAPort());
    QCOMPARE(log.count(QStringLiteral("no answer from ") + coreA), 1);
    QVERIFY2(log.count(QStringLiteral("giving up on ") + coreA + QStringLiteral(" early")) >= 5, qPrintable(log));
    QVERIFY(fixture.daemon().stop());
}

void TestFailover::closedPortFailsOverAtOnce()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(NoProbing), qPrintable(fixture.daemon().log()));
    std::unique_ptr<SippRun> coreB(startCallee(QStringLiteral("uas.xml"), fixture.coreBPort()));
    QVERIFY(coreB);
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(placeCalls(fixture, 5, 10), 5);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(fixture.daemon().stop());
}

void TestFailover::failoverOn503()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(NoProbing), qPrintable(fixture.daemon().log()));
    std::unique_ptr<SippRun> coreA(startCallee(QStringLiteral("uas-503.xml"), fixture.coreAPort()));
    std::unique_ptr<SippRun> coreB(startCallee(QStringLiteral("uas.xml"), fixture.coreBPort()));
    QVERIFY(coreA && coreB);
    QCOMPARE(placeCalls(fixture, 6, 10), 6);
    // Two 503s in a row (the group's failureThreshold) take core-a out of rotation.
    QVERIFY2(fixture.daemon().waitForLog(QStringLiteral("down (2 consecutive failures (last: 503 to a call)"), 3000),
             qPrintable(fixture.daemon().log()));
    QVERIFY(fixture.daemon().stop());
}

void TestFailover::recoveryAfterProbing()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    std::unique_ptr<SippRun> coreB(startCallee(QStringLiteral("uas.xml"), fixture.coreBPort()));
    QVERIFY(coreB);
    // core-a is not running: two failed probes (1 s apart) mark it down.
    QVERIFY2(fixture.daemon().waitForLog(QStringLiteral("sip:127.0.0.1:%1 health in group core: unknown -> down")
                                             .arg(fixture.coreAPort()),
                                         10000),
             qPrintable(fixture.daemon().log()));
    QCOMPARE(placeCalls(fixture, 3, 10), 3);

    // core-a comes back: two answered probes bring it up, and new calls go to it again.
    std::unique_ptr<SippRun> coreA(startCallee(QStringLiteral("uas.xml"), fixture.coreAPort()));
    QVERIFY(coreA);
    QVERIFY2(fixture.daemon().waitForLog(
                 QStringLiteral("sip:127.0.0.1:%1 health in group core: down -> up").arg(fixture.coreAPort()), 10000),
             qPrintable(fixture.daemon().log()));
    QCOMPARE(placeCalls(fixture, 4, 10), 4);
    QTest::qWait(800);
    coreA->stop();
    QVERIFY2(coreA->successfulCalls() >= 4, qPrintable(coreA->output().right(2000)));
    QVERIFY(fixture.daemon().stop());
}

void TestFailover::lateAnswerOnAnAbandonedBranchIsReleased()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(NoProbing), qPrintable(fixture.daemon().log()));
    // core-a answers 1.5 s late, after the 1 s final-reply timer moved the call to core-b.
    std::unique_ptr<SippRun> coreA(startCallee(QStringLiteral("uas-late-answer.xml"), fixture.coreAPort()));
    std::unique_ptr<SippRun> coreB(startCallee(QStringLiteral("uas.xml"), fixture.coreBPort()));
    QVERIFY(coreA && coreB);
    QCOMPARE(placeCalls(fixture, 1, 1), 1);
    // The late 200 got an ACK and a BYE from Tollgate: core-a's scenario ran to its end.
    QVERIFY2(fixture.daemon().waitForLog(QStringLiteral("late 2xx on an abandoned branch"), 5000),
             qPrintable(fixture.daemon().log()));
    QTest::qWait(1000);
    coreA->stop();
    QCOMPARE(coreA->successfulCalls(), 1);
    QVERIFY(fixture.daemon().stop());
}

void TestFailover::everyDestinationDownGets503()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(NoProbing), qPrintable(fixture.daemon().log()));
    RawSipClient client;
    const QByteArray invite = client.fill("INVITE sip:bob@{remote} SIP/2.0\n"
                                          "Via: SIP/2.0/UDP {local_ip}:{local_port};branch={branch}\n"
                                          "Max-Forwards: 70\n"
                                          "From: <sip:alice@{local_ip}>;tag={tag}\n"
                                          "To: <sip:bob@{remote}>\n"
                                          "Call-ID: {call_id}\n"
                                          "CSeq: 1 INVITE\n"
                                          "Contact: <sip:alice@{local_ip}:{local_port}>\n"
                                          "Content-Length: 0\n\n",
                                          fixture.proxy());
    QVERIFY(client.sendUdp(invite, QStringLiteral("127.0.0.1"), fixture.daemon().sipPort()));
    int status = 0;
    for (int i = 0; i < 3 && status < 200; ++i)
        status = RawSipClient::statusCode(client.receiveUdp(4000));
    QCOMPARE(status, 503);
    QVERIFY(fixture.daemon().stop());
}

QTEST_GUILESS_MAIN(TestFailover)
#include "TestFailover.moc"
