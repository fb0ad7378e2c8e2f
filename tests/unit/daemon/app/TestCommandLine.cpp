// CommandLine: tollgated's modes, their options, the usage errors and their messages, and the
// config file read first with the flags over it.
#include "app/CommandLine.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

Q_DECLARE_METATYPE(tollgate::CommandLine::Mode)

namespace {

/// The installed system config would be read when no --config is given; the tests that rely
/// on the built-in defaults cannot run on a machine that has one.
constexpr char SystemConfigPath[] = "/etc/tollgate/tollgated.conf";

struct Parsed
{
    bool ok = false;
    bool exitNow = false;
    QString error;
    CommandLine command;
};

/// Command-line words (the sources are ASCII literals).
QStringList args(std::initializer_list<const char*> words)
{
    QStringList list;
    for (const char* word : words)
        list << QString::fromLatin1(word);
    return list;
}

Parsed parse(QStringList arguments)
{
    Parsed parsed;
    arguments.prepend(QStringLiteral("tollgated"));
    parsed.ok = parsed.command.parse(arguments, &parsed.error, &parsed.exitNow);
    return parsed;
}

QStringList listenOf(const CommandLine& command)
{
    QStringList uris;
    for (const std::string& uri : command.config.sip.listen)
        uris << QString::fromStdString(uri);
    return uris;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void noArgumentsRunsWithTheDefaults();
    void modes_data();
    void modes();
    void dryRunOptions_data();
    void dryRunOptions();
    void usageErrors_data();
    void usageErrors();
    void versionExitsAtOnce();
    void daemonFlags();
    void logLevelFlag_data();
    void logLevelFlag();
    void configFileThenFlags();
    void configListenReplacedByFlags();
    void configErrorsStopTheParse();

private:
    QString writeConfig(const QByteArray& text);

    std::unique_ptr<QTemporaryDir> m_directory;
};

void TestCommandLine::init()
{
    if (QFileInfo::exists(QLatin1String(SystemConfigPath)))
        QSKIP("a system config file is installed; the built-in defaults are not observable here");
    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());
}

