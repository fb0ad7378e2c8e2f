#include "net/IpAddress.h"

#include <QTest>

using namespace tollgate;

class TestIpAddress : public QObject
{
    Q_OBJECT

private slots:
    void parsesLiterals_data();
    void parsesLiterals();
    void rejectsNonLiterals_data();
    void rejectsNonLiterals();
    void bitsAndBytes();
    void equality();
    void cidrParses_data();
    void cidrParses();
    void cidrRejects_data();
    void cidrRejects();
    void cidrContains_data();
    void cidrContains();
};

void TestIpAddress::parsesLiterals_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("v4");
    QTest::addColumn<QString>("canonical");
    QTest::newRow("IPv4") << QStringLiteral("192.0.2.1") << true << QStringLiteral("192.0.2.1");
    QTest::newRow("IPv4 zero") << QStringLiteral("0.0.0.0") << true << QStringLiteral("0.0.0.0");
    QTest::newRow("IPv6") << QStringLiteral("2001:db8::1") << false << QStringLiteral("2001:db8::1");
    QTest::newRow("IPv6 long form") << QStringLiteral("2001:0DB8:0:0:0:0:0:1") << false
                                    << QStringLiteral("2001:db8::1");
    QTest::newRow("IPv6 in brackets") << QStringLiteral("[2001:db8::1]") << false << QStringLiteral("2001:db8::1");
    QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << false << QStringLiteral("::1");
    QTest::newRow("IPv4-mapped stays IPv6")
        << QStringLiteral("::ffff:192.0.2.1") << false << QStringLiteral("::ffff:192.0.2.1");
}

void TestIpAddress::parsesLiterals()
{
    QFETCH(QString, text);
    QFETCH(bool, v4);
    QFETCH(QString, canonical);
    const std::optional<IpAddress> address = IpAddress::parse(text);
    QVERIFY(address);
    QCOMPARE(address->isV4(), v4);
    QCOMPARE(address->family(), v4 ? IpAddress::Family::V4 : IpAddress::Family::V6);
    QCOMPARE(address->bitLength(), v4 ? 32 : 128);
    QCOMPARE(address->toQString(), canonical);
    QCOMPARE(IpAddress::parse(address->toString()), address); // canonical text reads back
}

void TestIpAddress::rejectsNonLiterals_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("three parts") << QStringLiteral("192.0.2");
    QTest::newRow("five parts") << QStringLiteral("192.0.2.1.5");
    QTest::newRow("octet over 255") << QStringLiteral("192.0.2.256");
    QTest::newRow("leading zero") << QStringLiteral("192.0.2.01");
    QTest::newRow("trailing space") << QStringLiteral("192.0.2.1 ");
    QTest::newRow("hostname") << QStringLiteral("example.com");
    QTest::newRow("CIDR") << QStringLiteral("192.0.2.0/24");
    QTest::newRow("bad IPv6") << QStringLiteral("2001:db8:::1");
    QTest::newRow("IPv6 with zone") << QStringLiteral("fe80::1%eth0");
    QTest::newRow("unclosed bracket") << QStringLiteral("[2001:db8::1");
    QTest::newRow("IPv4 in brackets") << QStringLiteral("[192.0.2.1]");
    QTest::newRow("very long") << QString(200, QLatin1Char('1'));
}

void TestIpAddress::rejectsNonLiterals()
{
    QFETCH(QString, text);
    QVERIFY(!IpAddress::parse(text));
}

void TestIpAddress::bitsAndBytes()
{
    const IpAddress address = *IpAddress::parse(QStringLiteral("128.0.0.1"));
    QCOMPARE(address.bytes()[0], std::uint8_t(128));
    QVERIFY(address.bit(0));
    QVERIFY(!address.bit(1));
    QVERIFY(address.bit(31));
    QVERIFY(!address.bit(30));

    const std::uint8_t v4[4] = {192, 0, 2, 7};
    QCOMPARE(IpAddress::fromV4Bytes(v4), *IpAddress::parse(QStringLiteral("192.0.2.7")));
    std::uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8};
    v6[15] = 1;
    QCOMPARE(IpAddress::fromV6Bytes(v6), *IpAddress::parse(QStringLiteral("2001:db8::1")));
}

void TestIpAddress::equality()
{
    QCOMPARE(*IpAddress::parse(QStringLiteral("2001:db8::1")), *IpAddress::parse(QStringLiteral("2001:DB8:0::1")));
    QVERIFY(*IpAddress::parse(QStringLiteral("192.0.2.1")) != *IpAddress::parse(QStringLiteral("192.0.2.2")));
    // Same bytes, different family: ::c000:201 is not 192.0.2.1.
    QVERIFY(*IpAddress::parse(QStringLiteral("::c000:201")) != *IpAddress::parse(QStringLiteral("192.0.2.1")));
    QVERIFY(*IpAddress::parse(QStringLiteral("::ffff:192.0.2.1")) != *IpAddress::parse(QStringLiteral("192.0.2.1")));
}

