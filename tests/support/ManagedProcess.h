#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace tollgate::test {

/// A child process a test starts and must stop: output captured, stopped by its own PID
/// (SIGTERM, then SIGKILL after a grace period) when the test ends, whatever happens.
class ManagedProcess
{
public:
    ManagedProcess() = default;
    ~ManagedProcess();
    ManagedProcess(const ManagedProcess&) = delete;
    ManagedProcess& operator=(const ManagedProcess&) = delete;

    bool start(const QString& program, const QStringList& arguments, const QString& workingDirectory = {});
    /// Waits until the process wrote `text` to stdout or stderr (true), exited or timed out (false).
    bool waitForOutput(const QString& text, int timeoutMs);
    bool waitForExit(int timeoutMs);
    /// SIGTERM, wait up to `graceMs`, then SIGKILL. Returns true when it exited within the grace.
    bool stop(int graceMs = 5000);
    bool isRunning() const;
    qint64 pid() const;
    int exitCode() const;
    bool crashed() const;
    /// Everything the process wrote so far (stdout and stderr merged).
    QString output();
    QString commandLine() const;

private:
    QProcess m_process;
    QString m_output;
    bool m_started = false;
};

} // namespace tollgate::test