QString TestCommandLine::writeConfig(const QByteArray& text)
{
    const QString path = m_directory->filePath(QStringLiteral("tollgated.conf"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(text);
    return path;
}

void TestCommandLine::noArgumentsRunsWithTheDefaults()
{
    const Parsed parsed = parse(QStringList());
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QVERIFY(!parsed.exitNow);
    const CommandLine& command = parsed.command;
    QCOMPARE(command.mode, CommandLine::Mode::Run);
    QCOMPARE(command.config.databasePath, QStringLiteral("var/tollgate.db"));
    QCOMPARE(command.config.controlSocketPath, QStringLiteral("var/tollgate.sock"));
    QCOMPARE(command.config.logLevel, QStringLiteral("info"));
    QCOMPARE(listenOf(command), DaemonConfig::defaultListen());
    QCOMPARE(listenOf(command), (QStringList{QStringLiteral("sip:127.0.0.1:5060;transport=udp"),
                                             QStringLiteral("sip:127.0.0.1:5060;transport=tcp")}));
    QCOMPARE(command.source, QStringLiteral("192.0.2.10:5060"));
    QCOMPARE(command.transport, QStringLiteral("udp"));
    QVERIFY(!command.json);
    QVERIFY(command.comment.isEmpty());
}

void TestCommandLine::modes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<CommandLine::Mode>("mode");
    QTest::addColumn<QString>("rulesetPath");
    QTest::addColumn<QString>("comment");
    QTest::addColumn<int>("revision");
    QTest::addColumn<int>("diffFrom");
    QTest::addColumn<int>("diffTo");
    QTest::addColumn<bool>("json");

    using Mode = CommandLine::Mode;
    QTest::newRow("check") << args({"--check", "rules.json"}) << Mode::Check << "rules.json"
                           << "" << 0 << 0 << 0 << false;
    QTest::newRow("check --json") << args({"--check", "rules.json", "--json"}) << Mode::Check << "rules.json"
                                  << "" << 0 << 0 << 0 << true;
    QTest::newRow("import") << args({"--import", "new.json"}) << Mode::Import << "new.json"
                            << "" << 0 << 0 << 0 << false;
    QTest::newRow("import with comment") << args({"--import=new.json", "--comment", "carrier B added"}) << Mode::Import
                                         << "new.json"
                                         << "carrier B added" << 0 << 0 << 0 << false;
    QTest::newRow("export") << args({"--export"}) << Mode::Export << ""
                            << "" << 0 << 0 << 0 << false;
    QTest::newRow("revisions --json") << args({"--revisions", "--json"}) << Mode::Revisions << ""
                                      << "" << 0 << 0 << 0 << true;
    QTest::newRow("rollback") << args({"--rollback", "3"}) << Mode::Rollback << ""
                              << "" << 3 << 0 << 0 << false;
    QTest::newRow("rollback with comment")
        << args({"--rollback", "12", "--comment", "bad carrier change"}) << Mode::Rollback << ""
        << "bad carrier change" << 12 << 0 << 0 << false;
    QTest::newRow("diff") << args({"--diff", "2:5"}) << Mode::Diff << ""
                          << "" << 0 << 2 << 5 << false;
    QTest::newRow("diff backwards --json") << args({"--diff", "5:2", "--json"}) << Mode::Diff << ""
                                           << "" << 0 << 5 << 2 << true;
}

void TestCommandLine::modes()
{
    QFETCH(QStringList, arguments);
    QFETCH(CommandLine::Mode, mode);
    QFETCH(QString, rulesetPath);
    QFETCH(QString, comment);
    QFETCH(int, revision);
    QFETCH(int, diffFrom);
    QFETCH(int, diffTo);
    QFETCH(bool, json);

    const Parsed parsed = parse(arguments);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QVERIFY(!parsed.exitNow);
    QCOMPARE(parsed.command.mode, mode);
    QCOMPARE(parsed.command.rulesetPath, rulesetPath);
    QCOMPARE(parsed.command.comment, comment);
    QCOMPARE(parsed.command.revision, revision);
    QCOMPARE(parsed.command.diffFrom, diffFrom);
    QCOMPARE(parsed.command.diffTo, diffTo);
    QCOMPARE(parsed.command.json, json);
    // An offline mode still gets a complete config (the database path above all).
    QCOMPARE(parsed.command.config.databasePath, QStringLiteral("var/tollgate.db"));
    QVERIFY(!parsed.command.config.sip.listen.empty());
}

void TestCommandLine::dryRunOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("transport");

    QTest::newRow("defaults") << args({"--dry-run", "invite.sip"}) << "192.0.2.10:5060"
                              << "udp";
    QTest::newRow("IPv4 source") << args({"--dry-run", "invite.sip", "--source", "203.0.113.7:5070"})
                                 << "203.0.113.7:5070"
                                 << "udp";
    QTest::newRow("IPv6 source over tcp")
        << args({"--dry-run", "invite.sip", "--source", "[2001:db8::7]:5060", "--transport", "tcp"})
        << "[2001:db8::7]:5060"
        << "tcp";
    QTest::newRow("transport is case-insensitive")
        << args({"--dry-run", "invite.sip", "--transport", "TLS"}) << "192.0.2.10:5060"
        << "tls";
    QTest::newRow("with --json") << args({"--json", "--dry-run=invite.sip", "--transport=udp"}) << "192.0.2.10:5060"
                                 << "udp";
}

void TestCommandLine::dryRunOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, source);
    QFETCH(QString, transport);

    const Parsed parsed = parse(arguments);
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(parsed.command.mode, CommandLine::Mode::DryRun);
    QCOMPARE(parsed.command.messagePath, QStringLiteral("invite.sip"));
    QCOMPARE(parsed.command.source, source);
    QCOMPARE(parsed.command.transport, transport);
}

