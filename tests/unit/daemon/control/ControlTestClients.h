#pragma once

#include "control/AccountLookup.h"
#include "control/ControlServerSettings.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QLocalSocket>
#include <QTemporaryDir>
#include <QTest>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace tollgate::test {

/// Settings for a server on `directory`/control.sock, its group the test's own (so that chown
/// works unprivileged too).
inline ControlServerSettings controlSettings(const QTemporaryDir& directory)
{
    ControlServerSettings settings;
    settings.socketPath = directory.filePath(QStringLiteral("control.sock"));
    settings.groupName = AccountLookup::groupName(::getegid());
    return settings;
}

/// A control client for in-process tests: the server runs in the same thread, so every wait
/// spins the event loop (QTest::qWaitFor) instead of blocking.
class LineClient
{
public:
    explicit LineClient(const QString& path)
    {
        QObject::connect(&m_socket, &QLocalSocket::readyRead, [this]() {
            m_buffer += m_socket.readAll();
            qsizetype newline;
            while ((newline = m_buffer.indexOf('\n')) >= 0) {
                m_lines.append(m_buffer.left(newline));
                m_buffer.remove(0, newline + 1);
            }
        });
        m_socket.connectToServer(path);
    }

    bool waitConnected()
    {
        return QTest::qWaitFor([this]() { return m_socket.state() == QLocalSocket::ConnectedState; }, 5000);
    }
    bool waitDisconnected(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this]() { return m_socket.state() == QLocalSocket::UnconnectedState; }, timeoutMs);
    }

    void sendLine(const QByteArray& line) { m_socket.write(line + '\n'); }
    void request(const QJsonValue& id, const QString& method, const QJsonObject& params = {})
    {
        QJsonObject object{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("id"), id},
                           {QStringLiteral("method"), method}};
        if (!params.isEmpty())
            object.insert(QStringLiteral("params"), params);
        sendLine(QJsonDocument(object).toJson(QJsonDocument::Compact));
    }

    /// The next line received, parsed; an empty object after `timeoutMs` without one.
    QJsonObject next(int timeoutMs = 5000)
    {
        if (!QTest::qWaitFor([this]() { return !m_lines.isEmpty(); }, timeoutMs))
            return {};
        return QJsonDocument::fromJson(m_lines.takeFirst()).object();
    }
    /// Sends a request and returns the next line (the tests send one request at a time).
    QJsonObject call(const QJsonValue& id, const QString& method, const QJsonObject& params = {})
    {
        request(id, method, params);
        return next();
    }
    /// Lets the event loop run for `ms`, then tells whether any line arrived.
    bool receivesNothingFor(int ms)
    {
        QTest::qWait(ms);
        return m_lines.isEmpty();
    }
    QLocalSocket& socket() { return m_socket; }

private:
    QLocalSocket m_socket;
    QByteArray m_buffer;
    QList<QByteArray> m_lines;
};

/// A client on a plain POSIX socket that reads only when told to: it plays a stuck subscriber,
/// since a QLocalSocket in this process would keep reading while the event loop runs.
class RawClient
{
public:
    explicit RawClient(const QString& path)
    {
        m_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray encoded = path.toLocal8Bit();
        std::memcpy(address.sun_path, encoded.constData(), std::size_t(encoded.size()));
        m_connected = ::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0;
    }
    ~RawClient() { close(); }
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    bool isConnected() const { return m_connected; }
    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    bool sendLine(const QByteArray& line) { return sendAll(line + '\n'); }
    /// Sends `line` if the socket takes all of it now; false when the kernel pushes back (a
    /// partial line is completed before returning, so that the stream stays in step).
    bool trySendLine(const QByteArray& line)
    {
        const QByteArray data = line + '\n';
        const ssize_t n = ::send(m_fd, data.constData(), std::size_t(data.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n <= 0)
            return false;
        if (n < data.size())
            sendAll(data.mid(n));
        return true;
    }
    /// Reads what is available now without blocking; false at end of stream (or error).
    bool readAvailable(QByteArray* into)
    {
        char buffer[65536];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof(buffer), MSG_DONTWAIT);
            if (n > 0) {
                into->append(buffer, n);
                continue;
            }
            return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
        }
    }

private:
    /// Blocking send of `data`, waiting on the event loop (the server shares this thread) while
    /// the socket is full.
    bool sendAll(QByteArray data)
    {
        while (!data.isEmpty()) {
            const ssize_t n = ::send(m_fd, data.constData(), std::size_t(data.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n > 0)
                data.remove(0, n);
            else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                QTest::qWait(1);
            else
                return false;
        }
        return true;
    }

    int m_fd = -1;
    bool m_connected = false;
};

} // namespace tollgate::test
