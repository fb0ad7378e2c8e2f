#include "ControlClient.h"

#include "protocol/JsonRpc.h"

#include <QFileInfo>
#include <QTimer>

namespace tollgate {

ControlClient::ControlClient(QObject* parent)
    : QObject(parent)
    , m_socket(new QLocalSocket(this))
{
    connect(m_socket, &QLocalSocket::connected, this, &ControlClient::onConnected);
    connect(m_socket, &QLocalSocket::errorOccurred, this, &ControlClient::onSocketError);
    connect(m_socket, &QLocalSocket::readyRead, this, &ControlClient::onReadyRead);
    connect(m_socket, &QLocalSocket::disconnected, this, &ControlClient::onDisconnected);
}

ControlClient::~ControlClient()
{
    // Handlers may refer to objects being destroyed with us: they are dropped, not called.
    m_pending.clear();
    m_socket->disconnect(this);
}

void ControlClient::connectToServer(const QString& socketPath)
{
    // QLocalSocket takes a name without a slash as relative to the temporary directory, not
    // to the working directory: `--socket var/tollgate.sock` must mean ./var/tollgate.sock.
    m_socketPath = QFileInfo(socketPath).isAbsolute() ? socketPath : QFileInfo(socketPath).absoluteFilePath();
    m_wasConnected = false;
    m_lastServerError.reset();
    m_codec = FrameCodec(MaxLineBytes);
    m_socket->connectToServer(m_socketPath);
}

void ControlClient::disconnectFromServer()
{
    m_socket->disconnectFromServer();
    if (m_socket->state() == QLocalSocket::UnconnectedState)
        failAll(QStringLiteral("the connection to tollgated was closed"));
}

bool ControlClient::isConnected() const
{
    return m_socket->state() == QLocalSocket::ConnectedState;
}

qint64 ControlClient::call(const QString& method, const QJsonObject& params, ReplyHandler onReply, int timeoutMs)
{
    const qint64 id = m_nextId++;
    m_pending.insert(id, Pending{method, std::move(onReply)});
    if (!isConnected()) {
        QTimer::singleShot(0, this, [this, id, method]() {
            ControlReply reply;
            reply.status = ControlReply::Status::ConnectionLost;
            reply.message = QStringLiteral("%1: not connected to tollgated").arg(method);
            finish(id, reply);
        });
        return id;
    }
    m_socket->write(FrameCodec::encode(JsonRpc::request(id, method, params)));
    if (timeoutMs > 0) {
        QTimer::singleShot(timeoutMs, this, [this, id, method, timeoutMs]() {
            ControlReply reply;
            reply.status = ControlReply::Status::Timeout;
            reply.message =
                QStringLiteral("%1: no answer from tollgated within %2 s").arg(method).arg(timeoutMs / 1000.0);
            finish(id, reply);
        });
    }
    return id;
}

QString ControlClient::describeConnectError(QLocalSocket::LocalSocketError error, const QString& socketPath,
                                            const QString& systemMessage, const QString& extraHint)
{
    const QString prefix = QStringLiteral("cannot connect to %1: ").arg(socketPath);
    switch (error) {
    case QLocalSocket::ServerNotFoundError:
        if (!QFileInfo::exists(socketPath)) {
            return prefix + QStringLiteral("no such file (is tollgated running?%1)")
                                .arg(extraHint.isEmpty() ? QString() : QLatin1Char(' ') + extraHint);
        }
        return prefix + QStringLiteral("not a socket tollgated listens on (%1)").arg(systemMessage);
    case QLocalSocket::ConnectionRefusedError:
        return prefix + QStringLiteral("connection refused (tollgated is not running, or is too busy to accept)");
    case QLocalSocket::SocketAccessError: {
        const QString group = QFileInfo(socketPath).group();
        return prefix + (group.isEmpty() ? QStringLiteral("permission denied")
                                         : QStringLiteral("permission denied (the socket belongs to group '%1'; "
                                                          "run as root or as a member of that group)")
                                               .arg(group));
    }
    case QLocalSocket::SocketTimeoutError:
        return prefix + QStringLiteral("timed out");
    default:
        return prefix + systemMessage;
    }
}

void ControlClient::onConnected()
{
    m_wasConnected = true;
    emit connected();
}

void ControlClient::onSocketError(QLocalSocket::LocalSocketError error)
{
    if (m_wasConnected)
        return; // Reported by onDisconnected(), with the daemon's reason when it gave one.
    const QString message = describeConnectError(error, m_socketPath, m_socket->errorString(), m_missingSocketHint);
    failAll(message);
    emit connectionFailed(message);
}

void ControlClient::onReadyRead()
{
    m_codec.append(m_socket->readAll());
    FrameCodec::Frame frame;
    while (m_codec.next(&frame)) {
        if (frame.kind == FrameCodec::Frame::Kind::Oversized) {
            emit serverError(JsonRpcError(ControlErrorCode::InvalidRequest,
                                          QStringLiteral("tollgated sent a line of %1 bytes, over this client's "
                                                         "limit of %2")
                                              .arg(frame.size)
                                              .arg(MaxLineBytes)));
            continue;
        }
        handleLine(frame.line);
    }
}

void ControlClient::handleLine(const QByteArray& line)
{
    JsonRpcMessage message;
    QString error;
    if (!JsonRpc::parseMessage(line, &message, &error)) {
        emit serverError(JsonRpcError(ControlErrorCode::InternalError, error));
        return;
    }
    // An unattributed error explains a close only if nothing came after it.
    if (!message.id.isNull() || message.kind == JsonRpcMessage::Kind::Notification)
        m_lastServerError.reset();
    switch (message.kind) {
    case JsonRpcMessage::Kind::Notification:
        emit notificationReceived(message.method, message.params);
        return;
    case JsonRpcMessage::Kind::Result:
    case JsonRpcMessage::Kind::Error: {
        const bool isError = message.kind == JsonRpcMessage::Kind::Error;
        if (message.id.isNull()) {
            m_lastServerError = message.error;
            emit serverError(message.error);
            return;
        }
        const qint64 id = message.id.isDouble() ? message.id.toInteger() : -1;
        ControlReply reply;
        reply.status = isError ? ControlReply::Status::Error : ControlReply::Status::Ok;
        reply.result = message.result;
        reply.error = message.error;
        reply.message = message.error.message;
        finish(id, reply);
        return;
    }
    }
}

void ControlClient::onDisconnected()
{
    if (!m_wasConnected)
        return;
    m_wasConnected = false;
    // Lines still buffered were read before the close; deliver them first.
    onReadyRead();
    const QString reason =
        m_lastServerError ? m_lastServerError->message : QStringLiteral("tollgated closed the connection");
    failAll(reason + QStringLiteral(" before answering"));
    emit disconnected(reason);
}

void ControlClient::finish(qint64 id, const ControlReply& reply)
{
    const auto found = m_pending.find(id);
    if (found == m_pending.end())
        return; // Already answered, timed out, or not ours.
    Pending pending = std::move(*found);
    m_pending.erase(found);
    ControlReply completed = reply;
    completed.method = pending.method;
    if (pending.handler)
        pending.handler(completed);
}

void ControlClient::failAll(const QString& reason)
{
    const QList<qint64> ids = m_pending.keys();
    for (qint64 id : ids) {
        ControlReply reply;
        if (m_lastServerError) {
            // The daemon said why before closing (a refusal): that is the answer.
            reply.status = ControlReply::Status::Error;
            reply.error = *m_lastServerError;
            reply.message = m_lastServerError->message;
        } else {
            reply.status = ControlReply::Status::ConnectionLost;
            reply.message = QStringLiteral("%1: %2").arg(m_pending.value(id).method, reason);
        }
        finish(id, reply);
    }
}

} // namespace tollgate
