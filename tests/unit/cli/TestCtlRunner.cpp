// tollgatectl's command logic end to end, in-process: CtlCommandLine -> CtlRunner ->
// ControlClient -> a real ControlServer with test handlers -> the text or JSON printed.
#include "TestPaths.h"
#include "control/AccountLookup.h"
#include "control/ControlServer.h"
#include "ctl/CtlCommandLine.h"
#include "ctl/CtlRunner.h"
#include "model/RuleSetJson.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <unistd.h>

using namespace tollgate;

namespace {

struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
};

QJsonObject call(const QString& id, const QString& state, const QString& caller, qint64 duration)
{
    return {{QStringLiteral("callId"), id},
            {QStringLiteral("state"), state},
            {QStringLiteral("caller"), caller},
            {QStringLiteral("callee"), QStringLiteral("2000")},
            {QStringLiteral("carrier"), QStringLiteral("acme")},
            {QStringLiteral("destination"), QStringLiteral("sip:192.0.2.10")},
            {QStringLiteral("startedAt"), QStringLiteral("2024-05-01T12:00:00.000Z")},
            {QStringLiteral("durationSeconds"), duration}};
}

QJsonArray invalidDiagnostics()
{
    return {QJsonObject{{QStringLiteral("severity"), QStringLiteral("error")},
                        {QStringLiteral("path"), QStringLiteral("route MAIN › rule \"options\" › action 2")},
                        {QStringLiteral("message"), QStringLiteral("unknown flag INTERNALY_SOURCED")},
                        {QStringLiteral("hint"), QStringLiteral("did you mean INTERNALLY_SOURCED?")}}};
}

} // namespace

class TestCtlRunner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void callsListAsTable();
    void callsListAsJson();
    void callsShowDrawsTheLadder();
    void destinationChange();
    void rulesExportIsCanonical();
    void invalidRulesetExitsOne();
    void refusedApplyShowsDiagnostics();
    void errorAnswerExitsOne();
    void errorAnswerAsJson();
    void paramsAreCheckedBeforeConnecting();
    void watchPrintsEventsUntilCount();
    void watchAsJsonLines();

private:
    Outcome run(const QStringList& arguments, const std::function<void()>& whileRunning = {});
    void publishWhenSubscribed(int events);

    QTemporaryDir m_dir;
    std::unique_ptr<ControlServer> m_server;
    QJsonObject m_starterRuleset;
};

