// DaemonConfig::loadFile: every key of the INI file, comments, sections, repeated `listen`, and
// every error with the `path:line` it names.
#include "app/DaemonConfig.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tollgate;

class TestDaemonConfig : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void defaults();
    void everyKey();
    void commentsBlankLinesAndSpacing();
    void sectionsMayRepeat();
    void listenAccumulatesAndReplaces();
    void booleans_data();
    void booleans();
    void integerRanges_data();
    void integerRanges();
    void logLevels_data();
    void logLevels();
    void errors_data();
    void errors();
    void failedValueLeavesTheOldOne();
    void unreadableFile();
    void secondFileOverridesFirst();

private:
    QString write(const QByteArray& text, const QString& name = QStringLiteral("tollgated.conf"));

    std::unique_ptr<QTemporaryDir> m_directory;
};

void TestDaemonConfig::init()
{
    m_directory = std::make_unique<QTemporaryDir>();
    QVERIFY(m_directory->isValid());
}

QString TestDaemonConfig::write(const QByteArray& text, const QString& name)
{
    const QString path = m_directory->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(text);
    return path;
}

void TestDaemonConfig::defaults()
{
    const DaemonConfig config;
    QCOMPARE(config.databasePath, QStringLiteral("var/tollgate.db"));
    QCOMPARE(config.controlSocketPath, QStringLiteral("var/tollgate.sock"));
    QCOMPARE(config.controlGroup, QStringLiteral("tollgate"));
    QCOMPARE(config.logLevel, QStringLiteral("info"));
    QCOMPARE(config.maxCallLifetimeSeconds, 4 * 3600);
    QCOMPARE(config.callTraceCalls, 2000);
    QVERIFY(!config.callTraceFullText);
    QVERIFY(config.sip.listen.empty()); // the built-in listen addresses are the command line's fallback
    QCOMPARE(DaemonConfig::defaultListen(), (QStringList{QStringLiteral("sip:127.0.0.1:5060;transport=udp"),
                                                         QStringLiteral("sip:127.0.0.1:5060;transport=tcp")}));
    QCOMPARE(DaemonConfig::logLevels(), (QStringList{QStringLiteral("debug"), QStringLiteral("info"),
                                                     QStringLiteral("warning"), QStringLiteral("error")}));
}

void TestDaemonConfig::everyKey()
{
    const QString path = write("[daemon]\n"
                               "database = /var/lib/tollgate/tollgate.db\n"
                               "control_socket = /run/tollgate/control.sock\n"
                               "control_group = voip-admins\n"
                               "log_level = debug\n"
                               "max_call_lifetime_s = 7200\n"
                               "call_trace_calls = 0\n"
                               "call_trace_full_text = yes\n"
                               "\n"
                               "[sip]\n"
                               "listen = sip:192.0.2.1:5060;transport=udp\n"
                               "udp_buffer_bytes = 1048576\n"
                               "max_message_bytes = 8192\n"
                               "t1_ms = 250\n"
                               "timer_c_ms = 90000\n"
                               "in_dialog_timeout_ms = 16000\n"
                               "overload_backlog_bytes = 2097152\n"
                               "max_pending_invites = 5000\n"
                               "log_messages = on\n");
    DaemonConfig config;
    QString error;
    QVERIFY2(config.loadFile(path, &error), qPrintable(error));
    QCOMPARE(config.databasePath, QStringLiteral("/var/lib/tollgate/tollgate.db"));
    QCOMPARE(config.controlSocketPath, QStringLiteral("/run/tollgate/control.sock"));
    QCOMPARE(config.controlGroup, QStringLiteral("voip-admins"));
    QCOMPARE(config.logLevel, QStringLiteral("debug"));
    QCOMPARE(config.maxCallLifetimeSeconds, 7200);
    QCOMPARE(config.callTraceCalls, 0);
    QVERIFY(config.callTraceFullText);
    QCOMPARE(config.sip.listen, std::vector<std::string>{"sip:192.0.2.1:5060;transport=udp"});
    QCOMPARE(config.sip.udpBufferBytes, 1048576);
    QCOMPARE(config.sip.maxMessageBytes, 8192);
    QCOMPARE(config.sip.sipT1Ms, 250);
    QCOMPARE(config.sip.timerCMs, 90000);
    QCOMPARE(config.sip.inDialogTimeoutMs, 16000);
    QCOMPARE(config.sip.overload.sheddingBacklogBytes, 2097152u);
    QCOMPARE(config.sip.overload.maxPendingInvites, 5000u);
    QVERIFY(config.sip.logMessages);
    QVERIFY(error.isEmpty());
}