void TestIpAddress::cidrParses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("prefixLength");
    QTest::addColumn<QByteArray>("canonical");
    QTest::newRow("IPv4 /24") << QByteArray("192.0.2.0/24") << 24 << QByteArray("192.0.2.0/24");
    QTest::newRow("plain IPv4 is /32") << QByteArray("192.0.2.1") << 32 << QByteArray("192.0.2.1/32");
    QTest::newRow("IPv4 /0") << QByteArray("0.0.0.0/0") << 0 << QByteArray("0.0.0.0/0");
    QTest::newRow("IPv4 /31") << QByteArray("192.0.2.2/31") << 31 << QByteArray("192.0.2.2/31");
    QTest::newRow("IPv6 /32") << QByteArray("2001:db8::/32") << 32 << QByteArray("2001:db8::/32");
    QTest::newRow("plain IPv6 is /128") << QByteArray("2001:db8::1") << 128 << QByteArray("2001:db8::1/128");
    QTest::newRow("IPv6 not on a byte boundary")
        << QByteArray("2001:db8:8000::/33") << 33 << QByteArray("2001:db8:8000::/33");
}

void TestIpAddress::cidrParses()
{
    QFETCH(QByteArray, text);
    QFETCH(int, prefixLength);
    QFETCH(QByteArray, canonical);
    std::string error;
    const std::optional<CidrBlock> block = CidrBlock::parse(text.toStdString(), &error);
    QVERIFY2(block, error.c_str());
    QCOMPARE(block->prefixLength(), prefixLength);
    QCOMPARE(QByteArray::fromStdString(block->toString()), canonical);
}

void TestIpAddress::cidrRejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("not an address") << QByteArray("example/24") << QByteArray("\"example\" is not an IP address");
    QTest::newRow("empty") << QByteArray() << QByteArray("\"\" is not an IP address");
    QTest::newRow("empty length") << QByteArray("192.0.2.0/") << QByteArray("prefix length \"\" is not a number");
    QTest::newRow("length not a number") << QByteArray("192.0.2.0/2x")
                                         << QByteArray("prefix length \"2x\" is not a number");
    QTest::newRow("IPv4 length too long")
        << QByteArray("192.0.2.0/33") << QByteArray("prefix length 33 is out of range 0-32");
    QTest::newRow("negative length") << QByteArray("192.0.2.0/-1")
                                     << QByteArray("prefix length -1 is out of range 0-32");
    QTest::newRow("IPv6 length too long")
        << QByteArray("2001:db8::/129") << QByteArray("prefix length 129 is out of range 0-128");
    QTest::newRow("host bits") << QByteArray("192.0.2.1/24")
                               << QByteArray("host bits are set below the /24 prefix (the network is 192.0.2.0/24)");
    QTest::newRow("host bits inside a byte")
        << QByteArray("10.0.0.0/6") << QByteArray("host bits are set below the /6 prefix (the network is 8.0.0.0/6)");
    QTest::newRow("IPv6 host bits") << QByteArray("2001:db8::1/64")
                                    << QByteArray(
                                           "host bits are set below the /64 prefix (the network is 2001:db8::/64)");
}

void TestIpAddress::cidrRejects()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, error);
    std::string actual;
    QVERIFY(!CidrBlock::parse(text.toStdString(), &actual));
    QCOMPARE(QByteArray::fromStdString(actual), error);
    QVERIFY(!CidrBlock::parse(text.toStdString())); // the error text is optional
}

void TestIpAddress::cidrContains_data()
{
    QTest::addColumn<QByteArray>("block");
    QTest::addColumn<QString>("address");
    QTest::addColumn<bool>("contained");
    QTest::newRow("inside") << QByteArray("192.0.2.0/24") << QStringLiteral("192.0.2.200") << true;
    QTest::newRow("network address") << QByteArray("192.0.2.0/24") << QStringLiteral("192.0.2.0") << true;
    QTest::newRow("outside") << QByteArray("192.0.2.0/24") << QStringLiteral("192.0.3.1") << false;
    QTest::newRow("partial byte inside") << QByteArray("192.0.2.128/25") << QStringLiteral("192.0.2.255") << true;
    QTest::newRow("partial byte outside") << QByteArray("192.0.2.128/25") << QStringLiteral("192.0.2.127") << false;
    QTest::newRow("single address") << QByteArray("192.0.2.1") << QStringLiteral("192.0.2.1") << true;
    QTest::newRow("single address, other") << QByteArray("192.0.2.1") << QStringLiteral("192.0.2.2") << false;
    QTest::newRow("everything IPv4") << QByteArray("0.0.0.0/0") << QStringLiteral("203.0.113.9") << true;
    QTest::newRow("IPv4 block, IPv6 address") << QByteArray("0.0.0.0/0") << QStringLiteral("::1") << false;
    QTest::newRow("IPv4-mapped is not IPv4")
        << QByteArray("192.0.2.0/24") << QStringLiteral("::ffff:192.0.2.1") << false;
    QTest::newRow("IPv6 inside") << QByteArray("2001:db8::/32") << QStringLiteral("2001:db8:ffff::1") << true;
    QTest::newRow("IPv6 outside") << QByteArray("2001:db8::/32") << QStringLiteral("2001:db9::1") << false;
    QTest::newRow("IPv6 /33") << QByteArray("2001:db8:8000::/33") << QStringLiteral("2001:db8:7fff::1") << false;
}

void TestIpAddress::cidrContains()
{
    QFETCH(QByteArray, block);
    QFETCH(QString, address);
    QFETCH(bool, contained);
    const std::optional<CidrBlock> parsed = CidrBlock::parse(block.toStdString());
    QVERIFY(parsed);
    QCOMPARE(parsed->contains(*IpAddress::parse(address)), contained);
}

QTEST_GUILESS_MAIN(TestIpAddress)
#include "TestIpAddress.moc"
