#include "CarrierClassifier.h"

#include "model/Diagnostic.h"

namespace tollgate {

namespace {

/// Orders two matching entries of the same prefix length: port-specific first, then
/// transport-specific. Returns true when `candidate` is strictly more specific than `best`.
template <typename Entry>
bool isMoreSpecific(const Entry& candidate, const Entry& best)
{
    const bool candidatePort = candidate.port != 0;
    const bool bestPort = best.port != 0;
    if (candidatePort != bestPort)
        return candidatePort;
    const bool candidateTransport = candidate.transport != Transport::Any;
    const bool bestTransport = best.transport != Transport::Any;
    return candidateTransport && !bestTransport;
}

QString carrierPath(const Carrier& carrier)
{
    return QStringLiteral("carrier \"%1\"").arg(carrier.name);
}

} // namespace

CarrierClassifier::CarrierClassifier() = default;

bool CarrierClassifier::build(const QList<Carrier>& carriers, CarrierClassifier* result, QString* error)
{
    CarrierClassifier classifier;
    for (qsizetype carrierIndex = 0; carrierIndex < carriers.size(); ++carrierIndex) {
        const Carrier& carrier = carriers.at(carrierIndex);
        for (qsizetype addressIndex = 0; addressIndex < carrier.addresses.size(); ++addressIndex) {
            const CarrierAddress& address = carrier.addresses.at(addressIndex);
            std::string parseError;
            const std::optional<CidrBlock> block = CidrBlock::parse(address.address.toStdString(), &parseError);
            if (!block) {
                *error = joinPath(carrierPath(carrier), QStringLiteral("address %1").arg(addressIndex + 1)) +
                         QStringLiteral(": ") + QString::fromStdString(parseError);
                return false;
            }
            classifier.insert(*block, Entry{int(carrierIndex), address.port, address.transport});
        }
        for (qsizetype mappingIndex = 0; mappingIndex < carrier.mappings.size(); ++mappingIndex) {
            const IpMapping& mapping = carrier.mappings.at(mappingIndex);
            const std::optional<IpAddress> publicAddress = IpAddress::parse(mapping.publicAddress);
            if (!publicAddress) {
                *error = joinPath(carrierPath(carrier), QStringLiteral("mapping %1").arg(mappingIndex + 1)) +
                         QStringLiteral(": public address \"%1\" is not an IP address").arg(mapping.publicAddress);
                return false;
            }
            classifier.insert(CidrBlock(*publicAddress, publicAddress->bitLength()),
                              Entry{int(carrierIndex), 0, Transport::Any});
        }
    }
    *result = std::move(classifier);
    return true;
}

void CarrierClassifier::insert(const CidrBlock& block, const Entry& entry)
{
    Trie& trie = block.network().isV4() ? m_v4 : m_v6;
    int node = 0;
    for (int bit = 0; bit < block.prefixLength(); ++bit) {
        const int branch = block.network().bit(bit) ? 1 : 0;
        int child = trie.nodes[std::size_t(node)].children[branch];
        if (child < 0) {
            child = int(trie.nodes.size());
            trie.nodes.emplace_back();
            trie.nodes[std::size_t(node)].children[branch] = child;
        }
        node = child;
    }
    trie.nodes[std::size_t(node)].entries.push_back(entry);
    ++m_entryCount;
}

int CarrierClassifier::classify(const IpAddress& address, std::uint16_t port, Transport transport) const
{
    const Trie& trie = trieFor(address);
    const Entry* best = nullptr;
    int node = 0;
    int depth = 0;
    while (node >= 0) {
        // Entries of a deeper node have a longer prefix: the first match found at this depth
        // replaces anything found higher up.
        const Entry* bestHere = nullptr;
        for (const Entry& entry : trie.nodes[std::size_t(node)].entries) {
            if (entry.port != 0 && entry.port != port)
                continue;
            if (entry.transport != Transport::Any && entry.transport != transport)
                continue;
            if (!bestHere || isMoreSpecific(entry, *bestHere))
                bestHere = &entry;
        }
        if (bestHere)
            best = bestHere;
        if (depth == address.bitLength())
            break;
        node = trie.nodes[std::size_t(node)].children[address.bit(depth) ? 1 : 0];
        ++depth;
    }
    return best ? best->carrier : -1;
}

} // namespace tollgate
