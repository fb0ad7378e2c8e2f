#include "ControlTestClients.h"
#include "control/ControlServer.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace tollgate;
using namespace tollgate::test;

namespace {

QJsonObject call(int index)
{
    // About 1 KiB per event, so that a few hundred fill a small queue.
    return {{QStringLiteral("call"), QJsonObject{{QStringLiteral("callId"), QStringLiteral("call-%1").arg(index)},
                                                 {QStringLiteral("padding"), QString(1000, QLatin1Char('p'))}}}};
}

/// The complete lines in `data`, parsed.
QList<QJsonObject> parseLines(const QByteArray& data)
{
    QList<QJsonObject> lines;
    for (const QByteArray& line : data.split('\n')) {
        if (!line.isEmpty())
            lines << QJsonDocument::fromJson(line).object();
    }
    return lines;
}

} // namespace

class TestControlServerEvents : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void subscribersReceiveWhatIsPublished();
    void unsubscribeStopsEvents();
    void publishRefusesUnknownNotifications();
    void stuckSubscriberDoesNotBlockOthersAndLearnsWhatItLost();
    void subscriberStuckForTooLongIsDisconnected();
    void eventLargerThanTheQueueIsReportedLost();
    void clientThatDoesNotReadItsAnswersIsThrottled();

private:
    bool start(const ControlServerSettings& settings);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ControlServer> m_server;
};

void TestControlServerEvents::initTestCase()
{
    // One debug line per request would drown the output of the flow-control tests.
    QLoggingCategory::setFilterRules(QStringLiteral("tollgate.control.debug=false"));
}

void TestControlServerEvents::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestControlServerEvents::cleanup()
{
    m_server.reset();
    m_dir.reset();
}

bool TestControlServerEvents::start(const ControlServerSettings& settings)
{
    m_server = std::make_unique<ControlServer>(settings);
    QString error;
    return m_server->listen(&error);
}

void TestControlServerEvents::subscribersReceiveWhatIsPublished()
{
    QVERIFY(start(controlSettings(*m_dir)));
    LineClient watcher(m_server->settings().socketPath);
    LineClient bystander(m_server->settings().socketPath);
    QVERIFY(watcher.waitConnected());
    QVERIFY(bystander.waitConnected());

    const QJsonObject subscribed =
        watcher.call(1, QStringLiteral("events.subscribe"),
                     {{QStringLiteral("topics"), QJsonArray{QStringLiteral("rules"), QStringLiteral("calls")}}});
    QCOMPARE(subscribed.value(QStringLiteral("result")).toObject().value(QStringLiteral("subscribed")).toArray(),
             QJsonArray({QStringLiteral("calls"), QStringLiteral("rules")}));

    QVERIFY(m_server->publish(QStringLiteral("calls"), QStringLiteral("call.created"), call(1)));
    QVERIFY(
        m_server->publish(QStringLiteral("stats"), QStringLiteral("stats.tick"), {{QStringLiteral("activeCalls"), 1}}));
    QVERIFY(m_server->publish(QStringLiteral("rules"), QStringLiteral("rules.applied"),
                              {{QStringLiteral("user"), QStringLiteral("alice")}}));

    const QJsonObject first = watcher.next();
    QVERIFY(!first.contains(QStringLiteral("id")));
    QCOMPARE(first.value(QStringLiteral("method")).toString(), QStringLiteral("call.created"));
    QCOMPARE(first.value(QStringLiteral("params")).toObject(), call(1));
    const QJsonObject second = watcher.next();
    QCOMPARE(second.value(QStringLiteral("method")).toString(), QStringLiteral("rules.applied"));
    QVERIFY2(watcher.receivesNothingFor(30), "an event of a topic not subscribed to arrived");
    // The bystander subscribed to nothing: its first line is the answer to its own request.
    QCOMPARE(bystander.call(QStringLiteral("b"), QStringLiteral("system.hello")).value(QStringLiteral("id")).toString(),
             QStringLiteral("b"));
    QCOMPARE(m_server->clients().first().eventsSent, 2u);
}

void TestControlServerEvents::unsubscribeStopsEvents()
{
    QVERIFY(start(controlSettings(*m_dir)));
    LineClient watcher(m_server->settings().socketPath);
    QVERIFY(watcher.waitConnected());
    watcher.call(1, QStringLiteral("events.subscribe"),
                 {{QStringLiteral("topics"), QJsonArray{QStringLiteral("calls"), QStringLiteral("audit")}}});
    const QJsonObject remaining = watcher.call(2, QStringLiteral("events.unsubscribe"),
                                               {{QStringLiteral("topics"), QJsonArray{QStringLiteral("calls")}}});
    QCOMPARE(remaining.value(QStringLiteral("result")).toObject().value(QStringLiteral("subscribed")).toArray(),
             QJsonArray{QStringLiteral("audit")});
    m_server->publish(QStringLiteral("calls"), QStringLiteral("call.ended"), call(2));
    m_server->publish(QStringLiteral("audit"), QStringLiteral("audit.added"),
                      {{QStringLiteral("entry"), QJsonObject{}}});
    QCOMPARE(watcher.next().value(QStringLiteral("method")).toString(), QStringLiteral("audit.added"));
    QVERIFY(watcher.receivesNothingFor(30));
}

