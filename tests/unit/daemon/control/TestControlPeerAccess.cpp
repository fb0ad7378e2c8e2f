// The second gate of the control socket, end to end: a real tollgatectl process under another
// user (setpriv) against an in-process ControlServer whose socket file is world-writable for the
// test, so that the kernel lets every user connect and the SO_PEERCRED check is what decides.
#include "TestPaths.h"
#include "control/ControlServer.h"

#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <unistd.h>

using namespace tollgate;

class TestControlPeerAccess : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void unprivilegedUserIsRefused();
    void memberByPrimaryGroupIsAllowed();
    void memberBySupplementaryGroupIsAllowed();
    void rootIsAllowed();

private:
    /// Runs tollgatectl `system hello` under setpriv with `credentials`; the event loop keeps
    /// running meanwhile, since the server lives in this thread.
    int runHello(const QStringList& credentials, QString* out, QString* err);

    QString m_setpriv;
    QString m_tollgatectl;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ControlServer> m_server;
};

void TestControlPeerAccess::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("needs root to run a client as another user");
    m_setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
    if (m_setpriv.isEmpty())
        QSKIP("setpriv (util-linux) is not installed");
    m_tollgatectl = test::binaryPath(QStringLiteral("cli/tollgatectl"));
    if (!QFileInfo(m_tollgatectl).isExecutable())
        QSKIP("tollgatectl is not built in this build tree");
}

void TestControlPeerAccess::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    // nobody must be able to reach the socket and run tollgatectl from the build tree.
    QVERIFY(QFile::setPermissions(m_dir->path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                     QFileDevice::ExeOwner | QFileDevice::ReadGroup |
                                                     QFileDevice::ExeGroup | QFileDevice::ReadOther |
                                                     QFileDevice::ExeOther));
    ControlServerSettings settings;
    settings.socketPath = m_dir->filePath(QStringLiteral("control.sock"));
    settings.groupName = QStringLiteral("root"); // gid 0: a group nobody is not in, present everywhere.
    m_server = std::make_unique<ControlServer>(settings);
    QString error;
    QVERIFY2(m_server->listen(&error), qPrintable(error));
    QVERIFY(QFile::setPermissions(settings.socketPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                           QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                                                           QFileDevice::ReadOther | QFileDevice::WriteOther));
}

void TestControlPeerAccess::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

int TestControlPeerAccess::runHello(const QStringList& credentials, QString* out, QString* err)
{
    QProcess process;
    const QStringList command{m_tollgatectl, QStringLiteral("--socket"), m_server->settings().socketPath,
                              QStringLiteral("system"), QStringLiteral("hello")};
    if (credentials.isEmpty())
        process.start(m_tollgatectl, command.mid(1));
    else
        process.start(m_setpriv, credentials + command);
    if (!QTest::qWaitFor([&process]() { return process.state() == QProcess::NotRunning; }, 20000)) {
        process.kill();
        process.waitForFinished();
        return -1;
    }
    *out = QString::fromUtf8(process.readAllStandardOutput());
    *err = QString::fromUtf8(process.readAllStandardError());
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

void TestControlPeerAccess::unprivilegedUserIsRefused()
{
    QString out;
    QString err;
    const int exitCode = runHello(
        {QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=nogroup"), QStringLiteral("--clear-groups")}, &out,
        &err);
    QCOMPARE(exitCode, 1);
    QCOMPARE(err,
             QStringLiteral("tollgatectl: permission denied by tollgated: user 'nobody' is not in group 'root'\n"));
    QVERIFY(out.isEmpty());
    QTRY_COMPARE(m_server->clientCount(), 0);
}

void TestControlPeerAccess::memberByPrimaryGroupIsAllowed()
{
    QString out;
    QString err;
    const int exitCode =
        runHello({QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=root"), QStringLiteral("--clear-groups")},
                 &out, &err);
    QVERIFY2(exitCode == 0, qPrintable(err));
    QVERIFY2(out.contains(QStringLiteral("nobody")), qPrintable(out));
}

void TestControlPeerAccess::memberBySupplementaryGroupIsAllowed()
{
    QString out;
    QString err;
    const int exitCode =
        runHello({QStringLiteral("--reuid=nobody"), QStringLiteral("--regid=nogroup"), QStringLiteral("--groups=0")},
                 &out, &err);
    QVERIFY2(exitCode == 0, qPrintable(err));
    QVERIFY2(out.contains(QStringLiteral("nobody")), qPrintable(out));
}

void TestControlPeerAccess::rootIsAllowed()
{
    QString out;
    QString err;
    QCOMPARE(runHello({}, &out, &err), 0);
    QVERIFY2(out.contains(QStringLiteral("tollgated")), qPrintable(out));
}

QTEST_GUILESS_MAIN(TestControlPeerAccess)
#include "TestControlPeerAccess.moc"
