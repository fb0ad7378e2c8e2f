#pragma once

#include <cstdint>

struct nta_agent_s;
struct su_root_s;
struct su_timer_s;

namespace tollgate {

class ProxyPolicy;
struct ProbeRequest;

/// Sends the SIP OPTIONS probes the policy asks for and reports each one's outcome (final
/// status, or 0 on timeout). Runs on the SIP thread, ticking every 100 ms.
class DestinationProber
{
public:
    DestinationProber(nta_agent_s* agent, su_root_s* root, ProxyPolicy& policy, const char* localHost);
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
    su_timer_s* m_tick = nullptr;
    int m_pending = 0;
    std::uint64_t m_sequence = 0;
};

} // namespace tollgate
