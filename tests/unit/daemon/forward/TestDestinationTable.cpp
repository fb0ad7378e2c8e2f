#include "FakeClock.h"
#include "forward/DestinationTable.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <set>

using namespace tollgate;
using tollgate::test::FakeClock;

namespace {

const QString Alpha = QStringLiteral("sip:10.0.0.1:5060");
const QString Bravo = QStringLiteral("sip:10.0.0.2:5060");
const QString Charlie = QStringLiteral("sip:10.0.0.3:5060");

DestinationGroup makeGroup(const QString& name, const QStringList& uris, bool probing = true)
{
    DestinationGroup group;
    group.name = name;
    int priority = 1;
    for (const QString& uri : uris)
        group.destinations.append(Destination{uri, priority++, 1, true, QString(), QString()});
    group.probe.enabled = probing;
    return group;
}

QStringList healthTransitions(const std::vector<DestinationStateChange>& changes)
{
    QStringList result;
    for (const DestinationStateChange& change : changes) {
        if (change.kind == DestinationStateChange::Kind::Health)
            result.append(change.from + QStringLiteral("->") + change.to);
    }
    return result;
}

QStringList adminTransitions(const std::vector<DestinationStateChange>& changes)
{
    QStringList result;
    for (const DestinationStateChange& change : changes) {
        if (change.kind == DestinationStateChange::Kind::Admin)
            result.append(change.from + QStringLiteral("->") + change.to + QLatin1Char('/') + change.user);
    }
    return result;
}

} // namespace

class TestDestinationTable : public QObject
{
    Q_OBJECT

private slots:
    void probeThresholds_data();
    void probeThresholds();
    void aliveCodesDecideWhatCountsAsAlive_data();
    void aliveCodesDecideWhatCountsAsAlive();
    void trafficTimeoutMarksDownAtOnce();
    void failedResponsesCountTowardThreshold();
    void answeredTrafficResetsFailures();
    void holdDownWithoutProbingAllowsOneTrial();
    void failedTrialStartsANewHoldDown();
    void unclaimedTrialLapses();
    void adminStates();
    void adminStateErrors();
    void drainBecomesDisabledWhenLastCallEnds();
    void drainWithoutCallsDisablesAtOnce();
    void failoverGroupDrainsTheFirstChoice();
    void configureKeepsStateAndRetiresRemoved();
    void configuredDisabledIsNeitherUsableNorProbed();
    void probesAreSpreadAndScheduled();
    void outstandingProbeIsNotResentBeforeItsTimeout();
    void changeRecordsCarryTimeReasonAndUser();
    void restoreAdminStateBeforeAndAfterConfigure();
    void restoredDrainCompletes();
    void changeQueueIsBounded();
    void snapshotJson();
};

void TestDestinationTable::probeThresholds_data()
{
    QTest::addColumn<QList<int>>("codes");
    QTest::addColumn<QStringList>("healthAfterEach");

    const QString up = QStringLiteral("up");
    const QString down = QStringLiteral("down");
    const QString unknown = QStringLiteral("unknown");
    QTest::newRow("first answer: up") << QList<int>{200} << QStringList{up};
    QTest::newRow("404 proves it alive") << QList<int>{404} << QStringList{up};
    QTest::newRow("503 proves it alive") << QList<int>{503} << QStringList{up};
    QTest::newRow("failures below threshold from unknown") << QList<int>{0, 0} << QStringList{unknown, unknown};
    QTest::newRow("three timeouts: down") << QList<int>{200, 0, 0, 0} << QStringList{up, up, up, down};
    QTest::newRow("interrupted failures stay up")
        << QList<int>{200, 0, 0, 200, 0, 0} << QStringList{up, up, up, up, up, up};
    QTest::newRow("recovery needs two successes")
        << QList<int>{200, 0, 0, 0, 200, 200} << QStringList{up, up, up, down, down, up};
    QTest::newRow("interrupted recovery starts over")
        << QList<int>{0, 0, 0, 200, 0, 200, 200} << QStringList{unknown, unknown, down, down, down, down, up};
}

