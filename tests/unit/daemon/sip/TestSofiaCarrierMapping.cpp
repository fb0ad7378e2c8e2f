// SofiaCarrierMapping: a carrier's private addresses rewritten in real sofia-sip messages, in
// the headers and SDP of what it sends and in the Request-URI, Route set and Via of what goes
// back to it. Results are read from the serialized text.
#include "classify/IpMappingRewriter.h"
#include "sip/ParsedSipMessage.h"
#include "sip/SofiaCarrierMapping.h"

#include <QTest>

using namespace tollgate;

namespace {

QByteArray crlf(QByteArray text)
{
    return text.replace("\n", "\r\n");
}

/// Headers (LF line ends) and a body, joined into a wire message with a right Content-Length.
QByteArray message(const QByteArray& headers, const QByteArray& body = {},
                   const QByteArray& contentType = "application/sdp")
{
    QByteArray text = crlf(headers);
    if (!body.isEmpty())
        text += "Content-Type: " + contentType + "\r\n";
    return text + "Content-Length: " + QByteArray::number(crlf(body).size()) + "\r\n\r\n" + crlf(body);
}

/// The carrier presents 10.20.0.5 and 10.20.0.6 (private); its public addresses end in .5, .6.
IpMappingRewriter rewriter(MappingDirection direction)
{
    IpMappingRewriter result;
    QString error;
    const bool built = IpMappingRewriter::build({IpMapping{QStringLiteral("10.20.0.5"), QStringLiteral("198.51.100.5")},
                                                 IpMapping{QStringLiteral("10.20.0.6"), QStringLiteral("198.51.100.6")},
                                                 IpMapping{QStringLiteral("fd00::5"), QStringLiteral("2001:db8::5")}},
                                                direction, &result, &error);
    if (!built)
        qWarning("mapping does not build: %s", qPrintable(error));
    return result;
}

std::unique_ptr<ParsedSipMessage> parse(const QByteArray& text)
{
    QString error;
    std::unique_ptr<ParsedSipMessage> parsed = ParsedSipMessage::parse(text, &error);
    if (!parsed)
        qWarning("does not parse: %s", qPrintable(error));
    return parsed;
}

QByteArray textOf(const ParsedSipMessage& parsed)
{
    return QByteArray::fromStdString(parsed.toText());
}

QByteArray bodyOf(const QByteArray& text)
{
    return text.mid(text.indexOf("\r\n\r\n") + 4);
}

/// Values of every `name` header line, in order.
QList<QByteArray> values(const QByteArray& text, const QByteArray& name)
{
    QList<QByteArray> found;
    for (const QByteArray& line : text.left(text.indexOf("\r\n\r\n")).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            found << line.mid(colon + 1).trimmed();
    }
    return found;
}

/// The elements of every `name` header, one list however they are spread over lines (the
/// values used here hold no commas of their own).
QList<QByteArray> elements(const QByteArray& text, const QByteArray& name)
{
    QList<QByteArray> found;
    for (const QByteArray& value : values(text, name)) {
        for (const QByteArray& element : value.split(','))
            found << element.trimmed();
    }
    return found;
}

const QByteArray CarrierSdp = "v=0\n"
                              "o=carrier 2890844526 2890844526 IN IP4 10.20.0.5\n"
                              "s=-\n"
                              "c=IN IP4 10.20.0.5\n"
                              "t=0 0\n"
                              "m=audio 49170 RTP/AVP 0\n"
                              "m=video 49172 RTP/AVP 96\n"
                              "c=IN IP4 10.20.0.6\n";

const QByteArray MappedSdp = "v=0\n"
                             "o=carrier 2890844526 2890844526 IN IP4 198.51.100.5\n"
                             "s=-\n"
                             "c=IN IP4 198.51.100.5\n"
                             "t=0 0\n"
                             "m=audio 49170 RTP/AVP 0\n"
                             "m=video 49172 RTP/AVP 96\n"
                             "c=IN IP4 198.51.100.6\n";

/// An INVITE as the carrier sends it: private addresses in Contact, Record-Route and SDP; the
/// public ones in Via (its sent-by is what the network shows) and elsewhere untouched.
QByteArray inviteFromCarrier(const QByteArray& contact, const QByteArray& recordRoute, const QByteArray& sdp)
{
    return message("INVITE sip:+4930123456@192.0.2.1:5060 SIP/2.0\n"
                   "Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-map-1\n"
                   "Record-Route: " +
                       recordRoute +
                       "\n"
                       "Max-Forwards: 70\n"
                       "From: <sip:+4921199887766@10.20.0.5>;tag=c1\n"
                       "To: <sip:+4930123456@192.0.2.1>\n"
                       "Call-ID: map-1@10.20.0.5\n"
                       "CSeq: 1 INVITE\n"
                       "Contact: " +
                       contact + "\n",
                   sdp);
}

} // namespace

