#pragma once

#include "ControlReply.h"
#include "protocol/FrameCodec.h"
#include "protocol/JsonRpcError.h"

#include <QHash>
#include <QJsonObject>
#include <QLocalSocket>
#include <QObject>
#include <QString>
#include <functional>
#include <optional>

namespace tollgate {

/// A connection to tollgated's control socket (docs/control-protocol.md), for tollgatectl and
/// the console: sends requests and matches the answers by id, delivers event notifications, and
/// turns connection failures into messages an operator can act on. Asynchronous; needs an event
/// loop. Does not reconnect by itself (the console decides when to).
class ControlClient : public QObject
{
    Q_OBJECT

public:
    /// Called exactly once per call(), unless the client is destroyed first.
    using ReplyHandler = std::function<void(const ControlReply& reply)>;

    /// Longest line accepted from the daemon; a ruleset or a long call list can be large.
    static constexpr qsizetype MaxLineBytes = 256 * 1024 * 1024;

    explicit ControlClient(QObject* parent = nullptr);
    ~ControlClient() override;

    /// Starts connecting to the socket at `socketPath`: emits connected() or connectionFailed().
    void connectToServer(const QString& socketPath);
    /// Closes the connection; pending calls get ConnectionLost.
    void disconnectFromServer();
    bool isConnected() const;
    QString socketPath() const { return m_socketPath; }
    /// Added to the "no such file" connect error, e.g. "use --socket PATH" (tollgatectl).
    void setMissingSocketHint(const QString& hint) { m_missingSocketHint = hint; }

    /// Sends `method` with `params`. `onReply` gets the result, the daemon's error, or a
    /// ConnectionLost/Timeout reply (no answer within `timeoutMs`; none when <= 0). Calls made
    /// while not connected fail with ConnectionLost, from the event loop. Returns the id used.
    qint64 call(const QString& method, const QJsonObject& params, ReplyHandler onReply, int timeoutMs = 0);
    int pendingCalls() const { return int(m_pending.size()); }

    /// "cannot connect to PATH: no such file (is tollgated running?)", and the like for the
    /// other errors; `extraHint` ("use --socket PATH") is added to the no-such-file hint.
    static QString describeConnectError(QLocalSocket::LocalSocketError error, const QString& socketPath,
                                        const QString& systemMessage, const QString& extraHint = {});

signals:
    void connected();
    /// Connecting failed; `message` comes from describeConnectError().
    void connectionFailed(const QString& message);
    /// The connection closed after it was established; `reason` says why when known.
    void disconnected(const QString& reason);
    /// An event (a JSON-RPC notification) from the daemon.
    void notificationReceived(const QString& method, const QJsonObject& params);
    /// An error the daemon could not attribute to a request (id null): a refusal of the
    /// connection, or an answer to a line it could not read.
    void serverError(const tollgate::JsonRpcError& error);

private:
    struct Pending
    {
        QString method;
        ReplyHandler handler;
    };

    void onConnected();
    void onSocketError(QLocalSocket::LocalSocketError error);
    void onReadyRead();
    void onDisconnected();
    void handleLine(const QByteArray& line);
    void finish(qint64 id, const ControlReply& reply);
    void failAll(const QString& reason);

    QLocalSocket* m_socket;
    QString m_socketPath;
    QString m_missingSocketHint;
    FrameCodec m_codec{MaxLineBytes};
    QHash<qint64, Pending> m_pending;
    qint64 m_nextId = 1;
    bool m_wasConnected = false;
    std::optional<JsonRpcError> m_lastServerError;
};

} // namespace tollgate
