#include "SippRun.h"

#include "TestPaths.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QRegularExpression>
#include <QThread>
#include <QUdpSocket>

namespace tollgate::test {

namespace {

/// True once something holds UDP `ip`:`port` (our own bind attempt is refused).
bool isBound(const QString& ip, int port)
{
    QUdpSocket probe;
    return !probe.bind(QHostAddress(ip), quint16(port), QAbstractSocket::DontShareAddress);
}

} // namespace

SippRun::SippRun(const QString& scenario)
    : m_scenario(scenario)
{}

SippRun& SippRun::local(const QString& ip, int port)
{
    m_localIp = ip;
    m_localPort = port;
    return *this;
}

SippRun& SippRun::remote(const QString& hostPort)
{
    m_remote = hostPort;
    return *this;
}

SippRun& SippRun::calls(int count)
{
    m_calls = count;
    return *this;
}

SippRun& SippRun::rate(double callsPerSecond)
{
    m_rate = callsPerSecond;
    return *this;
}

SippRun& SippRun::callDurationMs(int ms)
{
    m_durationMs = ms;
    return *this;
}

SippRun& SippRun::transport(const QString& mode)
{
    m_transport = mode;
    return *this;
}

SippRun& SippRun::service(const QString& user)
{
    m_service = user;
    return *this;
}

SippRun& SippRun::answerOptions()
{
    m_answerOptions = true;
    return *this;
}

SippRun& SippRun::extra(const QStringList& arguments)
{
    m_extra << arguments;
    return *this;
}

bool SippRun::start()
{
    QStringList arguments;
    if (m_scenario.startsWith(u"sn:"))
        arguments << QStringLiteral("-sn") << m_scenario.mid(3);
    else
        arguments << QStringLiteral("-sf") << dataPath(QStringLiteral("sipp/") + m_scenario);
    if (!m_remote.isEmpty())
        arguments << m_remote;
    arguments << QStringLiteral("-i") << m_localIp << QStringLiteral("-t") << m_transport << QStringLiteral("-nostdin")
              << QStringLiteral("-buff_size") << QStringLiteral("4194304");
    if (m_localPort > 0)
        arguments << QStringLiteral("-p") << QString::number(m_localPort);
    if (m_calls > 0)
        arguments << QStringLiteral("-m") << QString::number(m_calls);
    arguments << QStringLiteral("-r") << QString::number(m_rate);
    if (m_durationMs > 0)
        arguments << QStringLiteral("-d") << QString::number(m_durationMs);
    if (!m_service.isEmpty())
        arguments << QStringLiteral("-s") << m_service;
    if (m_answerOptions)
        arguments << QStringLiteral("-aa");
    arguments << m_extra;
    if (m_localPort == 0 || !m_remote.isEmpty())
        return m_process.start(QStringLiteral("sipp"), arguments);
    // A callee must be listening before anything is sent to it. Its port was picked free a
    // moment ago, but another test running in parallel may hold it for an instant: a sipp that
    // exits because it could not bind is started again rather than failing the test.
    for (int attempt = 1; attempt <= 3; ++attempt) {
        if (!m_process.start(QStringLiteral("sipp"), arguments))
            break;
        QElapsedTimer timer;
        timer.start();
        bool bound = false;
        while (timer.elapsed() < 10000 && !(bound = isBound(m_localIp, m_localPort)))
            if (m_process.waitForExit(20))
                break;
        // The port may be held by whoever made this sipp fail to bind: only a sipp still running
        // a moment later is the listener.
        if (bound && !m_process.waitForExit(50))
            return true;
        qWarning("sipp callee on %s:%d is not listening (attempt %d, %s after %lld ms): %s", qPrintable(m_localIp),
                 m_localPort, attempt, m_process.isRunning() ? "still running" : "exited", timer.elapsed(),
                 qPrintable(m_process.output().right(1500)));
        m_process.stop(2000);
        QThread::msleep(200);
    }
    return false;
}

bool SippRun::wait(int timeoutMs)
{
    if (m_process.waitForExit(timeoutMs))
        return true;
    m_process.stop(2000);
    return false;
}

void SippRun::stop()
{
    m_process.stop(2000);
}

int SippRun::statistic(const QString& label)
{
    // The last screen sipp prints holds "Successful call | <periodic> | <cumulative>".
    const QString text = m_process.output();
    const QRegularExpression row(QRegularExpression::escape(label) + QStringLiteral(R"(\s*\|\s*(\d+)\s*\|\s*(\d+))"));
    int value = -1;
    for (auto match = row.globalMatch(text); match.hasNext();)
        value = match.next().captured(2).toInt();
    return value;
}

int SippRun::successfulCalls()
{
    return statistic(QStringLiteral("Successful call"));
}

int SippRun::failedCalls()
{
    return statistic(QStringLiteral("Failed call"));
}

} // namespace tollgate::test
