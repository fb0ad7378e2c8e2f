#include "FakeClock.h"
#include "dialog/CarrierRegistry.h"
#include "dialog/DialogTracker.h"
#include "forward/DestinationTable.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>
#include <malloc.h>

using namespace tollgate;
using tollgate::test::FakeClock;

Q_DECLARE_METATYPE(tollgate::DialogState)
Q_DECLARE_METATYPE(tollgate::DialogEvent)
Q_DECLARE_METATYPE(tollgate::DialogEndReason)
Q_DECLARE_METATYPE(tollgate::CallFilter)

namespace {

const QString Alpha = QStringLiteral("sip:10.0.0.1:5060");
const QString Bravo = QStringLiteral("sip:10.0.0.2:5060");
constexpr std::string_view FixedUri = "sip:192.0.2.50:5060";

/// A tracker over a table with group "core" (Alpha, Bravo) and carriers "carrier-a", "carrier-b".
struct Fixture
{
    explicit Fixture(DialogTrackerSettings settings = {})
        : table(clock)
        , tracker(clock, table, carriers, settings)
    {
        DestinationGroup group;
        group.name = QStringLiteral("core");
        group.destinations = {Destination{Alpha, 1, 1, true, {}, {}}, Destination{Bravo, 2, 1, true, {}, {}}};
        table.configure({group});
        Carrier carrierA;
        carrierA.name = QStringLiteral("carrier-a");
        Carrier carrierB;
        carrierB.name = QStringLiteral("carrier-b");
        carriers.configure({carrierA, carrierB});
    }

    int alpha() const { return table.find("core", Alpha.toStdString()); }
    int bravo() const { return table.find("core", Bravo.toStdString()); }
    int core() const { return table.findGroup("core"); }

    /// An INVITE of call `callId` from carrier `carrier` (-1: none) to destination `destination`.
    InviteRelay relay(std::string_view callId, std::string_view fromTag, int carrier, int destination,
                      std::string_view caller = "alice", std::string_view callee = "bob") const
    {
        InviteRelay relay;
        relay.callId = callId;
        relay.fromTag = fromTag;
        relay.caller = caller;
        relay.callee = callee;
        relay.fromHeader = "\"Alice\" <sip:alice@198.51.100.7>;tag=ft";
        relay.toHeader = "<sip:bob@example.com>";
        relay.callerContact = "<sip:alice@198.51.100.7:5060>";
        relay.routeToCaller = "<sip:198.51.100.1;lr>";
        relay.cseq = 1;
        relay.carrier = carrier;
        relay.destination = destination;
        relay.group = destination >= 0 ? core() : -1;
        relay.uri = destination >= 0 ? std::string_view() : FixedUri;
        return relay;
    }

    bool answer(std::string_view callId, std::string_view fromTag = "ft", std::string_view toTag = "tt")
    {
        InviteAnswer answer;
        answer.callId = callId;
        answer.fromTag = fromTag;
        answer.toTag = toTag;
        answer.calleeContact = "<sip:bob@10.0.0.2:5060>";
        answer.routeToCallee = "<sip:10.0.0.9;lr>";
        return tracker.answered(answer);
    }

    DialogState stateOf(std::string_view callId, std::string_view fromTag = "ft") const
    {
        CallSummary call;
        if (!tracker.get(callId, fromTag, &call))
            return DialogState::Terminated;
        return call.state;
    }

    CallSummary summary(std::string_view callId, std::string_view fromTag = "ft") const
    {
        CallSummary call;
        tracker.get(callId, fromTag, &call);
        return call;
    }

    FakeClock clock;
    DestinationTable table;
    CarrierRegistry carriers;
    DialogTracker tracker;
};

QStringList names(std::initializer_list<const char*> texts)
{
    QStringList result;
    for (const char* text : texts)
        result.append(QString::fromUtf8(text));
    return result;
}

/// The callIds of a page, in order.
QStringList callIds(const CallPage& page)
{
    QStringList ids;
    for (const CallSummary& call : page.calls)
        ids.append(call.callId);
    return ids;
}

std::size_t allocatedBytes()
{
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd; // small chunks plus mmapped ones (large vectors)
}

} // namespace

class TestDialogTracker : public QObject
{
    Q_OBJECT

private slots:
    void transitionTable_data();
    void transitionTable();
    void trackerFollowsTheTable_data();
    void trackerFollowsTheTable();
    void hundredTryingChangesNothing();
    void failoverMovesTheCallToTheNextDestination();
    void countersPerCarrierAndDestination();
    void drainCompletesWhenTheLastCallEnds();
    void listFilters_data();
    void listFilters();
    void listPaging();
    void expiryAndRetention();
    void sameCallIdWithDifferentFromTags_data();
    void sameCallIdWithDifferentFromTags();
    void endByOperatorBuildsBothByes();
    void endByOperatorBeforeTheAnswerCancels();
    void endByOperatorErrors();
    void inDialogRequestsTrackCSeqAndTarget();
    void eventsOnlyWhileObserved();
    void eventQueueIsBounded();
    void callJson();
    void statisticsJson();
    void memoryPerConfirmedDialog();
};

