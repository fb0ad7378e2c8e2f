#pragma once

#include "CallerIdentity.h"
#include "ControlAccessPolicy.h"
#include "ControlClientInfo.h"
#include "ControlMethodCounters.h"
#include "ControlResponder.h"
#include "ControlServerSettings.h"
#include "ControlSession.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>

class QLocalServer;
class QLocalSocket;

namespace tollgate {

/// The daemon's control socket (docs/control-protocol.md): a Unix-domain socket speaking
/// JSON-RPC 2.0, one object per line. It accepts connections from root, the daemon's user and
/// members of the control group (ControlAccessPolicy), checks every request against the
/// ControlCatalogue (envelope, method, parameters) and dispatches it to the handler registered
/// for its method; events published on a topic go to the clients that subscribed to it.
///
/// It knows nothing about SIP, rules or the store: the daemon registers one handler per
/// catalogue method. Built in are system.hello, events.subscribe and events.unsubscribe.
///
/// Lives on, and must be used from, one thread with an event loop (the daemon's main thread);
/// handlers run there too, and may answer later from any thread through their ControlResponder.
/// A slow or stuck client never blocks that thread nor delays other clients (ControlSession).
class ControlServer : public QObject, private ControlSession::Dispatcher
{
    Q_OBJECT

public:
    /// Runs one method. `params` has been checked against the catalogue, defaults filled in.
    /// `caller` is who asked (for the audit log). Answer through `responder`, now or later.
    using Handler =
        std::function<void(const QJsonObject& params, const CallerIdentity& caller, ControlResponder responder)>;

    explicit ControlServer(const ControlServerSettings& settings, QObject* parent = nullptr);
    ~ControlServer() override;

    /// Listens on settings().socketPath: prepares the path (ControlSocketFile::prepare), then
    /// gives the file mode 0660 and the control group. False with `*error` when it cannot.
    bool listen(QString* error);
    /// Disconnects every client, stops listening and removes the socket file.
    void close();
    bool isListening() const;
    const ControlServerSettings& settings() const { return m_settings; }

    /// Registers the handler of catalogue method `method`, replacing any earlier one. False
    /// with `*error` (may be null) for a name not in the catalogue or a built-in method.
    bool registerHandler(const QString& method, Handler handler, QString* error = nullptr);
    /// Catalogue methods that have neither a handler nor a built-in implementation; requests
    /// for them are answered -32000 "not available". The daemon's wiring test expects none.
    QStringList methodsWithoutHandler() const;

    /// Sends notification `notification` of `topic` with `params` to every client subscribed to
    /// `topic`. Serialised once; queued per client without blocking (a client that is behind
    /// loses it and is told so). False (and a warning) when the catalogue does not list the
    /// notification under that topic.
    bool publish(const QString& topic, const QString& notification, const QJsonObject& params);
    /// Connections subscribed to `topic` now (the daemon produces costly events only when > 0).
    int subscriberCount(const QString& topic) const;

    int clientCount() const { return int(m_sessions.size()); }
    QList<ControlClientInfo> clients() const;
    /// Counters of catalogue method `method` (zero for unknown names).
    ControlMethodCounters counters(const QString& method) const { return m_counters.value(method); }

signals:
    void clientConnected(quint64 clientId, const tollgate::CallerIdentity& caller);
    void clientDisconnected(quint64 clientId);
    /// A peer was refused (permission, or the client limit); `reason` is what it was told.
    void clientRefused(const tollgate::CallerIdentity& caller, const QString& reason);
    /// The number of subscribers of some topic may have changed (subscribe, unsubscribe, a
    /// subscriber disconnected).
    void subscriptionsChanged();

private:
    void onNewConnection();
    void refuse(QLocalSocket* socket, const JsonRpcError& error);
    void onSessionFinished(ControlSession* session);
    void dispatch(ControlSession& session, const JsonRpcRequest& request, ControlResponder responder) override;
    void recordAnswer(const QString& method, bool isError) override;
    bool runBuiltIn(ControlSession& session, const QString& method, const QJsonObject& params,
                    const ControlResponder& responder);

    ControlServerSettings m_settings;
    ControlAccessPolicy m_policy;
    QLocalServer* m_server = nullptr;
    QHash<QString, Handler> m_handlers;
    QHash<QString, ControlMethodCounters> m_counters;
    QList<ControlSession*> m_sessions;
    quint64 m_nextClientId = 1;
};

} // namespace tollgate
