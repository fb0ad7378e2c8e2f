#include "protocol/JsonRpc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace tollgate;

class TestJsonRpc : public QObject
{
    Q_OBJECT

private slots:
    void validRequests_data();
    void validRequests();
    void invalidRequests_data();
    void invalidRequests();
    void encodersProduceOneCompactLine();
    void resultWithoutValueIsNull();
    void errorOmitsAbsentData();
    void clientParsesResponsesAndNotifications();
    void clientRejectsMalformedMessages_data();
    void clientRejectsMalformedMessages();
    void roundTripThroughTheClientParser();
};

void TestJsonRpc::validRequests_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QJsonValue>("id");
    QTest::addColumn<QJsonValue>("params");

    const QJsonValue none(QJsonValue::Undefined);
    QTest::newRow("integer id") << QByteArray(R"({"jsonrpc":"2.0","id":7,"method":"system.hello"})")
                                << QStringLiteral("system.hello") << QJsonValue(7) << none;
    QTest::newRow("string id, params")
        << QByteArray(R"({"jsonrpc":"2.0","id":"a-1","method":"calls.list","params":{"limit":5}})")
        << QStringLiteral("calls.list") << QJsonValue(QStringLiteral("a-1"))
        << QJsonValue(QJsonObject{{QStringLiteral("limit"), 5}});
    QTest::newRow("notification") << QByteArray(R"({"jsonrpc":"2.0","method":"calls.end","params":{"callId":"x"}})")
                                  << QStringLiteral("calls.end") << none
                                  << QJsonValue(QJsonObject{{QStringLiteral("callId"), QStringLiteral("x")}});
    QTest::newRow("by-position params pass the envelope")
        << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"m","params":[1]})") << QStringLiteral("m") << QJsonValue(1)
        << QJsonValue(QJsonArray{1});
    QTest::newRow("negative id, whitespace")
        << QByteArray(" { \"jsonrpc\" : \"2.0\", \"id\" : -3, \"method\" : \"x.y\" } ") << QStringLiteral("x.y")
        << QJsonValue(-3) << none;
}

void TestJsonRpc::validRequests()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, method);
    QFETCH(QJsonValue, id);
    QFETCH(QJsonValue, params);

    JsonRpcRequest request;
    JsonRpcError error;
    QJsonValue errorId;
    QVERIFY2(JsonRpc::parseRequest(line, &request, &error, &errorId), qPrintable(error.message));
    QCOMPARE(request.method, method);
    QCOMPARE(request.id, id);
    QCOMPARE(request.params, params);
    QCOMPARE(request.isNotification(), id.isUndefined());
}

