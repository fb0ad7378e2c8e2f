#include "ManagedProcess.h"

#include <QElapsedTimer>

#include <csignal>

namespace tollgate::test {

ManagedProcess::~ManagedProcess()
{
    stop(2000);
}

bool ManagedProcess::start(const QString& program, const QStringList& arguments, const QString& workingDirectory)
{
    // A restart begins a new output: waits for "ready" must not see the previous run's.
    m_output.clear();
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    if (!workingDirectory.isEmpty())
        m_process.setWorkingDirectory(workingDirectory);
    m_process.start(program, arguments);
    m_started = m_process.waitForStarted(10000);
    return m_started;
}

QString ManagedProcess::output()
{
    if (!m_started)
        return m_output;
    // QProcess only moves what the child wrote into its buffer from the event loop or a wait.
    while (m_process.state() != QProcess::NotRunning && m_process.waitForReadyRead(1)) {
    }
    m_output += QString::fromLocal8Bit(m_process.readAll());
    return m_output;
}

bool ManagedProcess::waitForOutput(const QString& text, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (output().contains(text))
            return true;
        if (m_process.state() == QProcess::NotRunning)
            return output().contains(text);
        m_process.waitForReadyRead(50);
    }
    return output().contains(text);
}

bool ManagedProcess::waitForExit(int timeoutMs)
{
    const bool exited = m_process.state() == QProcess::NotRunning || m_process.waitForFinished(timeoutMs);
    output();
    return exited;
}

bool ManagedProcess::stop(int graceMs)
{
    if (m_process.state() == QProcess::NotRunning) {
        output();
        return true;
    }
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (m_process.waitForFinished(graceMs)) {
        output();
        return true;
    }
    ::kill(pid_t(m_process.processId()), SIGKILL);
    m_process.waitForFinished(5000);
    output();
    return false;
}

bool ManagedProcess::isRunning() const
{
    return m_process.state() != QProcess::NotRunning;
}

qint64 ManagedProcess::pid() const
{
    return m_process.processId();
}

int ManagedProcess::exitCode() const
{
    return m_process.exitCode();
}

bool ManagedProcess::crashed() const
{
    return m_process.exitStatus() == QProcess::CrashExit;
}

QString ManagedProcess::commandLine() const
{
    return m_process.program() + u' ' + m_process.arguments().join(u' ');
}

} // namespace tollgate::test
