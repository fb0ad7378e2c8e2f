#include "net/SipUri.h"

#include <QTest>

using namespace tollgate;

namespace {

QByteArray text(std::string_view view)
{
    return QByteArray(view.data(), qsizetype(view.size()));
}

} // namespace

class TestSipUri : public QObject
{
    Q_OBJECT

private slots:
    void parses_data();
    void parses();
    void rejects_data();
    void rejects();
    void parameters();
    void withUserAndHost_data();
    void withUserAndHost();
    void validHosts_data();
    void validHosts();
};

void TestSipUri::parses_data()
{
    QTest::addColumn<QByteArray>("uri");
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("user");
    QTest::addColumn<QByteArray>("password");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QByteArray>("parameters");
    QTest::addColumn<QByteArray>("headers");
    QTest::newRow("host only") << QByteArray("sip:192.0.2.1") << QByteArray("sip") << QByteArray() << QByteArray()
                               << QByteArray("192.0.2.1") << 0 << QByteArray() << QByteArray();
    QTest::newRow("user and host") << QByteArray("sip:alice@example.com") << QByteArray("sip") << QByteArray("alice")
                                   << QByteArray() << QByteArray("example.com") << 0 << QByteArray() << QByteArray();
    QTest::newRow("everything") << QByteArray("sip:alice:secret@example.com:5060;transport=tcp;lr?Subject=hi")
                                << QByteArray("sip") << QByteArray("alice") << QByteArray("secret")
                                << QByteArray("example.com") << 5060 << QByteArray(";transport=tcp;lr")
                                << QByteArray("?Subject=hi");
    QTest::newRow("sips and IPv6") << QByteArray("sips:[2001:db8::1]:5061") << QByteArray("sips") << QByteArray()
                                   << QByteArray() << QByteArray("[2001:db8::1]") << 5061 << QByteArray()
                                   << QByteArray();
    QTest::newRow("user parameters") << QByteArray("sip:+15551234;npdi@gw.example.net") << QByteArray("sip")
                                     << QByteArray("+15551234;npdi") << QByteArray() << QByteArray("gw.example.net")
                                     << 0 << QByteArray() << QByteArray();
    QTest::newRow("scheme in upper case")
        << QByteArray("SIP:Example.COM") << QByteArray("SIP") << QByteArray() << QByteArray()
        << QByteArray("Example.COM") << 0 << QByteArray() << QByteArray();
    QTest::newRow("tel") << QByteArray("tel:+15551234;phone-context=example.com") << QByteArray("tel")
                         << QByteArray("+15551234") << QByteArray() << QByteArray() << 0
                         << QByteArray(";phone-context=example.com") << QByteArray();
}

void TestSipUri::parses()
{
    QFETCH(QByteArray, uri);
    const std::string source = uri.toStdString();
    std::string error;
    const std::optional<SipUri> parsed = SipUri::parse(source, &error);
    QVERIFY2(parsed, error.c_str());
    QTEST(text(parsed->scheme), "scheme");
    QTEST(text(parsed->user), "user");
    QTEST(text(parsed->password), "password");
    QTEST(text(parsed->host), "host");
    QTEST(parsed->port, "port");
    QTEST(text(parsed->parameters), "parameters");
    QTEST(text(parsed->headers), "headers");
}

void TestSipUri::rejects_data()
{
    QTest::addColumn<QByteArray>("uri");
    QTest::addColumn<QByteArray>("error");
    QTest::newRow("empty") << QByteArray() << QByteArray("has no scheme (expected sip:, sips: or tel:)");
    QTest::newRow("no scheme") << QByteArray("example.com")
                               << QByteArray("has no scheme (expected sip:, sips: or tel:)");
    QTest::newRow("other scheme") << QByteArray("http://example.com")
                                  << QByteArray("has an unsupported scheme (expected sip:, sips: or tel:)");
    QTest::newRow("no host") << QByteArray("sip:") << QByteArray("has no host");
    QTest::newRow("user but no host") << QByteArray("sip:alice@") << QByteArray("has no host");
    QTest::newRow("empty user") << QByteArray("sip:@example.com") << QByteArray("has an empty user part before '@'");
    QTest::newRow("port zero") << QByteArray("sip:example.com:0")
                               << QByteArray("has a port that is not a number from 1 to 65535");
    QTest::newRow("port too large") << QByteArray("sip:example.com:65536")
                                    << QByteArray("has a port that is not a number from 1 to 65535");
    QTest::newRow("port not a number") << QByteArray("sip:example.com:50x")
                                       << QByteArray("has a port that is not a number from 1 to 65535");
    QTest::newRow("empty port") << QByteArray("sip:example.com:")
                                << QByteArray("has a port that is not a number from 1 to 65535");
    QTest::newRow("whitespace") << QByteArray("sip:alice @example.com")
                                << QByteArray("contains whitespace or angle brackets");
    QTest::newRow("angle brackets") << QByteArray("<sip:example.com>")
                                    << QByteArray("contains whitespace or angle brackets");
    QTest::newRow("unclosed IPv6") << QByteArray("sip:[2001:db8::1")
                                   << QByteArray("has an IPv6 host without its closing ']'");
    QTest::newRow("text after IPv6") << QByteArray("sip:[2001:db8::1]x") << QByteArray("has text after the IPv6 host");
    QTest::newRow("IPv4 octet over 255") << QByteArray("sip:192.0.2.256") << QByteArray("has an invalid host");
    QTest::newRow("underscore in host") << QByteArray("sip:core_a.example.net") << QByteArray("has an invalid host");
    QTest::newRow("IPv4 in brackets") << QByteArray("sip:[192.0.2.1]") << QByteArray("has an invalid host");
    QTest::newRow("tel without number") << QByteArray("tel:;phone-context=x") << QByteArray("tel: URI has no number");
}