void TestDestinationTable::probeThresholds()
{
    QFETCH(QList<int>, codes);
    QFETCH(QStringList, healthAfterEach);

    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha})});
    const int id = table.find("core", Alpha.toStdString());
    QVERIFY(id >= 0);
    for (qsizetype i = 0; i < codes.size(); ++i) {
        clock.advance(5000);
        table.recordProbeResult(id, codes[i], 12);
        QCOMPARE(destinationHealthName(table.health(id)), healthAfterEach[i]);
        QCOMPARE(table.isUsable(id), table.health(id) != DestinationHealth::Down);
    }
}

void TestDestinationTable::aliveCodesDecideWhatCountsAsAlive_data()
{
    QTest::addColumn<QList<int>>("aliveCodes");
    QTest::addColumn<int>("code");
    QTest::addColumn<bool>("countsAsAlive");

    QTest::newRow("any response by default: 404") << QList<int>{} << 404 << true;
    QTest::newRow("any response by default: 200") << QList<int>{} << 200 << true;
    QTest::newRow("timeout never") << QList<int>{} << 0 << false;
    QTest::newRow("listed 200") << QList<int>{200, 404} << 200 << true;
    QTest::newRow("listed 404") << QList<int>{200, 404} << 404 << true;
    QTest::newRow("unlisted 503") << QList<int>{200, 404} << 503 << false;
}

void TestDestinationTable::aliveCodesDecideWhatCountsAsAlive()
{
    QFETCH(QList<int>, aliveCodes);
    QFETCH(int, code);
    QFETCH(bool, countsAsAlive);

    FakeClock clock;
    DestinationTable table(clock);
    DestinationGroup group = makeGroup(QStringLiteral("core"), {Alpha});
    group.probe.aliveCodes = aliveCodes;
    group.probe.failureThreshold = 1;
    table.configure({group});
    const int id = table.find("core", Alpha.toStdString());
    table.recordProbeResult(id, code, 5);
    QCOMPARE(table.health(id), countsAsAlive ? DestinationHealth::Up : DestinationHealth::Down);
    const DestinationStatus status = table.status(id);
    QCOMPARE(status.lastProbeCode, code);
    QCOMPARE(status.lastProbeRttMs, code > 0 ? 5 : -1);
}

void TestDestinationTable::trafficTimeoutMarksDownAtOnce()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo})});
    const int alpha = table.find("core", Alpha.toStdString());
    table.recordProbeResult(alpha, 200, 3);
    table.takeChanges();

    table.recordTrafficOutcome(alpha, DestinationOutcome::Timeout, 0);
    QCOMPARE(table.health(alpha), DestinationHealth::Down);
    QVERIFY(!table.isUsable(alpha));
    const std::vector<DestinationStateChange> changes = table.takeChanges();
    QCOMPARE(changes.size(), std::size_t(1));
    QCOMPARE(changes[0].from, QStringLiteral("up"));
    QCOMPARE(changes[0].to, QStringLiteral("down"));
    QCOMPARE(changes[0].reason, QStringLiteral("no answer to a call within its final-reply timer"));
    QCOMPARE(changes[0].user, QStringLiteral("tollgated"));

    // With probing, only probes bring it back: no hold-down trial.
    clock.advance(120'000);
    QVERIFY(!table.isUsable(alpha));
    QVERIFY(!table.awaitsTrial(alpha));
    table.recordProbeResult(alpha, 200, 3);
    QVERIFY(!table.isUsable(alpha));
    table.recordProbeResult(alpha, 200, 3);
    QVERIFY(table.isUsable(alpha));
    const DestinationStatus status = table.status(alpha);
    QCOMPARE(status.timeouts, std::uint64_t(1));
    QCOMPARE(status.attempts, std::uint64_t(1));
}

