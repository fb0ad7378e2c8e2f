#include "FakeClock.h"
#include "routing/TtlCache.h"

#include <QTest>

using namespace tollgate;
using tollgate::test::FakeClock;

class TestTtlCache : public QObject
{
    Q_OBJECT

private slots:
    void storedValueLivesForItsTtl()
    {
        FakeClock clock;
        TtlCache cache(1000, 10);
        cache.store("call-1", "sip:10.0.0.10", clock.nowMs());
        std::string value;
        QVERIFY(cache.lookup("call-1", clock.nowMs(), &value));
        QCOMPARE(value, std::string("sip:10.0.0.10"));

        clock.advance(999);
        QVERIFY(cache.contains("call-1", clock.nowMs()));
        clock.advance(1);
        QVERIFY(!cache.lookup("call-1", clock.nowMs(), &value));
        QVERIFY(!cache.contains("call-1", clock.nowMs()));
        QCOMPARE(cache.size(), std::size_t(1)); // expired but not purged yet
        QCOMPARE(cache.purgeExpired(clock.nowMs(), 100), std::size_t(1));
        QCOMPARE(cache.size(), std::size_t(0));
    }

    void restoreRefreshesExpiryAndValue()
    {
        FakeClock clock;
        TtlCache cache(1000, 10);
        cache.store("k", "old", clock.nowMs());
        clock.advance(800);
        cache.store("k", "new", clock.nowMs());
        clock.advance(800);
        std::string value;
        QVERIFY(cache.lookup("k", clock.nowMs(), &value));
        QCOMPARE(value, std::string("new"));
        QCOMPARE(cache.size(), std::size_t(1));
    }

    void fullCacheEvictsTheEntryNearestExpiry()
    {
        FakeClock clock;
        TtlCache cache(10'000, 3);
        cache.store("a", "1", clock.nowMs());
        clock.advance(10);
        cache.store("b", "2", clock.nowMs());
        clock.advance(10);
        cache.store("c", "3", clock.nowMs());
        clock.advance(10);
        cache.store("a", "1bis", clock.nowMs()); // refreshed: now b is the oldest
        cache.store("d", "4", clock.nowMs());

        QCOMPARE(cache.size(), std::size_t(3));
        QVERIFY(!cache.contains("b", clock.nowMs()));
        QVERIFY(cache.contains("a", clock.nowMs()));
        QVERIFY(cache.contains("c", clock.nowMs()));
        QVERIFY(cache.contains("d", clock.nowMs()));
    }

    void purgeDoesBoundedWork()
    {
        FakeClock clock;
        TtlCache cache(100, 1000);
        for (int i = 0; i < 50; ++i)
            cache.store("key-" + std::to_string(i), "v", clock.nowMs());
        clock.advance(50);
        cache.store("fresh", "v", clock.nowMs());
        clock.advance(60); // the first 50 expired, "fresh" has 40 ms left

        QCOMPARE(cache.purgeExpired(clock.nowMs(), 20), std::size_t(20));
        QCOMPARE(cache.size(), std::size_t(31));
        QCOMPARE(cache.purgeExpired(clock.nowMs(), 1000), std::size_t(30));
        QCOMPARE(cache.size(), std::size_t(1));
        QVERIFY(cache.contains("fresh", clock.nowMs()));
    }

    void storePurgesExpiredEntriesLazily()
    {
        FakeClock clock;
        TtlCache cache(100, 1000);
        for (int i = 0; i < 3; ++i)
            cache.store("old-" + std::to_string(i), "v", clock.nowMs());
        clock.advance(200);
        cache.store("new", "v", clock.nowMs());
        QCOMPARE(cache.size(), std::size_t(1));
    }

    void removeAndClear()
    {
        FakeClock clock;
        TtlCache cache(1000, 10);
        cache.store("a", "1", clock.nowMs());
        cache.store("b", "2", clock.nowMs());
        QVERIFY(cache.remove("a"));
        QVERIFY(!cache.remove("a"));
        QCOMPARE(cache.size(), std::size_t(1));
        cache.clear();
        QCOMPARE(cache.size(), std::size_t(0));
        cache.store("c", "3", clock.nowMs()); // the order list is usable after clear()
        QCOMPARE(cache.entries(clock.nowMs(), 10).size(), std::size_t(1));
    }

    void entriesListsLiveEntriesOldestFirst()
    {
        FakeClock clock;
        TtlCache cache(1000, 10);
        cache.store("expired", "x", clock.nowMs());
        clock.advance(500);
        cache.store("first", "1", clock.nowMs());
        clock.advance(100);
        cache.store("second", "2", clock.nowMs());
        clock.advance(450);

        const std::vector<TtlCache::Entry> entries = cache.entries(clock.nowMs(), 10);
        QCOMPARE(entries.size(), std::size_t(2));
        QCOMPARE(entries[0].key, std::string("first"));
        QCOMPARE(entries[0].expiresAtMs, clock.nowMs() - 1050 + 500 + 1000);
        QCOMPARE(entries[1].value, std::string("2"));
        QCOMPARE(cache.entries(clock.nowMs(), 1).size(), std::size_t(1));
    }

    void newLimitsApplyToExistingEntries()
    {
        FakeClock clock;
        TtlCache cache(10'000, 10);
        for (int i = 0; i < 5; ++i) {
            cache.store("key-" + std::to_string(i), "v", clock.nowMs());
            clock.advance(1);
        }
        cache.setLimits(1000, 3);
        QCOMPARE(cache.size(), std::size_t(3));
        QVERIFY(!cache.contains("key-0", clock.nowMs()));
        QVERIFY(!cache.contains("key-1", clock.nowMs()));
        QVERIFY(cache.contains("key-4", clock.nowMs()));
        clock.advance(1000); // expiry now follows the new, shorter TTL from the store time
        QVERIFY(!cache.contains("key-4", clock.nowMs()));
    }

    void manyEntriesStayConsistent()
    {
        FakeClock clock;
        TtlCache cache(60'000, 5000);
        for (int i = 0; i < 20'000; ++i) {
            cache.store("key-" + std::to_string(i % 7000), std::to_string(i), clock.nowMs());
            if (i % 3 == 0)
                cache.remove("key-" + std::to_string((i * 7) % 7000));
            clock.advance(1);
        }
        QVERIFY(cache.size() <= 5000);
        const std::vector<TtlCache::Entry> entries = cache.entries(clock.nowMs(), 10'000);
        QCOMPARE(entries.size(), cache.size());
        for (std::size_t i = 1; i < entries.size(); ++i)
            QVERIFY(entries[i - 1].expiresAtMs <= entries[i].expiresAtMs);
    }
};

QTEST_GUILESS_MAIN(TestTtlCache)
#include "TestTtlCache.moc"
