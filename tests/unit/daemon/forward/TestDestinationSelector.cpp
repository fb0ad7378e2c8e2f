#include "FakeClock.h"
#include "FakeRandom.h"
#include "forward/DestinationSelector.h"
#include "forward/DestinationTable.h"

#include <QSet>
#include <QTest>
#include <random>

using namespace tollgate;
using tollgate::test::FakeClock;
using tollgate::test::FakeRandom;

namespace {

/// A reproducible generator for distribution checks.
class SeededRandom final : public RandomSource
{
public:
    explicit SeededRandom(std::uint64_t seed)
        : m_engine(seed)
    {}
    std::uint64_t next() override { return m_engine(); }

private:
    std::mt19937_64 m_engine;
};

QString uriOf(int index)
{
    return QStringLiteral("sip:10.0.0.%1:5060").arg(index);
}

/// Group "core" with one destination per (priority, weight) pair, URIs sip:10.0.0.1.. in order.
DestinationGroup makeGroup(GroupAlgorithm algorithm, const QList<QPair<int, int>>& priorityAndWeight,
                           bool probing = true)
{
    DestinationGroup group;
    group.name = QStringLiteral("core");
    group.algorithm = algorithm;
    group.probe.enabled = probing;
    int index = 1;
    for (const auto& [priority, weight] : priorityAndWeight)
        group.destinations.append(Destination{uriOf(index++), priority, weight, true, QString(), QString()});
    return group;
}

/// The selection as the last octets of the URIs, e.g. {2, 1, 3}.
QList<int> octets(const std::vector<NextHop>& hops)
{
    QList<int> result;
    for (const NextHop& hop : hops) {
        const QString uri = QString::fromStdString(hop.uri);
        result.append(uri.section(QLatin1Char('.'), 3).section(QLatin1Char(':'), 0, 0).toInt());
    }
    return result;
}

struct Fixture
{
    explicit Fixture(const DestinationGroup& group)
        : table(clock)
    {
        table.configure({group});
    }

    int id(int index) const { return table.find("core", uriOf(index).toStdString()); }
    int group() const { return table.findGroup("core"); }
    std::vector<NextHop> select(std::string_view callId = "call-1", std::string_view preferred = {})
    {
        return selector.select(group(), callId, preferred, table, random);
    }
    void disable(int index)
    {
        QString error;
        QVERIFY(table.setAdminState(id(index), DestinationAdminState::Disabled, QStringLiteral("test"), {}, &error));
    }

    FakeClock clock;
    DestinationTable table;
    DestinationSelector selector;
    FakeRandom random;
};

} // namespace

class TestDestinationSelector : public QObject
{
    Q_OBJECT

private slots:
    void priorityOrder_data();
    void priorityOrder();
    void nextHopsCarryTheDestinationIds();
    void roundRobinRotatesOverUsableDestinations();
    void weightedFollowsTheRandomSource_data();
    void weightedFollowsTheRandomSource();
    void weightedDistribution();
    void callIdHashIsStableAndSpread();
    void callIdHashMovesOnlyTheCallsOfAFailedDestination();
    void stickyPreferenceGoesFirst_data();
    void stickyPreferenceGoesFirst();
    void unusableDestinationsAreSkipped();
    void emptyWhenNothingIsUsable();
    void downDestinationGetsOneTrialCallAfterHoldDown();
};

void TestDestinationSelector::priorityOrder_data()
{
    QTest::addColumn<QList<int>>("priorities");
    QTest::addColumn<QList<int>>("expected");

    QTest::newRow("ascending") << QList<int>{1, 2, 3} << QList<int>{1, 2, 3};
    QTest::newRow("descending") << QList<int>{3, 2, 1} << QList<int>{3, 2, 1};
    QTest::newRow("ties keep list order") << QList<int>{5, 1, 5, 1} << QList<int>{2, 4, 1, 3};
    QTest::newRow("negative first") << QList<int>{0, -1, 10} << QList<int>{2, 1, 3};
}

void TestDestinationSelector::priorityOrder()
{
    QFETCH(QList<int>, priorities);
    QFETCH(QList<int>, expected);

    QList<QPair<int, int>> destinations;
    for (const int priority : priorities)
        destinations.append({priority, 1});
    Fixture fixture(makeGroup(GroupAlgorithm::PriorityFailover, destinations));
    QCOMPARE(octets(fixture.select()), expected);
    QCOMPARE(octets(fixture.select("another-call")), expected);
}

void TestDestinationSelector::nextHopsCarryTheDestinationIds()
{
    Fixture fixture(makeGroup(GroupAlgorithm::PriorityFailover, {{2, 1}, {1, 1}}));
    const std::vector<NextHop> hops = fixture.select();
    QCOMPARE(hops.size(), std::size_t(2));
    QCOMPARE(hops[0].destination, fixture.id(2));
    QCOMPARE(hops[0].uri, uriOf(2).toStdString());
    QCOMPARE(hops[1].destination, fixture.id(1));
}

