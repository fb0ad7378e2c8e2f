#include "client/ControlClient.h"
#include "control/AccountLookup.h"
#include "control/ControlServer.h"

#include <QDir>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>
#include <optional>
#include <unistd.h>

using namespace tollgate;

class TestControlClient : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void resultsAndErrors();
    void answersAreMatchedById();
    void notificationsAreDelivered();
    void timeout();
    void callWhileNotConnected();
    void serverClosingFailsPendingCalls();
    void refusalIsTheAnswer();
    void missingSocket();
    void describesConnectErrors();
    void relativeSocketPathIsFromTheWorkingDirectory();

private:
    bool startServer(int maxClients = 64);
    bool connectClient(ControlClient* client);
    /// Calls and waits for the reply.
    std::optional<ControlReply> callAndWait(ControlClient* client, const QString& method, const QJsonObject& params,
                                            int timeoutMs = 0);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ControlServer> m_server;
    QList<ControlResponder> m_held;
};

void TestControlClient::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestControlClient::cleanup()
{
    m_held.clear();
    m_server.reset();
    m_dir.reset();
}

bool TestControlClient::startServer(int maxClients)
{
    ControlServerSettings settings;
    settings.socketPath = m_dir->filePath(QStringLiteral("control.sock"));
    settings.groupName = AccountLookup::groupName(::getegid());
    settings.maxClients = maxClients;
    m_server = std::make_unique<ControlServer>(settings);
    m_server->registerHandler(QStringLiteral("calls.get"), [](const QJsonObject& params, const CallerIdentity&,
                                                              ControlResponder responder) {
        const QString callId = params.value(QStringLiteral("callId")).toString();
        if (callId == QStringLiteral("missing")) {
            responder.error(ControlErrorCode::NotFound, QStringLiteral("calls.get: no call 'missing'"),
                            QJsonObject{{QStringLiteral("callId"), callId}});
            return;
        }
        const int delay = callId == QStringLiteral("slow") ? 100 : 0;
        QTimer::singleShot(delay, [responder, callId]() {
            responder.result(QJsonObject{{QStringLiteral("call"), QJsonObject{{QStringLiteral("callId"), callId}}}});
        });
    });
    m_server->registerHandler(QStringLiteral("calls.end"),
                              [this](const QJsonObject&, const CallerIdentity&, ControlResponder responder) {
                                  m_held.append(responder); // Never answered.
                              });
    QString error;
    return m_server->listen(&error);
}

bool TestControlClient::connectClient(ControlClient* client)
{
    QSignalSpy connected(client, &ControlClient::connected);
    client->connectToServer(m_server->settings().socketPath);
    // On Unix the connection may complete inside connectToServer().
    return connected.count() == 1 || connected.wait(5000);
}

std::optional<ControlReply> TestControlClient::callAndWait(ControlClient* client, const QString& method,
                                                           const QJsonObject& params, int timeoutMs)
{
    std::optional<ControlReply> reply;
    client->call(
        method, params, [&reply](const ControlReply& answer) { reply = answer; }, timeoutMs);
    if (!QTest::qWaitFor([&reply]() { return reply.has_value(); }, 5000))
        return std::nullopt;
    return reply;
}

void TestControlClient::resultsAndErrors()
{
    QVERIFY(startServer());
    ControlClient client;
    QVERIFY(connectClient(&client));
    QVERIFY(client.isConnected());

    const auto ok =
        callAndWait(&client, QStringLiteral("calls.get"), {{QStringLiteral("callId"), QStringLiteral("c1")}});
    QVERIFY(ok);
    QVERIFY(ok->ok());
    QCOMPARE(ok->method, QStringLiteral("calls.get"));
    QCOMPARE(ok->result.toObject().value(QStringLiteral("call")).toObject().value(QStringLiteral("callId")).toString(),
             QStringLiteral("c1"));

    const auto failed =
        callAndWait(&client, QStringLiteral("calls.get"), {{QStringLiteral("callId"), QStringLiteral("missing")}});
    QVERIFY(failed);
    QCOMPARE(failed->status, ControlReply::Status::Error);
    QVERIFY(failed->error.is(ControlErrorCode::NotFound));
    QCOMPARE(failed->message, QStringLiteral("calls.get: no call 'missing'"));
    QCOMPARE(failed->error.data.toObject().value(QStringLiteral("callId")).toString(), QStringLiteral("missing"));

    const auto unknown = callAndWait(&client, QStringLiteral("calls.nope"), {});
    QVERIFY(unknown);
    QVERIFY(unknown->error.is(ControlErrorCode::MethodNotFound));
    QCOMPARE(client.pendingCalls(), 0);
}

void TestControlClient::answersAreMatchedById()
{
    QVERIFY(startServer());
    ControlClient client;
    QVERIFY(connectClient(&client));
    QStringList order;
    const auto record = [&order](const ControlReply& reply) {
        order << reply.result.toObject()
                     .value(QStringLiteral("call"))
                     .toObject()
                     .value(QStringLiteral("callId"))
                     .toString();
    };
    client.call(QStringLiteral("calls.get"), {{QStringLiteral("callId"), QStringLiteral("slow")}}, record);
    client.call(QStringLiteral("calls.get"), {{QStringLiteral("callId"), QStringLiteral("fast")}}, record);
    QTRY_COMPARE(order.size(), 2);
    QCOMPARE(order, QStringList({QStringLiteral("fast"), QStringLiteral("slow")}));
}