void TestDestinationTable::failedResponsesCountTowardThreshold()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha})});
    const int alpha = table.find("core", Alpha.toStdString());
    table.recordTrafficOutcome(alpha, DestinationOutcome::Answered, 180);
    QCOMPARE(table.health(alpha), DestinationHealth::Up);

    table.recordTrafficOutcome(alpha, DestinationOutcome::FailedResponse, 503);
    table.recordTrafficOutcome(alpha, DestinationOutcome::FailedResponse, 503);
    QCOMPARE(table.health(alpha), DestinationHealth::Up);
    // A probe failure counts toward the same threshold.
    table.recordProbeResult(alpha, 0, 0);
    QCOMPARE(table.health(alpha), DestinationHealth::Down);
    const std::vector<DestinationStateChange> changes = table.takeChanges();
    QCOMPARE(healthTransitions(changes), (QStringList{QStringLiteral("unknown->up"), QStringLiteral("up->down")}));
    QCOMPARE(changes.back().reason, QStringLiteral("3 consecutive failures (last: probe no answer within 2000 ms)"));
    QCOMPARE(table.status(alpha).failures, std::uint64_t(2));
}

void TestDestinationTable::answeredTrafficResetsFailures()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha})});
    const int alpha = table.find("core", Alpha.toStdString());
    for (int round = 0; round < 5; ++round) {
        table.recordTrafficOutcome(alpha, DestinationOutcome::FailedResponse, 500);
        table.recordTrafficOutcome(alpha, DestinationOutcome::FailedResponse, 502);
        table.recordTrafficOutcome(alpha, DestinationOutcome::Answered, 200);
    }
    QCOMPARE(table.health(alpha), DestinationHealth::Up);
    QCOMPARE(table.status(alpha).consecutiveFailures, 0);
    table.recordTrafficOutcome(alpha, DestinationOutcome::FailedResponse, 503);
    table.recordTrafficOutcome(alpha, DestinationOutcome::FailedResponse, 503);
    table.recordTrafficOutcome(alpha, DestinationOutcome::FailedResponse, 503);
    QCOMPARE(table.health(alpha), DestinationHealth::Down);
    QCOMPARE(table.status(alpha).healthReason, QStringLiteral("3 consecutive failures (last: 503 to a call)"));
}

void TestDestinationTable::holdDownWithoutProbingAllowsOneTrial()
{
    FakeClock clock;
    DestinationTable table(clock, DestinationTableSettings{30'000, 1'000, 4096});
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo}, false)});
    const int alpha = table.find("core", Alpha.toStdString());
    QVERIFY(table.probesDue().empty());

    table.recordTrafficOutcome(alpha, DestinationOutcome::Timeout, 0);
    QVERIFY(!table.isUsable(alpha));
    clock.advance(29'999);
    QVERIFY(!table.isUsable(alpha));
    QVERIFY(!table.awaitsTrial(alpha));
    clock.advance(1);
    QVERIFY(table.isUsable(alpha));
    QVERIFY(table.awaitsTrial(alpha));
    QCOMPARE(table.health(alpha), DestinationHealth::Down);

    table.beginTrial(alpha);
    QVERIFY(table.isTrialRunning(alpha));
    QVERIFY(!table.awaitsTrial(alpha));
    QVERIFY(table.isUsable(alpha)); // the transaction holding the trial may still use it

    table.recordTrafficOutcome(alpha, DestinationOutcome::Answered, 100);
    QCOMPARE(table.health(alpha), DestinationHealth::Up);
    QCOMPARE(table.status(alpha).healthReason, QStringLiteral("trial call answered (100)"));
    QVERIFY(!table.isTrialRunning(alpha));
}

