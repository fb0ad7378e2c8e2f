#pragma once

#include "model/Carrier.h"
#include "model/Transport.h"
#include "net/IpAddress.h"

#include <QList>
#include <QString>
#include <cstdint>
#include <vector>

namespace tollgate {

/// Maps the source of a request (IP, port, transport) to the carrier it comes from: a
/// longest-prefix match over every carrier's signalling addresses and the public addresses of
/// its IP mappings. Among the entries that match, the longest prefix wins, then an entry that
/// names the port beats one that does not, then one that names the transport; a remaining tie
/// goes to the carrier listed first. Immutable once built, so any number of threads may
/// classify at once.
class CarrierClassifier
{
public:
    /// An empty classifier: every source classifies as no carrier (-1).
    CarrierClassifier();

    /// Builds the classifier for `carriers` (indices in the result are positions in that list).
    /// Fails, naming the carrier and the address, when an address is not an IP or CIDR block or
    /// a mapping's public address is not an IP literal.
    static bool build(const QList<Carrier>& carriers, CarrierClassifier* result, QString* error);

    /// Index of the carrier `address`:`port` over `transport` belongs to, or -1 for none.
    int classify(const IpAddress& address, std::uint16_t port, Transport transport) const;

    /// Number of address entries (signalling addresses plus mapped public addresses).
    std::size_t entryCount() const { return m_entryCount; }

private:
    /// One address constraint attached to a trie node (the node's depth is the prefix length).
    struct Entry
    {
        int carrier = -1;
        std::uint16_t port = 0; ///< 0 = any port.
        Transport transport = Transport::Any;
    };

    /// A node of a binary trie over the address bits, most significant bit first.
    struct Node
    {
        int children[2] = {-1, -1};
        std::vector<Entry> entries;
    };

    /// The trie of one address family; node 0 is the root (prefix length 0).
    struct Trie
    {
        std::vector<Node> nodes{Node{}};
    };

    void insert(const CidrBlock& block, const Entry& entry);
    const Trie& trieFor(const IpAddress& address) const { return address.isV4() ? m_v4 : m_v6; }

    Trie m_v4;
    Trie m_v6;
    std::size_t m_entryCount = 0;
};

} // namespace tollgate
