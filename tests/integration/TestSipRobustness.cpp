// Bad SIP against the real tollgated: the RFC 4475 and RFC 5118 torture messages and our own set
// of malformed requests, over UDP and TCP. Each gets the right response or is dropped (and
// counted by the transaction layer); afterwards the daemon still serves SIP and stops cleanly.
// The messages' top Via is pointed at the test's socket so that every answer stays on loopback
// and nothing names a host to look up (docs/conformance.md).
#include "FreePort.h"
#include "PipelineFixture.h"
#include "RawSipClient.h"
#include "TestPaths.h"
#include "Tollgatectl.h"

#include <QDir>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QUdpSocket>

using namespace tollgate::test;

namespace {

/// What a message must get: a final response with one of `codes`, "processed" (a final response
/// from the routing, i.e. anything but a parser rejection), or nothing at all (dropped).
struct Expectation
{
    enum class Kind
    {
        Codes,
        Processed,
        Dropped,
    };
    Kind kind = Kind::Dropped;
    QList<int> codes;
};

Expectation codes(QList<int> values)
{
    return {Expectation::Kind::Codes, std::move(values)};
}
const Expectation Processed{Expectation::Kind::Processed, {}};
const Expectation Dropped{Expectation::Kind::Dropped, {}};

/// The top Via of `message`, pointed at 127.0.0.1:`port` (transport and parameters kept; TLS and
/// SCTP become TCP, which is what the test sends them over). *transport gets "udp" or "tcp".
QByteArray pointViaAt(const QByteArray& message, int port, QString* transport)
{
    static const QRegularExpression via(
        QStringLiteral(R"(^((?:Via|v)\s*:\s*SIP\s*/\s*[0-9.]+\s*/\s*)([A-Za-z]+)(\s+)([^;,\s]+)(.*)$)"),
        QRegularExpression::CaseInsensitiveOption);
    const qsizetype end = message.indexOf("\r\n\r\n");
    QList<QByteArray> lines = message.left(end < 0 ? message.size() : end).split('\n');
    *transport = QStringLiteral("udp");
    for (QByteArray& line : lines) {
        if (!line.startsWith("Via") && !line.startsWith("v:") && !line.startsWith("v :") && !line.startsWith("V:"))
            continue;
        // Only the first Via line; a folded one (RFC 4475 wsinv) is left as it is.
        const QString text = QString::fromLatin1(line.endsWith('\r') ? line.chopped(1) : line);
        const QRegularExpressionMatch match = via.match(text);
        if (match.hasMatch()) {
            QString protocol = match.captured(2).toUpper();
            if (protocol == u"TLS" || protocol == u"TCP" || protocol == u"SCTP") {
                protocol = QStringLiteral("TCP");
                *transport = QStringLiteral("tcp");
            }
            line = (match.captured(1) + protocol + match.captured(3) + QStringLiteral("127.0.0.1:%1").arg(port) +
                    match.captured(5))
                       .toLatin1() +
                   (line.endsWith('\r') ? "\r" : "");
        }
        break;
    }
    return lines.join('\n') + (end < 0 ? QByteArray() : message.mid(end));
}

/// Status codes of every response in `bytes`, in order.
QList<int> statusCodes(const QByteArray& bytes)
{
    QList<int> found;
    static const QRegularExpression status(QStringLiteral(R"(SIP/2\.0 ([0-9]{3}) )"));
    for (auto match = status.globalMatch(QString::fromLatin1(bytes)); match.hasNext();)
        found << match.next().captured(1).toInt();
    return found;
}

/// Sends `message` over `transport` and collects what comes back until a final response or
/// `timeoutMs`. *closed tells whether a TCP connection was closed by the daemon.
QByteArray exchange(const QByteArray& original, int sipPort, bool rewriteVia, const QString& forcedTransport,
                    bool* closed, int timeoutMs = 1500)
{
    *closed = false;
    QString transport = forcedTransport.isEmpty() ? QStringLiteral("udp") : forcedTransport;
    QByteArray received;
    QElapsedTimer timer;
    const auto finished = [&] {
        const QList<int> codes = statusCodes(received);
        return !codes.isEmpty() && codes.last() >= 200;
    };
    QUdpSocket udp;
    udp.bind(QHostAddress::LocalHost, 0);
    QString viaTransport;
    QByteArray message = rewriteVia ? pointViaAt(original, udp.localPort(), &viaTransport) : original;
    if (forcedTransport.isEmpty() && viaTransport == u"tcp")
        transport = viaTransport;
    if (transport == u"udp") {
        udp.writeDatagram(message, QHostAddress::LocalHost, quint16(sipPort));
        timer.start();
        while (!finished() && timer.elapsed() < timeoutMs) {
            if (udp.waitForReadyRead(50)) {
                while (udp.hasPendingDatagrams()) {
                    QByteArray datagram(int(udp.pendingDatagramSize()), '\0');
                    udp.readDatagram(datagram.data(), datagram.size());
                    received += datagram;
                }
            }
        }
        return received;
    }
    QTcpSocket tcp;
    tcp.bind(QHostAddress::LocalHost, 0);
    if (rewriteVia)
        message = pointViaAt(original, tcp.localPort(), &viaTransport);
    tcp.connectToHost(QHostAddress::LocalHost, quint16(sipPort));
    if (!tcp.waitForConnected(2000))
        return {};
    tcp.write(message);
    timer.start();
    while (!finished() && timer.elapsed() < timeoutMs) {
        if (tcp.state() != QAbstractSocket::ConnectedState) {
            *closed = true;
            break;
        }
        if (tcp.waitForReadyRead(50))
            received += tcp.readAll();
    }
    // After a final answer, give the daemon a moment to close the connection if it means to.
    if (!*closed && finished())
        tcp.waitForDisconnected(500);
    received += tcp.readAll();
    if (tcp.state() != QAbstractSocket::ConnectedState)
        *closed = true;
    return received;
}

void check(const QByteArray& received, const Expectation& expected)
{
    const QList<int> codes = statusCodes(received);
    const int final = codes.isEmpty() || codes.last() < 200 ? 0 : codes.last();
    switch (expected.kind) {
    case Expectation::Kind::Dropped:
        QVERIFY2(final == 0, received.constData());
        break;
    case Expectation::Kind::Processed:
        QVERIFY2(final >= 200 && final != 400 && final != 505 && final != 416, received.constData());
        break;
    case Expectation::Kind::Codes:
        QVERIFY2(expected.codes.contains(final), received.constData());
        break;
    }
}

qint64 counter(const QString& socket, const QString& name)
{
    const CtlResult stats = runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("stats"), QStringLiteral("show")});
    return qint64(stats.json().object().value(QStringLiteral("counters")).toObject().value(name).toDouble(-1));
}

} // namespace

