// The control socket of the real tollgated, driven with the real tollgatectl while sipp places
// calls: listing and showing calls, ending one, disabling a destination (and finding it still
// disabled after a restart), applying and rolling back rulesets, dry runs, watching events,
// the audit log, refusing an unprivileged user, and a thousand malformed requests.
#include "FreePort.h"
#include "PipelineFixture.h"
#include "RawSipClient.h"
#include "SippRun.h"
#include "TestPaths.h"
#include "Tollgatectl.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTest>

#include <sys/stat.h>

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

/// The status an OPTIONS from a carrier gets now (the seed's "options" rule answers it).
int optionsStatus(PipelineFixture& fixture)
{
    RawSipClient client;
    client.sendUdp(client.fill(OptionsTemplate, fixture.proxy()), QStringLiteral("127.0.0.1"),
                   fixture.daemon().sipPort());
    return RawSipClient::statusCode(client.receiveUdp(3000));
}

QJsonArray callsOf(const CtlResult& result)
{
    return result.json().object().value(QStringLiteral("calls")).toArray();
}

std::unique_ptr<SippRun> startCallee(const QString& scenario, int port)
{
    auto callee = std::make_unique<SippRun>(scenario);
    callee->local(QStringLiteral("127.0.0.1"), port).answerOptions();
    return callee->start() ? std::move(callee) : nullptr;
}

std::unique_ptr<SippRun> startCaller(PipelineFixture& fixture, const QString& scenario, int calls, double rate,
                                     int durationMs)
{
    auto caller = std::make_unique<SippRun>(scenario);
    caller->local(QStringLiteral("127.0.0.1"), pickFreePort())
        .remote(fixture.proxy())
        .calls(calls)
        .rate(rate)
        .callDurationMs(durationMs);
    return caller->start() ? std::move(caller) : nullptr;
}

} // namespace

class TestControlSocket : public QObject
{
    Q_OBJECT

private slots:
    void listAndShowCallsWhileSippRunsThem();
    void endACallFromTheMiddle();
    void disableADestinationAndKeepItAcrossARestart();
    void applyAndRollBackARuleset();
    void dryRunTheSeedOptionsCase();
    void watchEvents();
    void unprivilegedUserIsRefused();
    void malformedRequestsLeaveTheDaemonServing();
};

void TestControlSocket::listAndShowCallsWhileSippRunsThem()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    auto coreA = startCallee(QStringLiteral("uas.xml"), fixture.coreAPort());
    QVERIFY(coreA);
    auto caller = startCaller(fixture, QStringLiteral("uac.xml"), 10, 10, 3000);
    QVERIFY(caller);
    QTest::qWait(1500);

    const QString socket = fixture.daemon().controlSocket();
    const CtlResult list = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("calls"), QStringLiteral("list"),
                                                   QStringLiteral("--state"), QStringLiteral("answered")});
    QCOMPARE(list.exitCode, 0);
    const QJsonArray calls = callsOf(list);
    QVERIFY2(calls.size() >= 5, qPrintable(list.out));
    const QJsonObject call = calls.first().toObject();
    QCOMPARE(call.value(QStringLiteral("carrier")).toString(), QStringLiteral("carrier-a"));
    QCOMPARE(call.value(QStringLiteral("group")).toString(), QStringLiteral("core"));
    QCOMPARE(call.value(QStringLiteral("destination")).toString(),
             QStringLiteral("sip:127.0.0.1:%1").arg(fixture.coreAPort()));

    const CtlResult table = runTollgatectl(socket, {QStringLiteral("calls"), QStringLiteral("list")});
    QCOMPARE(table.exitCode, 0);
    QVERIFY2(table.out.contains(QStringLiteral("answered")), qPrintable(table.out));

    const QString callId = call.value(QStringLiteral("callId")).toString();
    const CtlResult show = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("calls"), QStringLiteral("show"), callId});
    QCOMPARE(show.exitCode, 0);
    const QJsonArray messages = show.json().object().value(QStringLiteral("messages")).toArray();
    QStringList firstLines;
    for (const QJsonValue& message : messages)
        firstLines << message.toObject().value(QStringLiteral("firstLine")).toString();
    // INVITE in and out, 180 and 200 in and out, ACK in and out.
    QVERIFY2(firstLines.size() >= 8, qPrintable(firstLines.join(u'\n')));
    QVERIFY(firstLines.first().startsWith(u"INVITE sip:"));
    QVERIFY2(firstLines.first().endsWith(u" SIP/2.0"), qPrintable(firstLines.first()));
    QVERIFY2(firstLines.contains(QStringLiteral("SIP/2.0 180 Ringing")), qPrintable(firstLines.join(u'\n')));
    QVERIFY2(firstLines.contains(QStringLiteral("SIP/2.0 200 OK")), qPrintable(firstLines.join(u'\n')));
    for (const QString& line : firstLines)
        QVERIFY2(!line.contains(u'\r') && !line.contains(u'\n'), qPrintable(line));

    QVERIFY(caller->wait(60000));
    QCOMPARE(caller->successfulCalls(), 10);
    QVERIFY(fixture.daemon().stop());
}

