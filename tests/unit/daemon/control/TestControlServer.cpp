#include "ControlTestClients.h"
#include "TestPaths.h"
#include "control/ControlServer.h"
#include "protocol/ControlCatalogue.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>
#include <sys/stat.h>
#include <thread>

using namespace tollgate;
using namespace tollgate::test;

namespace {

int errorCode(const QJsonObject& response)
{
    return response.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toInt();
}

QString errorMessage(const QJsonObject& response)
{
    return response.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
}

QJsonObject resultOf(const QJsonObject& response)
{
    return response.value(QStringLiteral("result")).toObject();
}

} // namespace

class TestControlServer : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listensWithMode0660();
    void refusesToTakeOverALiveSocket();
    void replacesAStaleSocket();
    void refusesAPathThatIsNotASocket();
    void closeRemovesTheSocketFile();
    void helloIsBuiltIn();
    void errorsKeepTheConnectionUsable_data();
    void errorsKeepTheConnectionUsable();
    void notificationsRunWithoutAnswer();
    void overlongLineIsAnsweredAndSkipped();
    void randomRequestsLeaveTheServerServing();
    void handlerGetsCallerAndCheckedParams();
    void asynchronousAnswersMatchTheirIds();
    void answerFromAnotherThread();
    void responderOutlivingItsSessionIsHarmless();
    void droppedResponderAnswersInternalError();
    void handlerRegistration();
    void countersCountCallsAndErrors();
    void manyClientsAtOnce();
    void clientLimitIsEnforced();

private:
    bool start(const ControlServerSettings& settings);
    void registerEcho();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ControlServer> m_server;
};

void TestControlServer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestControlServer::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

bool TestControlServer::start(const ControlServerSettings& settings)
{
    m_server = std::make_unique<ControlServer>(settings);
    QString error;
    if (!m_server->listen(&error)) {
        qWarning("listen failed: %s", qPrintable(error));
        return false;
    }
    return true;
}

/// calls.list answers with the params it got, so that tests see what the handler saw.
void TestControlServer::registerEcho()
{
    QVERIFY(m_server->registerHandler(QStringLiteral("calls.list"),
                                      [](const QJsonObject& params, const CallerIdentity&, ControlResponder responder) {
                                          responder.result(params);
                                      }));
}

void TestControlServer::listensWithMode0660()
{
    const ControlServerSettings settings = controlSettings(*m_dir);
    QVERIFY(start(settings));
    QVERIFY(m_server->isListening());
    struct stat status
    {
    };
    QCOMPARE(::stat(QFile::encodeName(settings.socketPath).constData(), &status), 0);
    QVERIFY(S_ISSOCK(status.st_mode));
    QCOMPARE(status.st_mode & 07777, mode_t(0660));
    QCOMPARE(status.st_gid, ::getegid());
}

void TestControlServer::refusesToTakeOverALiveSocket()
{
    const ControlServerSettings settings = controlSettings(*m_dir);
    QVERIFY(start(settings));
    ControlServer second(settings);
    QString error;
    QVERIFY(!second.listen(&error));
    QVERIFY2(error.contains(QStringLiteral("another process is listening")), qPrintable(error));
    // The first server still serves.
    LineClient client(settings.socketPath);
    QVERIFY(client.waitConnected());
    QCOMPARE(resultOf(client.call(1, QStringLiteral("system.hello"))).value(QStringLiteral("protocolVersion")).toInt(),
             1);
}

void TestControlServer::replacesAStaleSocket()
{
    const ControlServerSettings settings = controlSettings(*m_dir);
    {
        // A socket file nobody listens on, as a killed daemon leaves it.
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray path = QFile::encodeName(settings.socketPath);
        std::memcpy(address.sun_path, path.constData(), std::size_t(path.size()));
        QCOMPARE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)), 0);
        ::close(fd);
    }
    QVERIFY(QFileInfo::exists(settings.socketPath));
    QVERIFY(start(settings));
    LineClient client(settings.socketPath);
    QVERIFY(client.waitConnected());
    QVERIFY(client.call(1, QStringLiteral("system.hello")).contains(QStringLiteral("result")));
}

