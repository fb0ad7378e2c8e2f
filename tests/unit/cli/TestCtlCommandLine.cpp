#include "ctl/CtlCommandLine.h"
#include "protocol/ControlCatalogue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

namespace {

/// One command line and what it must become.
struct Mapping
{
    QString name;
    QStringList arguments;
    QString method;
    QByteArray params; ///< JSON object sent (before FILE arguments are read).
    QStringList files; ///< "param=path" per FILE argument.
};

QList<Mapping> mappings()
{
    const auto args = [](const char* text) { return QString::fromUtf8(text).split(QLatin1Char(' ')); };
    return {
        {QStringLiteral("system hello"),
         args("system hello"),
         QStringLiteral("system.hello"),
         R"({"client":"tollgatectl"})",
         {}},
        {QStringLiteral("system status"), args("system status"), QStringLiteral("system.status"), "{}", {}},
        {QStringLiteral("stats show"), args("stats show"), QStringLiteral("stats.get"), "{}", {}},
        {QStringLiteral("calls list"),
         args("calls list --carrier acme --destination core-a --state answered --caller alice --callee 2000 "
              "--min-duration 60 --limit 20 --offset 40"),
         QStringLiteral("calls.list"),
         R"({"carrier":"acme","destination":"core-a","state":"answered","caller":"alice","callee":"2000",)"
         R"("minDurationSeconds":60,"limit":20,"offset":40})",
         {}},
        {QStringLiteral("calls show"),
         args("calls show a84b4c76e66710@pc33"),
         QStringLiteral("calls.get"),
         R"({"callId":"a84b4c76e66710@pc33"})",
         {}},
        {QStringLiteral("calls end"),
         {QStringLiteral("calls"), QStringLiteral("end"), QStringLiteral("c1"), QStringLiteral("--reason"),
          QStringLiteral("fraud suspected")},
         QStringLiteral("calls.end"),
         R"({"callId":"c1","reason":"fraud suspected"})",
         {}},
        {QStringLiteral("calls watch"),
         args("calls watch --count 5"),
         QStringLiteral("events.subscribe"),
         R"({"topics":["calls"]})",
         {}},
        {QStringLiteral("destinations list"),
         args("destinations list --group core"),
         QStringLiteral("destinations.list"),
         R"({"group":"core"})",
         {}},
        {QStringLiteral("destinations enable"),
         args("destinations enable core-a"),
         QStringLiteral("destinations.enable"),
         R"({"destination":"core-a"})",
         {}},
        {QStringLiteral("destinations disable"),
         {QStringLiteral("destinations"), QStringLiteral("disable"), QStringLiteral("core-a"),
          QStringLiteral("--reason"), QStringLiteral("maintenance")},
         QStringLiteral("destinations.disable"),
         R"({"destination":"core-a","reason":"maintenance"})",
         {}},
        {QStringLiteral("destinations drain"),
         args("destinations drain sip:192.0.2.10 --group=core"),
         QStringLiteral("destinations.drain"),
         R"({"destination":"sip:192.0.2.10","group":"core"})",
         {}},
        {QStringLiteral("groups failover"),
         args("groups failover core --reason test"),
         QStringLiteral("groups.failover"),
         R"({"group":"core","reason":"test"})",
         {}},
        {QStringLiteral("rules export"), args("rules export"), QStringLiteral("rules.get"), "{}", {}},
        {QStringLiteral("rules validate"),
         args("rules validate draft.json"),
         QStringLiteral("rules.validate"),
         "{}",
         {QStringLiteral("ruleset=draft.json")}},
        {QStringLiteral("rules apply"),
         {QStringLiteral("rules"), QStringLiteral("apply"), QStringLiteral("rules.json"), QStringLiteral("--comment"),
          QStringLiteral("add carrier globex")},
         QStringLiteral("rules.apply"),
         R"({"comment":"add carrier globex"})",
         {QStringLiteral("ruleset=rules.json")}},
        {QStringLiteral("rules revisions"),
         args("rules revisions --limit 5"),
         QStringLiteral("rules.revisions"),
         R"({"limit":5})",
         {}},
        {QStringLiteral("rules diff"),
         args("rules diff 3 7"),
         QStringLiteral("rules.diff"),
         R"({"from":3,"to":7})",
         {}},
        {QStringLiteral("rules rollback"),
         args("rules rollback 3 --comment back"),
         QStringLiteral("rules.rollback"),
         R"({"revision":3,"comment":"back"})",
         {}},
        {QStringLiteral("rules dry-run"),
         args("rules dry-run invite.sip --source 203.0.113.7:5060 --transport tcp --draft draft.json"),
         QStringLiteral("rules.dryRun"),
         R"({"source":"203.0.113.7:5060","transport":"tcp"})",
         {QStringLiteral("message=invite.sip"), QStringLiteral("ruleset=draft.json")}},
        {QStringLiteral("audit list"),
         args("audit list --limit 10 --user alice --action rules.apply --since 2024-05-01"),
         QStringLiteral("audit.list"),
         R"({"limit":10,"user":"alice","action":"rules.apply","since":"2024-05-01"})",
         {}},
        {QStringLiteral("events watch"),
         args("events watch calls destinations"),
         QStringLiteral("events.subscribe"),
         R"({"topics":["calls","destinations"]})",
         {}},
    };
}

CtlCommandLine::Environment environment(const QString& variable = {}, bool installedExists = false)
{
    return {variable, [installedExists](const QString&) { return installedExists; }};
}

} // namespace

class TestCtlCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void everyCommandIsMapped();
    void mapsArgumentsToParams_data();
    void mapsArgumentsToParams();
    void optionalArgumentMayBeOmitted();
    void globalOptionsAnywhere();
    void defaultSocket();
    void help_data();
    void help();
    void usageErrors_data();
    void usageErrors();
    void loadsFiles();
    void reportsFileProblems_data();
    void reportsFileProblems();
};

void TestCtlCommandLine::everyCommandIsMapped()
{
    QSet<QString> mapped;
    for (const Mapping& mapping : mappings())
        mapped.insert(mapping.name);
    for (const CliCommandSpec& command : ControlCatalogue::instance().commands()) {
        const QString name = command.noun + QLatin1Char(' ') + command.verb;
        QVERIFY2(mapped.contains(name), qPrintable(QStringLiteral("no mapping test for '%1'").arg(name)));
    }
}

void TestCtlCommandLine::mapsArgumentsToParams_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QByteArray>("params");
    QTest::addColumn<QStringList>("files");
    for (const Mapping& mapping : mappings())
        QTest::newRow(qPrintable(mapping.name))
            << mapping.arguments << mapping.method << mapping.params << mapping.files;
}

void TestCtlCommandLine::mapsArgumentsToParams()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, method);
    QFETCH(QByteArray, params);
    QFETCH(QStringList, files);

    CtlInvocation invocation;
    QString error;
    QVERIFY2(CtlCommandLine::parse(arguments, environment(), &invocation, &error), qPrintable(error));
    QCOMPARE(invocation.action, CtlInvocation::Action::Run);
    QCOMPARE(invocation.command.method, method);
    QCOMPARE(invocation.params, QJsonDocument::fromJson(params).object());
    QStringList actualFiles;
    for (const CtlInvocation::FileArgument& file : invocation.files)
        actualFiles << file.param + QLatin1Char('=') + file.path;
    QCOMPARE(actualFiles, files);
    QCOMPARE(invocation.socketPath, QStringLiteral("var/tollgate.sock"));
    QVERIFY(!invocation.json);
}

void TestCtlCommandLine::optionalArgumentMayBeOmitted()
{
    CtlInvocation invocation;
    QString error;
    QVERIFY(CtlCommandLine::parse({QStringLiteral("rules"), QStringLiteral("diff"), QStringLiteral("4")}, environment(),
                                  &invocation, &error));
    QCOMPARE(invocation.params, QJsonObject({{QStringLiteral("from"), 4}}));
}