// --- The state machine ------------------------------------------------------------------------

void TestDialogTracker::transitionTable_data()
{
    QTest::addColumn<DialogState>("state");
    QTest::addColumn<DialogEvent>("event");
    QTest::addColumn<DialogState>("next");
    QTest::addColumn<bool>("applies");
    QTest::addColumn<DialogEndReason>("endReason");

    using S = DialogState;
    using E = DialogEvent;
    using R = DialogEndReason;
    const auto row = [](S state, E event, S next, bool applies, R reason) {
        QTest::addRow("%s + %s", qPrintable(dialogStateName(state)), qPrintable(dialogEventName(event)))
            << state << event << next << applies << reason;
    };
    // Trying
    row(S::Trying, E::InviteRelayed, S::Trying, true, R::None);
    row(S::Trying, E::Provisional, S::Early, true, R::None);
    row(S::Trying, E::Success, S::Confirmed, true, R::None);
    row(S::Trying, E::Failure, S::Terminated, true, R::Rejected);
    row(S::Trying, E::Ack, S::Trying, false, R::None);
    row(S::Trying, E::InDialogRequest, S::Trying, false, R::None);
    row(S::Trying, E::ByeFromCaller, S::Trying, false, R::None);
    row(S::Trying, E::ByeFromCallee, S::Trying, false, R::None);
    row(S::Trying, E::Cancel, S::Terminated, true, R::Canceled);
    row(S::Trying, E::Expired, S::Terminated, true, R::NoAnswer);
    row(S::Trying, E::EndedByOperator, S::Terminated, true, R::EndedByOperator);
    // Early
    row(S::Early, E::InviteRelayed, S::Trying, true, R::None);
    row(S::Early, E::Provisional, S::Early, true, R::None);
    row(S::Early, E::Success, S::Confirmed, true, R::None);
    row(S::Early, E::Failure, S::Terminated, true, R::Rejected);
    row(S::Early, E::Ack, S::Early, false, R::None);
    row(S::Early, E::InDialogRequest, S::Early, true, R::None);
    row(S::Early, E::ByeFromCaller, S::Terminated, true, R::CallerHungUp);
    row(S::Early, E::ByeFromCallee, S::Early, false, R::None);
    row(S::Early, E::Cancel, S::Terminated, true, R::Canceled);
    row(S::Early, E::Expired, S::Terminated, true, R::NoAnswer);
    row(S::Early, E::EndedByOperator, S::Terminated, true, R::EndedByOperator);
    // Confirmed
    row(S::Confirmed, E::InviteRelayed, S::Confirmed, false, R::None);
    row(S::Confirmed, E::Provisional, S::Confirmed, false, R::None);
    row(S::Confirmed, E::Success, S::Confirmed, false, R::None);
    row(S::Confirmed, E::Failure, S::Confirmed, false, R::None);
    row(S::Confirmed, E::Ack, S::Confirmed, true, R::None);
    row(S::Confirmed, E::InDialogRequest, S::Confirmed, true, R::None);
    row(S::Confirmed, E::ByeFromCaller, S::Terminated, true, R::CallerHungUp);
    row(S::Confirmed, E::ByeFromCallee, S::Terminated, true, R::CalleeHungUp);
    row(S::Confirmed, E::Cancel, S::Confirmed, false, R::None);
    row(S::Confirmed, E::Expired, S::Terminated, true, R::MaxLifetime);
    row(S::Confirmed, E::EndedByOperator, S::Terminated, true, R::EndedByOperator);
    // Terminated: everything is ignored.
    for (int event = 0; event < DialogEventCount; ++event)
        row(S::Terminated, static_cast<E>(event), S::Terminated, false, R::None);
}

void TestDialogTracker::transitionTable()
{
    QFETCH(DialogState, state);
    QFETCH(DialogEvent, event);
    QFETCH(DialogState, next);
    QFETCH(bool, applies);
    QFETCH(DialogEndReason, endReason);

    const DialogTransition transition = dialogTransition(state, event);
    QCOMPARE(transition.next, next);
    QCOMPARE(transition.applies, applies);
    QCOMPARE(transition.endReason, endReason);
}

void TestDialogTracker::trackerFollowsTheTable_data()
{
    transitionTable_data();
}