Q_DECLARE_METATYPE(Expectation)

class TestSipRobustness : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void rfc4475_data();
    void rfc4475();
    void rfc5118_data();
    void rfc5118();
    void malformedRequests_data();
    void malformedRequests();
    void brokenTcpFramingClosesTheConnection_data();
    void brokenTcpFramingClosesTheConnection();
    void streamCutShortIsNotRelayed();
    void stillServingAndCounting();

private:
    PipelineFixture m_fixture;
};

void TestSipRobustness::initTestCase()
{
    // No destination answers in this test: relayed requests get 503 No Destination Available.
    QVERIFY2(m_fixture.start({{QStringLiteral("PROBE_ENABLED"), QStringLiteral("false")}}), qPrintable(m_fixture.daemon().log()));
}

void TestSipRobustness::cleanupTestCase()
{
    QVERIFY2(m_fixture.daemon().stop(), qPrintable(m_fixture.daemon().log().right(3000)));
    // Nothing was looked up: every answer went to an address, never to a name.
    QVERIFY2(!m_fixture.daemon().log().contains(QStringLiteral("getaddrinfo")), qPrintable(m_fixture.daemon().log()));
}

void TestSipRobustness::rfc4475_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Expectation>("expected");
    // Expectations from tests/data/conformance/EXPECTED.md; deviations are in docs/conformance.md.
    const QList<std::pair<const char*, Expectation>> rows{
        {"wsinv.dat", Processed},       {"intmeth.dat", Dropped},       {"esc01.dat", Processed},
        {"escnull.dat", Processed},     {"esc02.dat", Processed},       {"lwsdisp.dat", Processed},
        {"longreq.dat", Processed},     {"dblreq.dat", Processed},      {"semiuri.dat", Processed},
        {"transports.dat", Processed},  {"mpart01.dat", Processed},     {"unreason.dat", Dropped},
        {"noreason.dat", Dropped},      {"badinv01.dat", Dropped},      {"clerr.dat", codes({400})},
        {"ncl.dat", codes({400})},      {"scalar02.dat", codes({400})}, {"scalarlg.dat", Dropped},
        {"quotbal.dat", codes({400})},  {"ltgtruri.dat", codes({400})}, {"lwsruri.dat", Dropped},
        {"lwsstart.dat", Processed},    {"trws.dat", Processed},        {"escruri.dat", codes({400})},
        {"baddate.dat", Processed},     {"regbadct.dat", codes({400})}, {"badaspec.dat", Processed},
        {"baddn.dat", codes({400})},    {"badvers.dat", codes({505})},  {"mismatch01.dat", codes({400})},
        {"mismatch02.dat", codes({400, 501})}, {"bigcode.dat", Dropped}, {"badbranch.dat", Processed},
        {"insuf.dat", codes({400})},    {"unkscm.dat", codes({416})},   {"novelsc.dat", codes({404, 416})},
        {"unksm2.dat", Processed},      {"bext01.dat", codes({420})},   {"invut.dat", Processed},
        {"regaut01.dat", Processed},    {"multi01.dat", codes({400})},  {"mcl01.dat", codes({400})},
        {"bcast.dat", Dropped},         {"zeromf.dat", codes({483})},   {"cparam01.dat", Processed},
        {"cparam02.dat", Processed},    {"regescrt.dat", Processed},    {"sdp01.dat", Processed},
        {"inv2543.dat", Processed},     {"test.dat", Dropped},
    };
    QCOMPARE(rows.size(), 50);
    for (const auto& [file, expected] : rows)
        QTest::newRow(file) << QString::fromLatin1(file) << expected;
}

