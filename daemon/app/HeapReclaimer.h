#pragma once

#include <QJsonObject>
#include <cstddef>
#include <cstdint>

namespace tollgate {

/// Gives memory the daemon no longer uses back to the system, at moments of its choosing.
///
/// sofia-sip keeps every finished transaction with its messages for 64×T1 (32 s), so a burst of
/// calls leaves hundreds of megabytes that are freed together half a minute later. Left to
/// itself, glibc either keeps that memory for good (it only returns the top of a heap) or, with
/// its default trim threshold, shrinks and regrows the SIP thread's heap all the time under
/// steady load, paying a page fault for every page it hands out again (measured: about 12 % of
/// the SIP thread at 2,000 calls/s). tuneAllocator() turns the automatic trimming off;
/// reclaimIfWorthwhile(), called from housekeeping, trims all arenas when much of the heap is
/// free, which after a burst is what releases it. Not thread-safe: one caller (the SIP thread).
class HeapReclaimer
{
public:
    struct Settings
    {
        std::size_t minReclaimableBytes = 64 * 1024 * 1024; ///< Not worth a trim below this much...
        double minReclaimableShare = 0.5; ///< ...or while less than this share of the resident memory.
    };

    /// What the allocator holds: in use by the program, free in its arenas, and resident.
    struct Usage
    {
        std::size_t inUseBytes = 0;
        std::size_t freeBytes = 0;
        std::size_t residentBytes = 0;

        /// Resident memory the program does not use: free heap still backed by pages. The free
        /// heap alone would not do, since glibc counts trimmed chunks as free all the same.
        std::size_t reclaimableBytes() const { return residentBytes > inUseBytes ? residentBytes - inUseBytes : 0; }
    };

    HeapReclaimer();
    explicit HeapReclaimer(Settings settings);

    /// Call once at start, before the threads: glibc no longer trims or grows its heaps by small
    /// steps on its own (see the class comment).
    static void tuneAllocator();

    /// The allocator's figures now (mallinfo2 and /proc/self/statm).
    static Usage usage();

    /// Whether a heap in this state is worth trimming under `settings`.
    static bool worthTrimming(const Usage& usage, const Settings& settings);

    /// Trims when worthTrimming(); returns whether it did. After a trim that gave back almost
    /// nothing (the free memory is in fragments on pages that also hold live data), it tries
    /// again only once the resident memory has grown by `minReclaimableBytes` or the memory in
    /// use has shrunk by a quarter of that (freed data may have emptied whole pages): a trim
    /// walks every free chunk of every arena, which is not free on a heap of gigabytes.
    bool reclaimIfWorthwhile();

    std::uint64_t trims() const { return m_trims; }
    /// Resident bytes the trims gave back, summed.
    std::uint64_t releasedBytes() const { return m_releasedBytes; }

    /// {"heapInUseBytes", "heapFreeBytes", "residentBytes", "trims", "releasedBytes"} for stats,
    /// as of the last reclaimIfWorthwhile() (or construction): measuring walks the allocator's
    /// free lists, too much for a stats tick every second on the SIP thread.
    QJsonObject toJson() const;

private:
    Settings m_settings;
    /// Whether the last trim gave back almost nothing, and the figures it left.
    bool m_lastTrimFutile = false;
    Usage m_afterLastTrim;
    std::uint64_t m_trims = 0;
    std::uint64_t m_releasedBytes = 0;
    Usage m_lastUsage;
};

} // namespace tollgate