void TestControlServer::refusesAPathThatIsNotASocket()
{
    const ControlServerSettings settings = controlSettings(*m_dir);
    QFile file(settings.socketPath);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("precious");
    file.close();
    ControlServer server(settings);
    QString error;
    QVERIFY(!server.listen(&error));
    QVERIFY2(error.contains(QStringLiteral("exists and is not a socket")), qPrintable(error));
    QCOMPARE(test::readFile(settings.socketPath), QByteArray("precious"));
}

void TestControlServer::closeRemovesTheSocketFile()
{
    ControlServerSettings settings = controlSettings(*m_dir);
    settings.socketPath = m_dir->filePath(QStringLiteral("sub/dir/control.sock"));
    QVERIFY(start(settings));
    QCOMPARE(QFileInfo(m_dir->filePath(QStringLiteral("sub/dir"))).permissions() & QFileDevice::ExeOther,
             QFileDevice::ExeOther);
    LineClient client(settings.socketPath);
    QVERIFY(client.waitConnected());
    QTRY_COMPARE(m_server->clientCount(), 1);
    m_server->close();
    QVERIFY(!QFileInfo::exists(settings.socketPath));
    QVERIFY(client.waitDisconnected());
}

void TestControlServer::helloIsBuiltIn()
{
    QVERIFY(start(controlSettings(*m_dir)));
    LineClient client(m_server->settings().socketPath);
    QVERIFY(client.waitConnected());
    const QJsonObject response = client.call(QStringLiteral("h"), QStringLiteral("system.hello"),
                                             {{QStringLiteral("client"), QStringLiteral("test/1")}});
    QCOMPARE(response.value(QStringLiteral("id")).toString(), QStringLiteral("h"));
    const QJsonObject hello = resultOf(response);
    QCOMPARE(hello.value(QStringLiteral("protocolVersion")).toInt(), 1);
    QCOMPARE(hello.value(QStringLiteral("server")).toString(), QStringLiteral("tollgated"));
    QCOMPARE(hello.value(QStringLiteral("version")).toString(), QStringLiteral(TOLLGATE_VERSION));
    QCOMPARE(hello.value(QStringLiteral("user")).toString(), AccountLookup::userName(::geteuid()));
    QCOMPARE(hello.value(QStringLiteral("methods")).toVariant().toStringList(),
             ControlCatalogue::instance().methodNames());
    QCOMPARE(hello.value(QStringLiteral("topics")).toVariant().toStringList(),
             ControlCatalogue::instance().topicNames());
}

void TestControlServer::errorsKeepTheConnectionUsable_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("code");
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QString>("message");

    const QJsonValue null(QJsonValue::Null);
    QTest::newRow("parse error") << QByteArray("{nope") << -32700 << null << QStringLiteral("invalid JSON");
    QTest::newRow("batch") << QByteArray(R"([{"jsonrpc":"2.0","id":1,"method":"system.hello"}])") << -32600 << null
                           << QStringLiteral("batch requests are not supported");
    QTest::newRow("not an object") << QByteArray("17") << -32600 << null << QStringLiteral("must be a JSON object");
    QTest::newRow("wrong version") << QByteArray(R"({"jsonrpc":"1.0","id":4,"method":"system.hello"})") << -32600
                                   << QJsonValue(4) << QStringLiteral("'jsonrpc' must be \"2.0\"");
    QTest::newRow("bad id") << QByteArray(R"({"jsonrpc":"2.0","id":[1],"method":"system.hello"})") << -32600 << null
                            << QStringLiteral("'id' must be a string or an integer");
    QTest::newRow("unknown method") << QByteArray(R"({"jsonrpc":"2.0","id":"u","method":"calls.lst"})") << -32601
                                    << QJsonValue(QStringLiteral("u"))
                                    << QStringLiteral("unknown method 'calls.lst' (did you mean 'calls.list'?)");
    QTest::newRow("unknown param")
        << QByteArray(R"({"jsonrpc":"2.0","id":6,"method":"calls.list","params":{"carier":"a"}})") << -32602
        << QJsonValue(6) << QStringLiteral("calls.list: unknown parameter 'carier' (did you mean 'carrier'?)");
    QTest::newRow("wrong type") << QByteArray(
                                       R"({"jsonrpc":"2.0","id":7,"method":"calls.list","params":{"limit":"x"}})")
                                << -32602 << QJsonValue(7)
                                << QStringLiteral("calls.list: parameter 'limit' must be an integer, got a string");
    QTest::newRow("by position") << QByteArray(R"({"jsonrpc":"2.0","id":8,"method":"calls.get","params":["x"]})")
                                 << -32602 << QJsonValue(8) << QStringLiteral("params must be an object");
    QTest::newRow("no handler") << QByteArray(R"({"jsonrpc":"2.0","id":9,"method":"stats.get"})") << -32000
                                << QJsonValue(9) << QStringLiteral("stats.get: not available in this daemon");
    QTest::newRow("application error")
        << QByteArray(R"({"jsonrpc":"2.0","id":10,"method":"destinations.disable","params":{"destination":"core-z"}})")
        << -32002 << QJsonValue(10)
        << QStringLiteral("destinations.disable: unknown destination 'core-z' (did you mean 'core-a'?)");
}

