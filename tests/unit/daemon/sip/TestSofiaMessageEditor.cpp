// SofiaMessageEditor: the in-place edits the proxy makes to a sofia-sip message before it
// forwards it, checked on the serialized text of messages parsed by ParsedSipMessage.
#include "sip/LocalAddresses.h"
#include "sip/ParsedSipMessage.h"
#include "sip/SofiaMessageEditor.h"

#include <QTest>

using namespace tollgate;
namespace Editor = tollgate::SofiaMessageEditor;

namespace {

QByteArray crlf(QByteArray text)
{
    return text.replace("\n", "\r\n");
}

/// An INVITE with an SDP body and the headers given (inserted after CSeq).
QByteArray invite(const QByteArray& extraHeaders = {})
{
    const QByteArray body = "v=0\r\n"
                            "o=- 1 1 IN IP4 198.51.100.7\r\n"
                            "s=-\r\n"
                            "c=IN IP4 198.51.100.7\r\n"
                            "t=0 0\r\n"
                            "m=audio 40000 RTP/AVP 0\r\n";
    return crlf("INVITE sip:bob@192.0.2.1:5060 SIP/2.0\n"
                "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-editor-1\n"
                "Max-Forwards: 70\n"
                "From: <sip:alice@198.51.100.7>;tag=a1\n"
                "To: <sip:bob@192.0.2.1>\n"
                "Call-ID: editor-1@198.51.100.7\n"
                "CSeq: 1 INVITE\n" +
                extraHeaders +
                "Contact: <sip:alice@198.51.100.7:5060>\n"
                "Content-Type: application/sdp\n"
                "Content-Length: " +
                QByteArray::number(body.size()) + "\n\n") +
           body;
}

/// An in-dialog BYE without a body, with the headers given (inserted after CSeq).
QByteArray bye(const QByteArray& extraHeaders = {})
{
    return crlf("BYE sip:bob@192.0.2.9:5060 SIP/2.0\n"
                "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-editor-2\n"
                "From: <sip:alice@198.51.100.7>;tag=a1\n"
                "To: <sip:bob@192.0.2.1>;tag=b1\n"
                "Call-ID: editor-2@198.51.100.7\n"
                "CSeq: 2 BYE\n" +
                extraHeaders + "Content-Length: 0\n\n");
}

std::unique_ptr<ParsedSipMessage> parse(const QByteArray& text)
{
    QString error;
    std::unique_ptr<ParsedSipMessage> message = ParsedSipMessage::parse(text, &error);
    if (!message)
        qWarning("does not parse: %s", qPrintable(error));
    return message;
}

QByteArray textOf(const ParsedSipMessage& message)
{
    return QByteArray::fromStdString(message.toText());
}

/// The header lines of a serialized message (up to the empty line), without line ends.
QList<QByteArray> headerLines(const QByteArray& text)
{
    QList<QByteArray> lines = text.left(text.indexOf("\r\n\r\n")).split('\n');
    for (QByteArray& line : lines)
        line = line.trimmed();
    return lines.mid(1);
}

QByteArray bodyOf(const QByteArray& text)
{
    return text.mid(text.indexOf("\r\n\r\n") + 4);
}

/// Values of every `name` header line, in order.
QList<QByteArray> values(const QByteArray& text, const QByteArray& name)
{
    QList<QByteArray> found;
    for (const QByteArray& line : headerLines(text)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            found << line.mid(colon + 1).trimmed();
    }
    return found;
}

LocalAddresses ourAddresses()
{
    LocalAddresses local;
    local.add({Transport::Udp, "192.0.2.1", 5060, false});
    local.add({Transport::Tcp, "192.0.2.1", 5060, false});
    local.add({Transport::Tls, "192.0.2.1", 5061, false});
    local.add({Transport::Udp, "[2001:db8::1]", 5060, true});
    return local;
}

} // namespace

