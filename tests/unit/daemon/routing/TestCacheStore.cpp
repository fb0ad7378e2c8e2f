#include "FakeClock.h"
#include "routing/CacheStore.h"

#include <QTest>
#include <atomic>
#include <thread>

using namespace tollgate;
using tollgate::test::FakeClock;

namespace {

CacheDefinition definition(const QString& name, int ttlSeconds, int maxEntries)
{
    CacheDefinition result;
    result.name = name;
    result.ttlSeconds = ttlSeconds;
    result.maxEntries = maxEntries;
    return result;
}

CacheWrite write(CacheWrite::Operation operation, std::string cache, std::string key, std::string value = {})
{
    return CacheWrite{operation, std::move(cache), std::move(key), std::move(value)};
}

} // namespace

class TestCacheStore : public QObject
{
    Q_OBJECT

private slots:
    void applyPerformsWritesInOrder()
    {
        FakeClock clock;
        CacheStore store;
        store.configure({definition(QStringLiteral("associations"), 60, 100)});
        const int applied = store.apply({write(CacheWrite::Operation::Store, "associations", "call-1", "sip:a"),
                                         write(CacheWrite::Operation::Store, "associations", "call-2", "sip:b"),
                                         write(CacheWrite::Operation::Delete, "associations", "call-1"),
                                         write(CacheWrite::Operation::Store, "unknown-cache", "k", "v")},
                                        clock.nowMs());
        QCOMPARE(applied, 3);
        std::string value;
        QVERIFY(!store.lookup("associations", "call-1", clock.nowMs(), &value));
        QVERIFY(store.lookup("associations", "call-2", clock.nowMs(), &value));
        QCOMPARE(value, std::string("sip:b"));
        QVERIFY(!store.lookup("unknown-cache", "k", clock.nowMs(), &value));
    }

    void ttlComesFromTheDefinition()
    {
        FakeClock clock;
        CacheStore store;
        store.configure({definition(QStringLiteral("short"), 2, 100)});
        QVERIFY(store.store("short", "k", "v", clock.nowMs()));
        clock.advance(1999);
        std::string value;
        QVERIFY(store.lookup("short", "k", clock.nowMs(), &value));
        clock.advance(1);
        QVERIFY(!store.lookup("short", "k", clock.nowMs(), &value));
        QCOMPARE(store.purgeExpired(clock.nowMs(), 10), std::size_t(1));
    }

    void reconfigureKeepsPersistingCachesAndAppliesNewLimits()
    {
        FakeClock clock;
        CacheStore store;
        store.configure({definition(QStringLiteral("kept"), 60, 100), definition(QStringLiteral("dropped"), 60, 100)});
        for (int i = 0; i < 5; ++i) {
            store.store("kept", "k" + std::to_string(i), "v", clock.nowMs());
            clock.advance(1);
        }
        store.store("dropped", "k", "v", clock.nowMs());

        store.configure({definition(QStringLiteral("new"), 10, 10), definition(QStringLiteral("kept"), 60, 3)});

        const std::vector<CacheStore::CacheInfo> caches = store.caches();
        QCOMPARE(caches.size(), std::size_t(2));
        QCOMPARE(caches[0].name, std::string("new"));
        QCOMPARE(caches[0].size, std::size_t(0));
        QCOMPARE(caches[1].name, std::string("kept"));
        QCOMPARE(caches[1].size, std::size_t(3));
        QCOMPARE(caches[1].maxEntries, std::size_t(3));
        QCOMPARE(caches[1].ttlMs, std::int64_t(60'000));
        std::string value;
        QVERIFY(store.lookup("kept", "k4", clock.nowMs(), &value));
        QVERIFY(!store.lookup("kept", "k0", clock.nowMs(), &value));
        QVERIFY(!store.lookup("dropped", "k", clock.nowMs(), &value));
        QVERIFY(!store.store("dropped", "k", "v", clock.nowMs()));
    }

    void entriesRemoveAndClear()
    {
        FakeClock clock;
        CacheStore store;
        store.configure({definition(QStringLiteral("c"), 60, 100)});
        store.store("c", "a", "1", clock.nowMs());
        store.store("c", "b", "2", clock.nowMs());
        QCOMPARE(store.entries("c", clock.nowMs(), 10).size(), std::size_t(2));
        QVERIFY(store.remove("c", "a"));
        QVERIFY(!store.remove("c", "a"));
        QCOMPARE(store.entries("c", clock.nowMs(), 10).front().key, std::string("b"));
        QVERIFY(store.clear("c"));
        QVERIFY(store.entries("c", clock.nowMs(), 10).empty());
        QVERIFY(!store.clear("missing"));
        QVERIFY(store.entries("missing", clock.nowMs(), 10).empty());
    }

    void concurrentWritersReadersAndReconfiguration()
    {
        CacheStore store;
        store.configure({definition(QStringLiteral("associations"), 60, 1000)});
        std::atomic<bool> stop{false};

        std::thread writer([&] {
            for (int i = 0; i < 20'000; ++i)
                store.apply({write(CacheWrite::Operation::Store, "associations", "k" + std::to_string(i % 500), "v")},
                            i);
            stop = true;
        });
        std::thread reader([&] {
            std::string value;
            while (!stop) {
                store.lookup("associations", "k1", 20'000, &value);
                store.entries("associations", 20'000, 5);
            }
        });
        for (int i = 0; i < 50; ++i)
            store.configure({definition(QStringLiteral("associations"), 60, 500 + i)});
        writer.join();
        reader.join();

        std::string value;
        QVERIFY(store.lookup("associations", "k499", 20'000, &value));
        QCOMPARE(value, std::string("v"));
        QVERIFY(store.caches().front().size <= std::size_t(549));
    }
};

QTEST_GUILESS_MAIN(TestCacheStore)
#include "TestCacheStore.moc"