void TestCtlRunner::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_starterRuleset =
        QJsonDocument::fromJson(test::readFile(test::sourcePath(QStringLiteral("resources/starter-ruleset.json"))))
            .object();
    QVERIFY(!m_starterRuleset.isEmpty());

    ControlServerSettings settings;
    settings.socketPath = m_dir.filePath(QStringLiteral("control.sock"));
    settings.groupName = AccountLookup::groupName(::getegid());
    m_server = std::make_unique<ControlServer>(settings);
    const auto answer = [this](const QString& method, std::function<void(const QJsonObject&, ControlResponder)> body) {
        QVERIFY(m_server->registerHandler(method, [body](const QJsonObject& params, const CallerIdentity&,
                                                         ControlResponder responder) { body(params, responder); }));
    };
    answer(QStringLiteral("calls.list"), [](const QJsonObject&, ControlResponder responder) {
        responder.result(QJsonObject{
            {QStringLiteral("total"), 3},
            {QStringLiteral("calls"),
             QJsonArray{call(QStringLiteral("a1@pc33"), QStringLiteral("answered"), QStringLiteral("alice"), 185),
                        call(QStringLiteral("b2@host"), QStringLiteral("ringing"), QStringLiteral("bob"), 0)}}});
    });
    answer(QStringLiteral("calls.get"), [](const QJsonObject& params, ControlResponder responder) {
        const QJsonArray messages{
            QJsonObject{{QStringLiteral("time"), QStringLiteral("2024-05-01T12:00:00.000Z")},
                        {QStringLiteral("from"), QStringLiteral("203.0.113.7:5060")},
                        {QStringLiteral("to"), QStringLiteral("192.0.2.1:5060")},
                        {QStringLiteral("firstLine"), QStringLiteral("INVITE sip:2000@192.0.2.1 SIP/2.0")}},
            QJsonObject{{QStringLiteral("time"), QStringLiteral("2024-05-01T12:00:00.020Z")},
                        {QStringLiteral("from"), QStringLiteral("192.0.2.1:5060")},
                        {QStringLiteral("to"), QStringLiteral("203.0.113.7:5060")},
                        {QStringLiteral("firstLine"), QStringLiteral("SIP/2.0 100 Trying")}}};
        responder.result(
            QJsonObject{{QStringLiteral("call"), call(params.value(QStringLiteral("callId")).toString(),
                                                      QStringLiteral("answered"), QStringLiteral("alice"), 65)},
                        {QStringLiteral("messages"), messages}});
    });
    answer(QStringLiteral("destinations.disable"), [](const QJsonObject& params, ControlResponder responder) {
        responder.result(QJsonObject{{QStringLiteral("group"), QStringLiteral("core")},
                                     {QStringLiteral("destination"), params.value(QStringLiteral("destination"))},
                                     {QStringLiteral("uri"), QStringLiteral("sip:192.0.2.10:5060")},
                                     {QStringLiteral("state"), QStringLiteral("disabled")}});
    });
    answer(QStringLiteral("rules.get"), [this](const QJsonObject&, ControlResponder responder) {
        responder.result(QJsonObject{{QStringLiteral("revision"), QJsonObject{{QStringLiteral("id"), 1}}},
                                     {QStringLiteral("ruleset"), m_starterRuleset}});
    });
    answer(QStringLiteral("rules.validate"), [](const QJsonObject&, ControlResponder responder) {
        responder.result(
            QJsonObject{{QStringLiteral("valid"), false}, {QStringLiteral("diagnostics"), invalidDiagnostics()}});
    });
    answer(QStringLiteral("rules.apply"), [](const QJsonObject&, ControlResponder responder) {
        responder.error(ControlErrorCode::InvalidRuleset, QStringLiteral("rules.apply: the ruleset has 1 error"),
                        QJsonObject{{QStringLiteral("diagnostics"), invalidDiagnostics()}});
    });
    answer(QStringLiteral("groups.failover"), [](const QJsonObject& params, ControlResponder responder) {
        responder.error(ControlErrorCode::NotFound,
                        QStringLiteral("groups.failover: unknown group '%1' (did you mean 'core'?)")
                            .arg(params.value(QStringLiteral("group")).toString()));
    });
    QString error;
    QVERIFY2(m_server->listen(&error), qPrintable(error));
}

void TestCtlRunner::cleanupTestCase()
{
    m_server.reset();
}

Outcome TestCtlRunner::run(const QStringList& arguments, const std::function<void()>& whileRunning)
{
    Outcome outcome;
    // One client at a time, so that a run's events cannot go to the previous run's connection.
    if (!QTest::qWaitFor([this]() { return m_server->clientCount() == 0; }, 5000))
        qWarning("the previous tollgatectl connection is still open");
    CtlInvocation invocation;
    QString error;
    const CtlCommandLine::Environment environment{m_server->settings().socketPath,
                                                  [](const QString&) { return false; }};
    if (!CtlCommandLine::parse(arguments, environment, &invocation, &error)) {
        outcome.exitCode = int(CtlExitCode::Usage);
        outcome.err = error;
        return outcome;
    }
    QBuffer out;
    QBuffer err;
    out.open(QIODevice::WriteOnly);
    err.open(QIODevice::WriteOnly);
    CtlRunner runner(invocation, &out, &err);
    runner.setTimeZone(QTimeZone::utc());
    connect(&runner, &CtlRunner::finished, this, [&outcome](int exitCode) { outcome.exitCode = exitCode; });
    runner.start();
    if (whileRunning)
        whileRunning();
    if (!QTest::qWaitFor([&outcome]() { return outcome.exitCode >= 0; }, 10000))
        qWarning("tollgatectl %s did not finish", qPrintable(arguments.join(QLatin1Char(' '))));
    outcome.out = QString::fromUtf8(out.data());
    outcome.err = QString::fromUtf8(err.data());
    return outcome;
}

void TestCtlRunner::publishWhenSubscribed(int events)
{
    QVERIFY(QTest::qWaitFor(
        [this]() {
            const QList<ControlClientInfo> clients = m_server->clients();
            return clients.size() == 1 && clients.first().topics.contains(QStringLiteral("calls"));
        },
        5000));
    for (int i = 0; i < events; ++i) {
        m_server->publish(QStringLiteral("calls"), QStringLiteral("call.created"),
                          {{QStringLiteral("call"),
                            call(QStringLiteral("w%1").arg(i), QStringLiteral("setup"), QStringLiteral("carol"), 0)}});
    }
}