class TestSofiaMessageEditor : public QObject
{
    Q_OBJECT

private slots:
    void toTextKeepsTheMessage();
    void maxForwardsDecrements_data();
    void maxForwardsDecrements();
    void maxForwardsAddedWhenMissing();
    void maxForwardsZeroIsTooManyHops();
    void popOwnRoutes_data();
    void popOwnRoutes();
    void popOwnRoutesReadsTheMappingCarrier_data();
    void popOwnRoutesReadsTheMappingCarrier();
    void addRecordRouteSingle();
    void addRecordRouteDouble();
    void addRecordRouteKeepsDownstreamEntries();
    void setRequestUri_data();
    void setRequestUri();
    void setRequestUriRefusesBadUris_data();
    void setRequestUriRefusesBadUris();
    void setRequestUriOnAResponse();
    void headerEditsAddBeforeTheBody();
    void headerEditsOnAMessageWithoutBody();
    void headerEditsRemove_data();
    void headerEditsRemove();
    void headerEditsInOrder();
    void addingASingleHeaderReplacesIt();
    void headerEditsThatFail_data();
    void headerEditsThatFail();
    void addHeaderToAResponse();
    void nextHopUri_data();
    void nextHopUri();
    void transportOfUri_data();
    void transportOfUri();
};

void TestSofiaMessageEditor::toTextKeepsTheMessage()
{
    for (const QByteArray& text : {invite(), bye(), invite("Route: <sip:192.0.2.1;lr>\n")}) {
        const auto message = parse(text);
        QVERIFY(message);
        QCOMPARE(textOf(*message), text);
    }
}

void TestSofiaMessageEditor::maxForwardsDecrements_data()
{
    QTest::addColumn<int>("before");
    QTest::addColumn<QByteArray>("after");

    QTest::newRow("70") << 70 << QByteArray("69");
    QTest::newRow("1") << 1 << QByteArray("0");
    QTest::newRow("255") << 255 << QByteArray("254");
}

void TestSofiaMessageEditor::maxForwardsDecrements()
{
    QFETCH(int, before);
    QFETCH(QByteArray, after);
    QByteArray text = invite();
    text.replace("Max-Forwards: 70", "Max-Forwards: " + QByteArray::number(before));
    const auto message = parse(text);
    QVERIFY(message);
    QCOMPARE(Editor::decrementMaxForwards(message->message(), message->sip()), Editor::MaxForwardsResult::Forward);
    const QByteArray edited = textOf(*message);
    QCOMPARE(values(edited, "Max-Forwards"), QList<QByteArray>{after});
    // Nothing else changed.
    QByteArray expected = text;
    expected.replace("Max-Forwards: " + QByteArray::number(before), "Max-Forwards: " + after);
    QCOMPARE(edited, expected);
}

void TestSofiaMessageEditor::maxForwardsAddedWhenMissing()
{
    const auto message = parse(bye());
    QVERIFY(message);
    QCOMPARE(Editor::decrementMaxForwards(message->message(), message->sip()), Editor::MaxForwardsResult::Forward);
    const QByteArray edited = textOf(*message);
    QCOMPARE(values(edited, "Max-Forwards"), QList<QByteArray>{"70"}); // RFC 3261 16.6 step 3
    QVERIFY(edited.endsWith("Content-Length: 0\r\n\r\n") || bodyOf(edited).isEmpty());
}

void TestSofiaMessageEditor::maxForwardsZeroIsTooManyHops()
{
    QByteArray text = invite();
    text.replace("Max-Forwards: 70", "Max-Forwards: 0");
    const auto message = parse(text);
    QVERIFY(message);
    QCOMPARE(Editor::decrementMaxForwards(message->message(), message->sip()), Editor::MaxForwardsResult::TooManyHops);
    QCOMPARE(textOf(*message), text);
}

