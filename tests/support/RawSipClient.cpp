#include "RawSipClient.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTcpSocket>

namespace tollgate::test {

RawSipClient::RawSipClient(const QString& localIp, int localPort)
    : m_localIp(localIp)
{
    m_udp.bind(QHostAddress(localIp), quint16(localPort));
}

RawSipClient::~RawSipClient() = default;

int RawSipClient::localPort() const
{
    return m_udp.localPort();
}

bool RawSipClient::sendUdp(const QByteArray& datagram, const QString& host, int port)
{
    return m_udp.writeDatagram(datagram, QHostAddress(host), quint16(port)) == datagram.size();
}

QByteArray RawSipClient::receiveUdp(int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!m_udp.hasPendingDatagrams()) {
        const int left = timeoutMs - int(timer.elapsed());
        if (left <= 0 || !m_udp.waitForReadyRead(left))
            break;
    }
    if (!m_udp.hasPendingDatagrams())
        return {};
    QByteArray datagram(int(m_udp.pendingDatagramSize()), '\0');
    m_udp.readDatagram(datagram.data(), datagram.size());
    return datagram;
}

QByteArray RawSipClient::exchangeTcp(const QByteArray& bytes, const QString& host, int port, int timeoutMs,
                                     bool* closed)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress(host), quint16(port));
    if (closed)
        *closed = false;
    if (!socket.waitForConnected(timeoutMs))
        return {};
    socket.write(bytes);
    socket.waitForBytesWritten(timeoutMs);
    QByteArray received;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            if (closed)
                *closed = true;
            break;
        }
        if (socket.waitForReadyRead(50))
            received += socket.readAll();
        if (received.contains("\r\n\r\n") && statusCode(received) >= 200)
            break;
    }
    received += socket.readAll();
    return received;
}

int RawSipClient::statusCode(const QByteArray& response)
{
    if (!response.startsWith("SIP/2.0 "))
        return 0;
    return response.mid(8, 3).toInt();
}

QByteArray RawSipClient::header(const QByteArray& message, const QByteArray& name)
{
    const QList<QByteArray> lines = message.left(message.indexOf("\r\n\r\n")).split('\n');
    for (const QByteArray& line : lines) {
        const int colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

QByteArray RawSipClient::fill(QByteArray text, const QString& remote) const
{
    ++const_cast<RawSipClient*>(this)->m_counter;
    const QByteArray unique = QByteArray::number(QRandomGenerator::global()->generate()) + QByteArray::number(m_counter);
    text.replace("{local_ip}", m_localIp.toLatin1());
    text.replace("{local_port}", QByteArray::number(localPort()));
    text.replace("{remote}", remote.toLatin1());
    text.replace("{branch}", "z9hG4bK-test-" + unique);
    text.replace("{call_id}", "test-" + unique + "@" + m_localIp.toLatin1());
    text.replace("{tag}", "tag" + unique);
    text.replace("\r\n", "\n");
    text.replace("\n", "\r\n");
    const int separator = text.indexOf("\r\n\r\n");
    if (separator >= 0) {
        const int bodyLength = text.size() - separator - 4;
        const int lengthAt = text.indexOf("Content-Length: {length}");
        if (lengthAt >= 0)
            text.replace("Content-Length: {length}", "Content-Length: " + QByteArray::number(bodyLength));
    }
    return text;
}

} // namespace tollgate::test