void TestDestinationTable::failedTrialStartsANewHoldDown()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha}, false)});
    const int alpha = table.find("core", Alpha.toStdString());
    table.recordTrafficOutcome(alpha, DestinationOutcome::Timeout, 0);
    clock.advance(30'000);
    table.beginTrial(alpha);
    clock.advance(2'000);
    table.recordTrafficOutcome(alpha, DestinationOutcome::FailedResponse, 503);
    QCOMPARE(table.health(alpha), DestinationHealth::Down);
    QVERIFY(!table.isUsable(alpha));
    QVERIFY(!table.isTrialRunning(alpha));
    clock.advance(29'999);
    QVERIFY(!table.isUsable(alpha));
    clock.advance(1);
    QVERIFY(table.awaitsTrial(alpha));
}

void TestDestinationTable::unclaimedTrialLapses()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha}, false)});
    const int alpha = table.find("core", Alpha.toStdString());
    table.recordTrafficOutcome(alpha, DestinationOutcome::Timeout, 0);
    clock.advance(30'000);
    table.beginTrial(alpha);
    clock.advance(29'999);
    QVERIFY(table.isTrialRunning(alpha));
    clock.advance(1);
    QVERIFY(!table.isTrialRunning(alpha));
    QVERIFY(table.awaitsTrial(alpha));
}

void TestDestinationTable::adminStates()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo})});
    const int alpha = table.find("core", Alpha.toStdString());
    QString error;

    QVERIFY(table.setAdminState(alpha, DestinationAdminState::Disabled, QStringLiteral("alice"),
                                QStringLiteral("maintenance"), &error));
    QVERIFY(!table.isUsable(alpha));
    QCOMPARE(table.adminState(alpha), DestinationAdminState::Disabled);
    // Health and administration are independent: probes still run and count.
    table.recordProbeResult(alpha, 200, 1);
    QCOMPARE(table.health(alpha), DestinationHealth::Up);
    QVERIFY(!table.isUsable(alpha));

    QVERIFY(table.setAdminState(alpha, DestinationAdminState::Enabled, QStringLiteral("bob"), QStringLiteral("done"),
                                &error));
    QVERIFY(table.isUsable(alpha));
    const DestinationStatus status = table.status(alpha);
    QCOMPARE(status.adminUser, QStringLiteral("bob"));
    QCOMPARE(status.adminReason, QStringLiteral("done"));
    QCOMPARE(status.adminSinceMs, clock.nowMs());
    QCOMPARE(adminTransitions(table.takeChanges()),
             (QStringList{QStringLiteral("enabled->disabled/alice"), QStringLiteral("disabled->enabled/bob")}));
}

void TestDestinationTable::adminStateErrors()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo})});
    const int alpha = table.find("core", Alpha.toStdString());
    const int bravo = table.find("core", Bravo.toStdString());
    const QString user = QStringLiteral("alice");
    QString error;

    QVERIFY(!table.setAdminState(alpha, DestinationAdminState::Enabled, user, {}, &error));
    QCOMPARE(error, QStringLiteral("destination \"sip:10.0.0.1:5060\" of group \"core\" is already enabled"));
    QVERIFY(!table.setAdminState(99, DestinationAdminState::Disabled, user, {}, &error));
    QCOMPARE(error, QStringLiteral("unknown destination id 99"));
    QVERIFY(table.setAdminState(alpha, DestinationAdminState::Disabled, user, {}, &error));
    QVERIFY(!table.setAdminState(alpha, DestinationAdminState::Draining, user, {}, &error));
    QCOMPARE(error, QStringLiteral("destination \"sip:10.0.0.1:5060\" of group \"core\" is disabled: there is "
                                   "nothing to drain"));
    table.configure({makeGroup(QStringLiteral("core"), {Alpha})});
    QVERIFY(!table.setAdminState(bravo, DestinationAdminState::Disabled, user, {}, &error));
    QCOMPARE(error, QStringLiteral("destination \"sip:10.0.0.2:5060\" of group \"core\" is no longer configured"));
}

