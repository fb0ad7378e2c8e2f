#include "TollgateDaemon.h"

#include "FreePort.h"
#include "TestPaths.h"

#include <QProcess>

#include <csignal>

namespace tollgate::test {

TollgateDaemon::TollgateDaemon() = default;

TollgateDaemon::~TollgateDaemon()
{
    m_process.stop(5000);
}

QString TollgateDaemon::executable()
{
    return binaryPath(QStringLiteral("daemon/tollgated"));
}

int TollgateDaemon::runOffline(const QStringList& arguments, QString* output, QString* errors, int timeoutMs) const
{
    QProcess process;
    process.start(executable(), QStringList{QStringLiteral("--db"), databasePath()} + arguments);
    const bool finished = process.waitForFinished(timeoutMs);
    if (!finished) {
        process.kill();
        process.waitForFinished(2000);
    }
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    if (output)
        *output = errors ? out : out + err;
    if (errors)
        *errors = err;
    if (!finished)
        return -1;
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

bool TollgateDaemon::importRuleSet(const QString& path, QString* output) const
{
    return runOffline({QStringLiteral("--import"), path, QStringLiteral("--comment"), QStringLiteral("test")}, output) ==
           0;
}

bool TollgateDaemon::start(const QStringList& extraArguments, bool ipv6)
{
    m_sipPort = pickFreePort();
    if (m_sipPort == 0)
        return false;
    QStringList arguments{QStringLiteral("--db"),
                          databasePath(),
                          QStringLiteral("--control"),
                          controlSocket(),
                          QStringLiteral("--listen"),
                          QStringLiteral("sip:127.0.0.1:%1;transport=udp").arg(m_sipPort),
                          QStringLiteral("--listen"),
                          QStringLiteral("sip:127.0.0.1:%1;transport=tcp").arg(m_sipPort)};
    if (ipv6) {
        arguments << QStringLiteral("--listen") << QStringLiteral("sip:[::1]:%1;transport=udp").arg(m_sipPort)
                  << QStringLiteral("--listen") << QStringLiteral("sip:[::1]:%1;transport=tcp").arg(m_sipPort);
    }
    arguments << extraArguments;
    if (!m_process.start(executable(), arguments, directory()))
        return false;
    return m_process.waitForOutput(QStringLiteral("tollgated ready"), 15000);
}

void TollgateDaemon::reload()
{
    if (m_process.isRunning())
        ::kill(pid_t(m_process.pid()), SIGHUP);
}

bool TollgateDaemon::stop(int graceMs)
{
    const bool inTime = m_process.stop(graceMs);
    return inTime && !m_process.crashed() && m_process.exitCode() == 0;
}

} // namespace tollgate::test