void TestJsonRpc::invalidRequests_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("code");
    QTest::addColumn<QJsonValue>("errorId");
    QTest::addColumn<QString>("message");

    const int parse = int(ControlErrorCode::ParseError);
    const int invalid = int(ControlErrorCode::InvalidRequest);
    const QJsonValue null(QJsonValue::Null);
    QTest::newRow("garbage") << QByteArray("hello") << parse << null << QStringLiteral("invalid JSON at offset");
    QTest::newRow("truncated") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"x")") << parse << null
                               << QStringLiteral("invalid JSON");
    QTest::newRow("two values") << QByteArray("1,2") << parse << null << QStringLiteral("invalid JSON");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"\xff\xfe\"}") << parse
                                   << null << QStringLiteral("invalid JSON");
    QTest::newRow("batch") << QByteArray(R"([{"jsonrpc":"2.0","id":1,"method":"x"}])") << invalid << null
                           << QStringLiteral("batch requests are not supported");
    QTest::newRow("empty batch") << QByteArray("[]") << invalid << null << QStringLiteral("batch");
    QTest::newRow("scalar") << QByteArray("42") << invalid << null
                            << QStringLiteral("a request must be a JSON object, got an integer");
    QTest::newRow("string") << QByteArray("\"hi\"") << invalid << null << QStringLiteral("got a string");
    QTest::newRow("boolean id") << QByteArray(R"({"jsonrpc":"2.0","id":true,"method":"x"})") << invalid << null
                                << QStringLiteral("'id' must be a string or an integer, got a boolean");
    QTest::newRow("fractional id") << QByteArray(R"({"jsonrpc":"2.0","id":1.5,"method":"x"})") << invalid << null
                                   << QStringLiteral("got a fractional number");
    QTest::newRow("null id") << QByteArray(R"({"jsonrpc":"2.0","id":null,"method":"x"})") << invalid << null
                             << QStringLiteral("got null");
    QTest::newRow("object id") << QByteArray(R"({"jsonrpc":"2.0","id":{},"method":"x"})") << invalid << null
                               << QStringLiteral("got an object");
    QTest::newRow("missing jsonrpc, id echoed")
        << QByteArray(R"({"id":5,"method":"x"})") << invalid << QJsonValue(5) << QStringLiteral("missing 'jsonrpc'");
    QTest::newRow("wrong version") << QByteArray(R"({"jsonrpc":"1.0","id":"q","method":"x"})") << invalid
                                   << QJsonValue(QStringLiteral("q")) << QStringLiteral("'jsonrpc' must be \"2.0\"");
    QTest::newRow("numeric version") << QByteArray(R"({"jsonrpc":2.0,"id":1,"method":"x"})") << invalid << QJsonValue(1)
                                     << QStringLiteral("'jsonrpc' must be");
    QTest::newRow("missing method") << QByteArray(R"({"jsonrpc":"2.0","id":1})") << invalid << QJsonValue(1)
                                    << QStringLiteral("missing 'method'");
    QTest::newRow("numeric method") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":3})") << invalid << QJsonValue(1)
                                    << QStringLiteral("'method' must be a string, got an integer");
    QTest::newRow("empty method") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":""})") << invalid << QJsonValue(1)
                                  << QStringLiteral("'method' must not be empty");
    QTest::newRow("notification without method answers null")
        << QByteArray(R"({"jsonrpc":"2.0","method":1})") << invalid << null << QStringLiteral("'method' must be");
    QTest::newRow("string params") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"x","params":"a"})") << invalid
                                   << QJsonValue(1) << QStringLiteral("'params' must be an object, got a string");
    QTest::newRow("unknown member") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"x","param":{}})") << invalid
                                    << QJsonValue(1) << QStringLiteral("unknown member 'param'");
}

void TestJsonRpc::invalidRequests()
{
    QFETCH(QByteArray, line);
    QFETCH(int, code);
    QFETCH(QJsonValue, errorId);
    QFETCH(QString, message);

    JsonRpcRequest request;
    JsonRpcError error;
    QJsonValue id;
    QVERIFY(!JsonRpc::parseRequest(line, &request, &error, &id));
    QCOMPARE(error.code, code);
    QCOMPARE(id, errorId);
    QVERIFY2(error.message.contains(message), qPrintable(error.message));
}

void TestJsonRpc::encodersProduceOneCompactLine()
{
    const QByteArray request =
        JsonRpc::request(3, QStringLiteral("calls.get"), {{QStringLiteral("callId"), QStringLiteral("a\nb")}});
    QVERIFY(!request.contains('\n'));
    const QJsonObject parsed = QJsonDocument::fromJson(request).object();
    QCOMPARE(parsed.value(QStringLiteral("jsonrpc")).toString(), QStringLiteral("2.0"));
    QCOMPARE(parsed.value(QStringLiteral("id")).toInt(), 3);
    QCOMPARE(parsed.value(QStringLiteral("method")).toString(), QStringLiteral("calls.get"));
    QCOMPARE(parsed.value(QStringLiteral("params")).toObject().value(QStringLiteral("callId")).toString(),
             QStringLiteral("a\nb"));

    const QJsonObject withoutParams =
        QJsonDocument::fromJson(JsonRpc::request(4, QStringLiteral("stats.get"), {})).object();
    QVERIFY(!withoutParams.contains(QStringLiteral("params")));

    const QJsonObject notification =
        QJsonDocument::fromJson(JsonRpc::notification(QStringLiteral("call.ended"), {{QStringLiteral("x"), 1}}))
            .object();
    QVERIFY(!notification.contains(QStringLiteral("id")));
    QCOMPARE(notification.value(QStringLiteral("method")).toString(), QStringLiteral("call.ended"));
}

void TestJsonRpc::resultWithoutValueIsNull()
{
    const QJsonObject response =
        QJsonDocument::fromJson(JsonRpc::result(QStringLiteral("r"), QJsonValue(QJsonValue::Undefined))).object();
    QVERIFY(response.contains(QStringLiteral("result")));
    QVERIFY(response.value(QStringLiteral("result")).isNull());
    QCOMPARE(response.value(QStringLiteral("id")).toString(), QStringLiteral("r"));
}