void TestDestinationTable::drainBecomesDisabledWhenLastCallEnds()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo})});
    const int alpha = table.find("core", Alpha.toStdString());
    table.callStarted(alpha);
    table.callStarted(alpha);
    QString error;
    QVERIFY(table.setAdminState(alpha, DestinationAdminState::Draining, QStringLiteral("alice"),
                                QStringLiteral("upgrade"), &error));
    QCOMPARE(table.adminState(alpha), DestinationAdminState::Draining);
    QVERIFY(!table.isUsable(alpha));

    clock.advance(60'000);
    table.callEnded(alpha);
    QCOMPARE(table.adminState(alpha), DestinationAdminState::Draining);
    QCOMPARE(table.activeCalls(alpha), 1);
    clock.advance(60'000);
    table.callEnded(alpha);
    QCOMPARE(table.adminState(alpha), DestinationAdminState::Disabled);
    QCOMPARE(table.activeCalls(alpha), 0);

    const std::vector<DestinationStateChange> changes = table.takeChanges();
    QCOMPARE(adminTransitions(changes),
             (QStringList{QStringLiteral("enabled->draining/alice"), QStringLiteral("draining->disabled/tollgated")}));
    QCOMPARE(changes.back().reason, QStringLiteral("drain complete: last call ended"));
    QCOMPARE(changes.back().timeMs, clock.nowMs());
    QCOMPARE(changes.front().timeMs, clock.nowMs() - 120'000);
}

void TestDestinationTable::drainWithoutCallsDisablesAtOnce()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo})});
    const int alpha = table.find("core", Alpha.toStdString());
    QString error;
    QVERIFY(table.setAdminState(alpha, DestinationAdminState::Draining, QStringLiteral("alice"), {}, &error));
    QCOMPARE(table.adminState(alpha), DestinationAdminState::Disabled);
    QCOMPARE(adminTransitions(table.takeChanges()),
             (QStringList{QStringLiteral("enabled->draining/alice"), QStringLiteral("draining->disabled/tollgated")}));
}

void TestDestinationTable::failoverGroupDrainsTheFirstChoice()
{
    FakeClock clock;
    DestinationTable table(clock);
    DestinationGroup group = makeGroup(QStringLiteral("core"), {Alpha, Bravo, Charlie});
    group.destinations[0].priority = 5; // Bravo (priority 2) is the first choice
    table.configure({group});
    const int alpha = table.find("core", Alpha.toStdString());
    const int bravo = table.find("core", Bravo.toStdString());
    const int charlie = table.find("core", Charlie.toStdString());
    table.callStarted(bravo);
    QString error;

    QCOMPARE(table.failoverGroup("core", QStringLiteral("alice"), QStringLiteral("patching"), &error), bravo);
    QCOMPARE(table.adminState(bravo), DestinationAdminState::Draining);
    QCOMPARE(table.status(bravo).adminReason, QStringLiteral("failover by alice: patching"));
    QCOMPARE(table.failoverGroup("core", QStringLiteral("alice"), QStringLiteral("again"), &error), charlie);
    QCOMPARE(table.adminState(charlie), DestinationAdminState::Disabled); // no calls: drained at once
    QCOMPARE(table.failoverGroup("core", QStringLiteral("alice"), {}, &error), -1);
    QCOMPARE(error, QStringLiteral("group \"core\" has no other usable destination to fail over to"));
    QCOMPARE(table.adminState(alpha), DestinationAdminState::Enabled);
    QCOMPARE(table.failoverGroup("edge", QStringLiteral("alice"), {}, &error), -1);
    QCOMPARE(error, QStringLiteral("unknown destination group \"edge\""));
}