void TestCommandLine::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error");

    const QString oneMode =
        QStringLiteral("give at most one of --check, --import, --export, --revisions, --rollback, --diff, --dry-run");
    QTest::newRow("unknown option") << args({"--bogus"}) << "Unknown option 'bogus'.";
    QTest::newRow("missing value") << args({"--db"}) << "Missing value after '--db'.";
    QTest::newRow("positional argument") << args({"rules.json"}) << "unexpected argument 'rules.json'";
    QTest::newRow("check and import") << args({"--check", "a.json", "--import", "b.json"}) << oneMode;
    QTest::newRow("export and revisions") << args({"--export", "--revisions"}) << oneMode;
    QTest::newRow("diff and dry-run") << args({"--diff", "1:2", "--dry-run", "m.sip"}) << oneMode;
    QTest::newRow("rollback not a number")
        << args({"--rollback", "latest"}) << "--rollback needs a revision number, got 'latest'";
    QTest::newRow("rollback zero") << args({"--rollback", "0"}) << "--rollback needs a revision number, got '0'";
    QTest::newRow("rollback negative") << args({"--rollback=-2"}) << "--rollback needs a revision number, got '-2'";
    QTest::newRow("diff one number") << args({"--diff", "3"}) << "--diff needs two revision numbers as A:B, got '3'";
    QTest::newRow("diff three numbers") << args({"--diff", "1:2:3"})
                                        << "--diff needs two revision numbers as A:B, got '1:2:3'";
    QTest::newRow("diff missing side") << args({"--diff", "4:"})
                                       << "--diff needs two revision numbers as A:B, got '4:'";
    QTest::newRow("diff not numbers") << args({"--diff", "a:b"})
                                      << "--diff needs two revision numbers as A:B, got 'a:b'";
    QTest::newRow("diff revision zero") << args({"--diff", "0:2"})
                                        << "--diff needs two revision numbers as A:B, got '0:2'";
    QTest::newRow("comment with export") << args({"--export", "--comment", "x"})
                                         << "--comment goes with --import or --rollback";
    QTest::newRow("comment with check") << args({"--check", "a.json", "--comment", "x"})
                                        << "--comment goes with --import or --rollback";
    QTest::newRow("comment alone") << args({"--comment", "x"}) << "--comment goes with --import or --rollback";
    QTest::newRow("source without dry-run")
        << args({"--source", "192.0.2.1:5060"}) << "--source and --transport go with --dry-run";
    QTest::newRow("transport with import")
        << args({"--import", "a.json", "--transport", "tcp"}) << "--source and --transport go with --dry-run";
    QTest::newRow("unknown transport") << args({"--dry-run", "m.sip", "--transport", "sctp"})
                                       << "--transport must be udp, tcp or tls, got 'sctp'";
    QTest::newRow("unknown log level") << args({"--log-level", "verbose"})
                                       << "--log-level must be debug, info, warning or error, got 'verbose'";
    QTest::newRow("listen without a scheme")
        << args({"--listen", "127.0.0.1:5060"}) << "--listen needs a sip: or sips: URI, got '127.0.0.1:5060'";
}

void TestCommandLine::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const Parsed parsed = parse(arguments);
    QVERIFY(!parsed.ok);
    QVERIFY(!parsed.exitNow);
    QCOMPARE(parsed.error, error);
}

void TestCommandLine::versionExitsAtOnce()
{
    const Parsed parsed = parse({QStringLiteral("--version")});
    QVERIFY(parsed.ok);
    QVERIFY(parsed.exitNow);
}

void TestCommandLine::daemonFlags()
{
    const Parsed parsed = parse(args({"--db", "/srv/tollgate.db", "--control", "/run/tg.sock", "--listen",
                                      "sip:192.0.2.1:5060;transport=udp", "--listen", "sips:[2001:db8::1]:5061"}));
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(parsed.command.mode, CommandLine::Mode::Run);
    QCOMPARE(parsed.command.config.databasePath, QStringLiteral("/srv/tollgate.db"));
    QCOMPARE(parsed.command.config.controlSocketPath, QStringLiteral("/run/tg.sock"));
    QCOMPARE(listenOf(parsed.command), (QStringList{QStringLiteral("sip:192.0.2.1:5060;transport=udp"),
                                                    QStringLiteral("sips:[2001:db8::1]:5061")}));
}

