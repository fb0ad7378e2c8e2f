#pragma once

#include <cstdint>
#include <vector>

namespace tollgate {

/// Measures how many bytes wait in the receive queues of the SIP UDP sockets. sofia-sip does not
/// expose its sockets, so they are found once, after binding, by their local ports; the queue is
/// read with SO_MEMINFO (one getsockopt per socket and sample).
class UdpBacklogProbe
{
public:
    /// Finds this process's UDP sockets bound to one of `ports`. Returns how many were found.
    int discover(const std::vector<int>& ports);
    /// Bytes queued now over all discovered sockets (0 when none were found).
    std::uint32_t queuedBytes() const;
    bool isActive() const { return !m_descriptors.empty(); }

private:
    std::vector<int> m_descriptors;
};

} // namespace tollgate
