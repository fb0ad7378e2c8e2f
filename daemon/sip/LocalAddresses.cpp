#include "LocalAddresses.h"

#include <algorithm>
#include <cctype>

namespace tollgate {

namespace {

bool sameHost(std::string_view a, std::string_view b)
{
    const auto strip = [](std::string_view host) {
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
            return host.substr(1, host.size() - 2);
        return host;
    };
    a = strip(a);
    b = strip(b);
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

void LocalAddresses::add(Entry entry)
{
    m_entries.push_back(std::move(entry));
}

bool LocalAddresses::isLocal(std::string_view host, int port, bool secure) const
{
    if (port == 0)
        port = secure ? 5061 : 5060;
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [&](const Entry& entry) { return entry.port == port && sameHost(entry.host, host); });
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