void TestDestinationTable::configureKeepsStateAndRetiresRemoved()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo}), makeGroup(QStringLiteral("edge"), {Alpha})});
    const int alpha = table.find("core", Alpha.toStdString());
    const int bravo = table.find("core", Bravo.toStdString());
    const int edgeAlpha = table.find("edge", Alpha.toStdString());
    QCOMPARE(table.groupIdAt(1), table.findGroup("edge"));
    QVERIFY(alpha != edgeAlpha); // identity is (group, URI)
    table.recordTrafficOutcome(alpha, DestinationOutcome::Timeout, 0);
    table.callStarted(bravo);
    QString error;
    QVERIFY(table.setAdminState(bravo, DestinationAdminState::Disabled, QStringLiteral("alice"), {}, &error));

    DestinationGroup next = makeGroup(QStringLiteral("core"), {Charlie, Alpha});
    next.destinations[1].weight = 7;
    table.configure({next});
    QCOMPARE(table.find("core", Alpha.toStdString()), alpha);
    QCOMPARE(table.health(alpha), DestinationHealth::Down);
    QCOMPARE(table.weight(alpha), 7);
    QCOMPARE(table.priority(alpha), 2);
    QCOMPARE(table.find("core", Bravo.toStdString()), -1);
    QVERIFY(table.isRetired(bravo));
    QVERIFY(!table.isUsable(bravo));
    QCOMPARE(table.find("edge", Alpha.toStdString()), -1);
    QCOMPARE(table.findGroup("edge"), -1);
    const int charlie = table.find("core", Charlie.toStdString());
    QVERIFY(charlie > edgeAlpha); // never reused
    QCOMPARE(table.members(table.findGroup("core")), (std::vector<int>{charlie, alpha}));
    QCOMPARE(table.groupIdAt(0), table.findGroup("core"));
    QCOMPARE(table.groupIdAt(1), -1);

    // A retired destination with calls is still listed; without, it is not.
    std::vector<DestinationStatus> statuses = table.snapshot();
    QCOMPARE(statuses.size(), std::size_t(3));
    QCOMPARE(statuses[2].id, bravo);
    QVERIFY(statuses[2].retired);
    table.callEnded(bravo);
    QCOMPARE(table.snapshot().size(), std::size_t(2));

    // Coming back: the same id, the operator's decision kept.
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo})});
    QCOMPARE(table.find("core", Bravo.toStdString()), bravo);
    QCOMPARE(table.adminState(bravo), DestinationAdminState::Disabled);
    QVERIFY(!table.isRetired(bravo));
    QVERIFY(table.isRetired(charlie));
}

void TestDestinationTable::configuredDisabledIsNeitherUsableNorProbed()
{
    FakeClock clock;
    DestinationTable table(clock);
    DestinationGroup group = makeGroup(QStringLiteral("core"), {Alpha, Bravo});
    group.destinations[1].enabled = false;
    table.configure({group});
    const int bravo = table.find("core", Bravo.toStdString());
    QVERIFY(!table.isUsable(bravo));
    QCOMPARE(table.adminState(bravo), DestinationAdminState::Enabled);
    clock.advance(60'000);
    const std::vector<int> due = table.probesDue();
    QCOMPARE(due, (std::vector<int>{table.find("core", Alpha.toStdString())}));
    QVERIFY(!table.status(bravo).configuredEnabled);
}

void TestDestinationTable::probesAreSpreadAndScheduled()
{
    FakeClock clock;
    DestinationTable table(clock);
    QStringList uris;
    for (int i = 1; i <= 8; ++i)
        uris.append(QStringLiteral("sip:10.0.1.%1:5060").arg(i));
    table.configure({makeGroup(QStringLiteral("core"), uris)});

    // Over one interval each destination is due exactly once, not all at the same moment.
    const std::int64_t start = clock.monotonicMs();
    std::vector<int> dueCount(8, 0);
    std::vector<std::int64_t> firstDue(8, -1);
    for (int ms = 0; ms < 5000; ++ms) {
        for (const int id : table.probesDue()) {
            ++dueCount[std::size_t(id)];
            firstDue[std::size_t(id)] = clock.monotonicMs() - start;
            table.recordProbeResult(id, 200, 1);
        }
        clock.advance(1);
    }
    QCOMPARE(dueCount, std::vector<int>(8, 1));
    const auto distinctTimes = std::set<std::int64_t>(firstDue.begin(), firstDue.end()).size();
    QVERIFY2(distinctTimes >= 4, "probes are not spread over the interval");

    // Then every interval, at the same offset.
    for (int ms = 0; ms < 5000; ++ms) {
        for (const int id : table.probesDue()) {
            ++dueCount[std::size_t(id)];
            QCOMPARE(clock.monotonicMs() - start, firstDue[std::size_t(id)] + 5000);
            table.recordProbeResult(id, 200, 1);
        }
        clock.advance(1);
    }
    QCOMPARE(dueCount, std::vector<int>(8, 2));
}

void TestDestinationTable::outstandingProbeIsNotResentBeforeItsTimeout()
{
    FakeClock clock;
    DestinationTable table(clock);
    DestinationGroup group = makeGroup(QStringLiteral("core"), {Alpha});
    group.probe.intervalMs = 1000;
    group.probe.timeoutMs = 2000;
    table.configure({group});
    clock.advance(1000);
    QCOMPARE(table.probesDue().size(), std::size_t(1));
    clock.advance(1000);
    QVERIFY(table.probesDue().empty()); // due again, but the first is still outstanding
    clock.advance(1999);                // timeout 2000 + grace 1000 after sending
    QVERIFY(table.probesDue().empty());
    clock.advance(1);
    QCOMPARE(table.probesDue().size(), std::size_t(1));
}

void TestDestinationTable::changeRecordsCarryTimeReasonAndUser()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha})});
    const int alpha = table.find("core", Alpha.toStdString());
    clock.advance(1234);
    table.recordProbeResult(alpha, 404, 17);
    const std::vector<DestinationStateChange> changes = table.takeChanges();
    QCOMPARE(changes.size(), std::size_t(1));
    const DestinationStateChange& change = changes[0];
    QCOMPARE(change.timeMs, clock.nowMs());
    QCOMPARE(change.destination, alpha);
    QCOMPARE(change.group, QStringLiteral("core"));
    QCOMPARE(change.uri, Alpha);
    QCOMPARE(change.kind, DestinationStateChange::Kind::Health);
    QCOMPARE(change.reason, QStringLiteral("probe answered 404 in 17 ms"));
    QCOMPARE(change.user, QStringLiteral("tollgated"));
    const QJsonObject json = change.toJson();
    QCOMPARE(json.value(QStringLiteral("kind")).toString(), QStringLiteral("health"));
    QCOMPARE(json.value(QStringLiteral("to")).toString(), QStringLiteral("up"));
    QCOMPARE(json.value(QStringLiteral("time")).toDouble(), double(clock.nowMs()));
    QVERIFY(table.takeChanges().empty());
}

