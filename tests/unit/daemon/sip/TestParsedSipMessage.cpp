// ParsedSipMessage: SIP text parsed by the proxy's own sofia-sip parser for the dry run and the
// tests: line endings, what makes a message unusable (and how the error says so), responses, the
// request view, and the rules' changes applied before forwarding.
#include "routing/RouteDecision.h"
#include "sip/ParsedSipMessage.h"

#include <QTest>

using namespace tollgate;

namespace {

QByteArray crlf(QByteArray text)
{
    return text.replace("\n", "\r\n");
}

const QByteArray Sdp = "v=0\n"
                       "o=- 7 7 IN IP4 198.51.100.7\n"
                       "s=-\n"
                       "c=IN IP4 198.51.100.7\n"
                       "t=0 0\n"
                       "m=audio 40000 RTP/AVP 0\n";

/// An INVITE with LF line ends and an SDP body whose Content-Length counts `bodyLength`.
QByteArray lfInvite(qsizetype bodyLength)
{
    return "INVITE sip:bob@192.0.2.1 SIP/2.0\n"
           "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-parsed-1\n"
           "Max-Forwards: 70\n"
           "From: \"Alice\" <sip:alice@198.51.100.7>;tag=a1\n"
           "To: <sip:bob@192.0.2.1>\n"
           "Call-ID: parsed-1@198.51.100.7\n"
           "CSeq: 1 INVITE\n"
           "Contact: <sip:alice@198.51.100.7:5060>\n"
           "Content-Type: application/sdp\n"
           "Content-Length: " +
           QByteArray::number(bodyLength) + "\n\n" + Sdp;
}

/// The same INVITE as it goes on the wire: CRLF everywhere, Content-Length right.
QByteArray wireInvite()
{
    return crlf(lfInvite(crlf(Sdp).size()));
}

const QByteArray Options = crlf("OPTIONS sip:192.0.2.1 SIP/2.0\n"
                                "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-parsed-2\n"
                                "Max-Forwards: 70\n"
                                "From: <sip:ping@198.51.100.7>;tag=o1\n"
                                "To: <sip:192.0.2.1>\n"
                                "Call-ID: parsed-2@198.51.100.7\n"
                                "CSeq: 1 OPTIONS\n"
                                "X-Customer: 42\n"
                                "Content-Length: 0\n\n");

/// Options without the header `name` (its whole line).
QByteArray optionsWithout(const QList<QByteArray>& names)
{
    QByteArray text = Options;
    for (const QByteArray& name : names) {
        const qsizetype start = text.indexOf("\r\n" + name + ":");
        text.remove(start + 2, text.indexOf("\r\n", start + 2) - start);
    }
    return text;
}

std::unique_ptr<ParsedSipMessage> parse(const QByteArray& text, QString* error = nullptr)
{
    QString message;
    std::unique_ptr<ParsedSipMessage> parsed = ParsedSipMessage::parse(text, &message);
    if (error)
        *error = message;
    else if (!parsed)
        qWarning("does not parse: %s", qPrintable(message));
    return parsed;
}

QByteArray textOf(const ParsedSipMessage& message)
{
    return QByteArray::fromStdString(message.toText());
}

QByteArray bodyOf(const QByteArray& text)
{
    return text.mid(text.indexOf("\r\n\r\n") + 4);
}

} // namespace

class TestParsedSipMessage : public QObject
{
    Q_OBJECT

private slots:
    void crlfMessageIsKeptAsItIs();
    void lfOnlyHeaders();
    void lfOnlyBody_data();
    void lfOnlyBody();
    void missingEmptyLine_data();
    void missingEmptyLine();
    void viewOfARequest();
    void responses();
    void notSip_data();
    void notSip();
    void missingHeaders_data();
    void missingHeaders();
    void badHeader_data();
    void badHeader();
    void applyDecisionRewritesUriAndHeaders();
    void applyDecisionWithoutChanges();
    void applyDecisionIgnoresABadUri();
};

void TestParsedSipMessage::crlfMessageIsKeptAsItIs()
{
    const QByteArray text = wireInvite();
    const auto message = parse(text);
    QVERIFY(message);
    QVERIFY(message->isRequest());
    QVERIFY(message->message());
    QVERIFY(message->sip());
    QCOMPARE(textOf(*message), text);
}

void TestParsedSipMessage::lfOnlyHeaders()
{
    QByteArray lf = Options;
    lf.replace("\r\n", "\n");
    const auto message = parse(lf);
    QVERIFY(message);
    QCOMPARE(message->view().callId(), std::string_view("parsed-2@198.51.100.7"));
    // Sent with the CRLF line ends of the wire.
    QCOMPARE(textOf(*message), Options);
}

void TestParsedSipMessage::lfOnlyBody_data()
{
    QTest::addColumn<qsizetype>("contentLength");

    // A hand-edited file counts its body either as written (LF) or as it goes on the wire.
    QTest::newRow("counted with LF") << Sdp.size();
    QTest::newRow("counted with CRLF") << crlf(Sdp).size();
}

