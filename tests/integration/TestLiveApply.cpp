// Rulesets changed while calls flow: applied over the control socket and imported offline then
// loaded with SIGHUP, a dozen times during a stream of calls, with zero failed calls: transactions
// in flight finish on the ruleset they started with, new ones take the new one.
#include "FreePort.h"
#include "PipelineFixture.h"
#include "RawSipClient.h"
#include "SippRun.h"
#include "Tollgatectl.h"

#include <QFile>
#include <QJsonObject>
#include <QTest>

using namespace tollgate::test;

class TestLiveApply : public QObject
{
    Q_OBJECT

private slots:
    void rulesetsAppliedUnderLoadFailNoCall();
    void sighupLoadsTheActiveRevision();
};

void TestLiveApply::rulesetsAppliedUnderLoadFailNoCall()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    SippRun coreA(QStringLiteral("uas.xml"));
    coreA.local(QStringLiteral("127.0.0.1"), fixture.coreAPort()).answerOptions();
    SippRun coreB(QStringLiteral("uas.xml"));
    coreB.local(QStringLiteral("127.0.0.1"), fixture.coreBPort()).answerOptions();
    QVERIFY(coreA.start() && coreB.start());

    // Two variants that change what new calls do: the OPTIONS answer and, above all, which core
    // proxy a call goes to (the priorities of core-a and core-b swap).
    const QString socket = fixture.daemon().controlSocket();
    QStringList variants;
    for (int i = 0; i < 2; ++i) {
        QString path = fixture.writeRuleSet({{QStringLiteral("OPTIONS_CODE"), i == 0 ? QStringLiteral("480") : QStringLiteral("503")}},
                                            QStringLiteral("variant-%1.json").arg(i));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray text = file.readAll();
        file.close();
        if (i == 0) {
            text.replace("\"priority\": 1, \"weight\": 1, \"enabled\": true, \"description\": \"Core proxy A\"",
                         "\"priority\": 3, \"weight\": 1, \"enabled\": true, \"description\": \"Core proxy A\"");
        }
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text);
        file.close();
        variants << path;
    }

    SippRun caller(QStringLiteral("uac.xml"));
    caller.local(QStringLiteral("127.0.0.1"), pickFreePort()).remote(fixture.proxy()).calls(450).rate(30).callDurationMs(1000);
    QVERIFY(caller.start());
    int applied = 0;
    for (int round = 0; round < 12 && caller.isRunning(); ++round) {
        QTest::qWait(1000);
        if (round % 4 == 3) {
            // Offline import, then SIGHUP: the way a configuration-management tool would do it.
            QString output;
            QVERIFY2(fixture.daemon().importRuleSet(variants.at(round % 2), &output), qPrintable(output));
            fixture.daemon().reload();
        } else {
            const CtlResult result = runTollgatectl(socket, {QStringLiteral("rules"), QStringLiteral("apply"),
                                                             variants.at(round % 2), QStringLiteral("--comment"),
                                                             QStringLiteral("live change %1").arg(round)});
            QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        }
        ++applied;
    }
    QVERIFY2(caller.wait(120000), qPrintable(caller.output().right(2000)));
    QVERIFY(applied >= 8);
    QVERIFY2(caller.failedCalls() == 0 && caller.successfulCalls() == 450,
             qPrintable(caller.output().right(3000) + fixture.daemon().log().right(2000)));

    const CtlResult revisions = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("rules"), QStringLiteral("revisions")});
    QCOMPARE(revisions.json().object().value(QStringLiteral("active")).toInt(), 2 + applied);
    QVERIFY(fixture.daemon().stop());
}

void TestLiveApply::sighupLoadsTheActiveRevision()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    RawSipClient client;
    const QByteArray options = "OPTIONS sip:{remote} SIP/2.0\n"
                               "Via: SIP/2.0/UDP {local_ip}:{local_port};branch={branch}\n"
                               "Max-Forwards: 70\n"
                               "From: <sip:probe@{local_ip}>;tag={tag}\n"
                               "To: <sip:{remote}>\n"
                               "Call-ID: {call_id}\n"
                               "CSeq: 1 OPTIONS\n"
                               "Content-Length: 0\n\n";
    const auto status = [&] {
        client.sendUdp(client.fill(options, fixture.proxy()), QStringLiteral("127.0.0.1"), fixture.daemon().sipPort());
        return RawSipClient::statusCode(client.receiveUdp(3000));
    };
    QCOMPARE(status(), 503);
    const QString changed = fixture.writeRuleSet({{QStringLiteral("OPTIONS_CODE"), QStringLiteral("480")}},
                                                 QStringLiteral("changed.json"));
    QString output;
    QVERIFY2(fixture.daemon().importRuleSet(changed, &output), qPrintable(output));
    QCOMPARE(status(), 503); // stored, not live yet
    fixture.daemon().reload();
    QVERIFY2(fixture.daemon().waitForLog(QStringLiteral("reloaded: revision 3 active"), 5000), qPrintable(fixture.daemon().log()));
    QCOMPARE(status(), 480);
    QVERIFY(fixture.daemon().stop());
}

QTEST_GUILESS_MAIN(TestLiveApply)
#include "TestLiveApply.moc"