class TestSofiaCarrierMapping : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void fromCarrierRequest();
    void fromCarrierResponse();
    void fromCarrierSeveralContacts();
    void fromCarrierOnlySdpBodies_data();
    void fromCarrierOnlySdpBodies();
    void fromCarrierIpv6();
    void toCarrierRequest();
    void toCarrierRequestLeavesOtherHosts();
    void toCarrierResponse();
    void toCarrierResponseOnlyTopVia();
    void nothingToMapIsByteIdentical_data();
    void nothingToMapIsByteIdentical();
    void emptyRewriterChangesNothing();
};

void TestSofiaCarrierMapping::initTestCase()
{
    QVERIFY(!rewriter(MappingDirection::FromCarrier).isEmpty());
    QVERIFY(!rewriter(MappingDirection::ToCarrier).isEmpty());
}

void TestSofiaCarrierMapping::fromCarrierRequest()
{
    const auto parsed =
        parse(inviteFromCarrier("<sip:+4921199887766@10.20.0.5:5060>", "<sip:10.20.0.6;lr>", CarrierSdp));
    QVERIFY(parsed);
    const int count = SofiaCarrierMapping::applyFromCarrier(parsed->message(), parsed->sip(),
                                                            rewriter(MappingDirection::FromCarrier));
    QCOMPARE(count, 5); // Contact, Record-Route, o=, two c=
    const QByteArray text = textOf(*parsed);
    QCOMPARE(values(text, "Contact"), QList<QByteArray>{"<sip:+4921199887766@198.51.100.5:5060>"});
    QCOMPARE(values(text, "Record-Route"), QList<QByteArray>{"<sip:198.51.100.6;lr>"});
    QCOMPARE(bodyOf(text), crlf(MappedSdp));
    // The body grew: Content-Length follows it.
    QCOMPARE(values(text, "Content-Length"), QList<QByteArray>{QByteArray::number(crlf(MappedSdp).size())});
    // What is not the carrier's signalling is left alone: From, Call-ID, Via, the Request-URI.
    QCOMPARE(values(text, "From"), QList<QByteArray>{"<sip:+4921199887766@10.20.0.5>;tag=c1"});
    QCOMPARE(values(text, "Call-ID"), QList<QByteArray>{"map-1@10.20.0.5"});
    QCOMPARE(values(text, "Via"), QList<QByteArray>{"SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-map-1"});
    QVERIFY(text.startsWith("INVITE sip:+4930123456@192.0.2.1:5060 SIP/2.0\r\n"));
    // The result parses again into the same message.
    const auto reparsed = parse(text);
    QVERIFY(reparsed);
    QCOMPARE(textOf(*reparsed), text);
}

void TestSofiaCarrierMapping::fromCarrierResponse()
{
    const QByteArray ok = message("SIP/2.0 200 OK\n"
                                  "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK-tollgate-1\n"
                                  "Record-Route: <sip:10.20.0.6;lr>, <sip:192.0.2.1;lr>\n"
                                  "From: <sip:+4921199887766@192.0.2.1>;tag=f1\n"
                                  "To: <sip:+4930123456@10.20.0.5>;tag=t1\n"
                                  "Call-ID: map-2@192.0.2.1\n"
                                  "CSeq: 1 INVITE\n"
                                  "Contact: <sip:+4930123456@10.20.0.5:5060;transport=udp>\n",
                                  CarrierSdp);
    const auto parsed = parse(ok);
    QVERIFY(parsed);
    QCOMPARE(SofiaCarrierMapping::applyFromCarrier(parsed->message(), parsed->sip(),
                                                   rewriter(MappingDirection::FromCarrier)),
             5);
    const QByteArray text = textOf(*parsed);
    QVERIFY(text.startsWith("SIP/2.0 200 OK\r\n"));
    QCOMPARE(values(text, "Contact"), QList<QByteArray>{"<sip:+4930123456@198.51.100.5:5060;transport=udp>"});
    QCOMPARE(elements(text, "Record-Route"), (QList<QByteArray>{"<sip:198.51.100.6;lr>", "<sip:192.0.2.1;lr>"}));
    QCOMPARE(values(text, "To"), QList<QByteArray>{"<sip:+4930123456@10.20.0.5>;tag=t1"});
    QCOMPARE(bodyOf(text), crlf(MappedSdp));
}