void TestDialogTracker::trackerFollowsTheTable()
{
    QFETCH(DialogState, state);
    QFETCH(DialogEvent, event);
    QFETCH(DialogState, next);
    QFETCH(bool, applies);
    QFETCH(DialogEndReason, endReason);

    DialogTrackerSettings settings;
    settings.terminatedRetentionMs = 24LL * 3600 * 1000; // keep ended calls through the expiry sweep
    Fixture f(settings);
    constexpr std::string_view CallId = "call-1";

    // Bring the call to `state` through the adapter's reports.
    QVERIFY(f.tracker.inviteRelayed(f.relay(CallId, "ft", 0, f.alpha())));
    if (state != DialogState::Trying)
        QVERIFY(f.tracker.provisional(CallId, "ft", "tt", 180));
    if (state == DialogState::Confirmed || state == DialogState::Terminated)
        QVERIFY(f.answer(CallId));
    if (state == DialogState::Terminated)
        QVERIFY(f.tracker.byeReceived(CallId, "ft", "tt", 2));
    QCOMPARE(f.stateOf(CallId), state);

    // Fire `event`.
    bool applied = false;
    CallEndOrders orders;
    QString error;
    switch (event) {
    case DialogEvent::InviteRelayed:
        applied = f.tracker.inviteRelayed(f.relay(CallId, "ft", 0, f.bravo()));
        break;
    case DialogEvent::Provisional:
        applied = f.tracker.provisional(CallId, "ft", "tt", 183);
        break;
    case DialogEvent::Success:
        applied = f.answer(CallId);
        break;
    case DialogEvent::Failure:
        applied = f.tracker.failed(CallId, "ft", 486);
        break;
    case DialogEvent::Ack:
        applied = f.tracker.acknowledged(CallId, "ft", "tt");
        break;
    case DialogEvent::InDialogRequest:
        applied = f.tracker.inDialogRequest(CallId, "ft", "tt", 5, {});
        break;
    case DialogEvent::ByeFromCaller:
        applied = f.tracker.byeReceived(CallId, "ft", "tt", 6);
        break;
    case DialogEvent::ByeFromCallee:
        applied = f.tracker.byeReceived(CallId, "tt", "ft", 1);
        break;
    case DialogEvent::Cancel:
        applied = f.tracker.canceled(CallId, "ft");
        break;
    case DialogEvent::Expired:
        f.clock.advance(settings.maxLifetimeMs);
        applied = f.tracker.sweep() > 0;
        break;
    case DialogEvent::EndedByOperator:
        applied = f.tracker.endByOperator(CallId, "ft", QStringLiteral("alice"), &orders, &error);
        break;
    }

    if (state == DialogState::Terminated && event == DialogEvent::InviteRelayed) {
        // The ended call ignores it; the same Call-ID and From tag start a new call (a retry).
        QVERIFY(applied);
        QCOMPARE(f.tracker.size(), std::size_t(2));
        QCOMPARE(f.stateOf(CallId), DialogState::Trying);
        QCOMPARE(f.tracker.list(CallFilter{{}, {}, {}, DialogState::Terminated, false, {}, {}, 0, 0, 100}).total, 1);
        return;
    }
    QCOMPARE(applied, applies);
    const CallSummary call = f.summary(CallId);
    QCOMPARE(call.state, next);
    if (state != DialogState::Terminated)
        QCOMPARE(call.endReason, endReason);
    QCOMPARE(f.tracker.activeCalls(), std::int64_t(next == DialogState::Terminated ? 0 : 1));
}

void TestDialogTracker::hundredTryingChangesNothing()
{
    Fixture f;
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.alpha()));
    QVERIFY(!f.tracker.provisional("c", "ft", {}, 100));
    QCOMPARE(f.stateOf("c"), DialogState::Trying);
    QVERIFY(f.tracker.provisional("c", "ft", {}, 180));
    QCOMPARE(f.stateOf("c"), DialogState::Early);
    QVERIFY(f.summary("c").toTag.isEmpty());
}

void TestDialogTracker::failoverMovesTheCallToTheNextDestination()
{
    Fixture f;
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.alpha()));
    f.tracker.provisional("c", "ft", "early-tag", 180);
    QCOMPARE(f.table.activeCalls(f.alpha()), 1);

    QVERIFY(f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.bravo())));
    QCOMPARE(f.table.activeCalls(f.alpha()), 0);
    QCOMPARE(f.table.activeCalls(f.bravo()), 1);
    const CallSummary call = f.summary("c");
    QCOMPARE(call.state, DialogState::Trying);
    QCOMPARE(call.destination, Bravo);
    QVERIFY(call.toTag.isEmpty()); // the early dialog of the first branch is gone
    QCOMPARE(f.tracker.size(), std::size_t(1));
    QCOMPARE(f.tracker.destinationCounters(f.alpha()).total, std::uint64_t(1));
    QCOMPARE(f.tracker.destinationCounters(f.alpha()).active, std::int64_t(0));
    QCOMPARE(f.tracker.destinationCounters(f.bravo()).active, std::int64_t(1));
    QCOMPARE(f.tracker.carrierCounters(0).total, std::uint64_t(1));
}