void TestSipUri::rejects()
{
    QFETCH(QByteArray, uri);
    QFETCH(QByteArray, error);
    std::string actual;
    QVERIFY(!SipUri::parse(uri.toStdString(), &actual));
    QCOMPARE(QByteArray::fromStdString(actual), error);
}

void TestSipUri::parameters()
{
    const std::string source = "sip:core.example.net;transport=TCP;lr;maddr=192.0.2.1";
    const std::optional<SipUri> uri = SipUri::parse(source);
    QVERIFY(uri);
    QCOMPARE(text(*uri->parameter("transport")), QByteArray("TCP"));
    QCOMPARE(text(*uri->parameter("TRANSPORT")), QByteArray("TCP"));
    QVERIFY(uri->parameter("lr").has_value());
    QVERIFY(uri->parameter("lr")->empty());
    QCOMPARE(text(*uri->parameter("maddr")), QByteArray("192.0.2.1"));
    QVERIFY(!uri->parameter("ttl").has_value());
    QVERIFY(!uri->parameter("l").has_value()); // a prefix of "lr" is not "lr"

    const std::string ipv6 = "sip:[2001:db8::1]:5060";
    QCOMPARE(text(SipUri::parse(ipv6)->hostWithoutBrackets()), QByteArray("2001:db8::1"));
    const std::string name = "sip:example.com";
    QCOMPARE(text(SipUri::parse(name)->hostWithoutBrackets()), QByteArray("example.com"));
}

void TestSipUri::withUserAndHost_data()
{
    QTest::addColumn<QByteArray>("uri");
    QTest::addColumn<QByteArray>("user");
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("both replaced") << QByteArray("sip:alice@example.com:5060;transport=tcp?Subject=x")
                                   << QByteArray("bob") << QByteArray("192.0.2.1")
                                   << QByteArray("sip:bob@192.0.2.1:5060;transport=tcp?Subject=x");
    QTest::newRow("user removed") << QByteArray("sip:alice@example.com;lr") << QByteArray() << QByteArray("example.com")
                                  << QByteArray("sip:example.com;lr");
    QTest::newRow("user added") << QByteArray("sips:example.com") << QByteArray("+4420") << QByteArray("example.com")
                                << QByteArray("sips:+4420@example.com");
    QTest::newRow("password kept") << QByteArray("sip:alice:pw@example.com") << QByteArray("carol")
                                   << QByteArray("[2001:db8::1]") << QByteArray("sip:carol:pw@[2001:db8::1]");
    QTest::newRow("tel number") << QByteArray("tel:+15551234;phone-context=x") << QByteArray("+15559999")
                                << QByteArray() << QByteArray("tel:+15559999;phone-context=x");
}

void TestSipUri::withUserAndHost()
{
    QFETCH(QByteArray, uri);
    QFETCH(QByteArray, user);
    QFETCH(QByteArray, host);
    QFETCH(QByteArray, expected);
    const std::string source = uri.toStdString();
    const std::optional<SipUri> parsed = SipUri::parse(source);
    QVERIFY(parsed);
    const std::string rebuilt = parsed->withUserAndHost(user.toStdString(), host.toStdString());
    QCOMPARE(QByteArray::fromStdString(rebuilt), expected);
    QVERIFY(SipUri::parse(rebuilt)); // still a valid URI
}

void TestSipUri::validHosts_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("valid");
    QTest::newRow("name") << QByteArray("core.example.net") << true;
    QTest::newRow("fully qualified") << QByteArray("core.example.net.") << true;
    QTest::newRow("single label") << QByteArray("localhost") << true;
    QTest::newRow("IPv4") << QByteArray("192.0.2.1") << true;
    QTest::newRow("IPv6") << QByteArray("[2001:db8::1]") << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("IPv6 without brackets") << QByteArray("2001:db8::1") << false;
    QTest::newRow("IPv4 in brackets") << QByteArray("[192.0.2.1]") << false;
    QTest::newRow("bad IPv4") << QByteArray("192.0.2.256") << false;
    QTest::newRow("empty label") << QByteArray("core..example.net") << false;
    QTest::newRow("leading dot") << QByteArray(".example.net") << false;
    QTest::newRow("leading hyphen") << QByteArray("-core.example.net") << false;
    QTest::newRow("label ending in hyphen") << QByteArray("core-.example.net") << false;
    QTest::newRow("label starting with hyphen") << QByteArray("core.-example.net") << false;
    QTest::newRow("underscore") << QByteArray("core_a") << false;
    QTest::newRow("space") << QByteArray("core a") << false;
}

void TestSipUri::validHosts()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, valid);
    QCOMPARE(isValidSipHost(host.toStdString()), valid);
}

QTEST_GUILESS_MAIN(TestSipUri)
#include "TestSipUri.moc"