void TestSipRobustness::rfc4475()
{
    QFETCH(QString, file);
    QFETCH(Expectation, expected);
    bool closed = false;
    const QByteArray received = exchange(readFile(dataPath(QStringLiteral("conformance/rfc4475/") + file)),
                                         m_fixture.daemon().sipPort(), true, {}, &closed);
    check(received, expected);
    if (file == u"bext01.dat") {
        // 420 lists the Proxy-Require option tags it does not support.
        QVERIFY2(received.contains("Unsupported: noProxiesSupportThis, norDoAnyProxiesSupportThis"),
                 received.constData());
    }
}

void TestSipRobustness::rfc5118_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<Expectation>("expected");
    for (const char* file : {"ipv6-good", "ipv4-mapped-ipv6", "port-ambiguous", "port-unambiguous",
                             "via-received-param-with-delim", "via-received-param-no-delim", "ipv6-in-sdp",
                             "mult-ip-in-header", "mult-ip-in-sdp", "ipv6-correct-abnf-2-colons",
                             "ipv6-bug-abnf-3-colons"})
        QTest::newRow(file) << QString::fromLatin1(file) << Processed;
    QTest::newRow("ipv6-bad") << QStringLiteral("ipv6-bad") << Dropped;
}

void TestSipRobustness::rfc5118()
{
    QFETCH(QString, file);
    QFETCH(Expectation, expected);
    bool closed = false;
    check(exchange(readFile(dataPath(QStringLiteral("conformance/rfc5118/") + file)), m_fixture.daemon().sipPort(), true,
                   {}, &closed),
          expected);
}