void TestControlServer::errorsKeepTheConnectionUsable()
{
    QFETCH(QByteArray, line);
    QFETCH(int, code);
    QFETCH(QJsonValue, id);
    QFETCH(QString, message);

    QVERIFY(start(controlSettings(*m_dir)));
    QVERIFY(m_server->registerHandler(
        QStringLiteral("destinations.disable"),
        [](const QJsonObject& params, const CallerIdentity&, ControlResponder responder) {
            responder.error(ControlErrorCode::NotFound,
                            QStringLiteral("destinations.disable: unknown destination '%1' (did you mean 'core-a'?)")
                                .arg(params.value(QStringLiteral("destination")).toString()));
        }));
    LineClient client(m_server->settings().socketPath);
    QVERIFY(client.waitConnected());
    for (int round = 0; round < 2; ++round) {
        client.sendLine(line);
        const QJsonObject response = client.next();
        QCOMPARE(errorCode(response), code);
        QCOMPARE(response.value(QStringLiteral("id")), id);
        QVERIFY2(errorMessage(response).contains(message), qPrintable(errorMessage(response)));
        QCOMPARE(response.value(QStringLiteral("jsonrpc")).toString(), QStringLiteral("2.0"));
        // Still usable.
        QVERIFY(client.call(round, QStringLiteral("system.hello")).contains(QStringLiteral("result")));
    }
}

void TestControlServer::notificationsRunWithoutAnswer()
{
    QVERIFY(start(controlSettings(*m_dir)));
    int ended = 0;
    QVERIFY(m_server->registerHandler(QStringLiteral("calls.end"),
                                      [&ended](const QJsonObject&, const CallerIdentity&, ControlResponder responder) {
                                          ++ended;
                                          responder.result(QJsonObject{{QStringLiteral("ended"), true}});
                                      }));
    LineClient client(m_server->settings().socketPath);
    QVERIFY(client.waitConnected());
    client.sendLine(R"({"jsonrpc":"2.0","method":"calls.end","params":{"callId":"c1"}})");
    // An unknown method as a notification is not answered either.
    client.sendLine(R"({"jsonrpc":"2.0","method":"calls.nothing"})");
    const QJsonObject response = client.call(QStringLiteral("after"), QStringLiteral("system.hello"));
    QCOMPARE(response.value(QStringLiteral("id")).toString(), QStringLiteral("after"));
    QCOMPARE(ended, 1);
    QVERIFY(client.receivesNothingFor(50));
}

void TestControlServer::overlongLineIsAnsweredAndSkipped()
{
    ControlServerSettings settings = controlSettings(*m_dir);
    settings.maxLineBytes = 1024;
    QVERIFY(start(settings));
    LineClient client(settings.socketPath);
    QVERIFY(client.waitConnected());
    // Sent in pieces, with a valid request right behind it in the same write.
    const QByteArray longLine =
        R"({"jsonrpc":"2.0","id":1,"method":"system.hello","params":{"client":")" + QByteArray(5000, 'x') + R"("}})";
    for (qsizetype offset = 0; offset < longLine.size(); offset += 700) {
        client.socket().write(longLine.mid(offset, 700));
        QTest::qWait(1);
    }
    client.socket().write("\n{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"system.hello\"}\n");
    const QJsonObject tooLarge = client.next();
    QCOMPARE(errorCode(tooLarge), -32600);
    QVERIFY(tooLarge.value(QStringLiteral("id")).isNull());
    QCOMPARE(errorMessage(tooLarge), QStringLiteral("request too large (%1 bytes, limit 1024)").arg(longLine.size()));
    QCOMPARE(client.next().value(QStringLiteral("id")).toInt(), 2);
}

