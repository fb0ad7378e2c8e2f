// The built tollgatectl as scripts see it: exit codes and messages, without a daemon.
#include "TestPaths.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace tollgate;

class TestCtlExitCodes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void exitCodes_data();
    void exitCodes();
    void socketFromTheEnvironment();
    void socketNobodyListensOn();

private:
    int run(const QStringList& arguments, QString* out, QString* err,
            const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment());

    QString m_tollgatectl;
    QTemporaryDir m_dir;
};

void TestCtlExitCodes::initTestCase()
{
    m_tollgatectl = test::binaryPath(QStringLiteral("cli/tollgatectl"));
    QVERIFY2(QFileInfo(m_tollgatectl).isExecutable(), qPrintable(m_tollgatectl));
    QVERIFY(m_dir.isValid());
}

int TestCtlExitCodes::run(const QStringList& arguments, QString* out, QString* err,
                          const QProcessEnvironment& environment)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(m_tollgatectl, arguments);
    if (!process.waitForFinished(20000))
        return -1;
    *out = QString::fromUtf8(process.readAllStandardOutput());
    *err = QString::fromUtf8(process.readAllStandardError());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void TestCtlExitCodes::exitCodes_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutContains");
    QTest::addColumn<QString>("stderrStartsWith");

    const QString missing = QStringLiteral("/nonexistent-tollgate-dir/control.sock");
    QTest::newRow("help") << QStringList{QStringLiteral("help")} << 0 << QStringLiteral("Usage: tollgatectl")
                          << QString();
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << 0 << QStringLiteral("calls watch") << QString();
    QTest::newRow("noun --help") << QStringList{QStringLiteral("rules"), QStringLiteral("--help")} << 0
                                 << QStringLiteral("Usage: tollgatectl rules dry-run FILE") << QString();
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << 0
                               << QStringLiteral("(control protocol 1)") << QString();
    QTest::newRow("nothing") << QStringList{} << 2 << QString() << QStringLiteral("tollgatectl: no command given");
    QTest::newRow("unknown noun") << QStringList{QStringLiteral("cals"), QStringLiteral("list")} << 2 << QString()
                                  << QStringLiteral("tollgatectl: unknown command 'cals' (did you mean 'calls'?)");
    QTest::newRow("unknown verb") << QStringList{QStringLiteral("calls"), QStringLiteral("lst")} << 2 << QString()
                                  << QStringLiteral("tollgatectl: calls: unknown command 'lst' (did you mean 'list'?)");
    QTest::newRow("missing argument") << QStringList{QStringLiteral("calls"), QStringLiteral("show")} << 2 << QString()
                                      << QStringLiteral("tollgatectl: calls show: missing CALL-ID");
    QTest::newRow("bad integer") << QStringList{QStringLiteral("calls"), QStringLiteral("list"),
                                                QStringLiteral("--limit"), QStringLiteral("many")}
                                 << 2 << QString()
                                 << QStringLiteral("tollgatectl: calls list: --limit expects an integer, got 'many'");
    QTest::newRow("out of range, checked before connecting")
        << QStringList{QStringLiteral("--socket"), missing,
                       QStringLiteral("calls"),    QStringLiteral("list"),
                       QStringLiteral("--limit"),  QStringLiteral("0")}
        << 2 << QString()
        << QStringLiteral("tollgatectl: calls.list: parameter 'limit' must be between 1 and 10000, got 0");
    QTest::newRow("no daemon") << QStringList{QStringLiteral("--socket"), missing, QStringLiteral("system"),
                                              QStringLiteral("hello")}
                               << 1 << QString()
                               << QStringLiteral(
                                      "tollgatectl: cannot connect to %1: no such file (is tollgated running? "
                                      "use --socket PATH)\n")
                                      .arg(missing);
    QTest::newRow("unreadable file") << QStringList{QStringLiteral("--socket"), missing, QStringLiteral("rules"),
                                                    QStringLiteral("validate"),
                                                    QStringLiteral("/nonexistent/rules.json")}
                                     << 1 << QString()
                                     << QStringLiteral("tollgatectl: cannot read /nonexistent/rules.json");
}

void TestCtlExitCodes::exitCodes()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutContains);
    QFETCH(QString, stderrStartsWith);

    QString out;
    QString err;
    QCOMPARE(run(arguments, &out, &err), exitCode);
    if (!stdoutContains.isEmpty())
        QVERIFY2(out.contains(stdoutContains), qPrintable(out));
    if (!stderrStartsWith.isEmpty())
        QVERIFY2(err.startsWith(stderrStartsWith), qPrintable(err));
    if (exitCode == 0)
        QVERIFY2(err.isEmpty(), qPrintable(err));
}

void TestCtlExitCodes::socketFromTheEnvironment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    const QString path = m_dir.filePath(QStringLiteral("from-env.sock"));
    environment.insert(QStringLiteral("TOLLGATE_SOCKET"), path);
    QString out;
    QString err;
    QCOMPARE(run({QStringLiteral("stats"), QStringLiteral("show")}, &out, &err, environment), 1);
    QVERIFY2(err.startsWith(QStringLiteral("tollgatectl: cannot connect to %1: no such file").arg(path)),
             qPrintable(err));
}

void TestCtlExitCodes::socketNobodyListensOn()
{
    const QString path = m_dir.filePath(QStringLiteral("stale.sock"));
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const QByteArray encoded = path.toLocal8Bit();
    std::memcpy(address.sun_path, encoded.constData(), std::size_t(encoded.size()));
    QCOMPARE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)), 0);
    ::close(fd);
    QString out;
    QString err;
    QCOMPARE(run({QStringLiteral("--socket"), path, QStringLiteral("system"), QStringLiteral("status")}, &out, &err),
             1);
    QVERIFY2(err.startsWith(QStringLiteral("tollgatectl: cannot connect to %1: connection refused").arg(path)),
             qPrintable(err));
}

QTEST_GUILESS_MAIN(TestCtlExitCodes)
#include "TestCtlExitCodes.moc"