void TestCtlRunner::callsListAsTable()
{
    const Outcome outcome = run({QStringLiteral("calls"), QStringLiteral("list")});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY(outcome.err.isEmpty());
    QCOMPARE(
        outcome.out,
        QStringLiteral("CALL-ID  STATE     CALLER  CALLEE  CARRIER  DESTINATION     STARTED              DURATION\n"
                       "a1@pc33  answered  alice   2000    acme     sip:192.0.2.10  2024-05-01 12:00:00    3m 05s\n"
                       "b2@host  ringing   bob     2000    acme     sip:192.0.2.10  2024-05-01 12:00:00        0s\n"
                       "2 of 3 calls\n"));
}

void TestCtlRunner::callsListAsJson()
{
    const Outcome outcome = run({QStringLiteral("--json"), QStringLiteral("calls"), QStringLiteral("list")});
    QCOMPARE(outcome.exitCode, 0);
    const QJsonObject result = QJsonDocument::fromJson(outcome.out.toUtf8()).object();
    QCOMPARE(result.value(QStringLiteral("total")).toInt(), 3);
    QCOMPARE(result.value(QStringLiteral("calls")).toArray().size(), 2);
}

void TestCtlRunner::callsShowDrawsTheLadder()
{
    const Outcome outcome = run({QStringLiteral("calls"), QStringLiteral("show"), QStringLiteral("a1@pc33")});
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY2(outcome.out.contains(QStringLiteral("Call-ID:      a1@pc33\n")), qPrintable(outcome.out));
    QVERIFY2(outcome.out.contains(QStringLiteral("Duration:     1m 05s\n")), qPrintable(outcome.out));
    QVERIFY2(outcome.out.contains(QStringLiteral("12:00:00.000            |-- INVITE ------>|\n")),
             qPrintable(outcome.out));
    QVERIFY2(outcome.out.contains(QStringLiteral("12:00:00.020            |<- 100 Trying ---|\n")),
             qPrintable(outcome.out));
}

void TestCtlRunner::destinationChange()
{
    const Outcome outcome = run({QStringLiteral("destinations"), QStringLiteral("disable"), QStringLiteral("core-a"),
                                 QStringLiteral("--reason"), QStringLiteral("maintenance")});
    QCOMPARE(outcome.exitCode, 0);
    QCOMPARE(outcome.out, QStringLiteral("destination core-a (sip:192.0.2.10:5060) in group core is now disabled\n"));
}

void TestCtlRunner::rulesExportIsCanonical()
{
    RuleSet ruleSet;
    Diagnostics problems;
    QVERIFY(RuleSetJson::fromJsonObject(m_starterRuleset, &ruleSet, &problems));
    const QByteArray canonical = RuleSetJson::toCanonicalJson(ruleSet);
    for (const QStringList& arguments :
         {QStringList{QStringLiteral("rules"), QStringLiteral("export")},
          QStringList{QStringLiteral("--json"), QStringLiteral("rules"), QStringLiteral("export")}}) {
        const Outcome outcome = run(arguments);
        QCOMPARE(outcome.exitCode, 0);
        QCOMPARE(outcome.out.toUtf8(), canonical);
    }
}

void TestCtlRunner::invalidRulesetExitsOne()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("draft.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{}");
    file.close();
    const Outcome outcome = run({QStringLiteral("rules"), QStringLiteral("validate"), file.fileName()});
    QCOMPARE(outcome.exitCode, 1);
    QCOMPARE(outcome.out,
             QStringLiteral("the ruleset is invalid:\nerror: route MAIN › rule \"options\" › action 2: unknown "
                            "flag INTERNALY_SOURCED (did you mean INTERNALLY_SOURCED?)\n"));
}

