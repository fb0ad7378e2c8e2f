#include "control/AccountLookup.h"
#include "control/PeerCredentials.h"

#include <QFile>
#include <QTest>
#include <sys/socket.h>
#include <unistd.h>

using namespace tollgate;

class TestPeerCredentials : public QObject
{
    Q_OBJECT

private slots:
    void readsTheConnectedPeer();
    void failsOnSomethingElse();
    void parsesProcStatus_data();
    void parsesProcStatus();
    void parsesOurOwnProcStatus();
    void accountLookups();
};

void TestPeerCredentials::readsTheConnectedPeer()
{
    int pair[2];
    QCOMPARE(::socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
    PeerCredentials credentials;
    QString error;
    const bool ok = PeerCredentials::read(pair[0], &credentials, &error);
    ::close(pair[0]);
    ::close(pair[1]);
    QVERIFY2(ok, qPrintable(error));
    QCOMPARE(credentials.pid, ::getpid());
    QCOMPARE(credentials.uid, ::geteuid());
    QCOMPARE(credentials.gid, ::getegid());
    QVERIFY(credentials.groupsSource != PeerCredentials::GroupsSource::Unknown);
    // The same supplementary groups this process has.
    QList<gid_t> own(::getgroups(0, nullptr));
    ::getgroups(int(own.size()), own.data());
    for (gid_t group : own)
        QVERIFY2(credentials.groups.contains(group), qPrintable(QString::number(group)));
}

void TestPeerCredentials::failsOnSomethingElse()
{
    QFile file(QStringLiteral("/proc/self/status"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    PeerCredentials credentials;
    QString error;
    QVERIFY(!PeerCredentials::read(file.handle(), &credentials, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read the peer's credentials (SO_PEERCRED)")), qPrintable(error));
}

void TestPeerCredentials::parsesProcStatus_data()
{
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<uint>("uid");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QList<gid_t>>("groups");

    const QByteArray status = "Name:\ttollgatectl\nUid:\t1000\t1000\t1000\t1000\nGid:\t100\t100\t100\t100\n"
                              "Groups:\t27 991 1000 \nVmPeak:\t1 kB\n";
    QTest::newRow("groups") << status << 1000u << true << QList<gid_t>{27, 991, 1000};
    QTest::newRow("no groups") << QByteArray("Uid:\t5\t5\t5\t5\nGroups:\t\n") << 5u << true << QList<gid_t>{};
    QTest::newRow("another user's process") << status << 1001u << false << QList<gid_t>{};
    QTest::newRow("setuid process") << QByteArray("Uid:\t1000\t0\t0\t0\nGroups:\t991\n") << 1000u << false
                                    << QList<gid_t>{};
    QTest::newRow("no groups line") << QByteArray("Uid:\t1\t1\t1\t1\n") << 1u << false << QList<gid_t>{};
    QTest::newRow("garbage") << QByteArray("Uid:\tx\nGroups:\t1\n") << 1u << false << QList<gid_t>{};
}

void TestPeerCredentials::parsesProcStatus()
{
    QFETCH(QByteArray, status);
    QFETCH(uint, uid);
    QFETCH(bool, ok);
    QFETCH(QList<gid_t>, groups);

    QList<gid_t> parsed;
    QCOMPARE(PeerCredentials::parseProcStatus(status, uid, &parsed), ok);
    if (ok)
        QCOMPARE(parsed, groups);
}

void TestPeerCredentials::parsesOurOwnProcStatus()
{
    QFile file(QStringLiteral("/proc/self/status"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QList<gid_t> groups;
    QVERIFY(PeerCredentials::parseProcStatus(file.readAll(), ::getuid(), &groups));
}

void TestPeerCredentials::accountLookups()
{
    QCOMPARE(AccountLookup::userName(0), QStringLiteral("root"));
    QCOMPARE(AccountLookup::groupId(QStringLiteral("root")), std::optional<gid_t>(0));
    QCOMPARE(AccountLookup::groupName(0), QStringLiteral("root"));
    QCOMPARE(AccountLookup::primaryGroup(0), std::optional<gid_t>(0));
    QVERIFY(!AccountLookup::groupId(QStringLiteral("tollgate-no-such-group-x")).has_value());
    QVERIFY(AccountLookup::userName(4000000000u).isEmpty());
    QVERIFY(AccountLookup::groupsOfUser(QStringLiteral("root"), 0).contains(0));
}

QTEST_GUILESS_MAIN(TestPeerCredentials)
#include "TestPeerCredentials.moc"