void TestControlSocket::endACallFromTheMiddle()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    auto coreA = startCallee(QStringLiteral("uas.xml"), fixture.coreAPort());
    QVERIFY(coreA);
    auto caller = startCaller(fixture, QStringLiteral("uac-ended-by-operator.xml"), 1, 1, 0);
    QVERIFY(caller);
    const QString socket = fixture.daemon().controlSocket();
    QString callId;
    for (int attempt = 0; attempt < 50 && callId.isEmpty(); ++attempt) {
        QTest::qWait(100);
        const QJsonArray calls = callsOf(runTollgatectl(
            socket, {QStringLiteral("--json"), QStringLiteral("calls"), QStringLiteral("list"), QStringLiteral("--state"),
                     QStringLiteral("answered")}));
        if (!calls.isEmpty())
            callId = calls.first().toObject().value(QStringLiteral("callId")).toString();
    }
    QVERIFY(!callId.isEmpty());
    const CtlResult end = runTollgatectl(
        socket, {QStringLiteral("calls"), QStringLiteral("end"), callId, QStringLiteral("--reason"), QStringLiteral("fraud check")});
    QCOMPARE(end.exitCode, 0);
    // Both parties got a BYE: the caller's scenario (waiting for it) completes.
    QVERIFY2(caller->wait(10000), qPrintable(caller->output().right(2000)));
    QCOMPARE(caller->successfulCalls(), 1);
    QTest::qWait(700);
    coreA->stop();
    QVERIFY2(coreA->successfulCalls() >= 1, qPrintable(coreA->output().right(2000)));

    const CtlResult again = runTollgatectl(socket, {QStringLiteral("calls"), QStringLiteral("end"), callId});
    QCOMPARE(again.exitCode, 1);
    const CtlResult audit = runTollgatectl(
        socket, {QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list"), QStringLiteral("--action"),
                 QStringLiteral("calls.end")});
    const QJsonArray entries = audit.json().object().value(QStringLiteral("entries")).toArray();
    QVERIFY(!entries.isEmpty());
    QCOMPARE(entries.last().toObject().value(QStringLiteral("target")).toString(), callId);
    QCOMPARE(entries.last().toObject().value(QStringLiteral("result")).toString(), QStringLiteral("ok"));
    QVERIFY(fixture.daemon().stop());
}

