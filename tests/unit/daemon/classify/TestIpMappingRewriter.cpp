#include "classify/IpMappingRewriter.h"

#include <QTest>

using namespace tollgate;

namespace {

/// 10.20.0.5 -> 198.51.100.5, 10.20.0.6 -> 198.51.100.6, fd00::5 -> 2001:db8::5, and a mapping
/// that crosses families: 10.20.0.7 -> 2001:db8::7.
QList<IpMapping> mappings()
{
    return {
        IpMapping{QStringLiteral("10.20.0.5"), QStringLiteral("198.51.100.5")},
        IpMapping{QStringLiteral("10.20.0.6"), QStringLiteral("198.51.100.6")},
        IpMapping{QStringLiteral("fd00::5"), QStringLiteral("2001:db8::5")},
        IpMapping{QStringLiteral("10.20.0.7"), QStringLiteral("2001:db8::7")},
    };
}

IpMappingRewriter rewriter(MappingDirection direction)
{
    IpMappingRewriter result;
    QString error;
    if (!IpMappingRewriter::build(mappings(), direction, &result, &error))
        qFatal("cannot build the rewriter: %s", qPrintable(error));
    return result;
}

} // namespace

class TestIpMappingRewriter : public QObject
{
    Q_OBJECT

private slots:
    void uri_data()
    {
        QTest::addColumn<bool>("toCarrier");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("count");

        QTest::newRow("request-uri") << false << "sip:+4420123@10.20.0.5:5060;transport=udp"
                                     << "sip:+4420123@198.51.100.5:5060;transport=udp" << 1;
        QTest::newRow("no user") << false << "sip:10.20.0.6"
                                 << "sip:198.51.100.6" << 1;
        QTest::newRow("sips with headers") << false << "sips:bob@10.20.0.5?Subject=x"
                                           << "sips:bob@198.51.100.5?Subject=x" << 1;
        QTest::newRow("IPv6 in brackets") << false << "sip:bob@[fd00::5]:5062"
                                          << "sip:bob@[2001:db8::5]:5062" << 1;
        QTest::newRow("IPv4 to IPv6 gets brackets") << false << "sip:bob@10.20.0.7"
                                                    << "sip:bob@[2001:db8::7]" << 1;
        QTest::newRow("unmapped address") << false << "sip:bob@10.20.0.9"
                                          << "sip:bob@10.20.0.9" << 0;
        QTest::newRow("hostname") << false << "sip:bob@carrier.example.net"
                                  << "sip:bob@carrier.example.net" << 0;
        QTest::newRow("tel uri") << false << "tel:+442012345"
                                 << "tel:+442012345" << 0;
        QTest::newRow("not a uri") << false << "garbage"
                                   << "garbage" << 0;
        QTest::newRow("public address left alone from carrier") << false << "sip:bob@198.51.100.5"
                                                                << "sip:bob@198.51.100.5" << 0;
        QTest::newRow("to carrier: public to private") << true << "sip:+4420@198.51.100.5:5060"
                                                       << "sip:+4420@10.20.0.5:5060" << 1;
        QTest::newRow("to carrier: IPv6 back to IPv4") << true << "sip:bob@[2001:db8::7]"
                                                       << "sip:bob@10.20.0.7" << 1;
    }

    void uri()
    {
        QFETCH(bool, toCarrier);
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(int, count);

        std::string text = input.toStdString();
        const int replaced =
            rewriter(toCarrier ? MappingDirection::ToCarrier : MappingDirection::FromCarrier).rewriteUri(&text);
        QCOMPARE(QString::fromStdString(text), expected);
        QCOMPARE(replaced, count);
    }

    void addressList_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("count");