void TestSofiaCarrierMapping::fromCarrierSeveralContacts()
{
    const QByteArray register_ = message("REGISTER sip:192.0.2.1 SIP/2.0\n"
                                         "Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-map-3\n"
                                         "From: <sip:pbx@192.0.2.1>;tag=r1\n"
                                         "To: <sip:pbx@192.0.2.1>\n"
                                         "Call-ID: map-3@10.20.0.5\n"
                                         "CSeq: 1 REGISTER\n"
                                         "Contact: \"Main\" <sip:pbx@10.20.0.5:5060>;expires=60, <sip:pbx@10.20.0.6>\n"
                                         "Contact: <sip:pbx@203.0.113.9>\n");
    const auto parsed = parse(register_);
    QVERIFY(parsed);
    QCOMPARE(SofiaCarrierMapping::applyFromCarrier(parsed->message(), parsed->sip(),
                                                   rewriter(MappingDirection::FromCarrier)),
             2);
    QCOMPARE(elements(textOf(*parsed), "Contact"),
             (QList<QByteArray>{"\"Main\" <sip:pbx@198.51.100.5:5060>;expires=60", "<sip:pbx@198.51.100.6>",
                                "<sip:pbx@203.0.113.9>"}));
}

void TestSofiaCarrierMapping::fromCarrierOnlySdpBodies_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<bool>("rewritten");

    QTest::newRow("application/sdp") << QByteArray("application/sdp") << true;
    QTest::newRow("case-insensitive") << QByteArray("Application/SDP") << true;
    QTest::newRow("text/plain") << QByteArray("text/plain") << false;
}

void TestSofiaCarrierMapping::fromCarrierOnlySdpBodies()
{
    QFETCH(QByteArray, contentType);
    QFETCH(bool, rewritten);
    const QByteArray text = message("MESSAGE sip:bob@192.0.2.1 SIP/2.0\n"
                                    "Via: SIP/2.0/UDP 198.51.100.5:5060;branch=z9hG4bK-map-4\n"
                                    "From: <sip:alice@192.0.2.1>;tag=m1\n"
                                    "To: <sip:bob@192.0.2.1>\n"
                                    "Call-ID: map-4\n"
                                    "CSeq: 1 MESSAGE\n",
                                    CarrierSdp, contentType);
    const auto parsed = parse(text);
    QVERIFY(parsed);
    const int count = SofiaCarrierMapping::applyFromCarrier(parsed->message(), parsed->sip(),
                                                            rewriter(MappingDirection::FromCarrier));
    QCOMPARE(count, rewritten ? 3 : 0);
    QCOMPARE(bodyOf(textOf(*parsed)), crlf(rewritten ? MappedSdp : CarrierSdp));
    if (!rewritten)
        QCOMPARE(textOf(*parsed), text);
}

void TestSofiaCarrierMapping::fromCarrierIpv6()
{
    const QByteArray sdp = "v=0\n"
                           "o=- 1 1 IN IP6 fd00::5\n"
                           "s=-\n"
                           "c=IN IP6 fd00::5\n"
                           "t=0 0\n"
                           "m=audio 5004 RTP/AVP 0\n";
    const auto parsed = parse(inviteFromCarrier("<sip:alice@[fd00::5]:5060>", "<sip:[fd00::5];lr>", sdp));
    QVERIFY(parsed);
    QCOMPARE(SofiaCarrierMapping::applyFromCarrier(parsed->message(), parsed->sip(),
                                                   rewriter(MappingDirection::FromCarrier)),
             4);
    const QByteArray text = textOf(*parsed);
    QCOMPARE(values(text, "Contact"), QList<QByteArray>{"<sip:alice@[2001:db8::5]:5060>"});
    QCOMPARE(values(text, "Record-Route"), QList<QByteArray>{"<sip:[2001:db8::5];lr>"});
    QVERIFY(bodyOf(text).contains("\r\no=- 1 1 IN IP6 2001:db8::5\r\n"));
    QVERIFY(bodyOf(text).contains("\r\nc=IN IP6 2001:db8::5\r\n"));
}

