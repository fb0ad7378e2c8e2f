#include "LocalAddresses.h"

#include <algorithm>
#include <cctype>

namespace tollgate {

namespace {

std::string_view withoutBrackets(std::string_view host)
{
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        return host.substr(1, host.size() - 2);
    return host;
}

bool sameText(std::string_view a, std::string_view b)
{
    a = withoutBrackets(a);
    b = withoutBrackets(b);
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

void LocalAddresses::add(Entry entry)
{
    std::optional<IpAddress> ipv6;
    if (entry.ipv6)
        ipv6 = IpAddress::parse(withoutBrackets(entry.host));
    m_ipv6.push_back(ipv6);
    m_entries.push_back(std::move(entry));
}

bool LocalAddresses::isLocal(std::string_view host, int port, bool secure) const
{
    if (port == 0)
        port = secure ? 5061 : 5060;
    // The textual comparison settles nearly every case; only an IPv6 host spelled differently
    // from our listen address is parsed, once per call, not once per entry.
    std::optional<IpAddress> parsed;
    bool triedParse = false;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        const Entry& entry = m_entries[i];
        if (entry.port != port)
            continue;
        if (sameText(entry.host, host))
            return true;
        if (!m_ipv6[i] || host.find(':') == std::string_view::npos)
            continue;
        if (!triedParse) {
            parsed = IpAddress::parse(withoutBrackets(host));
            triedParse = true;
        }
        if (parsed && *parsed == *m_ipv6[i])
            return true;
    }
    return false;
}

const LocalAddresses::Entry* LocalAddresses::find(Transport transport, bool ipv6) const
{
    for (const Entry& entry : m_entries) {
        if (entry.transport == transport && entry.ipv6 == ipv6)
            return &entry;
    }
    return nullptr;
}

std::string LocalAddresses::recordRouteUri(const Entry& entry)
{
    std::string uri = "sip:" + entry.host + ":" + std::to_string(entry.port);
    if (entry.transport == Transport::Tcp)
        uri += ";transport=tcp";
    else if (entry.transport == Transport::Tls)
        uri += ";transport=tls";
    uri += ";lr";
    return uri;
}

} // namespace tollgate
