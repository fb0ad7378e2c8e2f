// Real calls through the real tollgated: sipp as caller and callee over UDP, TCP and IPv6 on
// loopback, CANCEL, the in-dialog BYE along the Record-Route, Max-Forwards, the seed's OPTIONS
// rules on the wire, and a clean SIGTERM at the end of each test.
#include "FreePort.h"
#include "PipelineFixture.h"
#include "RawSipClient.h"
#include "SippRun.h"

#include <QTest>

using namespace tollgate::test;

namespace {

const QByteArray OptionsTemplate = "OPTIONS sip:{remote} SIP/2.0\n"
                                   "Via: SIP/2.0/UDP {local_ip}:{local_port};branch={branch}\n"
                                   "Max-Forwards: 70\n"
                                   "From: <sip:probe@{local_ip}>;tag={tag}\n"
                                   "To: <sip:{remote}>\n"
                                   "Call-ID: {call_id}\n"
                                   "CSeq: 1 OPTIONS\n"
                                   "Content-Length: 0\n\n";

/// Runs `calls` calls caller -> tollgated -> callee and checks both sides counted them all as
/// successful.
void runCalls(PipelineFixture& fixture, int calls, const QString& transport, const QString& localIp,
              const QString& proxy, int calleePort, const QString& calleeIp)
{
    // No call limit on the callee: sipp counts the OPTIONS probes it answers as calls.
    SippRun callee(QStringLiteral("uas.xml"));
    callee.local(calleeIp, calleePort).answerOptions();
    QVERIFY2(callee.start(), qPrintable(callee.commandLine()));

    SippRun caller(QStringLiteral("uac.xml"));
    caller.local(localIp, pickFreePort(localIp))
        .remote(proxy)
        .calls(calls)
        .rate(10)
        .callDurationMs(300)
        .transport(transport);
    QVERIFY2(caller.start(), qPrintable(caller.commandLine()));
    QVERIFY2(caller.wait(60000), qPrintable(caller.output().right(3000)));
    // The callee also answers OPTIONS probes, which keep it running: stop it once its calls
    // had time to finish, and read its final statistics.
    QTest::qWait(1000);
    callee.stop();
    QVERIFY2(caller.successfulCalls() == calls && caller.failedCalls() == 0,
             qPrintable(caller.output().right(3000) + fixture.daemon().log().right(3000)));
    QVERIFY2(callee.successfulCalls() >= calls && callee.failedCalls() == 0, qPrintable(callee.output().right(3000)));
    QCOMPARE(caller.exitCode(), 0);
    QVERIFY2(fixture.daemon().stop(), qPrintable(fixture.daemon().log().right(3000)));
}

} // namespace

class TestSipCalls : public QObject
{
    Q_OBJECT

private slots:
    void basicCallOverUdp();
    void basicCallOverTcpWithDoubleRecordRoute();
    void basicCallOverIpv6();
    void inDialogRequestsFollowTheRouteSet();
    void cancelWhileRinging();
    void maxForwardsZeroGets483();
    void seedOptionsRulesOnTheWire();
};

void TestSipCalls::basicCallOverUdp()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    runCalls(fixture, 10, QStringLiteral("u1"), QStringLiteral("127.0.0.1"), fixture.proxy(), fixture.coreAPort(),
             QStringLiteral("127.0.0.1"));
}

void TestSipCalls::basicCallOverTcpWithDoubleRecordRoute()
{
    // The caller reaches Tollgate over TCP and the core over UDP: Tollgate records two routes,
    // and ACK and BYE still find their way through it in both directions.
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    runCalls(fixture, 5, QStringLiteral("t1"), QStringLiteral("127.0.0.1"), fixture.proxy(), fixture.coreAPort(),
             QStringLiteral("127.0.0.1"));
}

void TestSipCalls::basicCallOverIpv6()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start({}, true), qPrintable(fixture.daemon().log()));
    runCalls(fixture, 5, QStringLiteral("u1"), QStringLiteral("::1"),
             QStringLiteral("[::1]:%1").arg(fixture.daemon().sipPort()), fixture.coreV6Port(), QStringLiteral("::1"));
}