void TestCommandLine::logLevelFlag_data()
{
    QTest::addColumn<QString>("flag");
    QTest::addColumn<QString>("level");

    QTest::newRow("debug") << "debug"
                           << "debug";
    QTest::newRow("warning") << "warning"
                             << "warning";
    QTest::newRow("upper case") << "ERROR"
                                << "error";
}

void TestCommandLine::logLevelFlag()
{
    QFETCH(QString, flag);
    QFETCH(QString, level);
    const Parsed parsed = parse({QStringLiteral("--log-level"), flag});
    QVERIFY2(parsed.ok, qPrintable(parsed.error));
    QCOMPARE(parsed.command.config.logLevel, level);
}

void TestCommandLine::configFileThenFlags()
{
    const QString path = writeConfig("[daemon]\n"
                                     "database = /var/lib/tollgate/tollgate.db\n"
                                     "control_socket = /run/tollgate/control.sock\n"
                                     "log_level = warning\n"
                                     "[sip]\n"
                                     "t1_ms = 250\n");
    QVERIFY(!path.isEmpty());

    const Parsed fileOnly = parse({QStringLiteral("--config"), path});
    QVERIFY2(fileOnly.ok, qPrintable(fileOnly.error));
    QCOMPARE(fileOnly.command.config.databasePath, QStringLiteral("/var/lib/tollgate/tollgate.db"));
    QCOMPARE(fileOnly.command.config.controlSocketPath, QStringLiteral("/run/tollgate/control.sock"));
    QCOMPARE(fileOnly.command.config.logLevel, QStringLiteral("warning"));
    QCOMPARE(fileOnly.command.config.sip.sipT1Ms, 250);
    // The file gives no listen address: the built-in ones apply.
    QCOMPARE(listenOf(fileOnly.command), DaemonConfig::defaultListen());

    // Flags win over the file, wherever they stand on the command line.
    const Parsed both = parse(args({"--db", "/tmp/other.db", "--config"}) << path << args({"--log-level", "debug"}));
    QVERIFY2(both.ok, qPrintable(both.error));
    QCOMPARE(both.command.config.databasePath, QStringLiteral("/tmp/other.db"));
    QCOMPARE(both.command.config.controlSocketPath, QStringLiteral("/run/tollgate/control.sock"));
    QCOMPARE(both.command.config.logLevel, QStringLiteral("debug"));
    QCOMPARE(both.command.config.sip.sipT1Ms, 250);
}

void TestCommandLine::configListenReplacedByFlags()
{
    const QString path = writeConfig("[sip]\n"
                                     "listen = sip:192.0.2.1:5060;transport=udp\n"
                                     "listen = sip:192.0.2.1:5060;transport=tcp\n");
    const Parsed fileOnly = parse({QStringLiteral("--config"), path});
    QVERIFY2(fileOnly.ok, qPrintable(fileOnly.error));
    QCOMPARE(listenOf(fileOnly.command), (QStringList{QStringLiteral("sip:192.0.2.1:5060;transport=udp"),
                                                      QStringLiteral("sip:192.0.2.1:5060;transport=tcp")}));

    // --listen replaces the file's list as a whole rather than adding to it.
    const Parsed flags = parse(args({"--config"}) << path << args({"--listen", "sip:[::1]:5070"}));
    QVERIFY2(flags.ok, qPrintable(flags.error));
    QCOMPARE(listenOf(flags.command), QStringList{QStringLiteral("sip:[::1]:5070")});
}

void TestCommandLine::configErrorsStopTheParse()
{
    const QString missing = m_directory->filePath(QStringLiteral("missing.conf"));
    const Parsed absent = parse({QStringLiteral("--config"), missing, QStringLiteral("--export")});
    QVERIFY(!absent.ok);
    QVERIFY2(absent.error.startsWith(QStringLiteral("cannot read config file %1: ").arg(missing)),
             qPrintable(absent.error));

    const QString path = writeConfig("[daemon]\nlog_level = loud\n");
    const Parsed bad = parse({QStringLiteral("--config"), path});
    QVERIFY(!bad.ok);
    QCOMPARE(bad.error, QStringLiteral("%1:2: invalid value 'loud' for log_level").arg(path));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "TestCommandLine.moc"
