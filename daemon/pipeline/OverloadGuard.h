#pragma once

#include <cstdint>

namespace tollgate {

/// Admission control for new calls, ahead of the transaction layer. sofia-sip collapses when its
/// UDP receive queue backs up (retransmissions pile onto O(n) timer lists and the proxy spins):
/// the guard watches that queue and the number of INVITE transactions still waiting for a final
/// answer, and turns new INVITEs away with a cheap stateless 503, so that the calls already
/// admitted (their ACKs, BYEs and responses) keep flowing.
///
/// Shedding is proportional: above `sheddingBacklogBytes` a share of the new INVITEs is refused
/// that grows linearly to all of them at twice that backlog. Under a steady overload the queue
/// settles where the admitted share is what the proxy can carry, instead of swinging between
/// refusing everything and accepting everything; a short stall (the proxy briefly without a
/// CPU) costs a few calls, not every call of the next hundred milliseconds. Refusals are spread
/// evenly (every n-th INVITE), not at random, so that the share holds over any short stretch.
class OverloadGuard
{
public:
    struct Settings
    {
        /// New INVITEs start being refused when this many bytes wait in the SIP UDP receive
        /// queues, as the kernel counts them (a SIP datagram of under a kilobyte counts 1.3 to
        /// 2.3 KiB on loopback). 4 MiB is about 2,000 datagrams: some 100 ms of work at full load,
        /// well below T1 (500 ms), after which callers' retransmissions would multiply the load.
        std::uint32_t sheddingBacklogBytes = 4 * 1024 * 1024;
        /// New INVITEs are refused while this many INVITE transactions await a final answer.
        std::uint32_t maxPendingInvites = 20000;
        int retryAfterSeconds = 2; ///< Retry-After of the 503.
    };

    OverloadGuard() = default;
    explicit OverloadGuard(Settings settings)
        : m_settings(settings)
    {}

    /// Feeds the latest receive-queue measurement (bytes queued now).
    void updateBacklog(std::uint32_t queuedBytes);
    /// Decides about one new INVITE, given the INVITE transactions now pending.
    bool admitNewCall(std::uint32_t pendingInvites);

    /// The share of new INVITEs refused now for the backlog, 0 to 1 (in steps of 1/1000).
    double refusedShare() const { return double(m_refusedPerMille) / 1000.0; }
    bool isShedding() const { return m_refusedPerMille > 0; }
    const Settings& settings() const { return m_settings; }

private:
    Settings m_settings;
    // Integer arithmetic, so that a share such as 9/10 admits exactly one INVITE in ten.
    std::int64_t m_refusedPerMille = 0;
    std::int64_t m_admissionCredit = 0; ///< Accumulates the admitted share; an INVITE passes per 1000.
};

} // namespace tollgate