void TestDialogTracker::countersPerCarrierAndDestination()
{
    Fixture f;
    // Answered on Alpha from carrier-a, then hung up.
    f.tracker.inviteRelayed(f.relay("answered", "ft", 0, f.alpha()));
    f.answer("answered");
    f.tracker.byeReceived("answered", "tt", "ft", 1);
    // Rejected after failover Alpha -> Bravo, from carrier-b.
    f.tracker.inviteRelayed(f.relay("rejected", "ft", 1, f.alpha()));
    f.tracker.inviteRelayed(f.relay("rejected", "ft", 1, f.bravo()));
    f.tracker.failed("rejected", "ft", 503);
    // Cancelled on Bravo, from carrier-a.
    f.tracker.inviteRelayed(f.relay("canceled", "ft", 0, f.bravo()));
    f.tracker.canceled("canceled", "ft");
    // Still up on Alpha, from no carrier.
    f.tracker.inviteRelayed(f.relay("up", "ft", -1, f.alpha()));
    f.answer("up");

    const CallCounters carrierA = f.tracker.carrierCounters(0);
    QCOMPARE(carrierA.total, std::uint64_t(2));
    QCOMPARE(carrierA.active, std::int64_t(0));
    QCOMPARE(carrierA.answered, std::uint64_t(1));
    QCOMPARE(carrierA.canceled, std::uint64_t(1));
    QCOMPARE(carrierA.failed, std::uint64_t(0));
    const CallCounters carrierB = f.tracker.carrierCounters(1);
    QCOMPARE(carrierB.total, std::uint64_t(1));
    QCOMPARE(carrierB.failed, std::uint64_t(1));

    const CallCounters alpha = f.tracker.destinationCounters(f.alpha());
    QCOMPARE(alpha.total, std::uint64_t(3)); // answered, the first attempt of rejected, up
    QCOMPARE(alpha.active, std::int64_t(1));
    QCOMPARE(alpha.answered, std::uint64_t(2));
    QCOMPARE(alpha.failed, std::uint64_t(0));
    const CallCounters bravo = f.tracker.destinationCounters(f.bravo());
    QCOMPARE(bravo.total, std::uint64_t(2));
    QCOMPARE(bravo.failed, std::uint64_t(1));
    QCOMPARE(bravo.canceled, std::uint64_t(1));
    QCOMPARE(bravo.active, std::int64_t(0));
    QCOMPARE(f.table.activeCalls(f.alpha()), 1);
    QCOMPARE(f.table.activeCalls(f.bravo()), 0);

    const CallStatistics statistics = f.tracker.statistics();
    QCOMPARE(statistics.totals.total, std::uint64_t(4));
    QCOMPARE(statistics.totals.active, std::int64_t(1));
    QCOMPARE(statistics.byState[std::size_t(DialogState::Confirmed)], std::int64_t(1));
    QCOMPARE(statistics.byState[std::size_t(DialogState::Terminated)], std::int64_t(3));
    QCOMPARE(statistics.byEndReason[std::size_t(DialogEndReason::CalleeHungUp)], std::uint64_t(1));
    QCOMPARE(statistics.byEndReason[std::size_t(DialogEndReason::Rejected)], std::uint64_t(1));
    QCOMPARE(statistics.byEndReason[std::size_t(DialogEndReason::Canceled)], std::uint64_t(1));
    QCOMPARE(statistics.carriers.size(), std::size_t(2));
    QCOMPARE(statistics.destinations.size(), std::size_t(2));
}

void TestDialogTracker::drainCompletesWhenTheLastCallEnds()
{
    Fixture f;
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.alpha()));
    f.answer("c");
    QString error;
    QVERIFY(f.table.setAdminState(f.alpha(), DestinationAdminState::Draining, QStringLiteral("alice"), {}, &error));
    QCOMPARE(f.table.adminState(f.alpha()), DestinationAdminState::Draining);
    f.tracker.byeReceived("c", "ft", "tt", 2);
    QCOMPARE(f.table.adminState(f.alpha()), DestinationAdminState::Disabled);
}

// --- Listing ----------------------------------------------------------------------------------