void TestControlServerEvents::publishRefusesUnknownNotifications()
{
    QVERIFY(start(controlSettings(*m_dir)));
    QVERIFY(!m_server->publish(QStringLiteral("calls"), QStringLiteral("rules.applied"), {}));
    QVERIFY(!m_server->publish(QStringLiteral("nope"), QStringLiteral("call.created"), {}));
}

void TestControlServerEvents::stuckSubscriberDoesNotBlockOthersAndLearnsWhatItLost()
{
    ControlServerSettings settings = controlSettings(*m_dir);
    settings.maxQueuedBytes = 64 * 1024;
    settings.stuckClientTimeoutMs = 60'000;
    QVERIFY(start(settings));

    RawClient stuck(settings.socketPath);
    QVERIFY(stuck.isConnected());
    QVERIFY(stuck.sendLine(R"({"jsonrpc":"2.0","id":1,"method":"events.subscribe","params":{"topics":["calls"]}})"));
    QTRY_VERIFY(!m_server->clients().isEmpty() && !m_server->clients().first().topics.isEmpty());
    LineClient healthy(settings.socketPath);
    QVERIFY(healthy.waitConnected());
    healthy.call(1, QStringLiteral("events.subscribe"),
                 {{QStringLiteral("topics"), QJsonArray{QStringLiteral("calls")}}});

    const int published = 2000; // About 2 MB: far more than the kernel buffer plus the queue.
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < published; ++i) {
        QVERIFY(m_server->publish(QStringLiteral("calls"), QStringLiteral("call.updated"), call(i)));
        // Let the healthy client, which shares this thread, read as it goes: a client that stops
        // reading for longer than its queue lasts loses events too.
        if (i % 16 == 0)
            QTest::qWait(1);
    }
    // Publishing never waits for the stuck client.
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));

    // The healthy client got every event, in order, and is still served.
    for (int i = 0; i < published; ++i) {
        const QJsonObject event = healthy.next();
        QCOMPARE(event.value(QStringLiteral("params"))
                     .toObject()
                     .value(QStringLiteral("call"))
                     .toObject()
                     .value(QStringLiteral("callId"))
                     .toString(),
                 QStringLiteral("call-%1").arg(i));
    }
    QVERIFY(healthy.call(2, QStringLiteral("system.hello")).contains(QStringLiteral("result")));

    ControlClientInfo stuckInfo;
    for (const ControlClientInfo& info : m_server->clients()) {
        if (info.id == 1)
            stuckInfo = info;
    }
    QVERIFY(stuckInfo.eventsDropped > 0);
    QVERIFY(stuckInfo.queuedBytes <= settings.maxQueuedBytes + 2048);
    QCOMPARE(stuckInfo.eventsSent + stuckInfo.eventsDropped, quint64(published));

    // Once the client reads, it gets what was queued, then events.lost with the exact count.
    QByteArray received;
    QVERIFY(QTest::qWaitFor(
        [&]() {
            stuck.readAvailable(&received);
            return received.contains("\"events.lost\"");
        },
        10000));
    QTest::qWait(20);
    stuck.readAvailable(&received);
    int events = 0;
    qint64 lost = 0;
    for (const QJsonObject& line : parseLines(received)) {
        if (line.value(QStringLiteral("method")).toString() == QStringLiteral("call.updated"))
            ++events;
        if (line.value(QStringLiteral("method")).toString() == QStringLiteral("events.lost")) {
            QCOMPARE(line.value(QStringLiteral("params")).toObject().value(QStringLiteral("topic")).toString(),
                     QStringLiteral("calls"));
            lost += line.value(QStringLiteral("params")).toObject().value(QStringLiteral("count")).toInteger();
        }
    }
    QCOMPARE(quint64(lost), stuckInfo.eventsDropped);
    QCOMPARE(events + lost, qint64(published));

    // Caught up: new events flow again.
    m_server->publish(QStringLiteral("calls"), QStringLiteral("call.ended"), call(published));
    QVERIFY(QTest::qWaitFor(
        [&]() {
            stuck.readAvailable(&received);
            return received.contains("\"call.ended\"");
        },
        5000));
}

