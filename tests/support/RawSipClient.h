#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QUdpSocket>

#include <memory>

class QTcpSocket;

namespace tollgate::test {

/// Sends hand-made (also malformed) SIP messages over UDP or TCP from a chosen local address and
/// reads what comes back, for tests of the proxy's edge behaviour.
class RawSipClient
{
public:
    /// A UDP client bound to `localIp`:`localPort` (0 = any free port).
    explicit RawSipClient(const QString& localIp = QStringLiteral("127.0.0.1"), int localPort = 0);
    ~RawSipClient();

    int localPort() const;
    QString localIp() const { return m_localIp; }

    /// Sends one datagram to host:port.
    bool sendUdp(const QByteArray& datagram, const QString& host, int port);
    /// Waits for the next datagram; empty on timeout.
    QByteArray receiveUdp(int timeoutMs);

    /// Connects over TCP, sends `bytes`, and reads until a complete response or `timeoutMs`.
    /// *closed tells whether the peer closed the connection.
    static QByteArray exchangeTcp(const QByteArray& bytes, const QString& host, int port, int timeoutMs,
                                  bool* closed = nullptr);

    /// Status code of a response's status line, 0 when it is not a response.
    static int statusCode(const QByteArray& response);
    /// Value of the first header `name` (case-insensitive), empty when absent.
    static QByteArray header(const QByteArray& message, const QByteArray& name);

    /// Fills the usual placeholders of a message template: {local_ip} {local_port} {remote}
    /// {branch} {call_id} {tag}, and fixes Content-Length to the body.
    QByteArray fill(QByteArray text, const QString& remote) const;

private:
    QString m_localIp;
    QUdpSocket m_udp;
    int m_counter = 0;
};

} // namespace tollgate::test