void TestSipCalls::inDialogRequestsFollowTheRouteSet()
{
    // re-INVITE with its ACK, INFO, UPDATE, NOTIFY and BYE, all along the recorded route.
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    SippRun callee(QStringLiteral("uas-in-dialog.xml"));
    callee.local(QStringLiteral("127.0.0.1"), fixture.coreAPort()).answerOptions();
    QVERIFY(callee.start());
    SippRun caller(QStringLiteral("uac-in-dialog.xml"));
    caller.local(QStringLiteral("127.0.0.1"), pickFreePort()).remote(fixture.proxy()).calls(3).rate(5);
    QVERIFY(caller.start());
    QVERIFY2(caller.wait(30000), qPrintable(caller.output().right(3000)));
    QTest::qWait(800);
    callee.stop();
    QVERIFY2(caller.successfulCalls() == 3 && caller.failedCalls() == 0, qPrintable(caller.output().right(3000)));
    QVERIFY2(callee.successfulCalls() >= 3 && callee.failedCalls() == 0, qPrintable(callee.output().right(3000)));
    QVERIFY2(fixture.daemon().stop(), qPrintable(fixture.daemon().log().right(3000)));
}

void TestSipCalls::cancelWhileRinging()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    SippRun callee(QStringLiteral("uas-ringing.xml"));
    callee.local(QStringLiteral("127.0.0.1"), fixture.coreAPort()).answerOptions();
    QVERIFY(callee.start());
    SippRun caller(QStringLiteral("uac-cancel.xml"));
    caller.local(QStringLiteral("127.0.0.1"), pickFreePort()).remote(fixture.proxy()).calls(3).rate(5);
    QVERIFY(caller.start());
    QVERIFY2(caller.wait(30000), qPrintable(caller.output().right(3000)));
    QTest::qWait(500);
    callee.stop();
    QCOMPARE(caller.successfulCalls(), 3);
    QCOMPARE(callee.successfulCalls(), 3);
    QVERIFY2(fixture.daemon().stop(), qPrintable(fixture.daemon().log().right(3000)));
}

void TestSipCalls::maxForwardsZeroGets483()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    RawSipClient client;
    QByteArray invite = client.fill("INVITE sip:bob@{remote} SIP/2.0\n"
                                    "Via: SIP/2.0/UDP {local_ip}:{local_port};branch={branch}\n"
                                    "Max-Forwards: 0\n"
                                    "From: <sip:alice@{local_ip}>;tag={tag}\n"
                                    "To: <sip:bob@{remote}>\n"
                                    "Call-ID: {call_id}\n"
                                    "CSeq: 1 INVITE\n"
                                    "Contact: <sip:alice@{local_ip}:{local_port}>\n"
                                    "Content-Length: 0\n\n",
                                    fixture.proxy());
    QVERIFY(client.sendUdp(invite, QStringLiteral("127.0.0.1"), fixture.daemon().sipPort()));
    const QByteArray response = client.receiveUdp(3000);
    QCOMPARE(RawSipClient::statusCode(response), 483);
    QVERIFY(fixture.daemon().stop());
}

void TestSipCalls::seedOptionsRulesOnTheWire()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));

    // From a carrier: the rule "options" answers 503 Options Reply.
    RawSipClient carrier;
    QVERIFY(carrier.sendUdp(carrier.fill(OptionsTemplate, fixture.proxy()), QStringLiteral("127.0.0.1"),
                            fixture.daemon().sipPort()));
    const QByteArray reply = carrier.receiveUdp(3000);
    QCOMPARE(RawSipClient::statusCode(reply), 503);
    QVERIFY2(reply.startsWith("SIP/2.0 503 Options Reply\r\n"), reply.constData());

    // From the core (a trusted source port): INTERNALLY_SOURCED, relayed by its request-URI to
    // an outside party (a sipp callee answering OPTIONS), whose 200 comes back.
    const int outsidePort = pickFreePort();
    SippRun outside(QStringLiteral("uas.xml"));
    outside.local(QStringLiteral("127.0.0.1"), outsidePort).answerOptions();
    QVERIFY(outside.start());
    QTest::qWait(300);
    RawSipClient core(QStringLiteral("127.0.0.1"), fixture.coreBPort());
    QCOMPARE(core.localPort(), fixture.coreBPort());
    QVERIFY(core.sendUdp(core.fill(OptionsTemplate, QStringLiteral("127.0.0.1:%1").arg(outsidePort)),
                         QStringLiteral("127.0.0.1"), fixture.daemon().sipPort()));
    const QByteArray relayed = core.receiveUdp(3000);
    QCOMPARE(RawSipClient::statusCode(relayed), 200);
    outside.stop();
    QVERIFY(fixture.daemon().stop());
}

QTEST_GUILESS_MAIN(TestSipCalls)
#include "TestSipCalls.moc"