void TestDestinationTable::restoreAdminStateBeforeAndAfterConfigure()
{
    FakeClock clock;
    DestinationTable table(clock);
    const std::int64_t persistedAt = clock.nowMs() - 86'400'000;
    table.restoreAdminState(QStringLiteral("core"), Alpha, DestinationAdminState::Disabled,
                            QStringLiteral("broken PSU"), QStringLiteral("alice"), persistedAt);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo})});
    const int alpha = table.find("core", Alpha.toStdString());
    const int bravo = table.find("core", Bravo.toStdString());
    QCOMPARE(table.adminState(alpha), DestinationAdminState::Disabled);
    const DestinationStatus status = table.status(alpha);
    QCOMPARE(status.adminReason, QStringLiteral("broken PSU"));
    QCOMPARE(status.adminUser, QStringLiteral("alice"));
    QCOMPARE(status.adminSinceMs, persistedAt);

    table.restoreAdminState(QStringLiteral("core"), Bravo, DestinationAdminState::Disabled, QStringLiteral("spare"),
                            QStringLiteral("bob"), persistedAt);
    QCOMPARE(table.adminState(bravo), DestinationAdminState::Disabled);
    QVERIFY(table.takeChanges().empty()); // restoring is not a change
}

void TestDestinationTable::restoredDrainCompletes()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.restoreAdminState(QStringLiteral("core"), Alpha, DestinationAdminState::Draining, QStringLiteral("upgrade"),
                            QStringLiteral("alice"), clock.nowMs() - 1000);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha})});
    const int alpha = table.find("core", Alpha.toStdString());
    QCOMPARE(table.adminState(alpha), DestinationAdminState::Disabled);
    const std::vector<DestinationStateChange> changes = table.takeChanges();
    QCOMPARE(adminTransitions(changes), QStringList{QStringLiteral("draining->disabled/tollgated")});
    QCOMPARE(changes[0].reason, QStringLiteral("drain complete: no call survives a restart"));
}