void TestSipRobustness::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QString>("transport");
    QTest::addColumn<Expectation>("expected");
    const QByteArray head = "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-bad-{n}\r\n"
                            "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:b@127.0.0.1>\r\n";
    const auto request = [&](const QByteArray& line, const QByteArray& headers, int n) {
        QByteArray text = line + "\r\n" + head + headers + "\r\n";
        return text.replace("{n}", QByteArray::number(n));
    };
    QTest::newRow("no Call-ID") << request("OPTIONS sip:b@127.0.0.1 SIP/2.0", "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n", 1)
                                << QStringLiteral("udp") << codes({400});
    QTest::newRow("CSeq not a number")
        << request("OPTIONS sip:b@127.0.0.1 SIP/2.0", "Call-ID: bad-2\r\nCSeq: abc OPTIONS\r\nContent-Length: 0\r\n", 2)
        << QStringLiteral("udp") << codes({400});
    QTest::newRow("body shorter than Content-Length")
        << request("MESSAGE sip:b@127.0.0.1 SIP/2.0", "Call-ID: bad-3\r\nCSeq: 1 MESSAGE\r\nContent-Length: 500\r\n", 3) + "short"
        << QStringLiteral("udp") << codes({400});
    QTest::newRow("unsupported SIP version")
        << request("OPTIONS sip:b@127.0.0.1 SIP/3.0", "Call-ID: bad-4\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n", 4)
        << QStringLiteral("udp") << codes({505});
    QTest::newRow("Proxy-Require")
        << request("INVITE sip:b@127.0.0.1 SIP/2.0",
                   "Call-ID: bad-5\r\nCSeq: 1 INVITE\r\nProxy-Require: frobnicate\r\nContent-Length: 0\r\n", 5)
        << QStringLiteral("udp") << codes({420});
    QTest::newRow("headers in the Request-URI")
        << request("INVITE sip:b@127.0.0.1?Route=%3Csip:evil.example%3E SIP/2.0",
                   "Call-ID: bad-6\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n", 6)
        << QStringLiteral("udp") << codes({400});
    QTest::newRow("unknown URI scheme")
        << request("INVITE foo:b@127.0.0.1 SIP/2.0", "Call-ID: bad-7\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n", 7)
        << QStringLiteral("udp") << codes({416});
    QTest::newRow("no Via") << QByteArray("OPTIONS sip:b@127.0.0.1 SIP/2.0\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\n"
                                          "Call-ID: bad-8\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n")
                            << QStringLiteral("udp") << Dropped;
    QTest::newRow("binary garbage (STUN-like)") << QByteArray("\x00\x01\x00\x00\x21\x12\xa4\x42garbage", 16)
                                                << QStringLiteral("udp") << Dropped;
    QTest::newRow("request line only") << QByteArray("INVITE sip:b@127.0.0.1 SIP/2.0\r\n\r\n") << QStringLiteral("udp")
                                       << Dropped;
    QTest::newRow("body over the size limit over TCP")
        << request("MESSAGE sip:b@127.0.0.1 SIP/2.0",
                   "Call-ID: bad-10\r\nCSeq: 1 MESSAGE\r\nContent-Length: 99999999\r\n", 10)
                   .replace("SIP/2.0/UDP", "SIP/2.0/TCP") + "the start of a body"
        << QStringLiteral("tcp") << codes({413});
    QTest::newRow("NUL in a header")
        << request("OPTIONS sip:b@127.0.0.1 SIP/2.0",
                   QByteArray("Call-ID: bad-9\r\nCSeq: 1 OPTIONS\r\nSubject: a\x00z\r\nContent-Length: 0\r\n", 59), 9)
        << QStringLiteral("udp") << codes({400});
}

void TestSipRobustness::malformedRequests()
{
    QFETCH(QByteArray, message);
    QFETCH(QString, transport);
    QFETCH(Expectation, expected);
    bool closed = false;
    check(exchange(message, m_fixture.daemon().sipPort(), true, transport, &closed), expected);
}

void TestSipRobustness::brokenTcpFramingClosesTheConnection_data()
{
    QTest::addColumn<QString>("file");
    QTest::newRow("negative Content-Length") << QStringLiteral("ncl.dat");
    QTest::newRow("two Content-Lengths") << QStringLiteral("mcl01.dat");
}

