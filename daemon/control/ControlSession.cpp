#include "ControlSession.h"

#include "ControlResponder.h"

#include <QLocalSocket>
#include <QLoggingCategory>
#include <algorithm>

Q_DECLARE_LOGGING_CATEGORY(lcControl)

namespace tollgate {

namespace {

/// Bytes taken from the socket per step, so that one client's burst cannot monopolise the loop
/// between two checks of its limits.
constexpr qint64 ReadChunkBytes = 256 * 1024;
/// Qt's own read buffer for the socket; when it is full Qt stops reading and the kernel pushes
/// back on the client.
constexpr qint64 SocketReadBufferBytes = 1024 * 1024;

QStringList sorted(const QSet<QString>& topics)
{
    QStringList list(topics.begin(), topics.end());
    list.sort();
    return list;
}

} // namespace

ControlSession::ControlSession(QLocalSocket* socket, quint64 id, const CallerIdentity& caller,
                               const ControlServerSettings& settings, Dispatcher* dispatcher, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_id(id)
    , m_caller(caller)
    , m_settings(settings)
    , m_dispatcher(dispatcher)
    , m_link(std::make_shared<ControlSessionLink>())
    , m_codec(settings.maxLineBytes)
    , m_connectedAt(QDateTime::currentDateTimeUtc())
{
    m_socket->setParent(this);
    m_socket->setReadBufferSize(SocketReadBufferBytes);
    m_link->session = this;
    m_stuckTimer.setSingleShot(true);
    m_stuckTimer.setInterval(settings.stuckClientTimeoutMs);
    connect(&m_stuckTimer, &QTimer::timeout, this, &ControlSession::onStuck);
}

ControlSession::~ControlSession()
{
    // The socket is deleted after this body, as a child; nothing it emits then may reach us.
    disconnect(m_socket, nullptr, this, nullptr);
    std::lock_guard lock(m_link->mutex);
    m_link->session = nullptr;
}

void ControlSession::start()
{
    connect(m_socket, &QLocalSocket::readyRead, this, &ControlSession::processInput);
    connect(m_socket, &QLocalSocket::bytesWritten, this, &ControlSession::onBytesWritten);
    connect(m_socket, &QLocalSocket::disconnected, this, &ControlSession::onDisconnected);
    if (m_socket->state() != QLocalSocket::ConnectedState) {
        onDisconnected();
        return;
    }
    processInput();
}

void ControlSession::close()
{
    if (!m_finished)
        m_socket->disconnectFromServer();
}

QStringList ControlSession::subscribe(const QStringList& topics)
{
    for (const QString& topic : topics)
        m_topics.insert(topic);
    return sorted(m_topics);
}

QStringList ControlSession::unsubscribe(const QStringList& topics)
{
    for (const QString& topic : topics)
        m_topics.remove(topic);
    return sorted(m_topics);
}

void ControlSession::processInput()
{
    // Answers given synchronously by a handler land here again; the running loop goes on.
    if (m_processingInput || m_finished)
        return;
    m_processingInput = true;
    while (!m_finished) {
        if (m_pendingRequests >= m_settings.maxPendingRequests || m_socket->bytesToWrite() > m_settings.maxQueuedBytes)
            break; // Resumed by deliverAnswer() or onBytesWritten().
        FrameCodec::Frame frame;
        if (m_codec.next(&frame)) {
            handleFrame(frame);
            continue;
        }
        if (m_socket->bytesAvailable() <= 0)
            break;
        m_codec.append(m_socket->read(ReadChunkBytes));
    }
    m_processingInput = false;
}

void ControlSession::handleFrame(const FrameCodec::Frame& frame)
{
    ++m_requests;
    if (frame.kind == FrameCodec::Frame::Kind::Oversized) {
        sendError(
            QJsonValue::Null,
            JsonRpcError(
                ControlErrorCode::InvalidRequest,
                QStringLiteral("request too large (%1 bytes, limit %2)").arg(frame.size).arg(m_codec.maxLineBytes())));
        return;
    }
    JsonRpcRequest request;
    JsonRpcError error;
    QJsonValue errorId;
    if (!JsonRpc::parseRequest(frame.line, &request, &error, &errorId)) {
        sendError(errorId, error);
        return;
    }
    ++m_pendingRequests;
    m_dispatcher->dispatch(*this, request, ControlResponder::create(m_link, request.id, request.method));
}

void ControlSession::deliverAnswer(const ControlAnswer& answer)
{
    m_pendingRequests = std::max(0, m_pendingRequests - 1);
    m_dispatcher->recordAnswer(answer.method, answer.isError);
    if (answer.isError)
        ++m_errors;
    if (!answer.id.isUndefined()) {
        writeLine(FrameCodec::encode(answer.isError ? JsonRpc::error(answer.id, answer.error)
                                                    : JsonRpc::result(answer.id, answer.result)));
    }
    processInput();
}

void ControlSession::sendError(const QJsonValue& id, const JsonRpcError& error)
{
    ++m_errors;
    writeLine(FrameCodec::encode(JsonRpc::error(id, error)));
}

void ControlSession::writeLine(const QByteArray& line)
{
    if (m_finished)
        return;
    m_socket->write(line);
    updateStuckTimer();
}

void ControlSession::queueEvent(const QString& topic, const QByteArray& line)
{
    if (m_finished)
        return;
    // Once behind, drop everything until the client has caught up, so that events.lost marks
    // one gap instead of interleaving with surviving events.
    if (!m_lostByTopic.isEmpty() || m_socket->bytesToWrite() + line.size() > m_settings.maxQueuedBytes) {
        ++m_lostByTopic[topic];
        ++m_eventsDropped;
        // An event larger than the whole queue is dropped even when nothing waits; no write will
        // come to report it later, so report it now.
        if (m_socket->bytesToWrite() <= m_settings.maxQueuedBytes / 2)
            sendLostEvents();
        updateStuckTimer();
        return;
    }
    m_socket->write(line);
    ++m_eventsSent;
}

bool ControlSession::isBehind() const
{
    return !m_lostByTopic.isEmpty() || m_socket->bytesToWrite() > m_settings.maxQueuedBytes;
}

void ControlSession::updateStuckTimer()
{
    const bool behind = isBehind();
    if (behind && !m_stuckTimer.isActive())
        m_stuckTimer.start();
    else if (!behind && m_stuckTimer.isActive())
        m_stuckTimer.stop();
}

void ControlSession::onBytesWritten()
{
    // Caught up once half the queue has drained: events resume after one events.lost per topic.
    if (!m_lostByTopic.isEmpty() && m_socket->bytesToWrite() <= m_settings.maxQueuedBytes / 2)
        sendLostEvents();
    updateStuckTimer();
    processInput();
}

void ControlSession::sendLostEvents()
{
    QStringList topics = m_lostByTopic.keys();
    topics.sort();
    for (const QString& topic : topics) {
        m_socket->write(FrameCodec::encode(JsonRpc::notification(
            QStringLiteral("events.lost"),
            {{QStringLiteral("topic"), topic}, {QStringLiteral("count"), qint64(m_lostByTopic.value(topic))}})));
    }
    m_lostByTopic.clear();
}

void ControlSession::onStuck()
{
    if (m_finished || !isBehind())
        return;
    qCWarning(lcControl).noquote() << QStringLiteral("control client %1 (user %2, pid %3) stayed %4 s behind with %5 "
                                                     "bytes queued and %6 events dropped; disconnecting it")
                                          .arg(m_id)
                                          .arg(m_caller.userName)
                                          .arg(m_caller.pid)
                                          .arg(m_settings.stuckClientTimeoutMs / 1000.0)
                                          .arg(m_socket->bytesToWrite())
                                          .arg(m_eventsDropped);
    m_socket->abort();
    onDisconnected();
}

void ControlSession::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    m_stuckTimer.stop();
    emit finished(this);
}

ControlClientInfo ControlSession::info() const
{
    ControlClientInfo info;
    info.id = m_id;
    info.caller = m_caller;
    info.connectedAt = m_connectedAt;
    info.requests = m_requests;
    info.errors = m_errors;
    info.eventsSent = m_eventsSent;
    info.eventsDropped = m_eventsDropped;
    info.queuedBytes = m_finished ? 0 : m_socket->bytesToWrite();
    info.topics = sorted(m_topics);
    return info;
}

} // namespace tollgate
