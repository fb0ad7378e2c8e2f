#pragma once

#include "model/Transport.h"
#include "net/IpAddress.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tollgate {

/// The addresses Tollgate listens on, as they appear in SIP: used to recognise our own Route
/// and Via entries and to build Record-Route URIs for each transport and address family.
class LocalAddresses
{
public:
    struct Entry
    {
        Transport transport = Transport::Udp;
        std::string host; ///< IP literal as written in SIP ("127.0.0.1", "[::1]").
        int port = 5060;
        bool ipv6 = false;
    };

    void add(Entry entry);
    const std::vector<Entry>& entries() const { return m_entries; }

    /// True when host:port is one of ours (port 0 means the default 5060, or 5061 for sips/tls).
    bool isLocal(std::string_view host, int port, bool secure = false) const;

    /// The listen entry to use for `transport` and family, or nullptr when we have none.
    const Entry* find(Transport transport, bool ipv6) const;

    /// `sip:HOST:PORT;transport=tcp;lr` for the given entry (transport omitted for UDP).
    static std::string recordRouteUri(const Entry& entry);

private:
    std::vector<Entry> m_entries;
    /// The IPv6 address of each entry, parsed once: an IPv6 host is ours however it is spelled
    /// ("[2001:db8::1]", "[2001:0db8:0:0::1]"). Empty for IPv4 entries, which have one spelling.
    std::vector<std::optional<IpAddress>> m_ipv6;
};

} // namespace tollgate