void TestSofiaMessageEditor::popOwnRoutes_data()
{
    QTest::addColumn<QByteArray>("routes"); // Route header lines
    QTest::addColumn<int>("popped");
    QTest::addColumn<QList<QByteArray>>("remaining"); // Route values left

    QTest::newRow("no Route") << QByteArray() << 0 << QList<QByteArray>();
    QTest::newRow("ours only") << QByteArray("Route: <sip:192.0.2.1:5060;lr>\n") << 1 << QList<QByteArray>();
    QTest::newRow("ours without port") << QByteArray("Route: <sip:192.0.2.1;lr>\n") << 1 << QList<QByteArray>();
    QTest::newRow("ours then the next hop") << QByteArray("Route: <sip:192.0.2.1;lr>\nRoute: <sip:203.0.113.5;lr>\n")
                                            << 1 << QList<QByteArray>{"<sip:203.0.113.5;lr>"};
    QTest::newRow("double record-route, one line")
        << QByteArray("Route: <sip:192.0.2.1:5060;transport=tcp;lr>, <sip:[2001:db8::1]:5060;lr>, "
                      "<sip:203.0.113.5;lr>\n")
        << 2 << QList<QByteArray>{"<sip:203.0.113.5;lr>"};
    QTest::newRow("sips on the TLS port") << QByteArray("Route: <sips:192.0.2.1;lr>\n") << 1 << QList<QByteArray>();
    QTest::newRow("another port") << QByteArray("Route: <sip:192.0.2.1:5070;lr>\n") << 0
                                  << QList<QByteArray>{"<sip:192.0.2.1:5070;lr>"};
    QTest::newRow("ours below another") << QByteArray("Route: <sip:203.0.113.5;lr>\nRoute: <sip:192.0.2.1;lr>\n") << 0
                                        << QList<QByteArray>{"<sip:203.0.113.5;lr>", "<sip:192.0.2.1;lr>"};
}

void TestSofiaMessageEditor::popOwnRoutes()
{
    QFETCH(QByteArray, routes);
    QFETCH(int, popped);
    QFETCH(QList<QByteArray>, remaining);
    const auto message = parse(bye(routes));
    QVERIFY(message);
    const LocalAddresses local = ourAddresses();
    QCOMPARE(Editor::popOwnRoutes(message->message(), message->sip(), local), popped);
    QList<QByteArray> left;
    for (const QByteArray& value : values(textOf(*message), "Route")) {
        for (const QByteArray& element : value.split(','))
            left << element.trimmed();
    }
    QCOMPARE(left, remaining);
}

void TestSofiaMessageEditor::popOwnRoutesReadsTheMappingCarrier_data()
{
    QTest::addColumn<QByteArray>("routes");
    QTest::addColumn<QString>("carrier");

    QTest::newRow("no Route") << QByteArray() << QString();
    QTest::newRow("ours without tgm") << QByteArray("Route: <sip:192.0.2.1;lr>\n") << QString();
    QTest::newRow("ours with tgm") << QByteArray("Route: <sip:192.0.2.1;lr;tgm=acme-voice>\n")
                                   << QStringLiteral("acme-voice");
    QTest::newRow("tgm before lr") << QByteArray("Route: <sip:192.0.2.1:5060;tgm=acme;lr>\n") << QStringLiteral("acme");
    QTest::newRow("both entries of a double record-route")
        << QByteArray("Route: <sip:192.0.2.1;transport=tcp;lr;tgm=acme>\nRoute: <sip:[2001:db8::1];lr;tgm=acme>\n")
        << QStringLiteral("acme");
    QTest::newRow("a similar parameter is not tgm") << QByteArray("Route: <sip:192.0.2.1;lr;tgmx=acme>\n") << QString();
    QTest::newRow("tgm of a Route that is not ours")
        << QByteArray("Route: <sip:203.0.113.5;lr;tgm=acme>\n") << QString();
}