void TestCtlRunner::refusedApplyShowsDiagnostics()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("rules.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"format\":\"tollgate-ruleset\"}");
    file.close();
    const Outcome outcome = run({QStringLiteral("rules"), QStringLiteral("apply"), file.fileName(),
                                 QStringLiteral("--comment"), QStringLiteral("typo")});
    QCOMPARE(outcome.exitCode, 1);
    QVERIFY(outcome.out.isEmpty());
    QCOMPARE(outcome.err, QStringLiteral("tollgatectl: rules.apply: the ruleset has 1 error\nerror: route MAIN › rule "
                                         "\"options\" › action 2: unknown flag INTERNALY_SOURCED (did you mean "
                                         "INTERNALLY_SOURCED?)\n"));
}

void TestCtlRunner::errorAnswerExitsOne()
{
    const Outcome outcome = run({QStringLiteral("groups"), QStringLiteral("failover"), QStringLiteral("cor")});
    QCOMPARE(outcome.exitCode, 1);
    QCOMPARE(outcome.err, QStringLiteral("tollgatectl: groups.failover: unknown group 'cor' (did you mean 'core'?)\n"));
    // A method this daemon does not provide.
    const Outcome unavailable = run({QStringLiteral("stats"), QStringLiteral("show")});
    QCOMPARE(unavailable.exitCode, 1);
    QCOMPARE(unavailable.err, QStringLiteral("tollgatectl: stats.get: not available in this daemon\n"));
}

void TestCtlRunner::errorAnswerAsJson()
{
    const Outcome outcome =
        run({QStringLiteral("--json"), QStringLiteral("groups"), QStringLiteral("failover"), QStringLiteral("cor")});
    QCOMPARE(outcome.exitCode, 1);
    const QJsonObject error =
        QJsonDocument::fromJson(outcome.out.toUtf8()).object().value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toInt(), -32002);
    QVERIFY(!outcome.err.isEmpty());
}

void TestCtlRunner::paramsAreCheckedBeforeConnecting()
{
    const Outcome outcome =
        run({QStringLiteral("calls"), QStringLiteral("list"), QStringLiteral("--state"), QStringLiteral("rining")});
    QCOMPARE(outcome.exitCode, 2);
    QCOMPARE(outcome.err,
             QStringLiteral("tollgatectl: calls.list: parameter 'state': 'rining' is not one of setup, "
                            "ringing, answered, ended, failed (did you mean 'ringing'?) ('tollgatectl calls "
                            "list --help' explains the arguments)\n"));
    QCOMPARE(m_server->counters(QStringLiteral("calls.list")).errors, 0u);
}

void TestCtlRunner::watchPrintsEventsUntilCount()
{
    const Outcome outcome =
        run({QStringLiteral("calls"), QStringLiteral("watch"), QStringLiteral("--count"), QStringLiteral("2")},
            [this]() { publishWhenSubscribed(3); });
    QCOMPARE(outcome.exitCode, 0);
    const QStringList lines = outcome.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).contains(QStringLiteral("  call.created  w0  setup  carol -> 2000  acme -> sip:192.0.2.10")),
             qPrintable(lines.at(0)));
    QVERIFY(lines.at(1).contains(QStringLiteral("  call.created  w1  ")));
    QCOMPARE(outcome.err, QStringLiteral("watching calls; Ctrl-C stops\n"));
}

void TestCtlRunner::watchAsJsonLines()
{
    const Outcome outcome = run({QStringLiteral("--json"), QStringLiteral("events"), QStringLiteral("watch"),
                                 QStringLiteral("calls"), QStringLiteral("--count"), QStringLiteral("1")},
                                [this]() { publishWhenSubscribed(1); });
    QCOMPARE(outcome.exitCode, 0);
    QVERIFY(outcome.out.endsWith(QLatin1Char('\n')));
    QCOMPARE(outcome.out.count(QLatin1Char('\n')), 1);
    const QJsonObject event = QJsonDocument::fromJson(outcome.out.toUtf8()).object();
    QCOMPARE(event.value(QStringLiteral("method")).toString(), QStringLiteral("call.created"));
    QCOMPARE(event.value(QStringLiteral("params"))
                 .toObject()
                 .value(QStringLiteral("call"))
                 .toObject()
                 .value(QStringLiteral("callId"))
                 .toString(),
             QStringLiteral("w0"));
    QVERIFY(event.value(QStringLiteral("time")).toString().endsWith(QLatin1Char('Z')));
    QVERIFY(outcome.err.isEmpty());
}

QTEST_GUILESS_MAIN(TestCtlRunner)
#include "TestCtlRunner.moc"