void TestControlServer::randomRequestsLeaveTheServerServing()
{
    ControlServerSettings settings = controlSettings(*m_dir);
    settings.maxLineBytes = 4096;
    QVERIFY(start(settings));
    registerEcho();
    LineClient fuzzer(settings.socketPath);
    QVERIFY(fuzzer.waitConnected());

    QRandomGenerator random(20240501);
    const QList<QByteArray> fragments{"{",
                                      "}",
                                      "[",
                                      "]",
                                      "\"jsonrpc\"",
                                      ":",
                                      "\"2.0\"",
                                      ",",
                                      "\"id\"",
                                      "\"method\"",
                                      "\"params\"",
                                      "null",
                                      "\"calls.list\"",
                                      "\"system.hello\"",
                                      "{\"limit\":",
                                      "1e999",
                                      "-0",
                                      "\"\\u0000\"",
                                      "true",
                                      "\xff",
                                      "\r"};
    for (int i = 0; i < 1000; ++i) {
        QByteArray line;
        switch (random.bounded(4)) {
        case 0: // Random bytes, newlines removed so that one request stays one line.
            for (int n = random.bounded(1, 200); n > 0; --n)
                line += char(random.bounded(1, 256));
            line.replace('\n', ' ');
            break;
        case 1: // Random JSON-ish fragments.
            for (int n = random.bounded(1, 30); n > 0; --n)
                line += fragments.at(random.bounded(fragments.size()));
            break;
        case 2: // A valid request cut short.
            line = QByteArray(R"({"jsonrpc":"2.0","id":)") + QByteArray::number(i) +
                   R"(,"method":"calls.list","params":{"limit":5}})";
            line.truncate(random.bounded(1, line.size()));
            break;
        default: // Over the limit.
            line = QByteArray(random.bounded(4097, 9000), 'a');
            break;
        }
        fuzzer.sendLine(line);
    }
    fuzzer.request(QStringLiteral("final"), QStringLiteral("calls.list"),
                   {{QStringLiteral("caller"), QStringLiteral("x")}});
    QJsonObject last;
    int answers = 0;
    while (last.value(QStringLiteral("id")).toString() != QStringLiteral("final")) {
        last = fuzzer.next(10000);
        QVERIFY2(!last.isEmpty(), "the server stopped answering");
        ++answers;
    }
    QCOMPARE(resultOf(last).value(QStringLiteral("caller")).toString(), QStringLiteral("x"));
    QVERIFY2(answers > 900, qPrintable(QString::number(answers)));

    LineClient other(settings.socketPath);
    QVERIFY(other.waitConnected());
    QVERIFY(other.call(1, QStringLiteral("system.hello")).contains(QStringLiteral("result")));
    QCOMPARE(m_server->clientCount(), 2);
}

void TestControlServer::handlerGetsCallerAndCheckedParams()
{
    QVERIFY(start(controlSettings(*m_dir)));
    CallerIdentity seen;
    QJsonObject seenParams;
    QVERIFY(m_server->registerHandler(
        QStringLiteral("audit.list"),
        [&](const QJsonObject& params, const CallerIdentity& caller, ControlResponder responder) {
            seen = caller;
            seenParams = params;
            responder.result(QJsonObject{{QStringLiteral("entries"), QJsonArray{}}});
        }));
    LineClient client(m_server->settings().socketPath);
    QVERIFY(client.waitConnected());
    const QJsonObject response =
        client.call(1, QStringLiteral("audit.list"), {{QStringLiteral("user"), QStringLiteral("alice")}});
    QVERIFY(resultOf(response).value(QStringLiteral("entries")).isArray());
    QCOMPARE(seen.uid, ::geteuid());
    QCOMPARE(seen.pid, ::getpid());
    QCOMPARE(seen.userName, AccountLookup::userName(::geteuid()));
    QCOMPARE(seenParams,
             QJsonObject({{QStringLiteral("user"), QStringLiteral("alice")}, {QStringLiteral("limit"), 100}}));
}