void TestSofiaMessageEditor::popOwnRoutesReadsTheMappingCarrier()
{
    QFETCH(QByteArray, routes);
    QFETCH(QString, carrier);
    const auto message = parse(bye(routes));
    QVERIFY(message);
    std::string mappingCarrier;
    Editor::popOwnRoutes(message->message(), message->sip(), ourAddresses(), &mappingCarrier);
    QCOMPARE(QString::fromStdString(mappingCarrier), carrier);
}

void TestSofiaMessageEditor::addRecordRouteSingle()
{
    const auto message = parse(invite());
    QVERIFY(message);
    QVERIFY(
        Editor::addRecordRoute(message->message(), message->sip(), "sip:192.0.2.1:5060;lr", "sip:192.0.2.1:5060;lr"));
    const QByteArray text = textOf(*message);
    QCOMPARE(values(text, "Record-Route"), QList<QByteArray>{"<sip:192.0.2.1:5060;lr>"});
    QVERIFY(Editor::addRecordRoute(message->message(), message->sip(), "sip:192.0.2.1:5060;lr", std::string()));
    QCOMPARE(values(textOf(*message), "Record-Route").size(), 2);
    QCOMPARE(bodyOf(textOf(*message)), bodyOf(invite()));
}

void TestSofiaMessageEditor::addRecordRouteDouble()
{
    const auto message = parse(invite());
    QVERIFY(message);
    QVERIFY(Editor::addRecordRoute(message->message(), message->sip(), "sip:192.0.2.1:5060;lr;tgm=acme",
                                   "sip:192.0.2.1:5060;transport=tcp;lr;tgm=acme"));
    // The outbound side on top: the callee's route set starts with the side facing it, and the
    // caller's (the reverse) with the side facing the caller (RFC 5658).
    QCOMPARE(values(textOf(*message), "Record-Route"),
             (QList<QByteArray>{"<sip:192.0.2.1:5060;transport=tcp;lr;tgm=acme>", "<sip:192.0.2.1:5060;lr;tgm=acme>"}));
}

void TestSofiaMessageEditor::addRecordRouteKeepsDownstreamEntries()
{
    const auto message = parse(invite("Record-Route: <sip:203.0.113.5;lr>\n"));
    QVERIFY(message);
    QVERIFY(Editor::addRecordRoute(message->message(), message->sip(), "sip:192.0.2.1;lr", "sip:[2001:db8::1];lr"));
    QCOMPARE(values(textOf(*message), "Record-Route"),
             (QList<QByteArray>{"<sip:[2001:db8::1];lr>", "<sip:192.0.2.1;lr>", "<sip:203.0.113.5;lr>"}));
}

void TestSofiaMessageEditor::setRequestUri_data()
{
    QTest::addColumn<QString>("uri");

    QTest::newRow("user and host") << "sip:+4930123456@198.51.100.1";
    QTest::newRow("port and transport") << "sip:bob@192.0.2.9:5070;transport=tcp";
    QTest::newRow("IPv6") << "sip:bob@[2001:db8::9]:5060";
    QTest::newRow("sips") << "sips:bob@example.com";
    QTest::newRow("tel") << "tel:+4930123456";
}

void TestSofiaMessageEditor::setRequestUri()
{
    QFETCH(QString, uri);
    const auto message = parse(invite());
    QVERIFY(message);
    QVERIFY(Editor::setRequestUri(message->message(), message->sip(), uri.toStdString()));
    const QByteArray text = textOf(*message);
    QVERIFY2(text.startsWith("INVITE " + uri.toUtf8() + " SIP/2.0\r\n"), text.constData());
    QCOMPARE(message->view().requestUri(), std::string_view(uri.toStdString()));
    // Only the request line changed.
    QCOMPARE(text.mid(text.indexOf("\r\n")), invite().mid(invite().indexOf("\r\n")));
}

void TestSofiaMessageEditor::setRequestUriRefusesBadUris_data()
{
    QTest::addColumn<QString>("uri");

    QTest::newRow("no scheme") << "bob@192.0.2.9";
    QTest::newRow("words") << "not a uri";
    QTest::newRow("empty") << "";
    QTest::newRow("unknown scheme") << "foo:bar";
}

