#pragma once

#include "ManagedProcess.h"

#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace tollgate::test {

/// The real tollgated, started by a test on free loopback ports with its own database and
/// control socket in a temporary directory, and stopped (SIGTERM, clean exit expected) at the end.
class TollgateDaemon
{
public:
    TollgateDaemon();
    ~TollgateDaemon();

    QString directory() const { return m_directory.path(); }
    QString databasePath() const { return m_directory.filePath(QStringLiteral("tollgate.db")); }
    QString controlSocket() const { return m_directory.filePath(QStringLiteral("control.sock")); }
    int sipPort() const { return m_sipPort; }
    QString sipAddress() const { return QStringLiteral("127.0.0.1:%1").arg(m_sipPort); }

    /// Runs `tollgated --db DB ARGS` offline (--import, --export, ...) and waits for it.
    /// Returns its exit code (-1 when it crashed or timed out). *output receives stdout, and
    /// stderr too unless *errors is given for it.
    int runOffline(const QStringList& arguments, QString* output = nullptr, QString* errors = nullptr,
                   int timeoutMs = 30000) const;
    /// Imports a ruleset file into the database (offline). False with the tool's output on failure.
    bool importRuleSet(const QString& path, QString* output = nullptr) const;

    /// Starts the daemon on a free port (UDP and TCP on 127.0.0.1, plus [::1] when `ipv6`),
    /// and waits until it logs that it is ready.
    bool start(const QStringList& extraArguments = {}, bool ipv6 = false);
    /// SIGHUP: reload the active revision.
    void reload();
    /// SIGTERM and wait; true when it exited with status 0 within `graceMs`.
    bool stop(int graceMs = 5000);
    bool isRunning() const { return m_process.isRunning(); }
    qint64 pid() const { return m_process.pid(); }
    QString log() { return m_process.output(); }
    /// Waits until the log contains `text`.
    bool waitForLog(const QString& text, int timeoutMs) { return m_process.waitForOutput(text, timeoutMs); }

    static QString executable();

private:
    QTemporaryDir m_directory;
    ManagedProcess m_process;
    int m_sipPort = 0;
};

} // namespace tollgate::test
