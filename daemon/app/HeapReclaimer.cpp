#include "HeapReclaimer.h"

#include <QLoggingCategory>
#include <algorithm>
#include <cstdio>
#include <malloc.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcDaemon)

namespace tollgate {

namespace {

constexpr int TrimThresholdBytes = 256 * 1024 * 1024; ///< Effectively never trim by itself.
constexpr int TopPadBytes = 16 * 1024 * 1024;         ///< Grow heaps in large steps.
constexpr int MmapThresholdBytes = 4 * 1024 * 1024;   ///< Large vectors get their own mapping.
/// A trim that gives back less than this share of minReclaimableBytes found only fragments.
constexpr std::size_t FutileShare = 4;

std::size_t residentBytes()
{
    // statm: size resident shared text lib data dt, in pages.
    std::FILE* file = std::fopen("/proc/self/statm", "r");
    if (!file)
        return 0;
    unsigned long size = 0;
    unsigned long resident = 0;
    const int fields = std::fscanf(file, "%lu %lu", &size, &resident);
    std::fclose(file);
    return fields == 2 ? std::size_t(resident) * std::size_t(sysconf(_SC_PAGESIZE)) : 0;
}

} // namespace

void HeapReclaimer::tuneAllocator()
{
    // Setting the trim threshold also stops glibc from raising its thresholds dynamically.
    mallopt(M_TRIM_THRESHOLD, TrimThresholdBytes);
    mallopt(M_TOP_PAD, TopPadBytes);
    mallopt(M_MMAP_THRESHOLD, MmapThresholdBytes);
}

HeapReclaimer::Usage HeapReclaimer::usage()
{
    const struct mallinfo2 info = mallinfo2();
    Usage result;
    result.inUseBytes = info.uordblks + info.hblkhd;
    result.freeBytes = info.fordblks;
    result.residentBytes = residentBytes();
    return result;
}

bool HeapReclaimer::worthTrimming(const Usage& usage, const Settings& settings)
{
    const std::size_t reclaimable = std::min(usage.reclaimableBytes(), usage.freeBytes);
    return reclaimable >= settings.minReclaimableBytes &&
           double(reclaimable) >= settings.minReclaimableShare * double(usage.residentBytes);
}

HeapReclaimer::HeapReclaimer()
    : HeapReclaimer(Settings{})
{}

HeapReclaimer::HeapReclaimer(Settings settings)
    : m_settings(settings)
    , m_lastUsage(usage())
{}

bool HeapReclaimer::reclaimIfWorthwhile()
{
    const Usage before = usage();
    m_lastUsage = before;
    if (!worthTrimming(before, m_settings))
        return false;
    if (m_lastTrimFutile && before.residentBytes < m_afterLastTrim.residentBytes + m_settings.minReclaimableBytes &&
        before.inUseBytes + m_settings.minReclaimableBytes / FutileShare > m_afterLastTrim.inUseBytes)
        return false;
    malloc_trim(0);
    const Usage after = usage();
    ++m_trims;
    const std::size_t released =
        before.residentBytes > after.residentBytes ? before.residentBytes - after.residentBytes : 0;
    m_releasedBytes += released;
    m_lastTrimFutile = released < m_settings.minReclaimableBytes / FutileShare;
    m_afterLastTrim = after;
    m_lastUsage = after;
    qCInfo(lcDaemon, "memory: gave %zu MiB back to the system (heap %zu MiB in use; resident now %zu MiB)",
           released >> 20, after.inUseBytes >> 20, after.residentBytes >> 20);
    return true;
}

QJsonObject HeapReclaimer::toJson() const
{
    return QJsonObject{
        {QStringLiteral("heapInUseBytes"), double(m_lastUsage.inUseBytes)},
        {QStringLiteral("heapFreeBytes"), double(m_lastUsage.freeBytes)},
        {QStringLiteral("residentBytes"), double(m_lastUsage.residentBytes)},
        {QStringLiteral("trims"), double(m_trims)},
        {QStringLiteral("releasedBytes"), double(m_releasedBytes)},
    };
}

} // namespace tollgate