void TestDaemonConfig::commentsBlankLinesAndSpacing()
{
    const QString path = write("# Tollgate daemon configuration\r\n"
                               "\r\n"
                               "   # an indented comment\r\n"
                               "  [ daemon ]  \r\n"
                               "\tdatabase=/srv/tg.db\r\n"
                               "control_socket   =   /run/tg.sock   \r\n"
                               "control_group = has # no comment inside values\r\n");
    DaemonConfig config;
    QString error;
    QVERIFY2(config.loadFile(path, &error), qPrintable(error));
    QCOMPARE(config.databasePath, QStringLiteral("/srv/tg.db"));
    QCOMPARE(config.controlSocketPath, QStringLiteral("/run/tg.sock"));
    // `#` starts a comment line only; inside a value it is part of the value.
    QCOMPARE(config.controlGroup, QStringLiteral("has # no comment inside values"));
}

void TestDaemonConfig::sectionsMayRepeat()
{
    const QString path = write("[daemon]\nlog_level = warning\n[sip]\nt1_ms = 300\n[daemon]\nlog_level = error\n");
    DaemonConfig config;
    QString error;
    QVERIFY2(config.loadFile(path, &error), qPrintable(error));
    QCOMPARE(config.logLevel, QStringLiteral("error"));
    QCOMPARE(config.sip.sipT1Ms, 300);
}

void TestDaemonConfig::listenAccumulatesAndReplaces()
{
    const QString path = write("[sip]\n"
                               "listen = sip:192.0.2.1:5060;transport=udp\n"
                               "listen = sip:192.0.2.1:5060;transport=tcp\n"
                               "listen = sips:[2001:db8::1]:5061\n");
    DaemonConfig config;
    config.sip.listen = {"sip:127.0.0.1:9999"};
    QString error;
    QVERIFY2(config.loadFile(path, &error), qPrintable(error));
    // The file's list, in file order, replaces what was there.
    QCOMPARE(config.sip.listen,
             (std::vector<std::string>{"sip:192.0.2.1:5060;transport=udp", "sip:192.0.2.1:5060;transport=tcp",
                                       "sips:[2001:db8::1]:5061"}));

    // A file without `listen` leaves the list alone.
    const QString other = write("[sip]\nt1_ms = 500\n", QStringLiteral("other.conf"));
    QVERIFY2(config.loadFile(other, &error), qPrintable(error));
    QCOMPARE(config.sip.listen.size(), std::size_t(3));
}

void TestDaemonConfig::booleans_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("expected");

    for (const char* yes : {"true", "yes", "on", "1", "TRUE", "Yes"})
        QTest::newRow(yes) << QString::fromLatin1(yes) << true;
    for (const char* no : {"false", "no", "off", "0", "OFF"})
        QTest::newRow(no) << QString::fromLatin1(no) << false;
}

void TestDaemonConfig::booleans()
{
    QFETCH(QString, value);
    QFETCH(bool, expected);
    const QString path =
        write(QStringLiteral("[daemon]\ncall_trace_full_text = %1\n[sip]\nlog_messages = %1\n").arg(value).toUtf8());
    DaemonConfig config;
    config.callTraceFullText = !expected;
    config.sip.logMessages = !expected;
    QString error;
    QVERIFY2(config.loadFile(path, &error), qPrintable(error));
    QCOMPARE(config.callTraceFullText, expected);
    QCOMPARE(config.sip.logMessages, expected);
}