void TestControlServer::asynchronousAnswersMatchTheirIds()
{
    QVERIFY(start(controlSettings(*m_dir)));
    QVERIFY(m_server->registerHandler(
        QStringLiteral("calls.get"), [](const QJsonObject& params, const CallerIdentity&, ControlResponder responder) {
            const QString callId = params.value(QStringLiteral("callId")).toString();
            // "slow" answers after "fast", although asked first.
            QTimer::singleShot(callId == QStringLiteral("slow") ? 150 : 10, [responder, callId]() {
                responder.result(QJsonObject{{QStringLiteral("callId"), callId}});
            });
        }));
    LineClient client(m_server->settings().socketPath);
    QVERIFY(client.waitConnected());
    client.request(1, QStringLiteral("calls.get"), {{QStringLiteral("callId"), QStringLiteral("slow")}});
    client.request(2, QStringLiteral("calls.get"), {{QStringLiteral("callId"), QStringLiteral("fast")}});
    const QJsonObject first = client.next();
    const QJsonObject second = client.next();
    QCOMPARE(first.value(QStringLiteral("id")).toInt(), 2);
    QCOMPARE(resultOf(first).value(QStringLiteral("callId")).toString(), QStringLiteral("fast"));
    QCOMPARE(second.value(QStringLiteral("id")).toInt(), 1);
    QCOMPARE(resultOf(second).value(QStringLiteral("callId")).toString(), QStringLiteral("slow"));
}

void TestControlServer::answerFromAnotherThread()
{
    QVERIFY(start(controlSettings(*m_dir)));
    std::thread worker;
    QVERIFY(m_server->registerHandler(QStringLiteral("stats.get"),
                                      [&worker](const QJsonObject&, const CallerIdentity&, ControlResponder responder) {
                                          // As a handler that asks the SIP thread does.
                                          worker = std::thread([responder]() {
                                              responder.result(QJsonObject{{QStringLiteral("activeCalls"), 3}});
                                              responder.result(QJsonObject{{QStringLiteral("activeCalls"), 4}});
                                          });
                                      }));
    LineClient client(m_server->settings().socketPath);
    QVERIFY(client.waitConnected());
    const QJsonObject response = client.call(5, QStringLiteral("stats.get"));
    worker.join();
    QCOMPARE(resultOf(response).value(QStringLiteral("activeCalls")).toInt(), 3);
    QVERIFY2(client.receivesNothingFor(50), "a second answer was sent");
}

void TestControlServer::responderOutlivingItsSessionIsHarmless()
{
    QVERIFY(start(controlSettings(*m_dir)));
    QList<ControlResponder> kept;
    QVERIFY(m_server->registerHandler(
        QStringLiteral("calls.get"),
        [&kept](const QJsonObject&, const CallerIdentity&, ControlResponder responder) { kept.append(responder); }));
    {
        LineClient client(m_server->settings().socketPath);
        QVERIFY(client.waitConnected());
        client.request(1, QStringLiteral("calls.get"), {{QStringLiteral("callId"), QStringLiteral("x")}});
        QTRY_COMPARE(kept.size(), 1);
    }
    QTRY_COMPARE(m_server->clientCount(), 0);
    QTest::qWait(10); // Let the session's deferred deletion run.
    QVERIFY(!kept.first().isAnswered());
    kept.first().result(QJsonObject{});
    std::thread([responder = kept.first()]() {
        responder.error(ControlErrorCode::Failed, QStringLiteral("late"));
    }).join();
    QVERIFY(kept.first().isAnswered());
    kept.clear();
    QTest::qWait(10);
    QVERIFY(m_server->isListening());
}

void TestControlServer::droppedResponderAnswersInternalError()
{
    QVERIFY(start(controlSettings(*m_dir)));
    QVERIFY(m_server->registerHandler(QStringLiteral("calls.get"),
                                      [](const QJsonObject&, const CallerIdentity&, ControlResponder) {}));
    LineClient client(m_server->settings().socketPath);
    QVERIFY(client.waitConnected());
    const QJsonObject response =
        client.call(1, QStringLiteral("calls.get"), {{QStringLiteral("callId"), QStringLiteral("x")}});
    QCOMPARE(errorCode(response), -32603);
    QCOMPARE(errorMessage(response), QStringLiteral("calls.get: the daemon dropped the request without answering"));
}

