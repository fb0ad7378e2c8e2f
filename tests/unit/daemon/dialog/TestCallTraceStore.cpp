#include "dialog/CallTraceStore.h"

#include <QTest>

using namespace tollgate;

namespace {

CallTraceEntry makeEntry(std::int64_t timeMs, std::string firstLine, std::string text = {})
{
    CallTraceEntry entry;
    entry.timeMs = timeMs;
    entry.direction = CallTraceEntry::Direction::In;
    entry.from = "198.51.100.7:5060";
    entry.to = "192.0.2.1:5060";
    entry.transport = Transport::Udp;
    entry.firstLine = std::move(firstLine);
    entry.text = std::move(text);
    return entry;
}

CallTraceStore enabledStore(CallTraceSettings settings)
{
    CallTraceStore store(settings);
    store.setEnabled(true);
    return store;
}

} // namespace

class TestCallTraceStore : public QObject
{
    Q_OBJECT

private slots:
    void recordsNothingWhileDisabled();
    void keepsTheMessagesOfACallInOrder();
    void evictsTheOldestCallsBeyondTheCallLimit();
    void evictsTheOldestCallsBeyondTheByteBudget();
    void dropsWhatCannotFit();
    void capsTheEntriesOfOneCall();
    void keepsOnlyFirstLinesWhenAsked();
    void shrinkingTheBoundsEvictsAtOnce();
    void disablingForgetsEverything();
    void keepsItsStringsInItsOwnPool();
};

void TestCallTraceStore::recordsNothingWhileDisabled()
{
    CallTraceStore store;
    QVERIFY(!store.isEnabled());
    store.record("c1", makeEntry(1, "INVITE sip:bob@example.com SIP/2.0"));
    QCOMPARE(store.callCount(), std::size_t(0));
    QCOMPARE(store.find("c1"), nullptr);
    QCOMPARE(store.bytes(), std::size_t(0));
}

void TestCallTraceStore::keepsTheMessagesOfACallInOrder()
{
    CallTraceStore store = enabledStore({});
    store.record("c1", makeEntry(1, "INVITE sip:bob@example.com SIP/2.0"));
    store.record("c2", makeEntry(2, "INVITE sip:carol@example.com SIP/2.0"));
    store.record("c1", makeEntry(3, "SIP/2.0 180 Ringing"));
    const CallTrace* trace = store.find("c1");
    QVERIFY(trace);
    QCOMPARE(trace->entries.size(), std::size_t(2));
    QCOMPARE(std::string_view(trace->entries[0].firstLine), std::string_view("INVITE sip:bob@example.com SIP/2.0"));
    QCOMPARE(trace->entries[1].timeMs, std::int64_t(3));
    QCOMPARE(store.callCount(), std::size_t(2));
    QVERIFY(store.bytes() > 0);
}

void TestCallTraceStore::evictsTheOldestCallsBeyondTheCallLimit()
{
    CallTraceSettings settings;
    settings.maxCalls = 3;
    CallTraceStore store = enabledStore(settings);
    for (int i = 1; i <= 5; ++i)
        store.record("c" + std::to_string(i), makeEntry(i, "INVITE sip:x SIP/2.0"));
    // A message of an old call does not make it young again: eviction follows the first message.
    store.record("c3", makeEntry(6, "BYE sip:x SIP/2.0"));
    store.record("c6", makeEntry(7, "INVITE sip:x SIP/2.0"));
    QCOMPARE(store.callCount(), std::size_t(3));
    QCOMPARE(store.find("c3"), nullptr);
    QVERIFY(store.find("c4") && store.find("c5") && store.find("c6"));
    QCOMPARE(store.evictedCalls(), std::uint64_t(3));
}

void TestCallTraceStore::evictsTheOldestCallsBeyondTheByteBudget()
{
    const std::string message(1000, 'x');
    CallTraceSettings settings;
    settings.maxBytes = 10'000;
    CallTraceStore store = enabledStore(settings);
    for (int i = 0; i < 20; ++i) {
        store.record("c" + std::to_string(i), makeEntry(i, "INVITE sip:x SIP/2.0", message));
        QVERIFY(store.bytes() <= settings.maxBytes);
    }
    QVERIFY(store.callCount() >= 5 && store.callCount() < 10);
    QVERIFY(store.find("c19"));
    QCOMPARE(store.find("c0"), nullptr);
    QCOMPARE(store.evictedCalls(), std::uint64_t(20 - store.callCount()));
}