void TestSofiaMessageEditor::setRequestUriRefusesBadUris()
{
    QFETCH(QString, uri);
    const auto message = parse(invite());
    QVERIFY(message);
    QVERIFY(!Editor::setRequestUri(message->message(), message->sip(), uri.toStdString()));
    QCOMPARE(textOf(*message), invite());
}

void TestSofiaMessageEditor::setRequestUriOnAResponse()
{
    const QByteArray ok = crlf("SIP/2.0 200 OK\n"
                               "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-editor-3\n"
                               "From: <sip:alice@198.51.100.7>;tag=a1\n"
                               "To: <sip:bob@192.0.2.1>;tag=b1\n"
                               "Call-ID: editor-3@198.51.100.7\n"
                               "CSeq: 1 INVITE\n"
                               "Content-Length: 0\n\n");
    const auto message = parse(ok);
    QVERIFY(message);
    QVERIFY(!message->isRequest());
    QVERIFY(!Editor::setRequestUri(message->message(), message->sip(), "sip:bob@192.0.2.9"));
    QCOMPARE(textOf(*message), ok);
}

void TestSofiaMessageEditor::headerEditsAddBeforeTheBody()
{
    const auto message = parse(invite());
    QVERIFY(message);
    const std::vector<HeaderEdit> edits{{HeaderEdit::Operation::Add, "X-Tollgate-Carrier", "acme via udp"},
                                        {HeaderEdit::Operation::Add, "Subject", "test call"}};
    QCOMPARE(Editor::applyHeaderEdits(message->message(), message->sip(), edits), 0);
    const QByteArray text = textOf(*message);
    QCOMPARE(values(text, "X-Tollgate-Carrier"), QList<QByteArray>{"acme via udp"});
    QCOMPARE(values(text, "Subject"), QList<QByteArray>{"test call"});
    // The body and its length are untouched: the new headers sit among the others.
    QCOMPARE(bodyOf(text), bodyOf(invite()));
    QCOMPARE(values(text, "Content-Length"), values(invite(), "Content-Length"));
    // And the result is a message of its own that parses to the same thing.
    const auto reparsed = parse(text);
    QVERIFY(reparsed);
    QCOMPARE(reparsed->view().header("X-Tollgate-Carrier").value_or(""), std::string_view("acme via udp"));
    QCOMPARE(textOf(*reparsed), text);
}

void TestSofiaMessageEditor::headerEditsOnAMessageWithoutBody()
{
    const auto message = parse(bye());
    QVERIFY(message);
    QCOMPARE(Editor::applyHeaderEdits(message->message(), message->sip(),
                                      {{HeaderEdit::Operation::Add, "X-Reason", "operator"}}),
             0);
    const QByteArray text = textOf(*message);
    QCOMPARE(values(text, "X-Reason"), QList<QByteArray>{"operator"});
    QVERIFY2(text.endsWith("\r\n\r\n"), text.constData());
    QVERIFY(bodyOf(text).isEmpty());
}

void TestSofiaMessageEditor::headerEditsRemove_data()
{
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("name");

    QTest::newRow("unknown header") << QByteArray("X-Customer: 42\n") << QByteArray("X-Customer");
    QTest::newRow("unknown header, every instance, any case")
        << QByteArray("X-Customer: 42\nX-Other: keep\nx-customer: 43\n") << QByteArray("X-CUSTOMER");
    QTest::newRow("known header") << QByteArray("P-Asserted-Identity: <sip:+4921199887766@198.51.100.7>\n")
                                  << QByteArray("P-Asserted-Identity");
    QTest::newRow("known list header") << QByteArray("Supported: timer\nSupported: 100rel\n")
                                       << QByteArray("Supported");
    QTest::newRow("by compact name") << QByteArray("Subject: hello\n") << QByteArray("s");
}

