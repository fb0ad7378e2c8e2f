#pragma once

#include <cstdint>

namespace tollgate {

/// Admission control for new calls, ahead of the transaction layer. sofia-sip collapses when its
/// UDP receive queue backs up (retransmissions pile onto O(n) timer lists and the proxy spins):
/// the guard watches that queue and the number of INVITE transactions still waiting for a final
/// answer, and turns new INVITEs away with a cheap stateless 503 while either is too high, so
/// that calls already admitted (their ACKs, BYEs and responses) keep flowing.
class OverloadGuard
{
public:
    struct Settings
    {
        /// Start shedding when this many bytes wait in the SIP UDP receive queue...
        std::uint32_t sheddingBacklogBytes = 1024 * 1024;
        /// ...and stop once it is back under this (hysteresis).
        std::uint32_t recoveredBacklogBytes = 256 * 1024;
        /// New INVITEs are refused while this many INVITE transactions await a final answer.
        std::uint32_t maxPendingInvites = 20000;
        int retryAfterSeconds = 2; ///< Retry-After of the 503.
    };

    OverloadGuard() = default;
    explicit OverloadGuard(Settings settings) : m_settings(settings) {}

    /// Feeds the latest receive-queue measurement (bytes queued now).
    void updateBacklog(std::uint32_t queuedBytes);
    /// Whether a new INVITE is admitted, given the INVITE transactions now pending.
    bool admitNewCall(std::uint32_t pendingInvites) const;

    bool isShedding() const { return m_shedding; }
    const Settings& settings() const { return m_settings; }

private:
    Settings m_settings;
    bool m_shedding = false;
};

} // namespace tollgate