void TestControlSocket::disableADestinationAndKeepItAcrossARestart()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    auto coreA = startCallee(QStringLiteral("uas.xml"), fixture.coreAPort());
    auto coreB = startCallee(QStringLiteral("uas.xml"), fixture.coreBPort());
    QVERIFY(coreA && coreB);
    const QString socket = fixture.daemon().controlSocket();

    const CtlResult disable = runTollgatectl(socket, {QStringLiteral("destinations"), QStringLiteral("disable"),
                                                      QStringLiteral("core-a"), QStringLiteral("--reason"),
                                                      QStringLiteral("maintenance")});
    QCOMPARE(disable.exitCode, 0);
    QVERIFY2(disable.out.contains(QStringLiteral("disabled")), qPrintable(disable.out));

    auto caller = startCaller(fixture, QStringLiteral("uac.xml"), 5, 10, 200);
    QVERIFY(caller && caller->wait(30000));
    QCOMPARE(caller->successfulCalls(), 5);
    const QJsonArray calls = callsOf(runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("calls"), QStringLiteral("list")}));
    QCOMPARE(calls.size(), 5);
    for (const QJsonValue& call : calls) {
        QCOMPARE(call.toObject().value(QStringLiteral("destination")).toString(),
                 QStringLiteral("sip:127.0.0.1:%1").arg(fixture.coreBPort()));
    }

    // The administrative state survives a restart.
    QVERIFY(fixture.daemon().stop());
    QVERIFY(fixture.daemon().start());
    const CtlResult list = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("destinations"), QStringLiteral("list"),
                                                   QStringLiteral("--group"), QStringLiteral("core")});
    QVERIFY2(list.exitCode == 0, qPrintable(list.err + fixture.daemon().log()));
    const QJsonArray destinations = list.json().object().value(QStringLiteral("destinations")).toArray();
    QCOMPARE(destinations.size(), 2);
    const QJsonObject first = destinations.at(0).toObject();
    QCOMPARE(first.value(QStringLiteral("name")).toString(), QStringLiteral("core-a"));
    QCOMPARE(first.value(QStringLiteral("state")).toString(), QStringLiteral("disabled"));
    QCOMPARE(first.value(QStringLiteral("reason")).toString(), QStringLiteral("maintenance"));
    QCOMPARE(first.value(QStringLiteral("changedBy")).toString(), QStringLiteral("root"));

    // Unknown and misspelt names are refused with a hint.
    const CtlResult unknown = runTollgatectl(socket, {QStringLiteral("destinations"), QStringLiteral("enable"), QStringLiteral("core-x")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains(QStringLiteral("did you mean 'core-a'")) ||
                 unknown.out.contains(QStringLiteral("did you mean 'core-a'")),
             qPrintable(unknown.err + unknown.out));
    QCOMPARE(runTollgatectl(socket, {QStringLiteral("destinations"), QStringLiteral("enable"), QStringLiteral("core-a")}).exitCode, 0);

    // Every change is in the audit log, which survived the restart too.
    const CtlResult audit = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("audit"), QStringLiteral("list")});
    QStringList actions;
    for (const QJsonValue& entry : audit.json().object().value(QStringLiteral("entries")).toArray())
        actions << entry.toObject().value(QStringLiteral("user")).toString() + u' ' +
                       entry.toObject().value(QStringLiteral("action")).toString() + u' ' +
                       entry.toObject().value(QStringLiteral("result")).toString();
    QVERIFY2(actions.contains(QStringLiteral("root destinations.disable ok")), qPrintable(actions.join(u'\n')));
    QVERIFY2(actions.contains(QStringLiteral("root destinations.enable ok")), qPrintable(actions.join(u'\n')));
    QVERIFY2(actions.contains(QStringLiteral("root destinations.enable refused")), qPrintable(actions.join(u'\n')));
    QVERIFY(fixture.daemon().stop());
}

void TestControlSocket::applyAndRollBackARuleset()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    const QString socket = fixture.daemon().controlSocket();
    QCOMPARE(optionsStatus(fixture), 503);

    // The export is the canonical form, byte for byte what tollgated --export prints.
    const CtlResult exported = runTollgatectl(socket, {QStringLiteral("rules"), QStringLiteral("export")});
    QCOMPARE(exported.exitCode, 0);
    QString offline;
    QCOMPARE(fixture.daemon().runOffline({QStringLiteral("--export")}, &offline, nullptr), 0);
    QCOMPARE(exported.out, offline);

    const QString changed = fixture.writeRuleSet({{QStringLiteral("OPTIONS_CODE"), QStringLiteral("480")}},
                                                 QStringLiteral("changed.json"));
    const CtlResult apply = runTollgatectl(socket, {QStringLiteral("rules"), QStringLiteral("apply"), changed,
                                                    QStringLiteral("--comment"), QStringLiteral("OPTIONS get 480")});
    QCOMPARE(apply.exitCode, 0);
    QCOMPARE(optionsStatus(fixture), 480);

    const CtlResult diff = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("rules"), QStringLiteral("diff"),
                                                   QStringLiteral("2"), QStringLiteral("3")});
    QCOMPARE(diff.exitCode, 0);
    const QJsonArray changes = diff.json().object().value(QStringLiteral("changes")).toArray();
    QCOMPARE(changes.size(), 1);
    QVERIFY2(changes.at(0).toObject().value(QStringLiteral("path")).toString().contains(QStringLiteral("rule \"options\"")),
             qPrintable(diff.out));

    // An invalid ruleset is refused with its diagnostics and changes nothing.
    const CtlResult invalid = runTollgatectl(socket, {QStringLiteral("rules"), QStringLiteral("apply"),
                                                      dataPath(QStringLiteral("rulesets/invalid-unknown-flag.json")),
                                                      QStringLiteral("--comment"), QStringLiteral("typo")});
    QCOMPARE(invalid.exitCode, 1);
    QVERIFY2((invalid.out + invalid.err).contains(QStringLiteral("INTERNALY_SOURCED")), qPrintable(invalid.out + invalid.err));
    QCOMPARE(optionsStatus(fixture), 480);

    const CtlResult rollback = runTollgatectl(socket, {QStringLiteral("rules"), QStringLiteral("rollback"), QStringLiteral("2"),
                                                       QStringLiteral("--comment"), QStringLiteral("back to 503")});
    QCOMPARE(rollback.exitCode, 0);
    QCOMPARE(optionsStatus(fixture), 503);
    const CtlResult revisions = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("rules"), QStringLiteral("revisions")});
    const QJsonObject history = revisions.json().object();
    QCOMPARE(history.value(QStringLiteral("active")).toInt(), 4);
    QCOMPARE(history.value(QStringLiteral("revisions")).toArray().at(0).toObject().value(QStringLiteral("rolledBackFrom")).toInt(), 2);
    QVERIFY(fixture.daemon().stop());
}

