#include "FakeClock.h"
#include "dialog/CallLimiter.h"
#include "dialog/CarrierRegistry.h"
#include "dialog/DialogTracker.h"
#include "forward/DestinationTable.h"

#include <QJsonObject>
#include <QTest>

using namespace tollgate;
using tollgate::test::FakeClock;

namespace {

Carrier makeCarrier(const QString& name, int maxConcurrentCalls, int maxCallsPerSecond)
{
    Carrier carrier;
    carrier.name = name;
    carrier.maxConcurrentCalls = maxConcurrentCalls;
    carrier.maxCallsPerSecond = maxCallsPerSecond;
    return carrier;
}

struct Fixture
{
    explicit Fixture(const QList<Carrier>& list)
        : table(clock)
        , tracker(clock, table, carriers)
        , limiter(clock, carriers, tracker)
    {
        carriers.configure(list);
    }

    /// Admits a call and, if admitted, starts it in the tracker as the SIP adapter would.
    Admission call(int carrier)
    {
        const Admission admission = limiter.admit(carrier);
        if (admission == Admission::Admitted) {
            const std::string callId = "call-" + std::to_string(++m_calls);
            InviteRelay relay;
            relay.callId = callId;
            relay.fromTag = "ft";
            relay.carrier = carrier;
            relay.uri = "sip:192.0.2.1";
            tracker.inviteRelayed(relay);
        }
        return admission;
    }

    FakeClock clock;
    DestinationTable table;
    CarrierRegistry carriers;
    DialogTracker tracker;
    CallLimiter limiter;

private:
    int m_calls = 0;
};

} // namespace

class TestCallLimiter : public QObject
{
    Q_OBJECT

private slots:
    void concurrencyLimit();
    void rateLimitIsATokenBucket();
    void burstIsCappedAtOneSecond();
    void cancelledAdmissionGivesTheTokenBack();
    void unlimitedAndUnknownCarriersPass();
    void concurrencyIsCheckedBeforeRate();
    void newLimitsApplyAcrossRulesets();
    void countersJson();
};

void TestCallLimiter::concurrencyLimit()
{
    Fixture f({makeCarrier(QStringLiteral("carrier-a"), 2, 0)});
    QCOMPARE(f.call(0), Admission::Admitted);
    QCOMPARE(f.call(0), Admission::Admitted);
    QCOMPARE(f.call(0), Admission::RejectedConcurrency);
    f.tracker.failed("call-1", "ft", 486);
    QCOMPARE(f.call(0), Admission::Admitted);
    QCOMPARE(f.call(0), Admission::RejectedConcurrency);
    const CallLimiter::Counters counters = f.limiter.counters(0);
    QCOMPARE(counters.admitted, std::uint64_t(3));
    QCOMPARE(counters.rejectedConcurrency, std::uint64_t(2));
    QCOMPARE(counters.rejectedRate, std::uint64_t(0));
}

void TestCallLimiter::rateLimitIsATokenBucket()
{
    Fixture f({makeCarrier(QStringLiteral("carrier-a"), 0, 4)});
    for (int i = 0; i < 4; ++i)
        QCOMPARE(f.call(0), Admission::Admitted);
    QCOMPARE(f.call(0), Admission::RejectedRate);
    f.clock.advance(249); // 4 per second: one call every 250 ms
    QCOMPARE(f.call(0), Admission::RejectedRate);
    f.clock.advance(1);
    QCOMPARE(f.call(0), Admission::Admitted);
    QCOMPARE(f.call(0), Admission::RejectedRate);

    // Sustained: over 10 s at one attempt per 10 ms, 4 per second pass.
    int admitted = 0;
    for (int ms = 0; ms < 10'000; ms += 10) {
        f.clock.advance(10);
        admitted += f.call(0) == Admission::Admitted ? 1 : 0;
    }
    QCOMPARE(admitted, 40);
    QCOMPARE(f.limiter.counters(0).rejectedRate, std::uint64_t(3 + 1000 - 40));
}