void TestDaemonConfig::integerRanges_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("minimum");
    QTest::addColumn<int>("maximum");

    QTest::newRow("max_call_lifetime_s") << "daemon"
                                         << "max_call_lifetime_s" << 60 << 7 * 24 * 3600;
    QTest::newRow("call_trace_calls") << "daemon"
                                      << "call_trace_calls" << 0 << 1000000;
    QTest::newRow("udp_buffer_bytes") << "sip"
                                      << "udp_buffer_bytes" << 65536 << 256 * 1024 * 1024;
    QTest::newRow("max_message_bytes") << "sip"
                                       << "max_message_bytes" << 1500 << 16 * 1024 * 1024;
    QTest::newRow("t1_ms") << "sip"
                           << "t1_ms" << 100 << 5000;
    QTest::newRow("timer_c_ms") << "sip"
                                << "timer_c_ms" << 10000 << 3600000;
    QTest::newRow("in_dialog_timeout_ms") << "sip"
                                          << "in_dialog_timeout_ms" << 1000 << 64000;
    QTest::newRow("overload_backlog_bytes") << "sip"
                                            << "overload_backlog_bytes" << 65536 << 256 * 1024 * 1024;
    QTest::newRow("max_pending_invites") << "sip"
                                         << "max_pending_invites" << 100 << 1000000;
}

void TestDaemonConfig::integerRanges()
{
    QFETCH(QString, section);
    QFETCH(QString, key);
    QFETCH(int, minimum);
    QFETCH(int, maximum);

    const auto load = [&](const QString& value, QString* error) {
        const QString path = write(QStringLiteral("[%1]\n%2 = %3\n").arg(section, key, value).toUtf8());
        DaemonConfig config;
        return config.loadFile(path, error);
    };
    QString error;
    QVERIFY2(load(QString::number(minimum), &error), qPrintable(error));
    QVERIFY2(load(QString::number(maximum), &error), qPrintable(error));
    const QString path = m_directory->filePath(QStringLiteral("tollgated.conf"));
    for (const QString& bad : {QString::number(qint64(minimum) - 1), QString::number(qint64(maximum) + 1),
                               QStringLiteral("ten"), QStringLiteral("1.5"), QString()}) {
        QVERIFY2(!load(bad, &error), qPrintable(bad));
        QCOMPARE(error, QStringLiteral("%1:2: invalid value '%2' for %3").arg(path, bad, key));
    }
}

void TestDaemonConfig::logLevels_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("debug") << "debug"
                           << "debug";
    QTest::newRow("info") << "info"
                          << "info";
    QTest::newRow("warning") << "warning"
                             << "warning";
    QTest::newRow("error") << "error"
                           << "error";
    QTest::newRow("upper case") << "WARNING"
                                << "warning";
}

void TestDaemonConfig::logLevels()
{
    QFETCH(QString, value);
    QFETCH(QString, expected);
    const QString path = write(QStringLiteral("[daemon]\nlog_level = %1\n").arg(value).toUtf8());
    DaemonConfig config;
    QString error;
    QVERIFY2(config.loadFile(path, &error), qPrintable(error));
    QCOMPARE(config.logLevel, expected);
}