void TestControlSocket::dryRunTheSeedOptionsCase()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    const QString socket = fixture.daemon().controlSocket();
    const QString options = dataPath(QStringLiteral("sip/options-keepalive.sip"));

    CtlResult result = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("rules"), QStringLiteral("dry-run"), options,
                                               QStringLiteral("--source"), QStringLiteral("127.0.0.9:5060")});
    QCOMPARE(result.exitCode, 0);
    QJsonObject decision = result.json().object().value(QStringLiteral("decision")).toObject();
    QCOMPARE(decision.value(QStringLiteral("reply")).toObject().value(QStringLiteral("code")).toInt(), 503);
    QCOMPARE(decision.value(QStringLiteral("reply")).toObject().value(QStringLiteral("reason")).toString(),
             QStringLiteral("Options Reply"));

    result = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("rules"), QStringLiteral("dry-run"), options,
                                     QStringLiteral("--source"), QStringLiteral("127.0.0.1:%1").arg(fixture.coreAPort())});
    QCOMPARE(result.exitCode, 0);
    decision = result.json().object().value(QStringLiteral("decision")).toObject();
    QCOMPARE(decision.value(QStringLiteral("outcome")).toString(), QStringLiteral("relay"));
    QVERIFY(result.json().object().value(QStringLiteral("flags")).toArray().contains(QStringLiteral("INTERNALLY_SOURCED")));

    // A draft ruleset can be tried without applying it.
    const QString draft = fixture.writeRuleSet({{QStringLiteral("OPTIONS_CODE"), QStringLiteral("486")}}, QStringLiteral("draft.json"));
    result = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("rules"), QStringLiteral("dry-run"), options,
                                     QStringLiteral("--source"), QStringLiteral("127.0.0.9:5060"), QStringLiteral("--draft"), draft});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.json().object().value(QStringLiteral("decision")).toObject().value(QStringLiteral("reply")).toObject()
                 .value(QStringLiteral("code")).toInt(),
             486);
    QCOMPARE(optionsStatus(fixture), 503);
    QVERIFY(fixture.daemon().stop());
}

void TestControlSocket::watchEvents()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    auto coreA = startCallee(QStringLiteral("uas.xml"), fixture.coreAPort());
    auto coreB = startCallee(QStringLiteral("uas.xml"), fixture.coreBPort());
    QVERIFY(coreA && coreB);
    const QString socket = fixture.daemon().controlSocket();

    QProcess watch;
    watch.start(binaryPath(QStringLiteral("cli/tollgatectl")),
                {QStringLiteral("--socket"), socket, QStringLiteral("--json"), QStringLiteral("events"), QStringLiteral("watch"),
                 QStringLiteral("calls"), QStringLiteral("destinations"), QStringLiteral("rules"), QStringLiteral("audit")});
    QVERIFY(watch.waitForStarted());
    QTest::qWait(500);

    auto caller = startCaller(fixture, QStringLiteral("uac.xml"), 2, 5, 200);
    QVERIFY(caller && caller->wait(30000));
    QCOMPARE(runTollgatectl(socket, {QStringLiteral("destinations"), QStringLiteral("drain"), QStringLiteral("core-b")}).exitCode, 0);
    QTest::qWait(800);
    watch.terminate();
    watch.waitForFinished(5000);
    const QString output = QString::fromUtf8(watch.readAllStandardOutput());
    QStringList methods;
    for (const QString& line : output.split(u'\n', Qt::SkipEmptyParts))
        methods << QJsonDocument::fromJson(line.toUtf8()).object().value(QStringLiteral("method")).toString();
    QVERIFY2(methods.count(QStringLiteral("call.created")) == 2, qPrintable(output));
    QVERIFY2(methods.count(QStringLiteral("call.ended")) == 2, qPrintable(output));
    QVERIFY2(methods.contains(QStringLiteral("call.updated")), qPrintable(output));
    QVERIFY2(methods.contains(QStringLiteral("destination.changed")), qPrintable(output));
    QVERIFY2(methods.contains(QStringLiteral("audit.added")), qPrintable(output));
    QVERIFY(fixture.daemon().stop());
}

