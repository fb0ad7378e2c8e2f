#include "ctl/CallLadder.h"
#include "ctl/DisplayFormat.h"
#include "ctl/EventLineFormatter.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace tollgate;

class TestDisplayFormat : public QObject
{
    Q_OBJECT

private slots:
    void durations_data();
    void durations();
    void times();
    void cells();
    void ladderLabels();
    void ladder();
    void eventLines();
};

void TestDisplayFormat::durations_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");
    QTest::newRow("negative") << qint64(-5) << QStringLiteral("0s");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0s");
    QTest::newRow("seconds") << qint64(45) << QStringLiteral("45s");
    QTest::newRow("minutes") << qint64(185) << QStringLiteral("3m 05s");
    QTest::newRow("hours") << qint64(7385) << QStringLiteral("2h 03m 05s");
    QTest::newRow("days") << qint64(3 * 86400 + 4 * 3600 + 5 * 60 + 6) << QStringLiteral("3d 04h 05m");
}

void TestDisplayFormat::durations()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(DisplayFormat::duration(seconds), text);
}

void TestDisplayFormat::times()
{
    const QTimeZone utc = QTimeZone::utc();
    const QTimeZone plusTwo(2 * 3600);
    QCOMPARE(DisplayFormat::time(QStringLiteral("2024-05-01T12:03:04.120Z"), utc),
             QStringLiteral("2024-05-01 12:03:04"));
    QCOMPARE(DisplayFormat::time(QStringLiteral("2024-05-01T23:03:04Z"), plusTwo),
             QStringLiteral("2024-05-02 01:03:04"));
    QCOMPARE(DisplayFormat::timeOfDay(QStringLiteral("2024-05-01T12:03:04.120Z"), utc), QStringLiteral("12:03:04.120"));
    QCOMPARE(DisplayFormat::time(QString(), utc), QStringLiteral("-"));
    QCOMPARE(DisplayFormat::time(QStringLiteral("yesterday"), utc), QStringLiteral("yesterday"));
}

void TestDisplayFormat::cells()
{
    QCOMPARE(DisplayFormat::cell(QJsonValue()), QStringLiteral("-"));
    QCOMPARE(DisplayFormat::cell(QJsonValue(QJsonValue::Undefined)), QStringLiteral("-"));
    QCOMPARE(DisplayFormat::cell(QStringLiteral("")), QStringLiteral("-"));
    QCOMPARE(DisplayFormat::cell(QStringLiteral("acme")), QStringLiteral("acme"));
    QCOMPARE(DisplayFormat::cell(42), QStringLiteral("42"));
    QCOMPARE(DisplayFormat::cell(2.5), QStringLiteral("2.50"));
    QCOMPARE(DisplayFormat::cell(true), QStringLiteral("yes"));
    QCOMPARE(DisplayFormat::cell(QJsonArray{QStringLiteral("a"), 1}), QStringLiteral("a, 1"));
    QCOMPARE(DisplayFormat::cell(QJsonObject{{QStringLiteral("k"), 1}}), QStringLiteral("{\"k\":1}"));
}

void TestDisplayFormat::ladderLabels()
{
    QCOMPARE(CallLadder::label(QStringLiteral("INVITE sip:2000@192.0.2.1 SIP/2.0")), QStringLiteral("INVITE"));
    QCOMPARE(CallLadder::label(QStringLiteral("SIP/2.0 180 Ringing")), QStringLiteral("180 Ringing"));
    QCOMPARE(CallLadder::label(QStringLiteral("SIP/2.0 487 Request Terminated")),
             QStringLiteral("487 Request Terminated"));
    QCOMPARE(CallLadder::label(QStringLiteral("SIP/2.0 500 A reason phrase far longer than any column should be")),
             QStringLiteral("500 A reason phrase far lon\u2026"));
}

void TestDisplayFormat::ladder()
{
    const auto message = [](const char* time, const char* from, const char* to, const char* firstLine) {
        return QJsonObject{{QStringLiteral("time"), QString::fromLatin1(time)},
                           {QStringLiteral("from"), QString::fromLatin1(from)},
                           {QStringLiteral("to"), QString::fromLatin1(to)},
                           {QStringLiteral("firstLine"), QString::fromLatin1(firstLine)}};
    };
    const QJsonArray messages{
        message("2024-05-01T12:00:00.000Z", "203.0.113.7:5060", "192.0.2.1:5060", "INVITE sip:2000@x SIP/2.0"),
        message("2024-05-01T12:00:00.010Z", "192.0.2.1:5060", "192.0.2.10:5060", "INVITE sip:2000@y SIP/2.0"),
        message("2024-05-01T12:00:00.300Z", "192.0.2.10:5060", "192.0.2.1:5060", "SIP/2.0 200 OK"),
        message("2024-05-01T12:00:00.310Z", "192.0.2.1:5060", "203.0.113.7:5060", "SIP/2.0 200 OK"),
    };
    const QString expected = QStringLiteral("                203.0.113.7:5060   192.0.2.1:5060    192.0.2.10:5060\n"
                                            "12:00:00.000            |-- INVITE ------>|                 |\n"
                                            "12:00:00.010            |                 |-- INVITE ------>|\n"
                                            "12:00:00.300            |                 |<- 200 OK -------|\n"
                                            "12:00:00.310            |<- 200 OK -------|                 |\n");
    QCOMPARE(CallLadder::render(messages, QTimeZone::utc()), expected);
    QVERIFY(CallLadder::render(QJsonArray{}, QTimeZone::utc()).isEmpty());
}

void TestDisplayFormat::eventLines()
{
    const QDateTime at(QDate(2024, 5, 1), QTime(14, 3, 4, 120), QTimeZone::utc());
    const QJsonObject call{{QStringLiteral("callId"), QStringLiteral("abc@pc33")},
                           {QStringLiteral("state"), QStringLiteral("ringing")},
                           {QStringLiteral("caller"), QStringLiteral("alice")},
                           {QStringLiteral("callee"), QStringLiteral("2000")},
                           {QStringLiteral("carrier"), QStringLiteral("acme")},
                           {QStringLiteral("destination"), QStringLiteral("sip:192.0.2.10")}};
    QCOMPARE(EventLineFormatter::line(QStringLiteral("call.updated"), {{QStringLiteral("call"), call}}, at),
             QStringLiteral("14:03:04.120  call.updated  abc@pc33  ringing  alice -> 2000  acme -> sip:192.0.2.10"));
    QCOMPARE(
        EventLineFormatter::line(QStringLiteral("events.lost"),
                                 {{QStringLiteral("topic"), QStringLiteral("calls")}, {QStringLiteral("count"), 12}},
                                 at),
        QStringLiteral("14:03:04.120  events.lost  12 events of topic calls were dropped: this client fell behind"));
    QCOMPARE(EventLineFormatter::line(QStringLiteral("future.thing"), {{QStringLiteral("x"), 1}}, at),
             QStringLiteral("14:03:04.120  future.thing  {\"x\":1}"));
}

QTEST_GUILESS_MAIN(TestDisplayFormat)
#include "TestDisplayFormat.moc"