void TestDaemonConfig::errors_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error"); // after "PATH:"

    QTest::newRow("unclosed section") << QByteArray("# top\n[daemon\n")
                                      << "2: section header is missing its closing ']'";
    QTest::newRow("unknown section") << QByteArray("[media]\n") << "1: unknown section [media] (known: daemon, sip)";
    QTest::newRow("empty section") << QByteArray("[]\n") << "1: unknown section [] (known: daemon, sip)";
    QTest::newRow("no equals sign") << QByteArray("[daemon]\n\ndatabase /srv/tg.db\n") << "3: expected `key = value`";
    QTest::newRow("key before any section") << QByteArray("database = /srv/tg.db\n") << "1: key outside of a [section]";
    QTest::newRow("unknown key") << QByteArray("[daemon]\nlisten = sip:127.0.0.1\n")
                                 << "2: unknown key 'listen' in [daemon]";
    QTest::newRow("key of the other section")
        << QByteArray("[sip]\ndatabase = x\n") << "2: unknown key 'database' in [sip]";
    QTest::newRow("keys are case-sensitive")
        << QByteArray("[daemon]\nDatabase = x\n") << "2: unknown key 'Database' in [daemon]";
    QTest::newRow("empty key") << QByteArray("[daemon]\n= x\n") << "2: unknown key '' in [daemon]";
    QTest::newRow("empty path") << QByteArray("[daemon]\ndatabase =\n") << "2: invalid value '' for database";
    QTest::newRow("empty socket") << QByteArray("[daemon]\ncontrol_socket = \n")
                                  << "2: invalid value '' for control_socket";
    QTest::newRow("empty group") << QByteArray("[daemon]\ncontrol_group=\n") << "2: invalid value '' for control_group";
    QTest::newRow("bad log level") << QByteArray("[daemon]\nlog_level = verbose\n")
                                   << "2: invalid value 'verbose' for log_level";
    QTest::newRow("bad boolean") << QByteArray("[daemon]\ncall_trace_full_text = maybe\n")
                                 << "2: invalid value 'maybe' for call_trace_full_text";
    QTest::newRow("bad sip boolean") << QByteArray("[sip]\nlog_messages = y\n")
                                     << "2: invalid value 'y' for log_messages";
    QTest::newRow("listen without scheme") << QByteArray("[sip]\nlisten = sip:127.0.0.1\nlisten = 127.0.0.1:5060\n")
                                           << "3: invalid value '127.0.0.1:5060' for listen";
    QTest::newRow("listen with another scheme")
        << QByteArray("[sip]\nlisten = tel:+123\n") << "2: invalid value 'tel:+123' for listen";
    QTest::newRow("first error wins") << QByteArray("[sip]\nt1_ms = 1\n[nope]\n") << "2: invalid value '1' for t1_ms";
}

void TestDaemonConfig::errors()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    const QString path = write(text);
    DaemonConfig config;
    QString message;
    QVERIFY(!config.loadFile(path, &message));
    QCOMPARE(message, path + u':' + error);
}

void TestDaemonConfig::failedValueLeavesTheOldOne()
{
    // A refused value does not overwrite the setting (the daemon refuses to start anyway, but a
    // caller that reports the error and goes on must not see a half-applied value).
    const QString path = write("[daemon]\nlog_level = chatty\n");
    DaemonConfig config;
    QString error;
    QVERIFY(!config.loadFile(path, &error));
    QCOMPARE(config.logLevel, QStringLiteral("info"));

    const QString empty = write("[daemon]\ndatabase =\n", QStringLiteral("empty.conf"));
    QVERIFY(!config.loadFile(empty, &error));
    QCOMPARE(config.databasePath, QStringLiteral("var/tollgate.db"));

    const QString numbers = write("[sip]\nt1_ms = 99999\n", QStringLiteral("numbers.conf"));
    QVERIFY(!config.loadFile(numbers, &error));
    QCOMPARE(config.sip.sipT1Ms, 500);

    const QString listen = write("[sip]\nlisten = sip:192.0.2.1\nlisten = bad\n", QStringLiteral("listen.conf"));
    QVERIFY(!config.loadFile(listen, &error));
    QVERIFY(config.sip.listen.empty());
}

void TestDaemonConfig::unreadableFile()
{
    const QString path = m_directory->filePath(QStringLiteral("absent.conf"));
    DaemonConfig config;
    QString error;
    QVERIFY(!config.loadFile(path, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read config file %1: ").arg(path)), qPrintable(error));
    QVERIFY(error.size() > QStringLiteral("cannot read config file %1: ").arg(path).size()); // says why

    QVERIFY(!config.loadFile(m_directory->path(), &error)); // a directory
    QVERIFY2(error.startsWith(QStringLiteral("cannot read config file %1").arg(m_directory->path())),
             qPrintable(error));
}

void TestDaemonConfig::secondFileOverridesFirst()
{
    const QString first = write("[daemon]\ndatabase = /a.db\ncontrol_group = ops\n", QStringLiteral("a.conf"));
    const QString second = write("[daemon]\ndatabase = /b.db\n", QStringLiteral("b.conf"));
    DaemonConfig config;
    QString error;
    QVERIFY2(config.loadFile(first, &error), qPrintable(error));
    QVERIFY2(config.loadFile(second, &error), qPrintable(error));
    QCOMPARE(config.databasePath, QStringLiteral("/b.db"));
    QCOMPARE(config.controlGroup, QStringLiteral("ops"));
}

QTEST_GUILESS_MAIN(TestDaemonConfig)
#include "TestDaemonConfig.moc"
