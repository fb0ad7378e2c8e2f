#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

struct nta_agent_s;
struct su_root_s;
struct su_timer_s;
struct tport_s;

namespace tollgate {

class ProxyPolicy;
struct ProbeRequest;

/// Sends the SIP OPTIONS probes the policy asks for and reports each one's outcome (final
/// status, or 0 on timeout). Runs on the SIP thread, ticking every 100 ms.
class DestinationProber
{
public:
    /// `transportFor` names the transport for a probe target when sofia-sip would choose badly
    /// (IPv6, see SipProxy::primaryFor); it may return nullptr.
    DestinationProber(nta_agent_s* agent, su_root_s* root, ProxyPolicy& policy, const char* localHost,
                      std::function<tport_s*(std::string_view)> transportFor);
    ~DestinationProber();
    DestinationProber(const DestinationProber&) = delete;
    DestinationProber& operator=(const DestinationProber&) = delete;

    bool start();
    void stop();

    /// Probes in flight (for counters and tests).
    int pending() const { return m_pending; }

    // Called by the sofia callbacks in DestinationProber.cpp.
    void tick();
    void send(const ProbeRequest& request);
    void finished(int destination, int status, std::int64_t startedMs);

private:
    nta_agent_s* m_agent;
    su_root_s* m_root;
    ProxyPolicy& m_policy;
    const char* m_localHost;
    std::function<tport_s*(std::string_view)> m_transportFor;
    su_timer_s* m_tick = nullptr;
    int m_pending = 0;
    std::uint64_t m_sequence = 0;
};

} // namespace tollgate