void TestSofiaCarrierMapping::toCarrierRequest()
{
    const QByteArray bye = message("BYE sip:+4921199887766@198.51.100.5:5060;transport=udp SIP/2.0\n"
                                   "Via: SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bK-map-5\n"
                                   "Route: <sip:198.51.100.6;lr>, <sip:203.0.113.9;lr>\n"
                                   "Max-Forwards: 69\n"
                                   "From: <sip:+4930123456@192.0.2.1>;tag=t1\n"
                                   "To: <sip:+4921199887766@10.20.0.5>;tag=c1\n"
                                   "Call-ID: map-1@10.20.0.5\n"
                                   "CSeq: 2 BYE\n"
                                   "Contact: <sip:core@198.51.100.5>\n");
    const auto parsed = parse(bye);
    QVERIFY(parsed);
    QCOMPARE(SofiaCarrierMapping::applyToCarrierRequest(parsed->message(), parsed->sip(),
                                                        rewriter(MappingDirection::ToCarrier)),
             2);
    const QByteArray text = textOf(*parsed);
    QVERIFY2(text.startsWith("BYE sip:+4921199887766@10.20.0.5:5060;transport=udp SIP/2.0\r\n"), text.constData());
    QCOMPARE(elements(text, "Route"), (QList<QByteArray>{"<sip:10.20.0.6;lr>", "<sip:203.0.113.9;lr>"}));
    // Only the Request-URI and the Route set: the rest of the request is ours, not the carrier's.
    QCOMPARE(values(text, "Contact"), QList<QByteArray>{"<sip:core@198.51.100.5>"});
    QCOMPARE(values(text, "Via"), QList<QByteArray>{"SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bK-map-5"});
    QCOMPARE(parsed->view().uriField(UriField::RuriHost), std::string_view("10.20.0.5"));
}

void TestSofiaCarrierMapping::toCarrierRequestLeavesOtherHosts()
{
    const QByteArray invite = message("INVITE sip:+4921199887766@carrier.example.net SIP/2.0\n"
                                      "Via: SIP/2.0/UDP 192.0.2.50:5060;branch=z9hG4bK-map-6\n"
                                      "Route: <sip:198.51.100.5;lr>\n"
                                      "From: <sip:+4930123456@192.0.2.1>;tag=t1\n"
                                      "To: <sip:+4921199887766@carrier.example.net>\n"
                                      "Call-ID: map-6\n"
                                      "CSeq: 1 INVITE\n");
    const auto parsed = parse(invite);
    QVERIFY(parsed);
    QCOMPARE(SofiaCarrierMapping::applyToCarrierRequest(parsed->message(), parsed->sip(),
                                                        rewriter(MappingDirection::ToCarrier)),
             1);
    const QByteArray text = textOf(*parsed);
    QVERIFY(text.startsWith("INVITE sip:+4921199887766@carrier.example.net SIP/2.0\r\n"));
    QCOMPARE(values(text, "Route"), QList<QByteArray>{"<sip:10.20.0.5;lr>"});
}

void TestSofiaCarrierMapping::toCarrierResponse()
{
    const QByteArray ringing =
        message("SIP/2.0 180 Ringing\n"
                "Via: SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK-map-7;received=198.51.100.5;rport=5060\n"
                "Via: SIP/2.0/UDP 10.20.0.9:5060;branch=z9hG4bK-upstream;received=198.51.100.6\n"
                "From: <sip:+4921199887766@10.20.0.5>;tag=c1\n"
                "To: <sip:+4930123456@192.0.2.1>;tag=t1\n"
                "Call-ID: map-7\n"
                "CSeq: 1 INVITE\n"
                "Contact: <sip:core@198.51.100.6>\n");
    const auto parsed = parse(ringing);
    QVERIFY(parsed);
    QCOMPARE(SofiaCarrierMapping::applyToCarrierResponse(parsed->message(), parsed->sip(),
                                                         rewriter(MappingDirection::ToCarrier)),
             1);
    const QByteArray text = textOf(*parsed);
    // The carrier's own Via gets back the address it knows; the Vias below are its upstream's.
    QCOMPARE(values(text, "Via"),
             (QList<QByteArray>{"SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK-map-7;received=10.20.0.5;rport=5060",
                                "SIP/2.0/UDP 10.20.0.9:5060;branch=z9hG4bK-upstream;received=198.51.100.6"}));
    QCOMPARE(values(text, "Contact"), QList<QByteArray>{"<sip:core@198.51.100.6>"});
    QVERIFY(text.startsWith("SIP/2.0 180 Ringing\r\n"));
}