void TestDestinationSelector::roundRobinRotatesOverUsableDestinations()
{
    Fixture fixture(makeGroup(GroupAlgorithm::RoundRobin, {{1, 1}, {1, 1}, {1, 1}}));
    QCOMPARE(octets(fixture.select()), (QList<int>{1, 2, 3}));
    QCOMPARE(octets(fixture.select()), (QList<int>{2, 3, 1}));
    QCOMPARE(octets(fixture.select()), (QList<int>{3, 1, 2}));
    QCOMPARE(octets(fixture.select()), (QList<int>{1, 2, 3}));

    fixture.disable(2);
    QList<int> firsts;
    for (int i = 0; i < 4; ++i) {
        const QList<int> order = octets(fixture.select());
        QCOMPARE(order.size(), 2);
        firsts.append(order.front());
    }
    QVERIFY(firsts.count(1) == 2 && firsts.count(3) == 2);
}

void TestDestinationSelector::weightedFollowsTheRandomSource_data()
{
    QTest::addColumn<QList<quint64>>("randomValues");
    QTest::addColumn<QList<int>>("expected");

    // Weights 1, 3, 6 (total 10): [0, 1) -> 1, [1, 4) -> 2, [4, 10) -> 3.
    QTest::newRow("0 picks the first") << QList<quint64>{0} << QList<int>{1, 2, 3};
    QTest::newRow("1 picks the second") << QList<quint64>{1, 0} << QList<int>{2, 1, 3};
    QTest::newRow("9 picks the third, then 3 the second") << QList<quint64>{9, 3} << QList<int>{3, 2, 1};
    QTest::newRow("4 picks the third, then 0 the first") << QList<quint64>{4, 0} << QList<int>{3, 1, 2};
}

void TestDestinationSelector::weightedFollowsTheRandomSource()
{
    QFETCH(QList<quint64>, randomValues);
    QFETCH(QList<int>, expected);

    Fixture fixture(makeGroup(GroupAlgorithm::Weighted, {{1, 1}, {1, 3}, {1, 6}}));
    FakeRandom random(std::vector<std::uint64_t>(randomValues.begin(), randomValues.end()));
    QCOMPARE(octets(fixture.selector.select(fixture.group(), "call", {}, fixture.table, random)), expected);
}

void TestDestinationSelector::weightedDistribution()
{
    Fixture fixture(makeGroup(GroupAlgorithm::Weighted, {{1, 1}, {1, 3}, {1, 6}}));
    SeededRandom random(20240501);
    constexpr int Selections = 20'000;
    std::array<int, 4> first{};
    std::array<int, 4> second{};
    for (int i = 0; i < Selections; ++i) {
        const QList<int> order = octets(fixture.selector.select(fixture.group(), "call", {}, fixture.table, random));
        QCOMPARE(order.size(), 3);
        QCOMPARE(QSet<int>(order.begin(), order.end()).size(), 3);
        ++first[std::size_t(order[0])];
        ++second[std::size_t(order[1])];
    }
    const auto share = [&](int count) { return double(count) / Selections; };
    QVERIFY2(qAbs(share(first[1]) - 0.1) < 0.015, qPrintable(QString::number(share(first[1]))));
    QVERIFY2(qAbs(share(first[2]) - 0.3) < 0.015, qPrintable(QString::number(share(first[2]))));
    QVERIFY2(qAbs(share(first[3]) - 0.6) < 0.015, qPrintable(QString::number(share(first[3]))));
    // Second place: weighted among the remaining two. P(1 second) = 0.3*1/7 + 0.6*1/4 = 0.193.
    QVERIFY2(qAbs(share(second[1]) - (0.3 / 7 + 0.6 / 4)) < 0.015, qPrintable(QString::number(share(second[1]))));
}

void TestDestinationSelector::callIdHashIsStableAndSpread()
{
    Fixture fixture(makeGroup(GroupAlgorithm::CallIdHash, {{1, 1}, {1, 1}, {1, 1}}));
    std::array<int, 4> first{};
    for (int i = 0; i < 3000; ++i) {
        const std::string callId = "a84b4c76e66710-" + std::to_string(i) + "@198.51.100.7";
        const QList<int> order = octets(fixture.select(callId));
        QCOMPARE(octets(fixture.select(callId)), order);
        QCOMPARE(order.size(), 3);
        ++first[std::size_t(order[0])];
    }
    for (int index = 1; index <= 3; ++index)
        QVERIFY2(first[std::size_t(index)] > 850 && first[std::size_t(index)] < 1150,
                 qPrintable(QString::number(first[std::size_t(index)])));

    // The score is a pure function of its inputs.
    QCOMPARE(DestinationSelector::rendezvousScore("x", "sip:a", 1),
             DestinationSelector::rendezvousScore("x", "sip:a", 1));
    QVERIFY(DestinationSelector::rendezvousScore("x", "sip:a", 2) >
            DestinationSelector::rendezvousScore("x", "sip:a", 1));
}