void TestSipRobustness::brokenTcpFramingClosesTheConnection()
{
    // Over a stream, a framing error leaves no way to find the next message: answer and close.
    QFETCH(QString, file);
    bool closed = false;
    QByteArray message = readFile(dataPath(QStringLiteral("conformance/rfc4475/") + file));
    message.replace("SIP/2.0/UDP", "SIP/2.0/TCP");
    const QByteArray received = exchange(message, m_fixture.daemon().sipPort(), true, QStringLiteral("tcp"), &closed, 3000);
    QCOMPARE(statusCodes(received).value(0), 400);
    QVERIFY2(closed, received.constData());
}

void TestSipRobustness::streamCutShortIsNotRelayed()
{
    // The body never comes and the caller hangs up: sofia-sip then hands the request over as if
    // it were complete (with part of a body it refuses it itself); it must not be relayed.
    const QString socket = m_fixture.daemon().controlSocket();
    const qint64 relayedBefore = counter(socket, QStringLiteral("requestsRelayed"));
    const qint64 malformedBefore = counter(socket, QStringLiteral("malformedDropped"));
    QTcpSocket tcp;
    tcp.connectToHost(QHostAddress::LocalHost, quint16(m_fixture.daemon().sipPort()));
    QVERIFY(tcp.waitForConnected(2000));
    tcp.write("MESSAGE sip:b@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bK-cut\r\n"
              "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:b@127.0.0.1>\r\nCall-ID: cut-short\r\nCSeq: 1 MESSAGE\r\n"
              "Content-Length: 500\r\n\r\n");
    tcp.waitForBytesWritten(1000);
    QTest::qWait(500);
    QCOMPARE(tcp.state(), QAbstractSocket::ConnectedState);
    tcp.close();
    QTRY_COMPARE_WITH_TIMEOUT(counter(socket, QStringLiteral("malformedDropped")), malformedBefore + 1, 5000);
    QCOMPARE(counter(socket, QStringLiteral("requestsRelayed")), relayedBefore);
}

void TestSipRobustness::stillServingAndCounting()
{
    RawSipClient client;
    client.sendUdp(client.fill("OPTIONS sip:{remote} SIP/2.0\nVia: SIP/2.0/UDP {local_ip}:{local_port};branch={branch}\n"
                               "Max-Forwards: 70\nFrom: <sip:probe@{local_ip}>;tag={tag}\nTo: <sip:{remote}>\n"
                               "Call-ID: {call_id}\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n",
                               m_fixture.proxy()),
                   QStringLiteral("127.0.0.1"), m_fixture.daemon().sipPort());
    QCOMPARE(RawSipClient::statusCode(client.receiveUdp(3000)), 503);
    // Everything dropped without an answer was counted by the transaction layer or the proxy.
    const QString socket = m_fixture.daemon().controlSocket();
    QVERIFY2(counter(socket, QStringLiteral("badMessages")) >= 10, qPrintable(QString::number(counter(socket, QStringLiteral("badMessages")))));
    // Responses that match no transaction: dropped by the transaction layer or by the proxy.
    QVERIFY(counter(socket, QStringLiteral("strayResponsesDropped")) + counter(socket, QStringLiteral("badResponses")) >= 4);
    QVERIFY(counter(socket, QStringLiteral("tooManyHops")) >= 1);

    // Not overloaded by the garbage, and its memory reported (the figures of the last check).
    const QJsonObject stats =
        runTollgatectl(socket, {QStringLiteral("--json"), QStringLiteral("stats"), QStringLiteral("show")}).json().object();
    QCOMPARE(stats.value(QStringLiteral("overloaded")).toBool(true), false);
    const QJsonObject memory = stats.value(QStringLiteral("memory")).toObject();
    QVERIFY2(memory.value(QStringLiteral("residentBytes")).toDouble() > 1024 * 1024, QJsonDocument(stats).toJson().constData());
    QVERIFY(memory.contains(QStringLiteral("heapInUseBytes")) && memory.contains(QStringLiteral("trims")));
}

QTEST_GUILESS_MAIN(TestSipRobustness)
#include "TestSipRobustness.moc"