void TestDestinationTable::changeQueueIsBounded()
{
    FakeClock clock;
    DestinationTable table(clock, DestinationTableSettings{30'000, 1'000, 2});
    table.configure({makeGroup(QStringLiteral("core"), {Alpha})});
    const int alpha = table.find("core", Alpha.toStdString());
    QString error;
    table.setAdminState(alpha, DestinationAdminState::Disabled, QStringLiteral("a"), {}, &error);
    table.setAdminState(alpha, DestinationAdminState::Enabled, QStringLiteral("b"), {}, &error);
    table.setAdminState(alpha, DestinationAdminState::Disabled, QStringLiteral("c"), {}, &error);
    QCOMPARE(adminTransitions(table.takeChanges()),
             (QStringList{QStringLiteral("disabled->enabled/b"), QStringLiteral("enabled->disabled/c")}));
    QCOMPARE(table.droppedChanges(), std::uint64_t(1));
}

void TestDestinationTable::snapshotJson()
{
    FakeClock clock;
    DestinationTable table(clock);
    table.configure({makeGroup(QStringLiteral("core"), {Alpha, Bravo})});
    const int alpha = table.find("core", Alpha.toStdString());
    const int bravo = table.find("core", Bravo.toStdString());
    clock.advance(500);
    table.recordProbeResult(alpha, 200, 9);
    table.recordTrafficOutcome(alpha, DestinationOutcome::Answered, 200);
    table.recordTrafficOutcome(alpha, DestinationOutcome::FailedResponse, 503);
    table.callStarted(alpha);
    QString error;
    table.setAdminState(bravo, DestinationAdminState::Disabled, QStringLiteral("alice"), QStringLiteral("spare"),
                        &error);

    const QJsonArray array = DestinationStatus::toJson(table.snapshot());
    QCOMPARE(array.size(), 2);
    const QJsonObject first = array[0].toObject();
    QCOMPARE(first.value(QStringLiteral("group")).toString(), QStringLiteral("core"));
    QCOMPARE(first.value(QStringLiteral("uri")).toString(), Alpha);
    QCOMPARE(first.value(QStringLiteral("priority")).toInt(), 1);
    QCOMPARE(first.value(QStringLiteral("usable")).toBool(), true);
    QCOMPARE(first.value(QStringLiteral("health")).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("up"));
    QCOMPARE(first.value(QStringLiteral("health")).toObject().value(QStringLiteral("since")).toDouble(),
             double(clock.nowMs()));
    const QJsonObject lastProbe = first.value(QStringLiteral("lastProbe")).toObject();
    QCOMPARE(lastProbe.value(QStringLiteral("code")).toInt(), 200);
    QCOMPARE(lastProbe.value(QStringLiteral("rttMs")).toInt(), 9);
    QCOMPARE(first.value(QStringLiteral("activeCalls")).toInt(), 1);
    QCOMPARE(first.value(QStringLiteral("attempts")).toInt(), 2);
    QCOMPARE(first.value(QStringLiteral("failures")).toInt(), 1);
    QCOMPARE(first.value(QStringLiteral("consecutiveFailures")).toInt(), 1);
    QCOMPARE(first.value(QStringLiteral("probing")).toBool(), true);

    const QJsonObject second = array[1].toObject();
    const QJsonObject admin = second.value(QStringLiteral("admin")).toObject();
    QCOMPARE(admin.value(QStringLiteral("state")).toString(), QStringLiteral("disabled"));
    QCOMPARE(admin.value(QStringLiteral("reason")).toString(), QStringLiteral("spare"));
    QCOMPARE(admin.value(QStringLiteral("user")).toString(), QStringLiteral("alice"));
    QCOMPARE(second.value(QStringLiteral("usable")).toBool(), false);
    QVERIFY(second.value(QStringLiteral("lastProbe")).isNull());
}

QTEST_APPLESS_MAIN(TestDestinationTable)
#include "TestDestinationTable.moc"
