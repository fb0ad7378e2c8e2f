// When the daemon gives free heap back to the system: the decision on figures, and a real trim
// of memory freed in the middle of a burst.
#include "app/HeapReclaimer.h"

#include <QTest>
#include <memory>
#include <vector>

using namespace tollgate;

class TestHeapReclaimer : public QObject
{
    Q_OBJECT

private slots:
    void worthTrimming_data();
    void worthTrimming();
    void burstFreedIsGivenBack();
    void fragmentsAreNotTrimmedAgainAndAgain();
    void reportsItsFigures();
};

namespace {
constexpr std::size_t MiB = 1024 * 1024;
}

void TestHeapReclaimer::worthTrimming_data()
{
    QTest::addColumn<qulonglong>("inUseMiB");
    QTest::addColumn<qulonglong>("freeMiB");
    QTest::addColumn<qulonglong>("residentMiB");
    QTest::addColumn<bool>("expected");

    QTest::newRow("empty heap") << 0ULL << 0ULL << 12ULL << false;
    QTest::newRow("steady load, little free") << 400ULL << 20ULL << 430ULL << false;
    QTest::newRow("much free but a small share") << 400ULL << 100ULL << 510ULL << false;
    QTest::newRow("after a burst") << 100ULL << 500ULL << 610ULL << true;
    QTest::newRow("exactly the minimum, exactly half") << 64ULL << 64ULL << 128ULL << true;
    QTest::newRow("half free but below the minimum") << 10ULL << 60ULL << 70ULL << false;
    // glibc still counts trimmed chunks as free: what counts is the part still resident.
    QTest::newRow("free but already trimmed") << 100ULL << 500ULL << 110ULL << false;
    QTest::newRow("resident beyond the heap (stacks, code)") << 100ULL << 10ULL << 400ULL << false;
}

void TestHeapReclaimer::worthTrimming()
{
    QFETCH(qulonglong, inUseMiB);
    QFETCH(qulonglong, freeMiB);
    QFETCH(qulonglong, residentMiB);
    QFETCH(bool, expected);
    HeapReclaimer::Usage usage;
    usage.inUseBytes = inUseMiB * MiB;
    usage.freeBytes = freeMiB * MiB;
    usage.residentBytes = residentMiB * MiB;
    QCOMPARE(HeapReclaimer::worthTrimming(usage, HeapReclaimer::Settings{}), expected);
}

void TestHeapReclaimer::burstFreedIsGivenBack()
{
#ifdef TOLLGATE_SANITIZED
    QSKIP("the sanitizers' allocator replaces glibc's heap that this trims");
#else
    HeapReclaimer::tuneAllocator();
    HeapReclaimer reclaimer(HeapReclaimer::Settings{32 * MiB, 0.5});

    // A burst of small blocks, like a second of calls' transactions, then all of them freed.
    // With the tuned allocator nothing goes back by itself: the trim must do it.
    {
        std::vector<std::unique_ptr<char[]>> blocks;
        blocks.reserve(96 * 1024);
        for (int i = 0; i < 96 * 1024; ++i) {
            blocks.emplace_back(new char[1000]);
            for (int offset = 0; offset < 1000; offset += 256)
                blocks.back()[offset] = char(i); // Touched, so resident.
        }
        const HeapReclaimer::Usage loaded = HeapReclaimer::usage();
        QVERIFY2(loaded.inUseBytes >= 90 * MiB, qPrintable(QString::number(loaded.inUseBytes)));
    }
    const HeapReclaimer::Usage freed = HeapReclaimer::usage();
    QVERIFY2(freed.freeBytes >= 90 * MiB, qPrintable(QString::number(freed.freeBytes)));

    QVERIFY(reclaimer.reclaimIfWorthwhile());
    QCOMPARE(reclaimer.trims(), std::uint64_t(1));
    QVERIFY2(reclaimer.releasedBytes() >= 64 * MiB, qPrintable(QString::number(reclaimer.releasedBytes())));
    QVERIFY(HeapReclaimer::usage().residentBytes + 64 * MiB <= freed.residentBytes);
    // Nothing left worth trimming: a second call does nothing.
    QVERIFY(!reclaimer.reclaimIfWorthwhile());
#endif
}

void TestHeapReclaimer::fragmentsAreNotTrimmedAgainAndAgain()
{
#ifdef TOLLGATE_SANITIZED
    QSKIP("the sanitizers' allocator replaces glibc's heap that this trims");
#else
    HeapReclaimer::tuneAllocator();
    HeapReclaimer reclaimer(HeapReclaimer::Settings{32 * MiB, 0.5});

    // 1,000-byte blocks, four to a page; three in four freed. The free runs (3 KB) never cover
    // a whole page, so nothing can be given back although most of the heap is free: like calls'
    // records left among a burst's freed messages.
    constexpr int Blocks = 160 * 1024;
    std::vector<std::unique_ptr<char[]>> blocks;
    blocks.reserve(Blocks);
    for (int i = 0; i < Blocks; ++i) {
        blocks.emplace_back(new char[1000]);
        for (int offset = 0; offset < 1000; offset += 256)
            blocks.back()[offset] = char(i);
    }
    for (int i = 0; i < Blocks; ++i)
        if (i % 4 != 0)
            blocks[i].reset();

    QVERIFY(reclaimer.reclaimIfWorthwhile()); // worth it by the figures...
    QVERIFY2(reclaimer.releasedBytes() < 8 * MiB, qPrintable(QString::number(reclaimer.releasedBytes())));
    QVERIFY(!reclaimer.reclaimIfWorthwhile()); // ...but found only fragments: not again
    QVERIFY(!reclaimer.reclaimIfWorthwhile());
    QCOMPARE(reclaimer.trims(), std::uint64_t(1));

    // The live blocks go (the calls end): whole pages are free now, and a trim is worth it again.
    blocks.clear();
    QVERIFY(reclaimer.reclaimIfWorthwhile());
    QCOMPARE(reclaimer.trims(), std::uint64_t(2));
    QVERIFY2(reclaimer.releasedBytes() >= 64 * MiB, qPrintable(QString::number(reclaimer.releasedBytes())));
#endif
}

void TestHeapReclaimer::reportsItsFigures()
{
    const HeapReclaimer reclaimer;
    const QJsonObject figures = reclaimer.toJson();
    for (const char* key : {"heapInUseBytes", "heapFreeBytes", "residentBytes", "trims", "releasedBytes"})
        QVERIFY2(figures.contains(QLatin1String(key)), key);
    QVERIFY(figures.value(QStringLiteral("residentBytes")).toDouble() > 0);
    QCOMPARE(figures.value(QStringLiteral("trims")).toDouble(), 0.0);
}

QTEST_GUILESS_MAIN(TestHeapReclaimer)
#include "TestHeapReclaimer.moc"
