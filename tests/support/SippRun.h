#pragma once

#include "ManagedProcess.h"

#include <QString>
#include <QStringList>

namespace tollgate::test {

/// One sipp peer (caller or callee) driven by a test, over real sockets on loopback.
/// The scenario files live in tests/data/sipp.
class SippRun
{
public:
    /// `scenario` is a file name in tests/data/sipp (e.g. "uac.xml") or a built-in ("sn:uac").
    explicit SippRun(const QString& scenario);

    SippRun& local(const QString& ip, int port);
    SippRun& remote(const QString& hostPort);
    SippRun& calls(int count);
    SippRun& rate(double callsPerSecond);
    SippRun& callDurationMs(int ms);
    SippRun& transport(const QString& mode); ///< sipp -t: "u1" (UDP), "t1" (TCP)
    SippRun& service(const QString& user);   ///< -s: the Request-URI user
    SippRun& answerOptions();                ///< -aa: answer OPTIONS/INFO/NOTIFY/UPDATE
    SippRun& extra(const QStringList& arguments);

    /// Starts sipp in the foreground (its final statistics are read from stdout). With a local
    /// port set, waits until sipp is listening on it, so that nothing sent to it is lost.
    bool start();
    /// Waits for the run to end; false on timeout (sipp is then stopped).
    bool wait(int timeoutMs);
    void stop();
    bool isRunning() const { return m_process.isRunning(); }

    int exitCode() const { return m_process.exitCode(); }
    int successfulCalls();
    int failedCalls();
    QString output() { return m_process.output(); }
    QString commandLine() const { return m_process.commandLine(); }
    qint64 pid() const { return m_process.pid(); }

private:
    int statistic(const QString& label);

    QString m_scenario;
    QString m_localIp = QStringLiteral("127.0.0.1");
    int m_localPort = 0;
    QString m_remote;
    int m_calls = 0;
    double m_rate = 10;
    int m_durationMs = 0;
    QString m_transport = QStringLiteral("u1");
    QString m_service;
    bool m_answerOptions = false;
    QStringList m_extra;
    ManagedProcess m_process;
};

} // namespace tollgate::test