        QTest::newRow("contact with display name and params")
            << "\"Carrier, Inc. <ops>\" <sip:gw@10.20.0.5:5060;transport=udp>;expires=3600;+sip.instance=\"<urn:x>\""
            << "\"Carrier, Inc. <ops>\" <sip:gw@198.51.100.5:5060;transport=udp>;expires=3600;+sip.instance=\"<urn:x>\""
            << 1;
        QTest::newRow("record-route set")
            << "<sip:10.20.0.5;lr>, <sip:10.20.0.9;lr>,<sip:[fd00::5];lr;ftag=a>"
            << "<sip:198.51.100.5;lr>, <sip:10.20.0.9;lr>,<sip:[2001:db8::5];lr;ftag=a>" << 2;
        QTest::newRow("addr-spec with header params") << "sip:gw@10.20.0.6;expires=60"
                                                      << "sip:gw@198.51.100.6;expires=60" << 1;
        QTest::newRow("star contact") << "*"
                                      << "*" << 0;
        QTest::newRow("hostnames only") << "<sip:a@example.com>, <sip:b@example.org>"
                                        << "<sip:a@example.com>, <sip:b@example.org>" << 0;
    }

    void addressList()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(int, count);

        std::string text = input.toStdString();
        QCOMPARE(rewriter(MappingDirection::FromCarrier).rewriteAddressList(&text), count);
        QCOMPARE(QString::fromStdString(text), expected);
    }

    void viaReceived_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("count");

        QTest::newRow("received rewritten, sent-by kept")
            << "SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK776;received=10.20.0.5;rport=5060"
            << "SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK776;received=198.51.100.5;rport=5060" << 1;
        QTest::newRow("two values, spaces around =")
            << "SIP/2.0/UDP a.example;received = 10.20.0.6, SIP/2.0/TCP b.example;branch=z9;RECEIVED=10.20.0.5"
            << "SIP/2.0/UDP a.example;received = 198.51.100.6, SIP/2.0/TCP b.example;branch=z9;RECEIVED=198.51.100.5"
            << 2;
        QTest::newRow("IPv6 keeps its brackets") << "SIP/2.0/UDP [fd00::5]:5060;received=[fd00::5];branch=z9"
                                                 << "SIP/2.0/UDP [fd00::5]:5060;received=[2001:db8::5];branch=z9" << 1;
        QTest::newRow("IPv6 without brackets") << "SIP/2.0/UDP x;received=fd00::5"
                                               << "SIP/2.0/UDP x;received=2001:db8::5" << 1;
        QTest::newRow("no received") << "SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK776;rport"
                                     << "SIP/2.0/UDP 10.20.0.5:5060;branch=z9hG4bK776;rport" << 0;
        QTest::newRow("received-like parameter name") << "SIP/2.0/UDP x;received2=10.20.0.5"
                                                      << "SIP/2.0/UDP x;received2=10.20.0.5" << 0;
    }

    void viaReceived()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(int, count);

        std::string text = input.toStdString();
        QCOMPARE(rewriter(MappingDirection::FromCarrier).rewriteViaReceived(&text), count);
        QCOMPARE(QString::fromStdString(text), expected);
    }

    void sdp_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("count");

        const QString carrierOffer = QStringLiteral("v=0\r\n"
                                                    "o=- 4711 1 IN IP4 10.20.0.5\r\n"
                                                    "s=call\r\n"
                                                    "c=IN IP4 10.20.0.5\r\n"
                                                    "t=0 0\r\n"
                                                    "m=audio 40000 RTP/AVP 0 8\r\n"
                                                    "c=IN IP4 10.20.0.6\r\n"
                                                    "a=rtcp:40001 IN IP4 10.20.0.5\r\n"
                                                    "a=candidate:1 1 UDP 2130706431 10.20.0.5 40000 typ host\r\n"
                                                    "m=video 40002 RTP/AVP 96\r\n"
                                                    "c=IN IP4 10.20.0.9\r\n");
        QString rewrittenOffer = carrierOffer;
        rewrittenOffer
            .replace(QStringLiteral("o=- 4711 1 IN IP4 10.20.0.5"), QStringLiteral("o=- 4711 1 IN IP4 198.51.100.5"))
            .replace(QStringLiteral("c=IN IP4 10.20.0.5"), QStringLiteral("c=IN IP4 198.51.100.5"))
            .replace(QStringLiteral("c=IN IP4 10.20.0.6"), QStringLiteral("c=IN IP4 198.51.100.6"));
        QTest::newRow("CRLF, two media sections, other lines untouched") << carrierOffer << rewrittenOffer << 3;

        QString lineFeedOffer = carrierOffer;
        lineFeedOffer.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        QString lineFeedRewritten = rewrittenOffer;
        lineFeedRewritten.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        QTest::newRow("LF line endings") << lineFeedOffer << lineFeedRewritten << 3;

        QTest::newRow("IPv6 without brackets") << "v=0\r\no=alice 1 2 IN IP6 fd00::5\r\nc=IN IP6 fd00::5\r\n"
                                               << "v=0\r\no=alice 1 2 IN IP6 2001:db8::5\r\nc=IN IP6 2001:db8::5\r\n"
                                               << 2;
        QTest::newRow("family change rewrites the address type") << "c=IN IP4 10.20.0.7\r\nm=audio 1 RTP/AVP 0\r\n"
                                                                 << "c=IN IP6 2001:db8::7\r\nm=audio 1 RTP/AVP 0\r\n"
                                                                 << 1;
        QTest::newRow("multicast ttl suffix kept") << "c=IN IP4 10.20.0.5/127\n"
                                                   << "c=IN IP4 198.51.100.5/127\n"
                                                   << 1;
        QTest::newRow("no final newline") << "v=0\r\nc=IN IP4 10.20.0.5"
                                          << "v=0\r\nc=IN IP4 198.51.100.5" << 1;
        QTest::newRow("address type mismatch untouched") << "c=IN IP6 10.20.0.5\r\n"
                                                         << "c=IN IP6 10.20.0.5\r\n"
                                                         << 0;
        QTest::newRow("hold address untouched") << "c=IN IP4 0.0.0.0\r\n"
                                                << "c=IN IP4 0.0.0.0\r\n"
                                                << 0;
    }

    void sdp()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(int, count);

        std::string body = input.toStdString();
        QCOMPARE(rewriter(MappingDirection::FromCarrier).rewriteSdp(&body), count);
        QCOMPARE(QString::fromStdString(body), expected);
    }

    void sdpRoundTripToCarrier()
    {
        // What we send to the carrier carries the public address; the carrier expects its private one.
        std::string body = "v=0\r\no=tollgate 1 1 IN IP4 198.51.100.5\r\nc=IN IP4 198.51.100.6\r\n";
        QCOMPARE(rewriter(MappingDirection::ToCarrier).rewriteSdp(&body), 2);
        QCOMPARE(body, std::string("v=0\r\no=tollgate 1 1 IN IP4 10.20.0.5\r\nc=IN IP4 10.20.0.6\r\n"));
    }

    void emptyRewriterChangesNothing()
    {
        const IpMappingRewriter empty;
        QVERIFY(empty.isEmpty());
        std::string uri = "sip:bob@10.20.0.5";
        QCOMPARE(empty.rewriteUri(&uri), 0);
        QCOMPARE(uri, std::string("sip:bob@10.20.0.5"));
    }

    void firstMappingOfAnAddressWins()
    {
        const QList<IpMapping> duplicate{IpMapping{QStringLiteral("10.0.0.1"), QStringLiteral("192.0.2.1")},
                                         IpMapping{QStringLiteral("10.0.0.2"), QStringLiteral("192.0.2.1")}};
        IpMappingRewriter toCarrier;
        QString error;
        QVERIFY(IpMappingRewriter::build(duplicate, MappingDirection::ToCarrier, &toCarrier, &error));
        QCOMPARE(toCarrier.map(*IpAddress::parse(std::string_view("192.0.2.1")))->toString(), std::string("10.0.0.1"));
    }

    void badMappingFails()
    {
        IpMappingRewriter result;
        QString error;
        QVERIFY(!IpMappingRewriter::build({IpMapping{QStringLiteral("10.0.0.300"), QStringLiteral("192.0.2.1")}},
                                          MappingDirection::FromCarrier, &result, &error));
        QVERIFY2(error.contains(QStringLiteral("mapping 1")) && error.contains(QStringLiteral("10.0.0.300")),
                 qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestIpMappingRewriter)
#include "TestIpMappingRewriter.moc"
