#include "classify/CarrierClassifier.h"

#include <QTest>

using namespace tollgate;

namespace {

Carrier makeCarrier(const QString& name, const QList<CarrierAddress>& addresses, const QList<IpMapping>& mappings = {})
{
    Carrier carrier;
    carrier.name = name;
    carrier.addresses = addresses;
    carrier.mappings = mappings;
    return carrier;
}

CarrierAddress address(const QString& text, quint16 port = 0, Transport transport = Transport::Any)
{
    return CarrierAddress{text, port, transport};
}

/// core (0): 127.0.0.1:5080 and 2001:db8:1::10; demo-carrier (1): 127.0.0.0/8 any port;
/// acme (2): 203.0.113.0/24 UDP only, 203.0.113.128/25 any, 2001:db8::/32, and a mapping whose
/// public address is 198.51.100.5; tcp-only (3): 203.0.113.0/24 over TCP.
QList<Carrier> carriers()
{
    return {
        makeCarrier(QStringLiteral("core"),
                    {address(QStringLiteral("127.0.0.1"), 5080), address(QStringLiteral("2001:db8:1::10"))}),
        makeCarrier(QStringLiteral("demo-carrier"), {address(QStringLiteral("127.0.0.0/8"))}),
        makeCarrier(QStringLiteral("acme"),
                    {address(QStringLiteral("203.0.113.0/24"), 0, Transport::Udp),
                     address(QStringLiteral("203.0.113.128/25")), address(QStringLiteral("2001:db8::/32"))},
                    {IpMapping{QStringLiteral("10.20.0.5"), QStringLiteral("198.51.100.5")}}),
        makeCarrier(QStringLiteral("tcp-only"), {address(QStringLiteral("203.0.113.0/24"), 0, Transport::Tcp)}),
    };
}

} // namespace

class TestCarrierClassifier : public QObject
{
    Q_OBJECT

private slots:
    void classify_data()
    {
        QTest::addColumn<QString>("ip");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("transport");
        QTest::addColumn<int>("expected");

        const int udp = int(Transport::Udp);
        const int tcp = int(Transport::Tcp);
        const int tls = int(Transport::Tls);
        QTest::newRow("core on its port beats the /8") << "127.0.0.1" << 5080 << udp << 0;
        QTest::newRow("core address, other port: the /8") << "127.0.0.1" << 5060 << udp << 1;
        QTest::newRow("elsewhere in 127/8") << "127.4.5.6" << 5080 << tcp << 1;
        QTest::newRow("acme /24 over udp") << "203.0.113.7" << 5060 << udp << 2;
        QTest::newRow("same /24 over tcp: the tcp-only entry") << "203.0.113.7" << 5060 << tcp << 3;
        QTest::newRow("same /24 over tls: nobody") << "203.0.113.7" << 5060 << tls << -1;
        QTest::newRow("longer /25 wins over transport match") << "203.0.113.200" << 5060 << tcp << 2;
        QTest::newRow("mapped public address") << "198.51.100.5" << 5060 << udp << 2;
        QTest::newRow("next to the mapped address") << "198.51.100.6" << 5060 << udp << -1;
        QTest::newRow("private address is not a source") << "10.20.0.5" << 5060 << udp << -1;
        QTest::newRow("IPv6 host beats the /32") << "2001:db8:1::10" << 5060 << udp << 0;
        QTest::newRow("IPv6 in the /32") << "2001:db8:ffff::1" << 5060 << tls << 2;
        QTest::newRow("IPv6 outside") << "2001:db9::1" << 5060 << udp << -1;
        QTest::newRow("IPv4-mapped IPv6 is not IPv4") << "::ffff:127.0.0.1" << 5080 << udp << -1;
        QTest::newRow("unknown IPv4") << "192.0.2.1" << 5060 << udp << -1;
    }

    void classify()
    {
        QFETCH(QString, ip);
        QFETCH(int, port);
        QFETCH(int, transport);
        QFETCH(int, expected);

        CarrierClassifier classifier;
        QString error;
        QVERIFY2(CarrierClassifier::build(carriers(), &classifier, &error), qPrintable(error));
        const std::optional<IpAddress> address = IpAddress::parse(ip);
        QVERIFY(address);
        QCOMPARE(classifier.classify(*address, quint16(port), Transport(transport)), expected);
    }