void TestSofiaCarrierMapping::toCarrierResponseOnlyTopVia()
{
    // Several Via values on one line: only the first one is the carrier's.
    const QByteArray ok = message("SIP/2.0 200 OK\n"
                                  "Via: SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK-map-8;received=198.51.100.5, "
                                  "SIP/2.0/UDP 10.20.0.9;branch=z9hG4bK-up;received=198.51.100.5\n"
                                  "From: <sip:a@10.20.0.5>;tag=c1\n"
                                  "To: <sip:b@192.0.2.1>;tag=t1\n"
                                  "Call-ID: map-8\n"
                                  "CSeq: 1 OPTIONS\n");
    const auto parsed = parse(ok);
    QVERIFY(parsed);
    QCOMPARE(SofiaCarrierMapping::applyToCarrierResponse(parsed->message(), parsed->sip(),
                                                         rewriter(MappingDirection::ToCarrier)),
             1);
    const QByteArray text = textOf(*parsed);
    QCOMPARE(elements(text, "Via"),
             (QList<QByteArray>{"SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK-map-8;received=10.20.0.5",
                                "SIP/2.0/UDP 10.20.0.9;branch=z9hG4bK-up;received=198.51.100.5"}));
}

void TestSofiaCarrierMapping::nothingToMapIsByteIdentical_data()
{
    QTest::addColumn<QByteArray>("text");

    const QByteArray publicSdp = "v=0\n"
                                 "o=- 1 1 IN IP4 203.0.113.9\n"
                                 "s=-\n"
                                 "c=IN IP4 203.0.113.9\n"
                                 "t=0 0\n"
                                 "m=audio 5004 RTP/AVP 0\n";
    QTest::newRow("INVITE with public addresses only")
        << message("INVITE sip:bob@192.0.2.1 SIP/2.0\n"
                   "Via: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK-same-1;received=203.0.113.9\n"
                   "Record-Route: <sip:203.0.113.10;lr>\n"
                   "Route: <sip:203.0.113.11;lr>\n"
                   "Max-Forwards: 70\n"
                   "From: <sip:alice@203.0.113.9>;tag=s1\n"
                   "To: <sip:bob@192.0.2.1>\n"
                   "Call-ID: same-1\n"
                   "CSeq: 1 INVITE\n"
                   "Contact: <sip:alice@203.0.113.9:5060>\n",
                   publicSdp);
    QTest::newRow("response with public addresses only")
        << message("SIP/2.0 200 OK\n"
                   "Via: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK-same-2;received=203.0.113.9\n"
                   "From: <sip:alice@203.0.113.9>;tag=s1\n"
                   "To: <sip:bob@192.0.2.1>;tag=s2\n"
                   "Call-ID: same-2\n"
                   "CSeq: 1 INVITE\n"
                   "Contact: <sip:bob@core.example.net>\n",
                   publicSdp);
    QTest::newRow("no Contact, no body") << message("OPTIONS sip:192.0.2.1 SIP/2.0\n"
                                                    "Via: SIP/2.0/UDP 203.0.113.9:5060;branch=z9hG4bK-same-3\n"
                                                    "From: <sip:ping@203.0.113.9>;tag=s1\n"
                                                    "To: <sip:192.0.2.1>\n"
                                                    "Call-ID: same-3\n"
                                                    "CSeq: 1 OPTIONS\n");
}

void TestSofiaCarrierMapping::nothingToMapIsByteIdentical()
{
    QFETCH(QByteArray, text);
    const IpMappingRewriter fromCarrier = rewriter(MappingDirection::FromCarrier);
    const IpMappingRewriter toCarrier = rewriter(MappingDirection::ToCarrier);
    const auto parsed = parse(text);
    QVERIFY(parsed);
    QCOMPARE(SofiaCarrierMapping::applyFromCarrier(parsed->message(), parsed->sip(), fromCarrier), 0);
    QCOMPARE(SofiaCarrierMapping::applyToCarrierRequest(parsed->message(), parsed->sip(), toCarrier), 0);
    QCOMPARE(SofiaCarrierMapping::applyToCarrierResponse(parsed->message(), parsed->sip(), toCarrier), 0);
    QCOMPARE(textOf(*parsed), text);
}

void TestSofiaCarrierMapping::emptyRewriterChangesNothing()
{
    const QByteArray text = inviteFromCarrier("<sip:a@10.20.0.5>", "<sip:10.20.0.6;lr>", CarrierSdp);
    const auto parsed = parse(text);
    QVERIFY(parsed);
    const IpMappingRewriter none;
    QCOMPARE(SofiaCarrierMapping::applyFromCarrier(parsed->message(), parsed->sip(), none), 0);
    QCOMPARE(SofiaCarrierMapping::applyToCarrierRequest(parsed->message(), parsed->sip(), none), 0);
    QCOMPARE(SofiaCarrierMapping::applyToCarrierResponse(parsed->message(), parsed->sip(), none), 0);
    QCOMPARE(textOf(*parsed), text);
}

QTEST_GUILESS_MAIN(TestSofiaCarrierMapping)
#include "TestSofiaCarrierMapping.moc"
