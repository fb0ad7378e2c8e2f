#include "SippRun.h"

#include "TestPaths.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QThread>
#include <QUdpSocket>

#include <QRegularExpression>

namespace tollgate::test {

namespace {

/// True once something holds UDP `ip`:`port` (our own bind attempt is refused).
bool waitUntilBound(const QString& ip, int port, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        QUdpSocket probe;
        if (!probe.bind(QHostAddress(ip), quint16(port)))
            return true;
        probe.close();
        QThread::msleep(20);
    }
    return false;
}

} // namespace

SippRun::SippRun(const QString& scenario)
    : m_scenario(scenario)
{
}

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
    if (!m_process.start(QStringLiteral("sipp"), arguments))
        return false;
    // A callee (no remote) must be listening before anything is sent to it.
    return m_localPort == 0 || !m_remote.isEmpty() || waitUntilBound(m_localIp, m_localPort, 10000);
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