void TestDialogTracker::listFilters_data()
{
    QTest::addColumn<CallFilter>("filter");
    QTest::addColumn<QStringList>("expected");

    const auto filter = [](auto&& set) {
        CallFilter result;
        set(result);
        return result;
    };
    QTest::newRow("everything, newest first") << CallFilter{} << names({"c4", "c3", "c2", "c1"});
    QTest::newRow("carrier") << filter([](CallFilter& f) { f.carrier = QStringLiteral("carrier-a"); })
                             << names({"c3", "c1"});
    QTest::newRow("unknown carrier") << filter([](CallFilter& f) { f.carrier = QStringLiteral("nobody"); })
                                     << QStringList{};
    QTest::newRow("group") << filter([](CallFilter& f) { f.group = QStringLiteral("core"); })
                           << names({"c3", "c2", "c1"});
    QTest::newRow("destination") << filter([](CallFilter& f) { f.destination = Bravo; }) << names({"c3", "c2"});
    QTest::newRow("fixed URI") << filter([](CallFilter& f) { f.destination = QString::fromUtf8(FixedUri); })
                               << names({"c4"});
    QTest::newRow("state") << filter([](CallFilter& f) { f.state = DialogState::Confirmed; }) << names({"c1"});
    QTest::newRow("active only") << filter([](CallFilter& f) { f.activeOnly = true; }) << names({"c4", "c2", "c1"});
    QTest::newRow("caller substring") << filter([](CallFilter& f) { f.callerContains = QStringLiteral("alice"); })
                                      << names({"c2", "c1"});
    QTest::newRow("callee substring") << filter([](CallFilter& f) { f.calleeContains = QStringLiteral("bob"); })
                                      << names({"c3", "c1"});
    QTest::newRow("min duration met") << filter([](CallFilter& f) { f.minDurationMs = 60'000; }) << names({"c1"});
    QTest::newRow("min duration not met") << filter([](CallFilter& f) { f.minDurationMs = 60'001; }) << QStringList{};
    QTest::newRow("combined") << filter([](CallFilter& f) {
        f.carrier = QStringLiteral("carrier-a");
        f.calleeContains = QStringLiteral("bob20");
        f.activeOnly = true;
    }) << names({"c1"});
}

void TestDialogTracker::listFilters()
{
    QFETCH(CallFilter, filter);
    QFETCH(QStringList, expected);

    Fixture f;
    f.tracker.inviteRelayed(f.relay("c1", "ft", 0, f.alpha(), "alice100", "bob200"));
    f.answer("c1");
    f.clock.advance(1000);
    f.tracker.inviteRelayed(f.relay("c2", "ft", 1, f.bravo(), "alice101", "carol300"));
    f.tracker.provisional("c2", "ft", "tt", 180);
    f.clock.advance(1000);
    f.tracker.inviteRelayed(f.relay("c3", "ft", 0, f.bravo(), "dave400", "bob201"));
    f.tracker.failed("c3", "ft", 486);
    f.clock.advance(1000);
    f.tracker.inviteRelayed(f.relay("c4", "ft", -1, -1, "erin500", "frank600"));
    f.clock.advance(57'000); // c1 has talked for 60 s

    const CallPage page = f.tracker.list(filter);
    QCOMPARE(callIds(page), expected);
    QCOMPARE(page.total, int(expected.size()));
}

void TestDialogTracker::listPaging()
{
    Fixture f;
    for (int i = 1; i <= 7; ++i) {
        const std::string callId = "c" + std::to_string(i);
        f.tracker.inviteRelayed(f.relay(callId, "ft", 0, f.alpha()));
    }
    CallFilter filter;
    filter.offset = 2;
    filter.limit = 3;
    CallPage page = f.tracker.list(filter);
    QCOMPARE(callIds(page), (names({"c5", "c4", "c3"})));
    QCOMPARE(page.total, 7);
    QCOMPARE(page.toJson(2).value(QStringLiteral("offset")).toInt(), 2);

    filter.offset = 5;
    QCOMPARE(callIds(f.tracker.list(filter)), (names({"c2", "c1"})));
    filter.offset = 7;
    page = f.tracker.list(filter);
    QVERIFY(page.calls.empty());
    QCOMPARE(page.total, 7);
    filter.offset = 0;
    filter.limit = 0;
    QCOMPARE(f.tracker.list(filter).calls.size(), std::size_t(7));
}

// --- Expiry -----------------------------------------------------------------------------------

void TestDialogTracker::expiryAndRetention()
{
    Fixture f;
    f.tracker.inviteRelayed(f.relay("ringing", "ft", 0, f.alpha()));
    f.tracker.provisional("ringing", "ft", "tt", 180);
    f.tracker.inviteRelayed(f.relay("talking", "ft", 0, f.alpha()));
    f.answer("talking");

    f.clock.advance(5 * 60 * 1000 - 1);
    QCOMPARE(f.tracker.sweep(), 0);
    f.clock.advance(1);
    QCOMPARE(f.tracker.sweep(), 1);
    QCOMPARE(f.summary("ringing").endReason, DialogEndReason::NoAnswer);
    QCOMPARE(f.tracker.carrierCounters(0).failed, std::uint64_t(1));

    // The ended call is kept 30 s, then forgotten.
    f.clock.advance(29'999);
    f.tracker.sweep();
    QCOMPARE(f.tracker.size(), std::size_t(2));
    f.clock.advance(1);
    f.tracker.sweep();
    QCOMPARE(f.tracker.size(), std::size_t(1));
    CallSummary call;
    QVERIFY(!f.tracker.get("ringing", "ft", &call));

    f.clock.advance(4LL * 3600 * 1000 - 5 * 60 * 1000 - 30'000 - 1);
    QCOMPARE(f.tracker.sweep(), 0);
    f.clock.advance(1);
    QCOMPARE(f.tracker.sweep(), 1);
    QCOMPARE(f.summary("talking").endReason, DialogEndReason::MaxLifetime);
    QCOMPARE(f.tracker.activeCalls(), std::int64_t(0));
    QCOMPARE(f.table.activeCalls(f.alpha()), 0);

    // A freed slot is reused by the next call.
    f.clock.advance(30'000);
    f.tracker.sweep();
    QCOMPARE(f.tracker.size(), std::size_t(0));
    f.tracker.inviteRelayed(f.relay("next", "ft", 0, f.alpha()));
    QCOMPARE(f.tracker.size(), std::size_t(1));
    QCOMPARE(f.stateOf("next"), DialogState::Trying);
}

void TestDialogTracker::sameCallIdWithDifferentFromTags_data()
{
    QTest::addColumn<int>("endedFirst");
    QTest::newRow("older ends first") << 0;
    QTest::newRow("newer ends first") << 1;
}

void TestDialogTracker::sameCallIdWithDifferentFromTags()
{
    QFETCH(int, endedFirst);

    Fixture f;
    const std::array<std::string_view, 2> fromTags{"f-old", "f-new"};
    const std::array<std::string_view, 2> toTags{"t-old", "t-new"};
    for (std::size_t i = 0; i < 2; ++i) {
        f.tracker.inviteRelayed(f.relay("shared", fromTags[i], 0, f.alpha()));
        f.answer("shared", fromTags[i], toTags[i]);
    }
    const std::size_t ended = std::size_t(endedFirst);
    const std::size_t other = 1 - ended;
    QVERIFY(f.tracker.byeReceived("shared", toTags[ended], fromTags[ended], 1));
    QCOMPARE(f.stateOf("shared", fromTags[ended]), DialogState::Terminated);
    QCOMPARE(f.stateOf("shared", fromTags[other]), DialogState::Confirmed);

    f.clock.advance(30'000);
    f.tracker.sweep();
    QCOMPARE(f.tracker.size(), std::size_t(1));
    QCOMPARE(f.stateOf("shared", fromTags[other]), DialogState::Confirmed);
    QVERIFY(f.tracker.byeReceived("shared", fromTags[other], toTags[other], 2));
    QCOMPARE(f.summary("shared", fromTags[other]).endReason, DialogEndReason::CallerHungUp);
}

// --- Control ----------------------------------------------------------------------------------

void TestDialogTracker::endByOperatorBuildsBothByes()
{
    Fixture f;
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.alpha()));
    f.answer("c");
    f.tracker.inDialogRequest("c", "tt", "ft", 7, {}); // the callee used CSeq 7
    f.tracker.inDialogRequest("c", "ft", "tt", 3, {}); // the caller CSeq 3

    CallEndOrders orders;
    QString error;
    QVERIFY(f.tracker.endByOperator("c", {}, QStringLiteral("alice"), &orders, &error));
    QCOMPARE(orders.stateBefore, DialogState::Confirmed);
    QCOMPARE(orders.callId, std::string("c"));
    QCOMPARE(orders.fromTag, std::string("ft"));
    QVERIFY(orders.towardsCallee && orders.towardsCaller);

    const ByeRequest& callee = *orders.towardsCallee;
    QCOMPARE(callee.requestUri, std::string("<sip:bob@10.0.0.2:5060>"));
    QCOMPARE(callee.route, std::string("<sip:10.0.0.9;lr>"));
    QCOMPARE(callee.from, std::string("\"Alice\" <sip:alice@198.51.100.7>;tag=ft"));
    QCOMPARE(callee.to, std::string("<sip:bob@example.com>;tag=tt"));
    QCOMPARE(callee.cseq, 4U);
    const ByeRequest& caller = *orders.towardsCaller;
    QCOMPARE(caller.requestUri, std::string("<sip:alice@198.51.100.7:5060>"));
    QCOMPARE(caller.route, std::string("<sip:198.51.100.1;lr>"));
    QCOMPARE(caller.from, std::string("<sip:bob@example.com>;tag=tt"));
    QCOMPARE(caller.to, std::string("\"Alice\" <sip:alice@198.51.100.7>;tag=ft"));
    QCOMPARE(caller.cseq, 8U);
    QCOMPARE(caller.callId, std::string("c"));

    const CallSummary call = f.summary("c");
    QCOMPARE(call.state, DialogState::Terminated);
    QCOMPARE(call.endReason, DialogEndReason::EndedByOperator);
}

void TestDialogTracker::endByOperatorBeforeTheAnswerCancels()
{
    Fixture f;
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.alpha()));
    f.tracker.provisional("c", "ft", "tt", 180);
    CallEndOrders orders;
    QString error;
    QVERIFY(f.tracker.endByOperator("c", "ft", QStringLiteral("alice"), &orders, &error));
    QCOMPARE(orders.stateBefore, DialogState::Early);
    QVERIFY(!orders.towardsCaller && !orders.towardsCallee);
    QCOMPARE(f.stateOf("c"), DialogState::Terminated);
}

void TestDialogTracker::endByOperatorErrors()
{
    Fixture f;
    CallEndOrders orders;
    QString error;
    QVERIFY(!f.tracker.endByOperator("missing", {}, QStringLiteral("alice"), &orders, &error));
    QCOMPARE(error, QStringLiteral("no call with Call-ID \"missing\""));
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.alpha()));
    f.tracker.failed("c", "ft", 404);
    QVERIFY(!f.tracker.endByOperator("c", {}, QStringLiteral("alice"), &orders, &error));
    QCOMPARE(error, QStringLiteral("call \"c\" has already ended (rejected)"));
}

void TestDialogTracker::inDialogRequestsTrackCSeqAndTarget()
{
    Fixture f;
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.alpha()));
    f.answer("c");
    QVERIFY(f.tracker.acknowledged("c", "ft", "tt"));
    QVERIFY(f.tracker.inDialogRequest("c", "ft", "tt", 2, "<sip:alice@198.51.100.8:5060>"));
    QVERIFY(f.tracker.inDialogRequest("c", "tt", "ft", 9, "<sip:bob@10.0.0.3:5060>"));
    QVERIFY(f.tracker.inDialogRequest("c", "ft", "tt", 1, {})); // out of order: the highest is kept
    QVERIFY(!f.tracker.inDialogRequest("c", "ft", "other", 3, {}));
    const CallSummary call = f.summary("c");
    QVERIFY(call.hasDetail);
    QVERIFY(call.acknowledged);
    QCOMPARE(call.callerCSeq, 2U);
    QCOMPARE(call.calleeCSeq, 9U);
    QCOMPARE(call.callerContact, QStringLiteral("<sip:alice@198.51.100.8:5060>"));
    QCOMPARE(call.calleeContact, QStringLiteral("<sip:bob@10.0.0.3:5060>"));
    QCOMPARE(call.routeToCallee, QStringLiteral("<sip:10.0.0.9;lr>"));
}

// --- Observation ------------------------------------------------------------------------------

void TestDialogTracker::eventsOnlyWhileObserved()
{
    Fixture f;
    f.tracker.inviteRelayed(f.relay("unseen", "ft", 0, f.alpha()));
    QVERIFY(f.tracker.takeEvents().empty());

    f.tracker.setObserving(true);
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.alpha()));
    f.tracker.provisional("c", "ft", "tt", 180);
    f.tracker.provisional("c", "ft", "tt", 183); // no change: no event
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.bravo()));
    f.answer("c");
    CallEndOrders orders;
    QString error;
    f.tracker.endByOperator("c", "ft", QStringLiteral("alice"), &orders, &error);

    const std::vector<CallEvent> events = f.tracker.takeEvents();
    QStringList seen;
    for (const CallEvent& event : events)
        seen.append(CallEvent::typeName(event.type) + QLatin1Char(':') + dialogStateName(event.call.state));
    QCOMPARE(seen, (names({"call.started:trying", "call.updated:early", "call.updated:trying", "call.updated:confirmed",
                           "call.ended:terminated"})));
    QCOMPARE(events[2].call.destination, Bravo);
    QCOMPARE(events.back().user, QStringLiteral("alice"));
    QCOMPARE(events.back().toJson().value(QStringLiteral("event")).toString(), QStringLiteral("call.ended"));
    QCOMPARE(events.back().call.endReason, DialogEndReason::EndedByOperator);
    QCOMPARE(events.front().timeMs, f.clock.nowMs());
    QVERIFY(f.tracker.takeEvents().empty());

    f.tracker.setObserving(false);
    f.tracker.inviteRelayed(f.relay("after", "ft", 0, f.alpha()));
    QVERIFY(f.tracker.takeEvents().empty());
}