void TestControlClient::notificationsAreDelivered()
{
    QVERIFY(startServer());
    ControlClient client;
    QVERIFY(connectClient(&client));
    QSignalSpy events(&client, &ControlClient::notificationReceived);
    const auto subscribed = callAndWait(&client, QStringLiteral("events.subscribe"),
                                        {{QStringLiteral("topics"), QJsonArray{QStringLiteral("calls")}}});
    QVERIFY(subscribed && subscribed->ok());
    m_server->publish(QStringLiteral("calls"), QStringLiteral("call.created"),
                      {{QStringLiteral("call"), QJsonObject{}}});
    QVERIFY(events.wait(5000));
    QCOMPARE(events.first().at(0).toString(), QStringLiteral("call.created"));
    QVERIFY(events.first().at(1).toJsonObject().contains(QStringLiteral("call")));
}

void TestControlClient::timeout()
{
    QVERIFY(startServer());
    ControlClient client;
    QVERIFY(connectClient(&client));
    const auto reply =
        callAndWait(&client, QStringLiteral("calls.end"), {{QStringLiteral("callId"), QStringLiteral("c")}}, 200);
    QVERIFY(reply);
    QCOMPARE(reply->status, ControlReply::Status::Timeout);
    QCOMPARE(reply->message, QStringLiteral("calls.end: no answer from tollgated within 0.2 s"));
    QCOMPARE(client.pendingCalls(), 0);
    // A late answer is ignored.
    m_held.first().result(QJsonObject{});
    QTest::qWait(20);
}

void TestControlClient::callWhileNotConnected()
{
    ControlClient client;
    const auto reply = callAndWait(&client, QStringLiteral("stats.get"), {});
    QVERIFY(reply);
    QCOMPARE(reply->status, ControlReply::Status::ConnectionLost);
    QCOMPARE(reply->message, QStringLiteral("stats.get: not connected to tollgated"));
}

void TestControlClient::serverClosingFailsPendingCalls()
{
    QVERIFY(startServer());
    ControlClient client;
    QVERIFY(connectClient(&client));
    QSignalSpy disconnected(&client, &ControlClient::disconnected);
    std::optional<ControlReply> reply;
    client.call(QStringLiteral("calls.end"), {{QStringLiteral("callId"), QStringLiteral("c")}},
                [&reply](const ControlReply& answer) { reply = answer; });
    QTRY_COMPARE(m_held.size(), 1);
    m_server->close();
    QTRY_VERIFY(reply.has_value());
    QCOMPARE(reply->status, ControlReply::Status::ConnectionLost);
    QCOMPARE(reply->message, QStringLiteral("calls.end: tollgated closed the connection before answering"));
    QTRY_COMPARE(disconnected.count(), 1);
}

void TestControlClient::refusalIsTheAnswer()
{
    QVERIFY(startServer(0));
    ControlClient client;
    QSignalSpy serverErrors(&client, &ControlClient::serverError);
    QVERIFY(connectClient(&client));
    const auto reply = callAndWait(&client, QStringLiteral("system.hello"), {});
    QVERIFY(reply);
    QCOMPARE(reply->status, ControlReply::Status::Error);
    QVERIFY(reply->error.is(ControlErrorCode::Unavailable));
    QCOMPARE(reply->message, QStringLiteral("too many control clients (limit 0); try again later"));
    QCOMPARE(serverErrors.count(), 1);
}

void TestControlClient::missingSocket()
{
    ControlClient client;
    client.setMissingSocketHint(QStringLiteral("use --socket PATH"));
    QSignalSpy failed(&client, &ControlClient::connectionFailed);
    const QString path = m_dir->filePath(QStringLiteral("absent.sock"));
    client.connectToServer(path);
    QTRY_COMPARE(failed.count(), 1);
    QCOMPARE(failed.first().first().toString(),
             QStringLiteral("cannot connect to %1: no such file (is tollgated running? use --socket PATH)").arg(path));
}

void TestControlClient::describesConnectErrors()
{
    const QString path = m_dir->filePath(QStringLiteral("x.sock"));
    QCOMPARE(ControlClient::describeConnectError(QLocalSocket::ServerNotFoundError, path, QString()),
             QStringLiteral("cannot connect to %1: no such file (is tollgated running?)").arg(path));
    QVERIFY(ControlClient::describeConnectError(QLocalSocket::ConnectionRefusedError, path, QString())
                .endsWith(QStringLiteral("connection refused (tollgated is not running, or is too busy to accept)")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const QString group = QFileInfo(path).group();
    QCOMPARE(ControlClient::describeConnectError(QLocalSocket::SocketAccessError, path, QString()),
             QStringLiteral("cannot connect to %1: permission denied (the socket belongs to group '%2'; run as root or "
                            "as a member of that group)")
                 .arg(path, group));
    QCOMPARE(ControlClient::describeConnectError(QLocalSocket::UnknownSocketError, path, QStringLiteral("weird")),
             QStringLiteral("cannot connect to %1: weird").arg(path));
}

void TestControlClient::relativeSocketPathIsFromTheWorkingDirectory()
{
    // `tollgatectl --socket var/tollgate.sock` beside `tollgated --control var/tollgate.sock`.
    QVERIFY(startServer());
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(m_dir->path()));
    ControlClient client;
    QSignalSpy connected(&client, &ControlClient::connected);
    client.connectToServer(QStringLiteral("control.sock"));
    const bool ok = connected.count() == 1 || connected.wait(5000);
    QDir::setCurrent(previous);
    QVERIFY(ok);
    QCOMPARE(client.socketPath(), m_server->settings().socketPath);
}

QTEST_GUILESS_MAIN(TestControlClient)
#include "TestControlClient.moc"