void TestParsedSipMessage::lfOnlyBody()
{
    QFETCH(qsizetype, contentLength);
    QString error;
    const auto message = parse(lfInvite(contentLength), &error);
    QVERIFY2(message, qPrintable(error));
    const QByteArray text = textOf(*message);
    // The whole body survives, in CRLF, and Content-Length says so.
    QCOMPARE(bodyOf(text), crlf(Sdp));
    QCOMPARE(text, wireInvite());
}

void TestParsedSipMessage::missingEmptyLine_data()
{
    QTest::addColumn<QByteArray>("text");

    QByteArray withoutEmptyLine = Options;
    withoutEmptyLine.chop(2);
    QTest::newRow("ends after the last header line") << withoutEmptyLine;
    QByteArray withoutLineEnd = withoutEmptyLine;
    withoutLineEnd.chop(2);
    QTest::newRow("no line end after the last header") << withoutLineEnd;
    QByteArray lfWithoutLineEnd = withoutLineEnd;
    lfWithoutLineEnd.replace("\r\n", "\n");
    QTest::newRow("LF, no line end after the last header") << lfWithoutLineEnd;
}

void TestParsedSipMessage::missingEmptyLine()
{
    QFETCH(QByteArray, text);
    QString error;
    const auto message = parse(text, &error);
    QVERIFY2(message, qPrintable(error));
    QCOMPARE(textOf(*message), Options);
}

void TestParsedSipMessage::viewOfARequest()
{
    const auto message = parse(lfInvite(Sdp.size()));
    QVERIFY(message);
    const SipRequestView& view = message->view();
    QCOMPARE(view.method(), std::string_view("INVITE"));
    QCOMPARE(view.requestUri(), std::string_view("sip:bob@192.0.2.1"));
    QCOMPARE(view.uriField(UriField::RuriUser), std::string_view("bob"));
    QCOMPARE(view.uriField(UriField::FromHost), std::string_view("198.51.100.7"));
    QCOMPARE(view.uriField(UriField::ToUser), std::string_view("bob"));
    QCOMPARE(view.callId(), std::string_view("parsed-1@198.51.100.7"));
    QVERIFY(!view.hasToTag());
    QCOMPARE(view.header("Content-Type").value_or(""), std::string_view("application/sdp"));
    QCOMPARE(view.header("i").value_or(""), std::string_view("parsed-1@198.51.100.7"));
    QVERIFY(!view.header("X-Missing"));
}

void TestParsedSipMessage::responses()
{
    const QByteArray ringing = crlf("SIP/2.0 180 Ringing\n"
                                    "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK-parsed-3\n"
                                    "From: <sip:alice@198.51.100.7>;tag=a1\n"
                                    "To: <sip:bob@192.0.2.1>;tag=b1\n"
                                    "Call-ID: parsed-3@198.51.100.7\n"
                                    "CSeq: 1 INVITE\n"
                                    "Content-Length: 0\n\n");
    const auto message = parse(ringing);
    QVERIFY(message);
    QVERIFY(!message->isRequest());
    // The view of a response has no request line but reads its headers.
    QCOMPARE(message->view().method(), std::string_view());
    QCOMPARE(message->view().requestUri(), std::string_view());
    QCOMPARE(message->view().callId(), std::string_view("parsed-3@198.51.100.7"));
    QVERIFY(message->view().hasToTag());
    QCOMPARE(textOf(*message), ringing);

    // Applying a decision to a response changes no request line.
    RouteDecision decision;
    decision.requestUri = "sip:carol@192.0.2.9";
    message->applyDecision(decision);
    QCOMPARE(textOf(*message), ringing);
}

void TestParsedSipMessage::notSip_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("error");

    const QString noStartLine = QStringLiteral("not a SIP message (no request or status line)");
    QTest::newRow("empty") << QByteArray() << noStartLine;
    QTest::newRow("prose") << QByteArray("hello world\n\n") << noStartLine;
    QTest::newRow("HTTP") << crlf("GET / HTTP/1.1\nHost: example.com\n\n")
                          << QStringLiteral("not a SIP message (its start line says HTTP/1.1, not SIP/2.0)");
    QTest::newRow("HTTP with SIP headers")
        << crlf("OPTIONS sip:127.0.0.1 HTTP/1.1\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\nFrom: "
                "<sip:a@127.0.0.1>;tag=1\nTo: <sip:b@127.0.0.1>\nCall-ID: c\nCSeq: 1 OPTIONS\n\n")
        << QStringLiteral("not a SIP message (its start line says HTTP/1.1, not SIP/2.0)");
    QTest::newRow("HTTP response") << crlf("HTTP/1.1 200 OK\nContent-Length: 0\n\n")
                                   << QStringLiteral("not a SIP message (its start line says HTTP/1.1, not SIP/2.0)");
    QTest::newRow("headers only") << crlf("Call-ID: x\nCSeq: 1 INVITE\n\n") << noStartLine;
}

