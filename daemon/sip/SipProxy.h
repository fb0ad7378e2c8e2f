#pragma once

#include "LocalAddresses.h"
#include "SipCallReporter.h"
#include "SipProxySettings.h"
#include "SipThread.h"
#include "UdpBacklogProbe.h"
#include "pipeline/OverloadGuard.h"
#include "pipeline/ProxyCounters.h"

#include <QString>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>

struct msg_s;
struct sip_s;
struct nta_agent_s;
struct su_root_s;
struct tport_s;

namespace tollgate {

class CallTraceStore;
class DialogTracker;
class ProxyPolicy;
struct ProxyTransaction;
struct ByeRequest;
struct SourceAddress;
struct RequestVerdict;
struct NextHop;

/// The SIP data plane on sofia-sip's transaction layer (nta): receives every message, applies
/// the RFC 3261 proxy steps that need the parsed message (Max-Forwards, loops, Route, ACK,
/// CANCEL, stray responses), asks the ProxyPolicy about initial requests, and carries out its
/// verdicts: stateless replies, or transaction-stateful relays with Record-Route, final-reply
/// timers and failover. Everything here runs on the SIP thread; this is the only class (with
/// its helpers in daemon/sip) that sees sofia-sip types.
class SipProxy
{
public:
    SipProxy(SipProxySettings settings, ProxyPolicy& policy, DialogTracker& dialogs, CallTraceStore& traces);
    ~SipProxy();
    SipProxy(const SipProxy&) = delete;
    SipProxy& operator=(const SipProxy&) = delete;

    /// Starts the SIP thread and binds every listen address. On failure returns false with a
    /// message naming the address that could not be bound.
    bool start(QString* error);
    /// Stops accepting, ends the thread. Transactions in progress are abandoned.
    void stop();

    SipThread& thread() { return m_thread; }
    const LocalAddresses& localAddresses() const { return m_local; }
    const ProxyCounters& counters() const { return m_counters; }
    /// INVITE transactions relayed and not answered yet (SIP thread).
    std::uint32_t pendingInvites() const { return m_pendingInvites; }

    /// What sofia-sip's transaction layer counted itself: messages it refused or dropped before
    /// Tollgate saw them (bad syntax, no usable Via, ...) and its live transactions. SIP thread.
    struct TransactionLayerStats
    {
        std::uint64_t badMessages = 0;
        std::uint64_t badRequests = 0;
        std::uint64_t badResponses = 0;
        std::uint64_t droppedRequests = 0;
        std::uint64_t droppedResponses = 0;
        std::uint64_t serverTransactions = 0;
        std::uint64_t clientTransactions = 0;
    };
    TransactionLayerStats transactionLayerStats() const;
    bool isOverloaded() const { return m_overload.isShedding(); }

    /// The IPv6 transport to use for a next hop written with a bracketed IPv6 host (nullptr for
    /// any other next hop: sofia-sip chooses well for those).
    tport_s* primaryFor(std::string_view uri) const;
    /// Our listening address a received message came in on (nullptr when unknown).
    const LocalAddresses::Entry* localEntryOf(msg_s* message) const;

    /// Ends a call that is not answered yet (calls.end): CANCEL downstream, 487 upstream. False
    /// when no such INVITE is pending. SIP thread only.
    bool cancelPendingCall(const std::string& callId, const std::string& fromTag);

    /// Sends a BYE built from `request` (calls.end): fire and forget, the outcome is logged.
    /// SIP thread only.
    bool sendBye(const ByeRequest& request);

private:
    friend struct ProxyTransaction;

    bool setUp(su_root_s* root, QString* error);
    void tearDown();

    static int onMessage(void* self, nta_agent_s* agent, msg_s* message, sip_s* sip);
    void handleRequest(msg_s* message, sip_s* sip);
    void handleAck(msg_s* message, sip_s* sip);
    void handleInDialogRequest(msg_s* message, sip_s* sip);
    void handleInitialRequest(msg_s* message, sip_s* sip);
    void handleStrayResponse(msg_s* message, sip_s* sip);

    /// Where a received message came from, as "ip:port" (traces).
    static std::string peerOf(msg_s* message);
    Transport transportOf(msg_s* message) const;

    void replyStatelessly(msg_s* message, int status, const char* reason,
                          const std::vector<std::pair<std::string, std::string>>& headers = {});
    void relayStatefully(msg_s* message, sip_s* sip, RequestVerdict&& verdict);

    /// Branch parameter for a forwarded request: RFC 3261 magic cookie, our loop-detection
    /// hash of the request as received, and a unique suffix.
    std::string makeBranch(std::uint64_t loopHash);
    bool isLoop(sip_s* sip, std::uint64_t loopHash) const;

    void rememberAbandonedBranch(const std::string& branch);
    /// True for the branch of an abandoned INVITE (kept for Timer B, so that retransmitted late
    /// answers are acknowledged too).
    bool isAbandonedBranch(const char* branch) const;
    /// Overload check for a new INVITE: samples the receive queue (at most every 2 ms).
    bool admitNewCall();
    void logOverloadEpisode(std::int64_t nowUs, std::uint32_t queuedBytes);
    /// Makes every INVITE transaction still waiting for the first answer of `destination` (but
    /// `except`) fail over now.
    void failOverWaitingFor(int destination, const ProxyTransaction* except);

    SipProxySettings m_settings;
    ProxyPolicy& m_policy;
    SipThread m_thread;
    std::unique_ptr<class DestinationProber> m_prober;
    su_root_s* m_root = nullptr;
    nta_agent_s* m_agent = nullptr;
    LocalAddresses m_local;
    SipCallReporter m_reporter;
    ProxyCounters m_counters;
    std::uint64_t m_branchCounter = 0;
    UdpBacklogProbe m_backlog;
    OverloadGuard m_overload;
    std::int64_t m_lastBacklogSampleUs = 0;
    bool m_inOverloadEpisode = false;
    std::int64_t m_lastSheddingUs = 0;
    std::uint64_t m_overloadRejectedAtEpisodeStart = 0;
    std::uint32_t m_pendingInvites = 0; ///< Relayed INVITEs without a final answer yet.
    std::string m_probeHost;
    /// Initial INVITEs relayed and not answered yet, by Call-ID and From tag (calls.end).
    std::unordered_map<std::string, ProxyTransaction*> m_pendingCalls;
    static std::string callKey(std::string_view callId, std::string_view fromTag);
    /// Per destination: the INVITE transactions sent there that have had no answer yet.
    std::unordered_map<int, std::unordered_set<ProxyTransaction*>> m_waitingFor;
    struct Primary
    {
        Transport transport;
        bool ipv6;
        tport_s* tport;
    };
    std::vector<Primary> m_primaries; ///< The listening transports, for primaryFor().
    /// Branches of INVITEs abandoned on a final-reply timeout, so that a late 2xx on one of them
    /// is recognised, acknowledged and ended with BYE; expiry times in insertion order.
    std::unordered_set<std::string> m_abandonedBranches;
    std::deque<std::pair<std::int64_t, std::string>> m_abandonedExpiry;
};

} // namespace tollgate