void TestSofiaMessageEditor::headerEditsRemove()
{
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, name);
    const auto message = parse(invite(headers));
    QVERIFY(message);
    QCOMPARE(Editor::applyHeaderEdits(message->message(), message->sip(),
                                      {{HeaderEdit::Operation::Remove, name.toStdString(), {}}}),
             0);
    // Exactly the message without the removed lines.
    QByteArray kept;
    for (const QByteArray& line : headers.split('\n')) {
        if (line.startsWith("X-Other"))
            kept += line + '\n';
    }
    QCOMPARE(textOf(*message), invite(kept));
}

void TestSofiaMessageEditor::headerEditsInOrder()
{
    const auto message = parse(invite("X-Step: old\n"));
    QVERIFY(message);
    const std::vector<HeaderEdit> edits{{HeaderEdit::Operation::Remove, "X-Step", {}},
                                        {HeaderEdit::Operation::Add, "X-Step", "new"},
                                        {HeaderEdit::Operation::Remove, "X-Absent", {}},
                                        {HeaderEdit::Operation::Add, "X-Later", "1"},
                                        {HeaderEdit::Operation::Add, "X-Later", "2"}};
    QCOMPARE(Editor::applyHeaderEdits(message->message(), message->sip(), edits), 0);
    const QByteArray text = textOf(*message);
    QCOMPARE(values(text, "X-Step"), QList<QByteArray>{"new"});
    QCOMPARE(values(text, "X-Later"), (QList<QByteArray>{"1", "2"}));
}

void TestSofiaMessageEditor::addingASingleHeaderReplacesIt()
{
    const auto message = parse(invite());
    QVERIFY(message);
    QCOMPARE(Editor::applyHeaderEdits(message->message(), message->sip(),
                                      {{HeaderEdit::Operation::Add, "Max-Forwards", "10"}}),
             0);
    const QByteArray text = textOf(*message);
    QCOMPARE(values(text, "Max-Forwards"), QList<QByteArray>{"10"});
    QCOMPARE(bodyOf(text), bodyOf(invite()));
}

void TestSofiaMessageEditor::headerEditsThatFail_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");

    QTest::newRow("unparsable known header") << QByteArray("CSeq") << QByteArray("not a number");
    QTest::newRow("line break in the value") << QByteArray("X-Note") << QByteArray("a\r\nVia: SIP/2.0/UDP 10.0.0.1");
    QTest::newRow("bare LF in the value") << QByteArray("X-Note") << QByteArray("a\nb");
    QTest::newRow("empty name") << QByteArray("") << QByteArray("x");
    QTest::newRow("name with a colon") << QByteArray("X-A: b") << QByteArray("c");
}

void TestSofiaMessageEditor::headerEditsThatFail()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    const auto message = parse(invite());
    QVERIFY(message);
    const std::vector<HeaderEdit> edits{{HeaderEdit::Operation::Add, name.toStdString(), value.toStdString()},
                                        {HeaderEdit::Operation::Add, "X-After", "still applied"}};
    QCOMPARE(Editor::applyHeaderEdits(message->message(), message->sip(), edits), 1);
    const QByteArray text = textOf(*message);
    QCOMPARE(values(text, "X-After"), QList<QByteArray>{"still applied"});
    QVERIFY(!text.contains("10.0.0.1"));
    QCOMPARE(values(text, "CSeq"), QList<QByteArray>{"1 INVITE"});
    QCOMPARE(values(text, "Via").size(), 1);
    QCOMPARE(bodyOf(text), bodyOf(invite()));
}

