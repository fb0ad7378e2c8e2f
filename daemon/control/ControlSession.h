#pragma once

#include "CallerIdentity.h"
#include "ControlAnswer.h"
#include "ControlClientInfo.h"
#include "ControlMethodCounters.h"
#include "ControlServerSettings.h"
#include "ControlSessionLink.h"
#include "protocol/FrameCodec.h"
#include "protocol/JsonRpc.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>
#include <memory>

class QLocalSocket;

namespace tollgate {

class ControlResponder;

/// One accepted control connection: reads request lines (FrameCodec), checks their envelope
/// (JsonRpc), hands them to its Dispatcher, writes the answers, and queues the events of the
/// topics it subscribed to.
///
/// Nothing here ever blocks: answers and events go to the socket's write buffer and are flushed
/// by the event loop. What one client may cost is bounded (ControlServerSettings): while more
/// than maxQueuedBytes wait to be sent to it, its events are dropped and counted (it gets
/// events.lost once it has caught up) and its further requests are left unread; if it stays
/// behind for stuckClientTimeoutMs it is disconnected. Lives on the server's thread.
class ControlSession : public QObject
{
    Q_OBJECT

public:
    /// Where the session sends the requests whose envelope is valid (the ControlServer).
    class Dispatcher
    {
    public:
        virtual ~Dispatcher() = default;
        /// Handles `request` from `session`; answers through `responder`, at once or later.
        virtual void dispatch(ControlSession& session, const JsonRpcRequest& request, ControlResponder responder) = 0;
        /// Counts an answer of `method` (for the per-method counters).
        virtual void recordAnswer(const QString& method, bool isError) = 0;
    };

    /// Takes ownership of the connected `socket`.
    ControlSession(QLocalSocket* socket, quint64 id, const CallerIdentity& caller,
                   const ControlServerSettings& settings, Dispatcher* dispatcher, QObject* parent = nullptr);
    ~ControlSession() override;

    quint64 id() const { return m_id; }
    const CallerIdentity& caller() const { return m_caller; }

    /// Starts reading requests.
    void start();
    /// Closes the connection after what is queued has been sent.
    void close();

    /// Adds `topics` to the subscriptions; returns every subscribed topic, sorted.
    QStringList subscribe(const QStringList& topics);
    /// Removes `topics` from the subscriptions; returns every topic still subscribed, sorted.
    QStringList unsubscribe(const QStringList& topics);
    bool isSubscribed(const QString& topic) const { return m_topics.contains(topic); }

    /// Queues the notification `line` (one encoded frame) of `topic`, or drops and counts it
    /// when the client is behind.
    void queueEvent(const QString& topic, const QByteArray& line);

    /// Sends an answer made by a ControlResponder. Called on the session's thread.
    void deliverAnswer(const ControlAnswer& answer);

    ControlClientInfo info() const;

signals:
    /// The connection is closed (by the peer, by close(), or as stuck); the owner deletes the
    /// session later.
    void finished(tollgate::ControlSession* session);

private:
    void processInput();
    void handleFrame(const FrameCodec::Frame& frame);
    void sendError(const QJsonValue& id, const JsonRpcError& error);
    void writeLine(const QByteArray& line);
    void onBytesWritten();
    void onStuck();
    void onDisconnected();
    bool isBehind() const;
    void updateStuckTimer();
    void sendLostEvents();

    QLocalSocket* m_socket;
    quint64 m_id;
    CallerIdentity m_caller;
    ControlServerSettings m_settings;
    Dispatcher* m_dispatcher;
    std::shared_ptr<ControlSessionLink> m_link;
    FrameCodec m_codec;
    QDateTime m_connectedAt;
    QSet<QString> m_topics;
    QHash<QString, quint64> m_lostByTopic; ///< Events dropped since the client fell behind.
    QTimer m_stuckTimer;
    int m_pendingRequests = 0;
    bool m_processingInput = false;
    bool m_finished = false;
    quint64 m_requests = 0;
    quint64 m_errors = 0;
    quint64 m_eventsSent = 0;
    quint64 m_eventsDropped = 0;
};

} // namespace tollgate