void TestControlServer::handlerRegistration()
{
    ControlServer server(controlSettings(*m_dir));
    QStringList expected = ControlCatalogue::instance().methodNames();
    for (const QString& builtIn :
         {QStringLiteral("system.hello"), QStringLiteral("events.subscribe"), QStringLiteral("events.unsubscribe")})
        expected.removeOne(builtIn);
    QCOMPARE(server.methodsWithoutHandler(), expected);

    const ControlServer::Handler answer = [](const QJsonObject&, const CallerIdentity&, ControlResponder responder) {
        responder.result();
    };
    QString error;
    QVERIFY(!server.registerHandler(QStringLiteral("calls.lst"), answer, &error));
    QCOMPARE(error, QStringLiteral("'calls.lst' is not a method of the control catalogue"));
    QVERIFY(!server.registerHandler(QStringLiteral("system.hello"), answer, &error));
    QCOMPARE(error, QStringLiteral("system.hello is built into the control server"));
    QVERIFY(!server.registerHandler(QStringLiteral("calls.list"), ControlServer::Handler(), &error));
    for (const QString& method : expected)
        QVERIFY(server.registerHandler(method, answer));
    QVERIFY(server.methodsWithoutHandler().isEmpty());
}

void TestControlServer::countersCountCallsAndErrors()
{
    QVERIFY(start(controlSettings(*m_dir)));
    registerEcho();
    LineClient client(m_server->settings().socketPath);
    QVERIFY(client.waitConnected());
    client.call(1, QStringLiteral("calls.list"));
    client.call(2, QStringLiteral("calls.list"), {{QStringLiteral("limit"), 0}});
    client.call(3, QStringLiteral("stats.get"));
    client.sendLine("garbage");
    client.next();
    QCOMPARE(m_server->counters(QStringLiteral("calls.list")).calls, 2u);
    QCOMPARE(m_server->counters(QStringLiteral("calls.list")).errors, 1u);
    QCOMPARE(m_server->counters(QStringLiteral("stats.get")).errors, 1u);
    const QList<ControlClientInfo> clients = m_server->clients();
    QCOMPARE(clients.size(), 1);
    QCOMPARE(clients.first().requests, 4u);
    QCOMPARE(clients.first().errors, 3u);
    QCOMPARE(clients.first().caller.pid, ::getpid());
}

void TestControlServer::manyClientsAtOnce()
{
    QVERIFY(start(controlSettings(*m_dir)));
    registerEcho();
    std::vector<std::unique_ptr<LineClient>> clients;
    for (int i = 0; i < 50; ++i)
        clients.push_back(std::make_unique<LineClient>(m_server->settings().socketPath));
    for (auto& client : clients)
        QVERIFY(client->waitConnected());
    for (int i = 0; i < 50; ++i)
        clients[std::size_t(i)]->request(i, QStringLiteral("calls.list"),
                                         {{QStringLiteral("caller"), QString::number(i)}});
    for (int i = 0; i < 50; ++i) {
        const QJsonObject response = clients[std::size_t(i)]->next();
        QCOMPARE(response.value(QStringLiteral("id")).toInt(), i);
        QCOMPARE(resultOf(response).value(QStringLiteral("caller")).toString(), QString::number(i));
    }
    QCOMPARE(m_server->clientCount(), 50);
}

void TestControlServer::clientLimitIsEnforced()
{
    ControlServerSettings settings = controlSettings(*m_dir);
    settings.maxClients = 3;
    QVERIFY(start(settings));
    std::vector<std::unique_ptr<LineClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(std::make_unique<LineClient>(settings.socketPath));
        QVERIFY(clients.back()->waitConnected());
    }
    QTRY_COMPARE(m_server->clientCount(), 3);
    LineClient extra(settings.socketPath);
    const QJsonObject refusal = extra.next();
    QCOMPARE(errorCode(refusal), -32005);
    QCOMPARE(errorMessage(refusal), QStringLiteral("too many control clients (limit 3); try again later"));
    QVERIFY(extra.waitDisconnected());
    // A slot freed is a slot available.
    clients.pop_back();
    QTRY_COMPARE(m_server->clientCount(), 2);
    LineClient late(settings.socketPath);
    QVERIFY(late.waitConnected());
    QVERIFY(late.call(1, QStringLiteral("system.hello")).contains(QStringLiteral("result")));
}

QTEST_GUILESS_MAIN(TestControlServer)
#include "TestControlServer.moc"