void TestCallLimiter::burstIsCappedAtOneSecond()
{
    Fixture f({makeCarrier(QStringLiteral("carrier-a"), 0, 3)});
    f.call(0);
    f.clock.advance(60'000);
    int admitted = 0;
    for (int i = 0; i < 10; ++i)
        admitted += f.call(0) == Admission::Admitted ? 1 : 0;
    QCOMPARE(admitted, 3);
}

void TestCallLimiter::cancelledAdmissionGivesTheTokenBack()
{
    Fixture f({makeCarrier(QStringLiteral("carrier-a"), 0, 2), makeCarrier(QStringLiteral("carrier-b"), 0, 0)});
    QCOMPARE(f.limiter.admit(0), Admission::Admitted);
    QCOMPARE(f.limiter.admit(0), Admission::Admitted);
    QCOMPARE(f.limiter.admit(0), Admission::RejectedRate);
    f.limiter.cancelAdmission(0);
    QCOMPARE(f.limiter.counters(0).admitted, 1u);
    // The token came back: one more call passes now, not 500 ms later.
    QCOMPARE(f.limiter.admit(0), Admission::Admitted);
    QCOMPARE(f.limiter.admit(0), Admission::RejectedRate);

    // The bucket never holds more than one second's worth, however many cancellations.
    f.clock.advance(10'000);
    for (int i = 0; i < 5; ++i)
        f.limiter.cancelAdmission(0);
    QCOMPARE(f.limiter.counters(0).admitted, 0u);
    QCOMPARE(f.limiter.admit(0), Admission::Admitted);
    QCOMPARE(f.limiter.admit(0), Admission::Admitted);
    QCOMPARE(f.limiter.admit(0), Admission::RejectedRate);

    // Carriers without a rate, unknown and never-seen carriers: nothing to give back, no harm.
    f.limiter.cancelAdmission(1);
    f.limiter.cancelAdmission(7);
    f.limiter.cancelAdmission(-1);
    QCOMPARE(f.limiter.counters(1).admitted, 0u);
}

void TestCallLimiter::unlimitedAndUnknownCarriersPass()
{
    Fixture f({makeCarrier(QStringLiteral("carrier-a"), 0, 0)});
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(f.call(0), Admission::Admitted);
    QCOMPARE(f.limiter.admit(-1), Admission::Admitted);
    QCOMPARE(f.limiter.admit(7), Admission::Admitted);
    QCOMPARE(f.limiter.counters(-1).admitted, std::uint64_t(0));
    QCOMPARE(f.limiter.counters(0).admitted, std::uint64_t(1000));
}

void TestCallLimiter::concurrencyIsCheckedBeforeRate()
{
    Fixture f({makeCarrier(QStringLiteral("carrier-a"), 1, 10)});
    QCOMPARE(f.call(0), Admission::Admitted);
    for (int i = 0; i < 20; ++i)
        QCOMPARE(f.call(0), Admission::RejectedConcurrency); // rejected calls take no token
    f.tracker.failed("call-1", "ft", 486);
    QCOMPARE(f.call(0), Admission::Admitted);
}

void TestCallLimiter::newLimitsApplyAcrossRulesets()
{
    Fixture f({makeCarrier(QStringLiteral("carrier-a"), 0, 0), makeCarrier(QStringLiteral("carrier-b"), 0, 10)});
    const int carrierB = f.carriers.idOf("carrier-b");
    for (int i = 0; i < 10; ++i)
        QCOMPARE(f.call(carrierB), Admission::Admitted);
    QCOMPARE(f.call(carrierB), Admission::RejectedRate);

    // carrier-a removed, carrier-b now limited to 1 concurrent call: the same id and counters.
    f.carriers.configure({makeCarrier(QStringLiteral("carrier-b"), 1, 10)});
    QCOMPARE(f.carriers.idAt(0), carrierB);
    f.clock.advance(1000);
    QCOMPARE(f.call(carrierB), Admission::RejectedConcurrency);
    QCOMPARE(f.limiter.counters(carrierB).admitted, std::uint64_t(10));
    QCOMPARE(f.limiter.counters(carrierB).rejectedRate, std::uint64_t(1));
}

void TestCallLimiter::countersJson()
{
    Fixture f({makeCarrier(QStringLiteral("carrier-a"), 1, 5), makeCarrier(QStringLiteral("quiet"), 0, 0)});
    f.call(0);
    f.call(0);
    const QJsonArray array = f.limiter.toJson();
    QCOMPARE(array.size(), 1); // carriers that never had a call are left out
    const QJsonObject entry = array.first().toObject();
    QCOMPARE(entry.value(QStringLiteral("carrier")).toString(), QStringLiteral("carrier-a"));
    QCOMPARE(entry.value(QStringLiteral("maxConcurrentCalls")).toInt(), 1);
    QCOMPARE(entry.value(QStringLiteral("maxCallsPerSecond")).toInt(), 5);
    QCOMPARE(entry.value(QStringLiteral("admitted")).toInt(), 1);
    QCOMPARE(entry.value(QStringLiteral("rejectedConcurrency")).toInt(), 1);
    QCOMPARE(admissionName(Admission::RejectedRate), QStringLiteral("rejected-rate"));
}

QTEST_APPLESS_MAIN(TestCallLimiter)
#include "TestCallLimiter.moc"