void TestControlServerEvents::subscriberStuckForTooLongIsDisconnected()
{
    ControlServerSettings settings = controlSettings(*m_dir);
    settings.maxQueuedBytes = 32 * 1024;
    settings.stuckClientTimeoutMs = 300;
    QVERIFY(start(settings));

    RawClient stuck(settings.socketPath);
    QVERIFY(stuck.sendLine(R"({"jsonrpc":"2.0","id":1,"method":"events.subscribe","params":{"topics":["calls"]}})"));
    QTRY_VERIFY(!m_server->clients().isEmpty() && !m_server->clients().first().topics.isEmpty());
    LineClient other(settings.socketPath);
    QVERIFY(other.waitConnected());
    QTRY_COMPARE(m_server->clientCount(), 2);

    // Published over time, as the daemon does, so that the kernel's buffer fills first: only
    // then does the server's own queue grow.
    for (int i = 0; i < 1000; ++i) {
        m_server->publish(QStringLiteral("calls"), QStringLiteral("call.updated"), call(i));
        if (i % 16 == 0)
            QTest::qWait(1);
    }
    QVERIFY(m_server->clients().first().eventsDropped > 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->clientCount(), 1, 5000);
    QCOMPARE(m_server->clients().first().id, 2u);
    QVERIFY(other.call(1, QStringLiteral("system.hello")).contains(QStringLiteral("result")));

    // The stuck client finds the connection closed once it reads what had reached it.
    QByteArray received;
    QVERIFY(QTest::qWaitFor([&]() { return !stuck.readAvailable(&received); }, 5000));
}

void TestControlServerEvents::eventLargerThanTheQueueIsReportedLost()
{
    ControlServerSettings settings = controlSettings(*m_dir);
    settings.maxQueuedBytes = 512;
    QVERIFY(start(settings));
    LineClient watcher(settings.socketPath);
    QVERIFY(watcher.waitConnected());
    watcher.call(1, QStringLiteral("events.subscribe"),
                 {{QStringLiteral("topics"), QJsonArray{QStringLiteral("calls")}}});
    m_server->publish(QStringLiteral("calls"), QStringLiteral("call.updated"), call(1)); // About 1 KiB.
    const QJsonObject lost = watcher.next();
    QCOMPARE(lost.value(QStringLiteral("method")).toString(), QStringLiteral("events.lost"));
    QCOMPARE(lost.value(QStringLiteral("params")).toObject().value(QStringLiteral("count")).toInt(), 1);
    m_server->publish(QStringLiteral("calls"), QStringLiteral("call.ended"), {{QStringLiteral("call"), QJsonObject{}}});
    QCOMPARE(watcher.next().value(QStringLiteral("method")).toString(), QStringLiteral("call.ended"));
    QCOMPARE(m_server->clientCount(), 1);
}

void TestControlServerEvents::clientThatDoesNotReadItsAnswersIsThrottled()
{
    ControlServerSettings settings = controlSettings(*m_dir);
    settings.maxQueuedBytes = 4096;
    QVERIFY(start(settings));
    RawClient greedy(settings.socketPath);
    QVERIFY(greedy.isConnected());
    LineClient other(settings.socketPath);
    QVERIFY(other.waitConnected());

    // Requests without reading any answer, as fast as the socket takes them.
    const int total = 30000;
    const QByteArray request =
        R"({"jsonrpc":"2.0","id":1,"method":"events.unsubscribe","params":{"topics":["calls"]}})";
    int sent = 0;
    bool pushedBack = false;
    int roundsWithoutProgress = 0;
    for (int round = 0; round < 5000 && sent < total && !pushedBack; ++round) {
        int sentThisRound = 0;
        while (sent < total && greedy.trySendLine(request)) {
            ++sent;
            ++sentThisRound;
        }
        // The server had the event loop and still took nothing: it stopped reading.
        roundsWithoutProgress = sentThisRound == 0 ? roundsWithoutProgress + 1 : 0;
        pushedBack = roundsWithoutProgress >= 5;
        QTest::qWait(2);
    }
    QVERIFY2(pushedBack, "the server kept reading requests whose answers nobody read");
    QTest::qWait(50);
    const ControlClientInfo info = m_server->clients().first();
    QVERIFY2(info.queuedBytes <= settings.maxQueuedBytes + 1024, qPrintable(QString::number(info.queuedBytes)));
    QVERIFY(info.requests < quint64(sent));
    QVERIFY(other.call(1, QStringLiteral("system.hello")).contains(QStringLiteral("result")));

    // Once it reads, every request is answered.
    QByteArray received;
    int answered = 0;
    QElapsedTimer elapsed;
    elapsed.start();
    while (answered < total && elapsed.elapsed() < 60000) {
        QCoreApplication::processEvents();
        while (sent < total && greedy.trySendLine(request))
            ++sent;
        greedy.readAvailable(&received);
        const qsizetype lastNewline = received.lastIndexOf('\n');
        if (lastNewline >= 0) {
            answered += int(received.left(lastNewline + 1).count("\"result\""));
            received.remove(0, lastNewline + 1);
        }
    }
    QCOMPARE(answered, total);
}

QTEST_GUILESS_MAIN(TestControlServerEvents)
#include "TestControlServerEvents.moc"
