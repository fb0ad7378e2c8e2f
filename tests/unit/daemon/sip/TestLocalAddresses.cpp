// LocalAddresses: recognising our own host:port in Route and Via entries, picking the listen
// entry per transport and family, and the Record-Route URIs built from them.
#include "sip/LocalAddresses.h"

#include <QTest>

using namespace tollgate;

Q_DECLARE_METATYPE(tollgate::Transport)

namespace {

LocalAddresses proxyAddresses()
{
    LocalAddresses local;
    local.add({Transport::Udp, "192.0.2.1", 5060, false});
    local.add({Transport::Tcp, "192.0.2.1", 5060, false});
    local.add({Transport::Tls, "192.0.2.1", 5061, false});
    local.add({Transport::Udp, "[2001:db8::1]", 5070, true});
    return local;
}

} // namespace

class TestLocalAddresses : public QObject
{
    Q_OBJECT

private slots:
    void emptyHasNothingLocal();
    void entriesKeepTheirOrder();
    void isLocal_data();
    void isLocal();
    void find_data();
    void find();
    void findPrefersTheFirstEntry();
    void recordRouteUri_data();
    void recordRouteUri();
};

void TestLocalAddresses::emptyHasNothingLocal()
{
    const LocalAddresses local;
    QVERIFY(local.entries().empty());
    QVERIFY(!local.isLocal("127.0.0.1", 5060));
    QVERIFY(!local.isLocal("127.0.0.1", 0));
    QCOMPARE(local.find(Transport::Udp, false), nullptr);
}

void TestLocalAddresses::entriesKeepTheirOrder()
{
    const LocalAddresses local = proxyAddresses();
    QCOMPARE(local.entries().size(), std::size_t(4));
    QCOMPARE(local.entries()[0].transport, Transport::Udp);
    QCOMPARE(local.entries()[2].transport, Transport::Tls);
    QCOMPARE(local.entries()[3].host, std::string("[2001:db8::1]"));
    QVERIFY(local.entries()[3].ipv6);
}

void TestLocalAddresses::isLocal_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<bool>("secure");
    QTest::addColumn<bool>("local");

    QTest::newRow("listen address") << "192.0.2.1" << 5060 << false << true;
    QTest::newRow("default port is 5060") << "192.0.2.1" << 0 << false << true;
    QTest::newRow("TLS port") << "192.0.2.1" << 5061 << false << true;
    QTest::newRow("sips default port is 5061") << "192.0.2.1" << 0 << true << true;
    QTest::newRow("other port") << "192.0.2.1" << 5062 << false << false;
    QTest::newRow("other host") << "192.0.2.2" << 5060 << false << false;
    QTest::newRow("IPv6 with brackets") << "[2001:db8::1]" << 5070 << false << true;
    QTest::newRow("IPv6 without brackets") << "2001:db8::1" << 5070 << false << true;
    QTest::newRow("IPv6 hex case-insensitive") << "[2001:DB8::1]" << 5070 << false << true;
    QTest::newRow("IPv6 spelled out") << "[2001:0db8:0:0:0:0:0:1]" << 5070 << false << true;
    QTest::newRow("IPv6 other spelling, other port") << "[2001:0db8::0:1]" << 5071 << false << false;
    QTest::newRow("IPv6 not an address") << "[2001:db8::1::]" << 5070 << false << false;
    QTest::newRow("IPv6 default port not listened") << "[2001:db8::1]" << 0 << false << false;
    QTest::newRow("IPv6 other address") << "[2001:db8::2]" << 5070 << false << false;
    QTest::newRow("prefix of our address") << "192.0.2.10" << 5060 << false << false;
    QTest::newRow("empty host") << "" << 5060 << false << false;
    QTest::newRow("hostname") << "proxy.example.com" << 5060 << false << false;
}

void TestLocalAddresses::isLocal()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(bool, secure);
    QFETCH(bool, local);
    const LocalAddresses addresses = proxyAddresses();
    QCOMPARE(addresses.isLocal(host.toStdString(), port, secure), local);
}

void TestLocalAddresses::find_data()
{
    QTest::addColumn<Transport>("transport");
    QTest::addColumn<bool>("ipv6");
    QTest::addColumn<int>("index"); // into entries(), -1 for none

    QTest::newRow("UDP IPv4") << Transport::Udp << false << 0;
    QTest::newRow("TCP IPv4") << Transport::Tcp << false << 1;
    QTest::newRow("TLS IPv4") << Transport::Tls << false << 2;
    QTest::newRow("UDP IPv6") << Transport::Udp << true << 3;
    QTest::newRow("TCP IPv6 missing") << Transport::Tcp << true << -1;
    QTest::newRow("Any is no listen transport") << Transport::Any << false << -1;
}

void TestLocalAddresses::find()
{
    QFETCH(Transport, transport);
    QFETCH(bool, ipv6);
    QFETCH(int, index);
    const LocalAddresses local = proxyAddresses();
    const LocalAddresses::Entry* entry = local.find(transport, ipv6);
    if (index < 0) {
        QCOMPARE(entry, nullptr);
        return;
    }
    QCOMPARE(entry, &local.entries()[std::size_t(index)]);
}

void TestLocalAddresses::findPrefersTheFirstEntry()
{
    LocalAddresses local;
    local.add({Transport::Udp, "192.0.2.1", 5060, false});
    local.add({Transport::Udp, "192.0.2.2", 5080, false});
    QCOMPARE(local.find(Transport::Udp, false)->host, std::string("192.0.2.1"));
    QVERIFY(local.isLocal("192.0.2.2", 5080));
    QVERIFY(!local.isLocal("192.0.2.2", 5060));
}

void TestLocalAddresses::recordRouteUri_data()
{
    QTest::addColumn<Transport>("transport");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("uri");

    QTest::newRow("UDP") << Transport::Udp << "192.0.2.1" << 5060 << "sip:192.0.2.1:5060;lr";
    QTest::newRow("TCP") << Transport::Tcp << "192.0.2.1" << 5060 << "sip:192.0.2.1:5060;transport=tcp;lr";
    QTest::newRow("TLS") << Transport::Tls << "192.0.2.1" << 5061 << "sip:192.0.2.1:5061;transport=tls;lr";
    QTest::newRow("IPv6 UDP") << Transport::Udp << "[2001:db8::1]" << 5070 << "sip:[2001:db8::1]:5070;lr";
    QTest::newRow("IPv6 TCP") << Transport::Tcp << "[::1]" << 15060 << "sip:[::1]:15060;transport=tcp;lr";
}

void TestLocalAddresses::recordRouteUri()
{
    QFETCH(Transport, transport);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, uri);
    const LocalAddresses::Entry entry{transport, host.toStdString(), port, host.startsWith(u'[')};
    QCOMPARE(QString::fromStdString(LocalAddresses::recordRouteUri(entry)), uri);
}

QTEST_GUILESS_MAIN(TestLocalAddresses)
#include "TestLocalAddresses.moc"