void TestDestinationSelector::callIdHashMovesOnlyTheCallsOfAFailedDestination()
{
    Fixture fixture(makeGroup(GroupAlgorithm::CallIdHash, {{1, 1}, {1, 1}, {1, 1}, {1, 1}}));
    std::vector<QList<int>> before;
    for (int i = 0; i < 1000; ++i)
        before.push_back(octets(fixture.select("call-" + std::to_string(i))));

    fixture.table.recordTrafficOutcome(fixture.id(3), DestinationOutcome::Timeout, 0);
    int moved = 0;
    for (int i = 0; i < 1000; ++i) {
        const QList<int> after = octets(fixture.select("call-" + std::to_string(i)));
        QList<int> expected = before[std::size_t(i)];
        expected.removeAll(3);
        QCOMPARE(after, expected); // everybody keeps their order; 3's calls go to their next best
        moved += before[std::size_t(i)].front() == 3 ? 1 : 0;
    }
    QVERIFY(moved > 150 && moved < 350);
}

void TestDestinationSelector::stickyPreferenceGoesFirst_data()
{
    QTest::addColumn<QString>("preferred");
    QTest::addColumn<bool>("disablePreferred");
    QTest::addColumn<QList<int>>("expected");

    QTest::newRow("usable member first") << uriOf(3) << false << QList<int>{3, 1, 2};
    QTest::newRow("already first") << uriOf(1) << false << QList<int>{1, 2, 3};
    QTest::newRow("disabled member ignored") << uriOf(3) << true << QList<int>{1, 2};
    QTest::newRow("not a member ignored") << QStringLiteral("sip:192.0.2.1") << false << QList<int>{1, 2, 3};
    QTest::newRow("empty") << QString() << false << QList<int>{1, 2, 3};
}

void TestDestinationSelector::stickyPreferenceGoesFirst()
{
    QFETCH(QString, preferred);
    QFETCH(bool, disablePreferred);
    QFETCH(QList<int>, expected);

    Fixture fixture(makeGroup(GroupAlgorithm::PriorityFailover, {{1, 1}, {2, 1}, {3, 1}}));
    if (disablePreferred)
        fixture.disable(3);
    QCOMPARE(octets(fixture.select("call-1", preferred.toStdString())), expected);
}

void TestDestinationSelector::unusableDestinationsAreSkipped()
{
    DestinationGroup group = makeGroup(GroupAlgorithm::PriorityFailover, {{1, 1}, {2, 1}, {3, 1}, {4, 1}, {5, 1}});
    group.destinations[4].enabled = false;
    Fixture fixture(group);
    fixture.disable(1);
    fixture.table.recordTrafficOutcome(fixture.id(2), DestinationOutcome::Timeout, 0); // down
    QString error;
    fixture.table.callStarted(fixture.id(3));
    QVERIFY(fixture.table.setAdminState(fixture.id(3), DestinationAdminState::Draining, QStringLiteral("test"), {},
                                        &error));
    QCOMPARE(octets(fixture.select()), QList<int>{4});
}

void TestDestinationSelector::emptyWhenNothingIsUsable()
{
    Fixture fixture(makeGroup(GroupAlgorithm::Weighted, {{1, 1}, {1, 2}}));
    fixture.disable(1);
    fixture.disable(2);
    QVERIFY(fixture.select().empty());
    QVERIFY(fixture.selector.select(-1, "call", {}, fixture.table, fixture.random).empty());
    QVERIFY(fixture.selector.select(42, "call", {}, fixture.table, fixture.random).empty());
}

void TestDestinationSelector::downDestinationGetsOneTrialCallAfterHoldDown()
{
    Fixture fixture(makeGroup(GroupAlgorithm::RoundRobin, {{1, 1}, {1, 1}, {1, 1}}, false));
    fixture.table.recordTrafficOutcome(fixture.id(1), DestinationOutcome::Timeout, 0);
    QCOMPARE(octets(fixture.select()), (QList<int>{2, 3}));

    fixture.clock.advance(30'000);
    QCOMPARE(octets(fixture.select()).front(), 1); // the trial call, first so that it is tried
    QVERIFY(fixture.table.isTrialRunning(fixture.id(1)));
    for (int i = 0; i < 5; ++i)
        QVERIFY(!octets(fixture.select()).contains(1)); // one trial call only

    fixture.table.recordTrafficOutcome(fixture.id(1), DestinationOutcome::Answered, 180);
    QCOMPARE(fixture.table.health(fixture.id(1)), DestinationHealth::Up);
    QCOMPARE(octets(fixture.select()).size(), 3);
}

QTEST_APPLESS_MAIN(TestDestinationSelector)
#include "TestDestinationSelector.moc"