void TestCtlCommandLine::globalOptionsAnywhere()
{
    CtlInvocation invocation;
    QString error;
    QVERIFY2(CtlCommandLine::parse({QStringLiteral("calls"), QStringLiteral("--json"), QStringLiteral("watch"),
                                    QStringLiteral("--socket=/tmp/s.sock"), QStringLiteral("--count"),
                                    QStringLiteral("3"), QStringLiteral("--timeout"), QStringLiteral("5")},
                                   environment(), &invocation, &error),
             qPrintable(error));
    QVERIFY(invocation.json);
    QCOMPARE(invocation.socketPath, QStringLiteral("/tmp/s.sock"));
    QCOMPARE(invocation.count, 3);
    QCOMPARE(invocation.timeoutSeconds, 5);
    QVERIFY(invocation.command.streaming);

    // After "--", words starting with a dash are arguments.
    QVERIFY2(CtlCommandLine::parse({QStringLiteral("calls"), QStringLiteral("show"), QStringLiteral("--"),
                                    QStringLiteral("--odd-call-id")},
                                   environment(), &invocation, &error),
             qPrintable(error));
    QCOMPARE(invocation.params.value(QStringLiteral("callId")).toString(), QStringLiteral("--odd-call-id"));
}

void TestCtlCommandLine::defaultSocket()
{
    QCOMPARE(CtlCommandLine::defaultSocketPath(environment(QStringLiteral("/srv/t.sock"), true)),
             QStringLiteral("/srv/t.sock"));
    QCOMPARE(CtlCommandLine::defaultSocketPath(environment({}, true)), QStringLiteral("/run/tollgate/control.sock"));
    QCOMPARE(CtlCommandLine::defaultSocketPath(environment({}, false)), QStringLiteral("var/tollgate.sock"));

    CtlInvocation invocation;
    QString error;
    QVERIFY(CtlCommandLine::parse(
        {QStringLiteral("--socket"), QStringLiteral("/a.sock"), QStringLiteral("stats"), QStringLiteral("show")},
        environment(QStringLiteral("/env.sock"), true), &invocation, &error));
    QCOMPARE(invocation.socketPath, QStringLiteral("/a.sock"));
}

void TestCtlCommandLine::help_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<CtlInvocation::Action>("action");
    QTest::addColumn<QString>("contains");

    QTest::newRow("help") << QStringList{QStringLiteral("help")} << CtlInvocation::Action::Help
                          << QStringLiteral("destinations disable NAME [OPTIONS]");
    QTest::newRow("--help alone") << QStringList{QStringLiteral("--help")} << CtlInvocation::Action::Help
                                  << QStringLiteral("Exit codes: 0 success");
    QTest::newRow("help noun") << QStringList{QStringLiteral("help"), QStringLiteral("calls")}
                               << CtlInvocation::Action::Help
                               << QStringLiteral("Usage: tollgatectl calls watch [--count N]");
    QTest::newRow("noun --help") << QStringList{QStringLiteral("destinations"), QStringLiteral("--help")}
                                 << CtlInvocation::Action::Help
                                 << QStringLiteral(
                                        "--group GROUP  Group of the destination; needed when the name is in "
                                        "several groups.");
    QTest::newRow("command --help") << QStringList{QStringLiteral("calls"), QStringLiteral("list"),
                                                   QStringLiteral("-h")}
                                    << CtlInvocation::Action::Help
                                    << QStringLiteral(
                                           "--limit N               At most this many calls (1..10000; default 100).");
    QTest::newRow("version") << QStringList{QStringLiteral("--version")} << CtlInvocation::Action::Version
                             << QStringLiteral("tollgatectl ");
}

