#include "control/ControlAccessPolicy.h"

#include <QTest>

using namespace tollgate;

Q_DECLARE_METATYPE(PeerCredentials)

namespace {

constexpr uid_t DaemonUid = 990;
constexpr gid_t ControlGid = 991;

PeerCredentials peer(uid_t uid, gid_t gid, QList<gid_t> groups,
                     PeerCredentials::GroupsSource source = PeerCredentials::GroupsSource::Socket)
{
    PeerCredentials credentials;
    credentials.pid = 4242;
    credentials.uid = uid;
    credentials.gid = gid;
    credentials.groups = std::move(groups);
    credentials.groupsSource = source;
    return credentials;
}

} // namespace

class TestControlAccessPolicy : public QObject
{
    Q_OBJECT

private slots:
    void decide_data();
    void decide();
    void refusalNamesUserAndGroup();
    void missingGroupIsSaidSo();
    void unknownUserIsNamedByUid();
};

void TestControlAccessPolicy::decide_data()
{
    QTest::addColumn<PeerCredentials>("credentials");
    QTest::addColumn<QList<gid_t>>("accountGroups");
    QTest::addColumn<bool>("allowed");

    using Source = PeerCredentials::GroupsSource;
    QTest::newRow("root") << peer(0, 0, {}) << QList<gid_t>{} << true;
    QTest::newRow("the daemon's user") << peer(DaemonUid, 100, {}) << QList<gid_t>{} << true;
    QTest::newRow("primary group") << peer(1000, ControlGid, {}) << QList<gid_t>{} << true;
    QTest::newRow("supplementary group (SO_PEERGROUPS)") << peer(1000, 100, {27, ControlGid}) << QList<gid_t>{} << true;
    QTest::newRow("supplementary group (/proc)")
        << peer(1000, 100, {ControlGid}, Source::ProcStatus) << QList<gid_t>{} << true;
    QTest::newRow("not a member") << peer(1000, 100, {27, 44}) << QList<gid_t>{} << false;
    QTest::newRow("account database, process groups unknown")
        << peer(1000, 100, {}, Source::Unknown) << QList<gid_t>{100, ControlGid} << true;
    QTest::newRow("account database says no") << peer(1000, 100, {}, Source::Unknown) << QList<gid_t>{100} << false;
    // setpriv --clear-groups: the process dropped the group the account has; the process decides.
    QTest::newRow("process dropped its groups") << peer(65534, 65534, {}) << QList<gid_t>{ControlGid} << false;
}

void TestControlAccessPolicy::decide()
{
    QFETCH(PeerCredentials, credentials);
    QFETCH(QList<gid_t>, accountGroups);
    QFETCH(bool, allowed);

    const ControlAccessPolicy::Decision decision = ControlAccessPolicy::decide(
        credentials, QStringLiteral("someone"), QStringLiteral("tollgate"), ControlGid, DaemonUid, accountGroups);
    QCOMPARE(decision.allowed, allowed);
    QCOMPARE(decision.caller.uid, credentials.uid);
    QCOMPARE(decision.caller.gid, credentials.gid);
    QCOMPARE(decision.caller.pid, credentials.pid);
    QCOMPARE(decision.caller.userName, QStringLiteral("someone"));
    QCOMPARE(decision.refusal.isEmpty(), allowed);
}

void TestControlAccessPolicy::refusalNamesUserAndGroup()
{
    const ControlAccessPolicy::Decision decision = ControlAccessPolicy::decide(
        peer(65534, 65534, {}), QStringLiteral("nobody"), QStringLiteral("tollgate"), ControlGid, DaemonUid, {});
    QVERIFY(!decision.allowed);
    QCOMPARE(decision.refusal, QStringLiteral("user 'nobody' is not in group 'tollgate'"));
    QCOMPARE(decision.data.value(QStringLiteral("user")).toString(), QStringLiteral("nobody"));
    QCOMPARE(decision.data.value(QStringLiteral("uid")).toInteger(), 65534);
    QCOMPARE(decision.data.value(QStringLiteral("group")).toString(), QStringLiteral("tollgate"));
}

void TestControlAccessPolicy::missingGroupIsSaidSo()
{
    const ControlAccessPolicy::Decision refused = ControlAccessPolicy::decide(
        peer(1000, 100, {}), QStringLiteral("alice"), QStringLiteral("tollgate"), std::nullopt, DaemonUid, {});
    QVERIFY(!refused.allowed);
    QCOMPARE(refused.refusal,
             QStringLiteral("user 'alice' is not in group 'tollgate' (the group does not exist on this system)"));
    // Root and the daemon's user need no group.
    QVERIFY(ControlAccessPolicy::decide(peer(0, 0, {}), QStringLiteral("root"), QStringLiteral("tollgate"),
                                        std::nullopt, DaemonUid, {})
                .allowed);
    QVERIFY(ControlAccessPolicy::decide(peer(DaemonUid, 5, {}), QStringLiteral("tollgate"), QStringLiteral("tollgate"),
                                        std::nullopt, DaemonUid, {})
                .allowed);
}

void TestControlAccessPolicy::unknownUserIsNamedByUid()
{
    const ControlAccessPolicy::Decision decision = ControlAccessPolicy::decide(
        peer(31337, 31337, {}), QString(), QStringLiteral("tollgate"), ControlGid, DaemonUid, {});
    QCOMPARE(decision.caller.userName, QStringLiteral("uid 31337"));
    QCOMPARE(decision.refusal, QStringLiteral("user 'uid 31337' is not in group 'tollgate'"));
}

QTEST_GUILESS_MAIN(TestControlAccessPolicy)
#include "TestControlAccessPolicy.moc"
