#include "ControlServer.h"

#include "ControlSocketFile.h"
#include "PeerCredentials.h"
#include "protocol/ControlCatalogue.h"
#include "protocol/ParamsChecker.h"
#include "protocol/ProtocolVersion.h"

#include <QJsonArray>
#include <QLocalServer>
#include <QLocalSocket>
#include <QLoggingCategory>
#include <QThread>
#include <QTimer>
#include <sys/socket.h>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcControl, "tollgate.control")

namespace tollgate {

namespace {

const QString HelloMethod = QStringLiteral("system.hello");
const QString SubscribeMethod = QStringLiteral("events.subscribe");
const QString UnsubscribeMethod = QStringLiteral("events.unsubscribe");

/// How long a refused peer has to read its error before the connection is cut.
constexpr int RefusalLingerMs = 5000;

bool isBuiltIn(const QString& method)
{
    return method == HelloMethod || method == SubscribeMethod || method == UnsubscribeMethod;
}

QString shortened(const QString& text)
{
    constexpr qsizetype MaxShown = 64;
    return text.size() <= MaxShown ? text : text.left(MaxShown) + QStringLiteral("...");
}

QStringList toStringList(const QJsonValue& value)
{
    QStringList list;
    for (const QJsonValue& item : value.toArray())
        list << item.toString();
    return list;
}

} // namespace

ControlServer::ControlServer(const ControlServerSettings& settings, QObject* parent)
    : QObject(parent)
    , m_settings(settings)
    , m_policy(settings.groupName, settings.ownUid.value_or(::geteuid()))
{
    for (const MethodSpec& method : ControlCatalogue::instance().methods())
        m_counters.insert(method.name, {});
}

ControlServer::~ControlServer()
{
    close();
}

bool ControlServer::listen(QString* error)
{
    if (isListening()) {
        *error = QStringLiteral("the control server already listens on %1").arg(m_settings.socketPath);
        return false;
    }
    if (!ControlSocketFile::prepare(m_settings.socketPath, error))
        return false;
    auto* server = new QLocalServer(this);
    // Qt binds in a private temporary directory, sets the mode there and renames the socket into
    // place, so that the file is never reachable with a looser mode.
    server->setSocketOptions(QLocalServer::UserAccessOption | QLocalServer::GroupAccessOption);
    if (!server->listen(m_settings.socketPath)) {
        *error = QStringLiteral("cannot listen on %1: %2").arg(m_settings.socketPath, server->errorString());
        delete server;
        return false;
    }
    QString warning;
    if (!ControlSocketFile::restrictAccess(m_settings.socketPath, m_settings.groupName, &warning, error)) {
        server->close();
        delete server;
        return false;
    }
    if (!warning.isEmpty())
        qCWarning(lcControl).noquote() << warning;
    m_server = server;
    connect(m_server, &QLocalServer::newConnection, this, &ControlServer::onNewConnection);
    qCInfo(lcControl).noquote() << QStringLiteral("control socket listening on %1").arg(m_settings.socketPath);
    return true;
}

void ControlServer::close()
{
    const QList<ControlSession*> sessions = m_sessions;
    m_sessions.clear();
    for (ControlSession* session : sessions) {
        session->disconnect(this);
        session->close();
        session->deleteLater();
    }
    if (m_server) {
        m_server->close(); // Removes the socket file.
        delete m_server;
        m_server = nullptr;
    }
}

bool ControlServer::isListening() const
{
    return m_server && m_server->isListening();
}

bool ControlServer::registerHandler(const QString& method, Handler handler, QString* error)
{
    QString problem;
    if (!ControlCatalogue::instance().method(method))
        problem = QStringLiteral("'%1' is not a method of the control catalogue").arg(method);
    else if (isBuiltIn(method))
        problem = QStringLiteral("%1 is built into the control server").arg(method);
    else if (!handler)
        problem = QStringLiteral("%1: the handler is empty").arg(method);
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    m_handlers.insert(method, std::move(handler));
    return true;
}

QStringList ControlServer::methodsWithoutHandler() const
{
    QStringList missing;
    for (const MethodSpec& method : ControlCatalogue::instance().methods()) {
        if (!isBuiltIn(method.name) && !m_handlers.contains(method.name))
            missing << method.name;
    }
    return missing;
}

int ControlServer::subscriberCount(const QString& topic) const
{
    int count = 0;
    for (const ControlSession* session : m_sessions) {
        if (session->isSubscribed(topic))
            ++count;
    }
    return count;
}

bool ControlServer::publish(const QString& topic, const QString& notification, const QJsonObject& params)
{
    Q_ASSERT_X(QThread::currentThread() == thread(), "ControlServer::publish", "called from a foreign thread");
    const TopicSpec* spec = ControlCatalogue::instance().topic(topic);
    if (!spec || !spec->notification(notification)) {
        qCWarning(lcControl).noquote() << QStringLiteral(
                                              "not publishing %1: the catalogue has no such notification on topic '%2'")
                                              .arg(notification, topic);
        return false;
    }
    QByteArray line;
    // A copy: a write that fails may finish a session, which removes it from m_sessions.
    const QList<ControlSession*> sessions = m_sessions;
    for (ControlSession* session : sessions) {
        if (!session->isSubscribed(topic))
            continue;
        if (line.isEmpty())
            line = FrameCodec::encode(JsonRpc::notification(notification, params));
        session->queueEvent(topic, line);
    }
    return true;
}

QList<ControlClientInfo> ControlServer::clients() const
{
    QList<ControlClientInfo> list;
    list.reserve(m_sessions.size());
    for (const ControlSession* session : m_sessions)
        list << session->info();
    return list;
}

void ControlServer::onNewConnection()
{
    while (QLocalSocket* socket = m_server->nextPendingConnection()) {
        PeerCredentials peer;
        QString error;
        if (!PeerCredentials::read(socket->socketDescriptor(), &peer, &error)) {
            qCWarning(lcControl).noquote() << QStringLiteral("refusing a control connection: %1").arg(error);
            refuse(socket, JsonRpcError(ControlErrorCode::PermissionDenied, error));
            continue;
        }
        const ControlAccessPolicy::Decision decision = m_policy.check(peer);
        if (!decision.allowed) {
            qCWarning(lcControl).noquote() << QStringLiteral("refused control connection from %1 (uid %2, pid %3): %4")
                                                  .arg(decision.caller.userName)
                                                  .arg(decision.caller.uid)
                                                  .arg(decision.caller.pid)
                                                  .arg(decision.refusal);
            refuse(socket, JsonRpcError(ControlErrorCode::PermissionDenied, decision.refusal, decision.data));
            emit clientRefused(decision.caller, decision.refusal);
            continue;
        }
        if (m_sessions.size() >= m_settings.maxClients) {
            const QString reason =
                QStringLiteral("too many control clients (limit %1); try again later").arg(m_settings.maxClients);
            qCWarning(lcControl).noquote()
                << QStringLiteral("refused control connection from %1: %2").arg(decision.caller.userName, reason);
            refuse(socket, JsonRpcError(ControlErrorCode::Unavailable, reason));
            emit clientRefused(decision.caller, reason);
            continue;
        }
        auto* session = new ControlSession(socket, m_nextClientId++, decision.caller, m_settings, this, this);
        m_sessions.append(session);
        connect(session, &ControlSession::finished, this, &ControlServer::onSessionFinished);
        qCInfo(lcControl).noquote() << QStringLiteral("control client %1 connected: %2 (uid %3, pid %4)")
                                           .arg(session->id())
                                           .arg(decision.caller.userName)
                                           .arg(decision.caller.uid)
                                           .arg(decision.caller.pid);
        emit clientConnected(session->id(), decision.caller);
        session->start();
    }
}

void ControlServer::refuse(QLocalSocket* socket, const JsonRpcError& error)
{
    socket->setParent(this);
    connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
    // Whatever the peer sends meanwhile is dropped unread, but read: closing a socket with unread
    // data resets the connection, and a peer writing to a closed socket fails before it can read
    // why. So: send the error, then close only our sending side and wait for the peer to close.
    connect(socket, &QLocalSocket::readyRead, socket, [socket]() { socket->readAll(); });
    const auto shutDownWhenSent = [socket]() {
        if (socket->bytesToWrite() == 0 && socket->state() == QLocalSocket::ConnectedState)
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    };
    connect(socket, &QLocalSocket::bytesWritten, socket, shutDownWhenSent);
    socket->readAll();
    socket->write(FrameCodec::encode(JsonRpc::error(QJsonValue::Null, error)));
    socket->flush();
    shutDownWhenSent();
    QTimer::singleShot(RefusalLingerMs, socket, [socket]() { socket->abort(); });
}

void ControlServer::onSessionFinished(ControlSession* session)
{
    m_sessions.removeOne(session);
    qCInfo(lcControl).noquote()
        << QStringLiteral("control client %1 (%2) disconnected").arg(session->id()).arg(session->caller().userName);
    emit clientDisconnected(session->id());
    session->deleteLater();
    emit subscriptionsChanged();
}

void ControlServer::dispatch(ControlSession& session, const JsonRpcRequest& request, ControlResponder responder)
{
    const ControlCatalogue& catalogue = ControlCatalogue::instance();
    const MethodSpec* spec = catalogue.method(request.method);
    if (!spec) {
        const QString suggestion = catalogue.suggestMethod(request.method);
        responder.error(ControlErrorCode::MethodNotFound,
                        QStringLiteral("unknown method '%1'%2")
                            .arg(shortened(request.method),
                                 suggestion.isEmpty() ? QStringLiteral(" (tollgatectl help lists them)")
                                                      : QStringLiteral(" (did you mean '%1'?)").arg(suggestion)));
        return;
    }
    ++m_counters[spec->name].calls;
    QJsonObject params;
    QString error;
    if (!ParamsChecker::check(*spec, request.params, &params, &error)) {
        responder.error(ControlErrorCode::InvalidParams, error);
        return;
    }
    qCDebug(lcControl).noquote()
        << QStringLiteral("client %1 (%2): %3").arg(session.id()).arg(session.caller().userName, spec->name);
    if (runBuiltIn(session, spec->name, params, responder))
        return;
    const auto handler = m_handlers.constFind(spec->name);
    if (handler == m_handlers.cend()) {
        responder.error(ControlErrorCode::Failed, QStringLiteral("%1: not available in this daemon").arg(spec->name));
        return;
    }
    (*handler)(params, session.caller(), std::move(responder));
}

bool ControlServer::runBuiltIn(ControlSession& session, const QString& method, const QJsonObject& params,
                               const ControlResponder& responder)
{
    if (method == HelloMethod) {
        const ControlCatalogue& catalogue = ControlCatalogue::instance();
        if (params.contains(QStringLiteral("client"))) {
            qCInfo(lcControl).noquote() << QStringLiteral("control client %1 is %2")
                                               .arg(session.id())
                                               .arg(shortened(params.value(QStringLiteral("client")).toString()));
        }
        responder.result(QJsonObject{
            {QStringLiteral("protocolVersion"), ControlProtocolVersion},
            {QStringLiteral("server"), QString::fromLatin1(ControlServerName)},
            {QStringLiteral("version"), QStringLiteral(TOLLGATE_VERSION)},
            {QStringLiteral("user"), session.caller().userName},
            {QStringLiteral("methods"), QJsonArray::fromStringList(catalogue.methodNames())},
            {QStringLiteral("topics"), QJsonArray::fromStringList(catalogue.topicNames())},
        });
        return true;
    }
    if (method == SubscribeMethod || method == UnsubscribeMethod) {
        const QStringList topics = toStringList(params.value(QStringLiteral("topics")));
        const QStringList subscribed =
            method == SubscribeMethod ? session.subscribe(topics) : session.unsubscribe(topics);
        responder.result(QJsonObject{{QStringLiteral("subscribed"), QJsonArray::fromStringList(subscribed)}});
        emit subscriptionsChanged();
        return true;
    }
    return false;
}

void ControlServer::recordAnswer(const QString& method, bool isError)
{
    if (!isError)
        return;
    const auto counters = m_counters.find(method);
    if (counters != m_counters.end())
        ++counters->errors;
}

} // namespace tollgate