void TestParsedSipMessage::notSip()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, error);
    QString message;
    QVERIFY(!parse(text, &message));
    QCOMPARE(message, error);
}

void TestParsedSipMessage::missingHeaders_data()
{
    QTest::addColumn<QList<QByteArray>>("removed");
    QTest::addColumn<QString>("error");

    QTest::newRow("Call-ID") << QList<QByteArray>{"Call-ID"} << "missing Call-ID";
    QTest::newRow("From") << QList<QByteArray>{"From"} << "missing From";
    QTest::newRow("To") << QList<QByteArray>{"To"} << "missing To";
    QTest::newRow("CSeq") << QList<QByteArray>{"CSeq"} << "missing CSeq";
    QTest::newRow("Via") << QList<QByteArray>{"Via"} << "missing Via";
    QTest::newRow("several, in a fixed order")
        << QList<QByteArray>{"Via", "To", "Call-ID"} << "missing Call-ID, To, Via";
}

void TestParsedSipMessage::missingHeaders()
{
    QFETCH(QList<QByteArray>, removed);
    QFETCH(QString, error);
    QString message;
    QVERIFY(!parse(optionsWithout(removed), &message));
    QCOMPARE(message, error);
}

void TestParsedSipMessage::badHeader_data()
{
    QTest::addColumn<QByteArray>("from");
    QTest::addColumn<QByteArray>("to");
    QTest::addColumn<QString>("error");

    QTest::newRow("CSeq") << QByteArray("CSeq: 1 OPTIONS") << QByteArray("CSeq: x OPTIONS") << "bad CSeq header";
    QTest::newRow("Max-Forwards") << QByteArray("Max-Forwards: 70") << QByteArray("Max-Forwards: many")
                                  << "bad Max-Forwards header";
    QTest::newRow("From") << QByteArray("From: <sip:ping@198.51.100.7>;tag=o1") << QByteArray("From: <<>>")
                          << "bad From header";
}

void TestParsedSipMessage::badHeader()
{
    QFETCH(QByteArray, from);
    QFETCH(QByteArray, to);
    QFETCH(QString, error);
    QByteArray text = Options;
    QVERIFY(text.contains(from));
    text.replace(from, to);
    QString message;
    QVERIFY(!parse(text, &message));
    QCOMPARE(message, error);
}

void TestParsedSipMessage::applyDecisionRewritesUriAndHeaders()
{
    const auto message = parse(Options);
    QVERIFY(message);
    RouteDecision decision;
    decision.outcome = DecisionOutcome::Relay;
    decision.requestUri = "sip:+4930123456@198.51.100.1:5070;transport=tcp";
    decision.headerEdits = {{HeaderEdit::Operation::Remove, "X-Customer", {}},
                            {HeaderEdit::Operation::Add, "X-Tollgate", "checked"}};
    message->applyDecision(decision);
    const QByteArray text = textOf(*message);
    QVERIFY2(text.startsWith("OPTIONS sip:+4930123456@198.51.100.1:5070;transport=tcp SIP/2.0\r\n"), text.constData());
    QVERIFY(!text.contains("X-Customer"));
    QVERIFY(text.contains("\r\nX-Tollgate: checked\r\n"));
    QVERIFY(text.endsWith("\r\n\r\n"));
    // The view follows the edited message.
    QCOMPARE(message->view().uriField(UriField::RuriUser), std::string_view("+4930123456"));
    QCOMPARE(message->view().header("X-Tollgate").value_or(""), std::string_view("checked"));
    QVERIFY(!message->view().header("X-Customer"));
}

void TestParsedSipMessage::applyDecisionWithoutChanges()
{
    const QByteArray text = wireInvite();
    const auto message = parse(text);
    QVERIFY(message);
    RouteDecision decision;
    decision.outcome = DecisionOutcome::Relay;
    decision.groupIndex = 0;
    decision.cacheWrites = {{CacheWrite::Operation::Store, "associations", "k", "v"}}; // not the message's business
    message->applyDecision(decision);
    QCOMPARE(textOf(*message), text);
}

void TestParsedSipMessage::applyDecisionIgnoresABadUri()
{
    const auto message = parse(Options);
    QVERIFY(message);
    RouteDecision decision;
    decision.requestUri = "definitely not a uri";
    decision.headerEdits = {{HeaderEdit::Operation::Add, "X-Tollgate", "checked"}};
    message->applyDecision(decision);
    const QByteArray text = textOf(*message);
    QVERIFY(text.startsWith("OPTIONS sip:192.0.2.1 SIP/2.0\r\n"));
    QVERIFY(text.contains("\r\nX-Tollgate: checked\r\n"));
}

QTEST_GUILESS_MAIN(TestParsedSipMessage)
#include "TestParsedSipMessage.moc"