void TestCtlCommandLine::help()
{
    QFETCH(QStringList, arguments);
    QFETCH(CtlInvocation::Action, action);
    QFETCH(QString, contains);

    CtlInvocation invocation;
    QString error;
    QVERIFY2(CtlCommandLine::parse(arguments, environment(), &invocation, &error), qPrintable(error));
    QCOMPARE(invocation.action, action);
    QVERIFY2(invocation.text.contains(contains), qPrintable(invocation.text));
}

void TestCtlCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");

    const auto args = [](const char* text) { return QString::fromUtf8(text).split(QLatin1Char(' ')); };
    QTest::newRow("nothing") << QStringList{} << QStringLiteral("no command given");
    QTest::newRow("unknown noun") << args("rulez export")
                                  << QStringLiteral(
                                         "unknown command 'rulez' (did you mean 'rules'?); 'tollgatectl help' "
                                         "lists the commands");
    QTest::newRow("unknown noun, nothing close") << args("zzzzzz list")
                                                 << QStringLiteral("unknown command 'zzzzzz'; 'tollgatectl help' lists "
                                                                   "the commands");
    QTest::newRow("missing verb") << args("destinations")
                                  << QStringLiteral("destinations: missing the verb (list, enable, disable, drain); "
                                                    "'tollgatectl destinations --help' shows them");
    QTest::newRow("unknown verb") << args("rules aply x.json")
                                  << QStringLiteral("rules: unknown command 'aply' (did you mean 'apply'?); "
                                                    "'tollgatectl rules --help' lists them");
    QTest::newRow("help of unknown noun") << args("help cals")
                                          << QStringLiteral("help: unknown command 'cals' (did you "
                                                            "mean 'calls'?)");
    QTest::newRow("missing argument") << args("groups failover")
                                      << QStringLiteral("groups failover: missing GROUP (usage: tollgatectl groups "
                                                        "failover GROUP [--reason TEXT])");
    QTest::newRow("missing topics") << args("events watch")
                                    << QStringLiteral("events watch: missing TOPIC (usage: tollgatectl events watch "
                                                      "TOPIC... [--count N])");
    QTest::newRow("extra argument") << args("calls list now")
                                    << QStringLiteral("calls list: unexpected argument 'now' (usage: tollgatectl calls "
                                                      "list [--carrier NAME] [--destination NAME] [--state STATE] "
                                                      "[--caller TEXT] [--callee TEXT] [--min-duration SECONDS] "
                                                      "[--limit N] [--offset N])");
    QTest::newRow("unknown option") << args("calls list --carier acme")
                                    << QStringLiteral(
                                           "calls list: unknown option --carier (did you mean '--carrier'?)");
    QTest::newRow("option of another command")
        << args("calls show x --group core") << QStringLiteral("calls show: unknown option --group");
    QTest::newRow("option without value") << args("calls end c1 --reason") << QStringLiteral("--reason needs a value");
    QTest::newRow("value on a flag") << args("--json=yes stats show") << QStringLiteral("--json takes no value");
    QTest::newRow("single dash") << args("-j stats show")
                                 << QStringLiteral("unknown option '-j' (options are spelled --name)");
    QTest::newRow("bad integer argument")
        << args("rules rollback three") << QStringLiteral("rules rollback: REVISION expects an integer, got 'three'");
    QTest::newRow("bad integer option") << args("rules revisions --limit 1O")
                                        << QStringLiteral("rules revisions: --limit expects an integer, got '1O'");
    QTest::newRow("option twice") << args("audit list --user a --user b")
                                  << QStringLiteral("audit list: --user given twice");
    QTest::newRow("required option") << args("rules apply r.json")
                                     << QStringLiteral("rules apply: missing --comment TEXT (usage: tollgatectl rules "
                                                       "apply FILE --comment TEXT)");
    QTest::newRow("count on a plain command")
        << args("stats show --count 2") << QStringLiteral("stats show: --count applies to watch commands only");
    QTest::newRow("bad count") << args("calls watch --count 0")
                               << QStringLiteral("--count expects a positive number of events, got '0'");
    QTest::newRow("bad timeout") << args("--timeout 0 stats show")
                                 << QStringLiteral("--timeout expects seconds from 1 to 86400, got '0'");
    QTest::newRow("empty socket") << QStringList{QStringLiteral("--socket="), QStringLiteral("stats"),
                                                 QStringLiteral("show")}
                                  << QStringLiteral("--socket needs a path");
}