    void portSpecificBeatsAnyPortAtTheSamePrefix()
    {
        const QList<Carrier> list{
            makeCarrier(QStringLiteral("any-port"), {address(QStringLiteral("192.0.2.10"))}),
            makeCarrier(QStringLiteral("port-5070"), {address(QStringLiteral("192.0.2.10"), 5070)}),
            makeCarrier(QStringLiteral("port-5070-tcp"), {address(QStringLiteral("192.0.2.10"), 5070, Transport::Tcp)}),
        };
        CarrierClassifier classifier;
        QString error;
        QVERIFY2(CarrierClassifier::build(list, &classifier, &error), qPrintable(error));
        const IpAddress ip = *IpAddress::parse(std::string_view("192.0.2.10"));
        QCOMPARE(classifier.classify(ip, 5070, Transport::Udp), 1);
        QCOMPARE(classifier.classify(ip, 5070, Transport::Tcp), 2);
        QCOMPARE(classifier.classify(ip, 5060, Transport::Tcp), 0);
        QCOMPARE(classifier.entryCount(), std::size_t(3));
    }

    void sameEntryTwiceGoesToTheFirstCarrier()
    {
        const QList<Carrier> list{
            makeCarrier(QStringLiteral("first"), {address(QStringLiteral("192.0.2.0/24"))}),
            makeCarrier(QStringLiteral("second"), {address(QStringLiteral("192.0.2.0/24"))}),
        };
        CarrierClassifier classifier;
        QString error;
        QVERIFY(CarrierClassifier::build(list, &classifier, &error));
        QCOMPARE(classifier.classify(*IpAddress::parse(std::string_view("192.0.2.1")), 5060, Transport::Udp), 0);
    }

    void zeroLengthPrefixMatchesEverythingOfItsFamily()
    {
        const QList<Carrier> list{makeCarrier(QStringLiteral("everyone"), {address(QStringLiteral("0.0.0.0/0"))})};
        CarrierClassifier classifier;
        QString error;
        QVERIFY(CarrierClassifier::build(list, &classifier, &error));
        QCOMPARE(classifier.classify(*IpAddress::parse(std::string_view("8.8.8.8")), 1, Transport::Udp), 0);
        QCOMPARE(classifier.classify(*IpAddress::parse(std::string_view("2001:db8::1")), 1, Transport::Udp), -1);
    }

    void emptyClassifierFindsNothing()
    {
        const CarrierClassifier classifier;
        QCOMPARE(classifier.classify(*IpAddress::parse(std::string_view("127.0.0.1")), 5060, Transport::Udp), -1);
    }

    void badInputFailsWithItsPlace_data()
    {
        QTest::addColumn<QString>("addressText");
        QTest::addColumn<QString>("publicAddress");
        QTest::addColumn<QString>("expectedPart");

        QTest::newRow("not an address") << "example.com"
                                        << "198.51.100.1"
                                        << "carrier \"bad\" › address 1";
        QTest::newRow("host bits set") << "192.0.2.1/24"
                                       << "198.51.100.1"
                                       << "host bits";
        QTest::newRow("prefix too long") << "192.0.2.0/33"
                                         << "198.51.100.1"
                                         << "out of range";
        QTest::newRow("mapping public address") << "192.0.2.0/24"
                                                << "not-an-ip"
                                                << "carrier \"bad\" › mapping 1";
    }

    void badInputFailsWithItsPlace()
    {
        QFETCH(QString, addressText);
        QFETCH(QString, publicAddress);
        QFETCH(QString, expectedPart);

        const QList<Carrier> list{makeCarrier(QStringLiteral("bad"), {address(addressText)},
                                              {IpMapping{QStringLiteral("10.0.0.1"), publicAddress}})};
        CarrierClassifier classifier;
        QString error;
        QVERIFY(!CarrierClassifier::build(list, &classifier, &error));
        QVERIFY2(error.contains(expectedPart), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestCarrierClassifier)
#include "TestCarrierClassifier.moc"