void TestCallTraceStore::dropsWhatCannotFit()
{
    CallTraceSettings settings;
    settings.maxBytes = 2'000;
    CallTraceStore store = enabledStore(settings);
    store.record("small", makeEntry(1, "INVITE sip:x SIP/2.0"));
    store.record("huge", makeEntry(2, "INVITE sip:x SIP/2.0", std::string(5'000, 'x')));
    const CallTrace* huge = store.find("huge");
    QVERIFY(huge);
    QVERIFY(huge->entries.empty());
    QCOMPARE(huge->droppedEntries, 1U);
    QVERIFY(store.bytes() <= settings.maxBytes);
}

void TestCallTraceStore::capsTheEntriesOfOneCall()
{
    CallTraceSettings settings;
    settings.maxEntriesPerCall = 4;
    CallTraceStore store = enabledStore(settings);
    for (int i = 0; i < 10; ++i)
        store.record("c1", makeEntry(i, "INFO sip:x SIP/2.0"));
    const CallTrace* trace = store.find("c1");
    QCOMPARE(trace->entries.size(), std::size_t(4));
    QCOMPARE(trace->entries.back().timeMs, std::int64_t(3)); // the first ones are kept
    QCOMPARE(trace->droppedEntries, 6U);
}

void TestCallTraceStore::keepsOnlyFirstLinesWhenAsked()
{
    CallTraceSettings settings;
    settings.keepFullText = false;
    CallTraceStore store = enabledStore(settings);
    store.record("c1", makeEntry(1, "INVITE sip:x SIP/2.0", "INVITE sip:x SIP/2.0\r\nVia: ...\r\n\r\n"));
    QVERIFY(store.find("c1")->entries.front().text.empty());
}

void TestCallTraceStore::shrinkingTheBoundsEvictsAtOnce()
{
    CallTraceStore store = enabledStore({});
    for (int i = 0; i < 10; ++i)
        store.record("c" + std::to_string(i), makeEntry(i, "INVITE sip:x SIP/2.0"));
    CallTraceSettings settings;
    settings.maxCalls = 4;
    store.setSettings(settings);
    QCOMPARE(store.callCount(), std::size_t(4));
    QVERIFY(store.find("c9") && store.find("c6"));
    QCOMPARE(store.find("c5"), nullptr);
}

void TestCallTraceStore::disablingForgetsEverything()
{
    CallTraceStore store = enabledStore({});
    store.record("c1", makeEntry(1, "INVITE sip:x SIP/2.0"));
    store.setEnabled(false);
    QCOMPARE(store.callCount(), std::size_t(0));
    QCOMPARE(store.bytes(), std::size_t(0));
    store.setEnabled(true);
    QCOMPARE(store.find("c1"), nullptr);
}

void TestCallTraceStore::keepsItsStringsInItsOwnPool()
{
    // The newest traces must not be scattered through the heap the SIP messages use (they would
    // keep a burst's pages resident): every string of a trace comes from the store's pool.
    CallTraceStore store = enabledStore({});
    const std::string callId = "a-call-id-longer-than-any-small-string-buffer";
    const std::string longText(2'000, 'x');
    store.record(callId, makeEntry(1, "INVITE sip:bob@example.com SIP/2.0", longText));
    const CallTrace* trace = store.find(callId);
    QVERIFY(trace);
    std::pmr::memory_resource* pool = trace->callId.get_allocator().resource();
    QVERIFY(pool != std::pmr::get_default_resource());
    QCOMPARE(trace->entries.get_allocator().resource(), pool);
    const CallTraceEntry& entry = trace->entries.front();
    for (const std::pmr::string* text : {&entry.from, &entry.to, &entry.firstLine, &entry.text})
        QCOMPARE(text->get_allocator().resource(), pool);
    QCOMPARE(std::string_view(entry.text), std::string_view(longText));

    // An entry built in the pool (as the SIP adapter builds them) is moved in, not copied.
    CallTraceEntry built{2,
                         CallTraceEntry::Direction::Out,
                         std::pmr::string("192.0.2.1:5060", pool),
                         std::pmr::string("198.51.100.7:5060", pool),
                         Transport::Udp,
                         std::pmr::string("SIP/2.0 180 Ringing", pool),
                         std::pmr::string(longText, pool)};
    QCOMPARE(store.memory(), pool);
    const char* buffer = built.text.data();
    store.record(callId, std::move(built));
    QCOMPARE(trace->entries.size(), std::size_t(2));
    QCOMPARE(trace->entries.back().text.data(), buffer);
}

QTEST_APPLESS_MAIN(TestCallTraceStore)
#include "TestCallTraceStore.moc"