void TestJsonRpc::errorOmitsAbsentData()
{
    const QJsonObject withoutData =
        QJsonDocument::fromJson(JsonRpc::error(QJsonValue(QJsonValue::Undefined),
                                               JsonRpcError(ControlErrorCode::NotFound, QStringLiteral("m"))))
            .object();
    QVERIFY(withoutData.value(QStringLiteral("id")).isNull());
    const QJsonObject error = withoutData.value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toInt(), -32002);
    QVERIFY(!error.contains(QStringLiteral("data")));

    const QJsonObject withData =
        QJsonDocument::fromJson(
            JsonRpc::error(9, JsonRpcError(ControlErrorCode::InvalidRuleset, QStringLiteral("bad"),
                                           QJsonObject{{QStringLiteral("diagnostics"), QJsonArray{}}})))
            .object();
    QVERIFY(withData.value(QStringLiteral("error")).toObject().value(QStringLiteral("data")).isObject());
}

void TestJsonRpc::clientParsesResponsesAndNotifications()
{
    JsonRpcMessage message;
    QString error;
    QVERIFY(JsonRpc::parseMessage(R"({"jsonrpc":"2.0","id":1,"result":{"a":1}})", &message, &error));
    QCOMPARE(message.kind, JsonRpcMessage::Kind::Result);
    QCOMPARE(message.id, QJsonValue(1));
    QCOMPARE(message.result.toObject().value(QStringLiteral("a")).toInt(), 1);

    QVERIFY(JsonRpc::parseMessage(
        R"({"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"no","data":{"user":"x"}}})", &message, &error));
    QCOMPARE(message.kind, JsonRpcMessage::Kind::Error);
    QVERIFY(message.id.isNull());
    QVERIFY(message.error.is(ControlErrorCode::PermissionDenied));
    QCOMPARE(message.error.data.toObject().value(QStringLiteral("user")).toString(), QStringLiteral("x"));

    QVERIFY(
        JsonRpc::parseMessage(R"({"jsonrpc":"2.0","method":"events.lost","params":{"count":3}})", &message, &error));
    QCOMPARE(message.kind, JsonRpcMessage::Kind::Notification);
    QCOMPARE(message.method, QStringLiteral("events.lost"));
    QCOMPARE(message.params.value(QStringLiteral("count")).toInt(), 3);
}

void TestJsonRpc::clientRejectsMalformedMessages_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("not json") << QByteArray("nope");
    QTest::newRow("array") << QByteArray("[1]");
    QTest::newRow("no version") << QByteArray(R"({"id":1,"result":1})");
    QTest::newRow("request from server") << QByteArray(R"({"jsonrpc":"2.0","id":1,"method":"x"})");
    QTest::newRow("result without id") << QByteArray(R"({"jsonrpc":"2.0","result":1})");
    QTest::newRow("error without code") << QByteArray(R"({"jsonrpc":"2.0","id":1,"error":{"message":"m"}})");
    QTest::newRow("neither") << QByteArray(R"({"jsonrpc":"2.0","id":1})");
    QTest::newRow("notification params array") << QByteArray(R"({"jsonrpc":"2.0","method":"x","params":[]})");
}

void TestJsonRpc::clientRejectsMalformedMessages()
{
    QFETCH(QByteArray, line);
    JsonRpcMessage message;
    QString error;
    QVERIFY(!JsonRpc::parseMessage(line, &message, &error));
    QVERIFY(!error.isEmpty());
}

void TestJsonRpc::roundTripThroughTheClientParser()
{
    JsonRpcMessage message;
    QString error;
    QVERIFY(JsonRpc::parseMessage(
        JsonRpc::error(QStringLiteral("k"), JsonRpcError(ControlErrorCode::Conflict, QStringLiteral("ambiguous"))),
        &message, &error));
    QCOMPARE(message.id, QJsonValue(QStringLiteral("k")));
    QCOMPARE(message.error.code, -32004);
    QCOMPARE(message.error.message, QStringLiteral("ambiguous"));
    QVERIFY(message.error.data.isUndefined());
}

QTEST_GUILESS_MAIN(TestJsonRpc)
#include "TestJsonRpc.moc"