void TestSofiaMessageEditor::addHeaderToAResponse()
{
    const QByteArray busy = crlf("SIP/2.0 503 Service Unavailable\n"
                                 "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-editor-4\n"
                                 "From: <sip:alice@198.51.100.7>;tag=a1\n"
                                 "To: <sip:bob@192.0.2.1>;tag=b1\n"
                                 "Call-ID: editor-4@198.51.100.7\n"
                                 "CSeq: 1 INVITE\n"
                                 "Content-Length: 0\n\n");
    const auto message = parse(busy);
    QVERIFY(message);
    QVERIFY(Editor::addHeader(message->message(), message->sip(), "Retry-After", "2"));
    const QByteArray text = textOf(*message);
    QCOMPARE(values(text, "Retry-After"), QList<QByteArray>{"2"});
    QVERIFY(text.startsWith("SIP/2.0 503 Service Unavailable\r\n"));
    QVERIFY(bodyOf(text).isEmpty());
}

void TestSofiaMessageEditor::nextHopUri_data()
{
    QTest::addColumn<QByteArray>("routes");
    QTest::addColumn<QString>("uri");

    QTest::newRow("no Route: the Request-URI") << QByteArray() << "sip:bob@192.0.2.9:5060";
    QTest::newRow("the first Route") << QByteArray("Route: <sip:203.0.113.5:5080;transport=tcp;lr>\n"
                                                   "Route: <sip:203.0.113.6;lr>\n")
                                     << "sip:203.0.113.5:5080;transport=tcp;lr";
    QTest::newRow("IPv6 Route") << QByteArray("Route: <sip:[2001:db8::5];lr>\n") << "sip:[2001:db8::5];lr";
}

void TestSofiaMessageEditor::nextHopUri()
{
    QFETCH(QByteArray, routes);
    QFETCH(QString, uri);
    const auto message = parse(bye(routes));
    QVERIFY(message);
    QCOMPARE(QString::fromStdString(Editor::nextHopUri(message->sip())), uri);

    // Once our own Route is popped, the next one is the next hop.
    const auto routed = parse(bye("Route: <sip:192.0.2.1;lr>\n" + routes));
    QVERIFY(routed);
    QCOMPARE(QString::fromStdString(Editor::nextHopUri(routed->sip())), QStringLiteral("sip:192.0.2.1;lr"));
    Editor::popOwnRoutes(routed->message(), routed->sip(), ourAddresses());
    QCOMPARE(QString::fromStdString(Editor::nextHopUri(routed->sip())), uri);
}

void TestSofiaMessageEditor::transportOfUri_data()
{
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("transport");
    QTest::addColumn<bool>("ipv6");

    QTest::newRow("plain sip") << "sip:192.0.2.9:5060"
                               << "udp" << false;
    QTest::newRow("tcp") << "sip:192.0.2.9;transport=tcp"
                         << "tcp" << false;
    QTest::newRow("upper case") << "sip:192.0.2.9;transport=TCP;lr"
                                << "tcp" << false;
    QTest::newRow("tls") << "sip:192.0.2.9:5061;lr;transport=tls"
                         << "tls" << false;
    QTest::newRow("sips") << "sips:192.0.2.9"
                          << "tls" << false;
    QTest::newRow("sips with an explicit transport") << "sips:192.0.2.9;transport=tcp"
                                                     << "tcp" << false;
    QTest::newRow("IPv6") << "sip:[2001:db8::9]:5060"
                          << "udp" << true;
    QTest::newRow("IPv6 tcp") << "sip:bob@[2001:db8::9];transport=tcp"
                              << "tcp" << true;
    QTest::newRow("hostname") << "sip:core.example.net"
                              << "udp" << false;
    QTest::newRow("unparsable") << "not a uri"
                                << "udp" << false;
    QTest::newRow("empty") << ""
                           << "udp" << false;
}

void TestSofiaMessageEditor::transportOfUri()
{
    QFETCH(QString, uri);
    QFETCH(QString, transport);
    QFETCH(bool, ipv6);
    const Editor::UriTransport result = Editor::transportOfUri(uri.toStdString());
    QCOMPARE(QString::fromStdString(result.transport), transport);
    QCOMPARE(result.ipv6, ipv6);
}

QTEST_GUILESS_MAIN(TestSofiaMessageEditor)
#include "TestSofiaMessageEditor.moc"