void TestControlSocket::unprivilegedUserIsRefused()
{
    if (::geteuid() != 0)
        QSKIP("needs root to run tollgatectl as nobody");
    if (QStandardPaths::findExecutable(QStringLiteral("setpriv")).isEmpty())
        QFAIL("setpriv (util-linux) is missing");
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    const QString socket = fixture.daemon().controlSocket();
    QVERIFY(::chmod(qPrintable(fixture.daemon().directory()), 0755) == 0);
    const QStringList asNobody{QStringLiteral("setpriv"), QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=nogroup"),
                               QStringLiteral("--clear-groups")};

    // The socket file (0660, root's group here) already keeps nobody out...
    struct stat info {};
    QVERIFY(::stat(qPrintable(socket), &info) == 0);
    QCOMPARE(info.st_mode & 0777, mode_t(0660));
    CtlResult result = runTollgatectl(socket, {QStringLiteral("system"), QStringLiteral("hello")}, 20000, asNobody);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QStringLiteral("permission denied")), qPrintable(result.err));

    // ...and with the file opened to everyone, the daemon's SO_PEERCRED check still refuses.
    QVERIFY(::chmod(qPrintable(socket), 0666) == 0);
    result = runTollgatectl(socket, {QStringLiteral("system"), QStringLiteral("hello")}, 20000, asNobody);
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(QStringLiteral("permission denied by tollgated")), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("nobody")), qPrintable(result.err));
    // Root still gets in.
    QCOMPARE(runTollgatectl(socket, {QStringLiteral("system"), QStringLiteral("hello")}).exitCode, 0);
    QVERIFY(fixture.daemon().stop());
}

void TestControlSocket::malformedRequestsLeaveTheDaemonServing()
{
    PipelineFixture fixture;
    QVERIFY2(fixture.start(), qPrintable(fixture.daemon().log()));
    const QString socket = fixture.daemon().controlSocket();

    QLocalSocket client;
    client.connectToServer(socket);
    QVERIFY(client.waitForConnected(3000));
    QRandomGenerator random(4475);
    const QList<QByteArray> shapes{
        "{", "[]", "null", "42", "\"text\"", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"system.hello\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"system.hello\"}", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":7}",
        "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"calls.lst\"}",
        "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"calls.list\",\"params\":{\"limit\":\"many\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"rules.apply\",\"params\":{\"ruleset\":[],\"comment\":\"\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"destinations.disable\",\"params\":{\"destination\":\"nowhere\"}}",
        "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"rules.dryRun\",\"params\":{\"message\":\"garbage\"}}"};
    int sent = 0;
    for (int i = 0; i < 1000; ++i) {
        QByteArray line;
        if (i % 3 == 0) {
            line = shapes.at(int(random.bounded(shapes.size())));
        } else {
            line.resize(int(random.bounded(1, 200)));
            for (char& byte : line)
                byte = char(random.bounded(1, 256));
            line.replace('\n', ' ');
        }
        client.write(line + '\n');
        ++sent;
        if (i % 50 == 0) {
            client.waitForBytesWritten(2000);
            client.waitForReadyRead(50);
            client.readAll();
        }
    }
    // A request over the size limit, then a valid one on the same connection.
    client.write(QByteArray(21 * 1024 * 1024, 'x') + '\n');
    client.write("{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"system.hello\"}\n");
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (!received.contains("\"id\":\"last\"") && timer.elapsed() < 20000) {
        client.waitForBytesWritten(100);
        client.waitForReadyRead(100);
        received += client.readAll();
    }
    QVERIFY2(received.contains("\"id\":\"last\""), received.right(500).constData());
    QVERIFY(received.contains("-32700"));
    QVERIFY(received.contains("-32600"));
    QVERIFY(received.contains("-32601"));
    QVERIFY(received.contains("-32602"));
    QVERIFY(client.state() == QLocalSocket::ConnectedState);
    QCOMPARE(sent, 1000);

    // Another client and SIP are served as before.
    QCOMPARE(runTollgatectl(socket, {QStringLiteral("system"), QStringLiteral("status")}).exitCode, 0);
    QCOMPARE(optionsStatus(fixture), 503);
    QVERIFY(fixture.daemon().stop());
}

QTEST_GUILESS_MAIN(TestControlSocket)
#include "TestControlSocket.moc"