void TestCtlCommandLine::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);

    CtlInvocation invocation;
    QString actual;
    QVERIFY(!CtlCommandLine::parse(arguments, environment(), &invocation, &actual));
    if (error == QStringLiteral("no command given"))
        QVERIFY2(actual.startsWith(error + QStringLiteral("\n\nUsage: tollgatectl")), qPrintable(actual));
    else if (error.endsWith(QStringLiteral("--group")))
        QVERIFY2(actual.startsWith(error), qPrintable(actual));
    else
        QCOMPARE(actual, error);
}

void TestCtlCommandLine::loadsFiles()
{
    QTemporaryDir dir;
    QFile ruleset(dir.filePath(QStringLiteral("draft.json")));
    QVERIFY(ruleset.open(QIODevice::WriteOnly));
    ruleset.write("\xEF\xBB\xBF{\"format\": \"tollgate-ruleset\", \"version\": 1}\n");
    ruleset.close();
    QFile message(dir.filePath(QStringLiteral("invite.sip")));
    QVERIFY(message.open(QIODevice::WriteOnly));
    message.write("OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.7\r\n\r\n");
    message.close();

    CtlInvocation invocation;
    QString error;
    QVERIFY(CtlCommandLine::parse({QStringLiteral("rules"), QStringLiteral("dry-run"), message.fileName(),
                                   QStringLiteral("--draft"), ruleset.fileName()},
                                  environment(), &invocation, &error));
    QVERIFY2(CtlCommandLine::loadFiles(&invocation, &error), qPrintable(error));
    QVERIFY(invocation.files.isEmpty());
    QCOMPARE(invocation.params.value(QStringLiteral("message")).toString(),
             QStringLiteral("OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP 203.0.113.7\r\n\r\n"));
    QCOMPARE(
        invocation.params.value(QStringLiteral("ruleset")).toObject(),
        QJsonObject({{QStringLiteral("format"), QStringLiteral("tollgate-ruleset")}, {QStringLiteral("version"), 1}}));
}

void TestCtlCommandLine::reportsFileProblems_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("error");
    QTest::newRow("syntax") << QByteArray("{\n  \"a\": 1,\n  \"b\" 2\n}\n")
                            << QStringLiteral("rules.json: line 3, column 7: missing name separator");
    QTest::newRow("array") << QByteArray("[1, 2]")
                           << QStringLiteral("rules.json: expected a JSON object, got an array");
}

void TestCtlCommandLine::reportsFileProblems()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, error);

    QTemporaryDir dir;
    QVERIFY(QDir::setCurrent(dir.path()));
    QFile file(QStringLiteral("rules.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    CtlInvocation invocation;
    QString actual;
    QVERIFY(CtlCommandLine::parse({QStringLiteral("rules"), QStringLiteral("validate"), QStringLiteral("rules.json")},
                                  environment(), &invocation, &actual));
    QVERIFY(!CtlCommandLine::loadFiles(&invocation, &actual));
    QCOMPARE(actual, error);

    QVERIFY(CtlCommandLine::parse({QStringLiteral("rules"), QStringLiteral("validate"), QStringLiteral("missing.json")},
                                  environment(), &invocation, &actual));
    QVERIFY(!CtlCommandLine::loadFiles(&invocation, &actual));
    QVERIFY2(actual.startsWith(QStringLiteral("cannot read missing.json: ")), qPrintable(actual));
}

QTEST_GUILESS_MAIN(TestCtlCommandLine)
#include "TestCtlCommandLine.moc"