void TestDialogTracker::eventQueueIsBounded()
{
    DialogTrackerSettings settings;
    settings.maxQueuedEvents = 3;
    Fixture f(settings);
    f.tracker.setObserving(true);
    for (int i = 0; i < 5; ++i)
        f.tracker.inviteRelayed(f.relay("c" + std::to_string(i), "ft", 0, f.alpha()));
    const std::vector<CallEvent> events = f.tracker.takeEvents();
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(events.front().call.callId, QStringLiteral("c2"));
    QCOMPARE(f.tracker.statistics().droppedEvents, std::uint64_t(2));
}

void TestDialogTracker::callJson()
{
    Fixture f;
    const std::int64_t started = f.clock.nowMs();
    f.tracker.inviteRelayed(f.relay("c", "ft", 1, f.bravo(), "+4930123", "+4940456"));
    f.clock.advance(2000);
    f.answer("c");
    f.clock.advance(90'000);

    CallSummary call;
    QVERIFY(f.tracker.get("c", "ft", &call));
    const QJsonObject json = call.toJson();
    QCOMPARE(json.value(QStringLiteral("callId")).toString(), QStringLiteral("c"));
    QCOMPARE(json.value(QStringLiteral("caller")).toString(), QStringLiteral("+4930123"));
    QCOMPARE(json.value(QStringLiteral("callee")).toString(), QStringLiteral("+4940456"));
    QCOMPARE(json.value(QStringLiteral("carrier")).toString(), QStringLiteral("carrier-b"));
    QCOMPARE(json.value(QStringLiteral("group")).toString(), QStringLiteral("core"));
    QCOMPARE(json.value(QStringLiteral("destination")).toString(), Bravo);
    QCOMPARE(json.value(QStringLiteral("state")).toString(), QStringLiteral("confirmed"));
    QCOMPARE(json.value(QStringLiteral("toTag")).toString(), QStringLiteral("tt"));
    QCOMPARE(json.value(QStringLiteral("finalCode")).toInt(), 200);
    QCOMPARE(json.value(QStringLiteral("created")).toDouble(), double(started));
    QCOMPARE(json.value(QStringLiteral("answered")).toDouble(), double(started + 2000));
    QVERIFY(json.value(QStringLiteral("ended")).isNull());
    QCOMPARE(json.value(QStringLiteral("durationMs")).toDouble(), 90'000.0);
    QCOMPARE(json.value(QStringLiteral("ageMs")).toDouble(), 92'000.0);
    const QJsonObject detail = json.value(QStringLiteral("detail")).toObject();
    QCOMPARE(detail.value(QStringLiteral("calleeContact")).toString(), QStringLiteral("<sip:bob@10.0.0.2:5060>"));
    QCOMPARE(detail.value(QStringLiteral("routeToCaller")).toString(), QStringLiteral("<sip:198.51.100.1;lr>"));

    // The listing leaves the details out.
    const CallPage page = f.tracker.list(CallFilter{});
    QVERIFY(!page.calls.front().toJson().contains(QStringLiteral("detail")));
}

void TestDialogTracker::statisticsJson()
{
    Fixture f;
    f.tracker.inviteRelayed(f.relay("c", "ft", 0, f.alpha()));
    f.answer("c");
    const QJsonObject json = f.tracker.statistics().toJson();
    QCOMPARE(json.value(QStringLiteral("active")).toInt(), 1);
    QCOMPARE(json.value(QStringLiteral("answered")).toInt(), 1);
    QCOMPARE(json.value(QStringLiteral("byState")).toObject().value(QStringLiteral("confirmed")).toInt(), 1);
    const QJsonObject carrier = json.value(QStringLiteral("carriers")).toArray().first().toObject();
    QCOMPARE(carrier.value(QStringLiteral("name")).toString(), QStringLiteral("carrier-a"));
    QCOMPARE(carrier.value(QStringLiteral("active")).toInt(), 1);
    const QJsonObject destination = json.value(QStringLiteral("destinations")).toArray().first().toObject();
    QCOMPARE(destination.value(QStringLiteral("uri")).toString(), Alpha);
    QCOMPARE(destination.value(QStringLiteral("group")).toString(), QStringLiteral("core"));
}

// --- Memory -----------------------------------------------------------------------------------

void TestDialogTracker::memoryPerConfirmedDialog()
{
    constexpr int Calls = 50'000;
    Fixture f;
    // Realistic field sizes: a 40-character Call-ID, E.164 users, tags of 10, one Record-Route
    // on each side.
    std::vector<std::array<std::string, 11>> fields;
    fields.reserve(Calls);
    for (int i = 0; i < Calls; ++i) {
        const std::string n = std::to_string(100000 + i);
        fields.push_back({"a84b4c76e66710" + n + "@pc33.atlanta.example.com", "1928" + n, "3141" + n, "+4930" + n + "0",
                          "+4940" + n + "1", "\"+4930" + n + "0\" <sip:+4930" + n + "0@198.51.100.7>;tag=1928" + n,
                          "<sip:+4940" + n + "1@203.0.113.9>", "<sip:+4930" + n + "0@198.51.100.7:5060>",
                          "<sip:198.51.100.1;lr>", "<sip:+4940" + n + "1@10.0.0.2:5060;transport=udp>",
                          "<sip:10.0.0.9;lr;ftag=1928" + n + ">"});
    }

    const std::size_t before = allocatedBytes();
    for (int i = 0; i < Calls; ++i) {
        const auto& text = fields[std::size_t(i)];
        InviteRelay relay;
        relay.callId = text[0];
        relay.fromTag = text[1];
        relay.caller = text[3];
        relay.callee = text[4];
        relay.fromHeader = text[5];
        relay.toHeader = text[6];
        relay.callerContact = text[7];
        relay.routeToCaller = text[8];
        relay.cseq = 1;
        relay.carrier = i % 2;
        relay.group = f.core();
        relay.destination = i % 2 == 0 ? f.alpha() : f.bravo();
        f.tracker.inviteRelayed(relay);
        f.tracker.provisional(text[0], text[1], text[2], 180);
        InviteAnswer answer;
        answer.callId = text[0];
        answer.fromTag = text[1];
        answer.toTag = text[2];
        answer.calleeContact = text[9];
        answer.routeToCallee = text[10];
        f.tracker.answered(answer);
        f.tracker.acknowledged(text[0], text[1], text[2]);
    }
    const std::size_t after = allocatedBytes();
    QCOMPARE(f.tracker.activeCalls(), std::int64_t(Calls));
    QCOMPARE(f.tracker.list(CallFilter{{}, {}, {}, DialogState::Confirmed, false, {}, {}, 0, 0, 1}).total, Calls);
    if (before == 0 && after == 0)
        QSKIP("the allocator reports no statistics (sanitizer build)");

    const double perDialog = double(after - before) / Calls;
    qInfo("memory per confirmed dialog: %.0f bytes, index and allocator overhead included (%d calls)", perDialog,
          Calls);
    QVERIFY2(perDialog < 2048, qPrintable(QString::number(perDialog)));
}

QTEST_APPLESS_MAIN(TestDialogTracker)
#include "TestDialogTracker.moc"
