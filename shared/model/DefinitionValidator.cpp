#include "DefinitionValidator.h"

#include "PathSegment.h"
#include "net/IpAddress.h"
#include "net/SipUri.h"

#include <limits>

namespace tollgate {

namespace {

using NameStyle = ValidationContext::NameStyle;

/// The block as operators write it: a plain address for a full-length block.
QString blockText(const CidrBlock& block)
{
    if (block.prefixLength() == block.network().bitLength())
        return block.network().toQString();
    return QString::fromStdString(block.toString());
}

/// `127.0.0.1 port 5080 udp`: a carrier address with the constraints that make it distinct.
QString claimText(const CidrBlock& block, const CarrierAddress& address)
{
    QString text = blockText(block);
    if (address.port != 0)
        text += QStringLiteral(" port %1").arg(address.port);
    if (address.transport != Transport::Any)
        text += QLatin1Char(' ') + transportName(address.transport);
    return text;
}

} // namespace

DefinitionValidator::DefinitionValidator(ValidationContext* context)
    : m_context(context)
{}

void DefinitionValidator::checkFlags()
{
    const QList<FlagDefinition>& flags = m_context->ruleSet().flags;
    const QString noun = QStringLiteral("flag");
    QSet<QString> seen;
    for (qsizetype i = 0; i < flags.size(); ++i) {
        const FlagDefinition& flag = flags.at(i);
        const QString path = PathSegment::flag(flag.name, int(i + 1));
        if (m_context->isBuiltInFlag(flag.name)) {
            m_context->error(path, QStringLiteral("%1 is a built-in flag and cannot be declared").arg(flag.name),
                             QStringLiteral("remove it: built-in flags need no declaration"));
            continue;
        }
        m_context->checkName(path, noun, NameStyle::UpperSnakeCase, flag.name);
        m_context->checkUnique(&seen, path, noun, NameStyle::UpperSnakeCase, flag.name);
    }
    const int userFlagLimit = 64 - int(builtInFlagNames().size());
    if (flags.size() > userFlagLimit) {
        m_context->error(
            QString(), QStringLiteral("too many flags: %1 (the limit is %2)").arg(flags.size()).arg(userFlagLimit),
            QStringLiteral("flags are kept in 64 bits, %1 of them built in").arg(builtInFlagNames().size()));
    }
}

void DefinitionValidator::checkCarriers()
{
    const QList<Carrier>& carriers = m_context->ruleSet().carriers;
    const QString noun = QStringLiteral("carrier");
    QSet<QString> seen;
    QHash<QString, QString> claims; // address claim text -> carrier name
    for (qsizetype i = 0; i < carriers.size(); ++i) {
        const Carrier& carrier = carriers.at(i);
        const QString path = PathSegment::carrier(carrier.name, int(i + 1));
        m_context->checkName(path, noun, NameStyle::LowerKebabCase, carrier.name);
        m_context->checkUnique(&seen, path, noun, NameStyle::LowerKebabCase, carrier.name);
        checkCarrierAddresses(carrier, path, &claims);
        checkCarrierMappings(carrier, path);
        const QString unlimited = QStringLiteral("use 0 for no limit");
        m_context->checkRange(path, QStringLiteral("maxConcurrentCalls"), carrier.maxConcurrentCalls, 0,
                              std::numeric_limits<int>::max(), unlimited);
        m_context->checkRange(path, QStringLiteral("maxCallsPerSecond"), carrier.maxCallsPerSecond, 0,
                              std::numeric_limits<int>::max(), unlimited);
    }
}

void DefinitionValidator::checkCarrierAddresses(const Carrier& carrier, const QString& path,
                                                QHash<QString, QString>* claims)
{
    QHash<QString, int> own; // claim text -> 1-based position within this carrier
    for (qsizetype i = 0; i < carrier.addresses.size(); ++i) {
        const CarrierAddress& address = carrier.addresses.at(i);
        const QString addressPath = joinPath(path, PathSegment::address(int(i + 1)));
        if (address.address.isEmpty()) {
            m_context->error(addressPath, QStringLiteral("missing address"),
                             QStringLiteral("give an IP address or a CIDR block such as 203.0.113.0/24"));
            continue;
        }
        QString problem;
        const std::optional<CidrBlock> block = ValidationContext::parseCidrBlock(address.address, &problem);
        if (!block) {
            m_context->error(
                addressPath,
                QStringLiteral("invalid address %1: %2").arg(ValidationContext::quote(address.address), problem));
            continue;
        }
        const QString claim = claimText(*block, address);
        if (own.contains(claim)) {
            m_context->warning(addressPath, QStringLiteral("duplicate address %1").arg(claim),
                               QStringLiteral("address %1 is the same; remove one").arg(own.value(claim)));
            continue;
        }
        own.insert(claim, int(i + 1));
        const auto owner = claims->constFind(claim);
        if (owner != claims->constEnd() && owner.value() != carrier.name) {
            m_context->error(addressPath,
                             QStringLiteral("address %1 is already claimed by carrier %2")
                                 .arg(claim, ValidationContext::quote(owner.value())),
                             QStringLiteral("a source must classify as one carrier; make the addresses differ by "
                                            "block, port or transport"));
            continue;
        }
        claims->insert(claim, carrier.name);
    }
}

void DefinitionValidator::checkCarrierMappings(const Carrier& carrier, const QString& path)
{
    QHash<QString, int> privateAddresses; // canonical private address -> 1-based mapping position
    for (qsizetype i = 0; i < carrier.mappings.size(); ++i) {
        const IpMapping& mapping = carrier.mappings.at(i);
        const QString mappingPath = joinPath(path, PathSegment::mapping(int(i + 1)));
        const std::optional<IpAddress> privateAddress = IpAddress::parse(mapping.privateAddress);
        const std::optional<IpAddress> publicAddress = IpAddress::parse(mapping.publicAddress);
        if (!privateAddress) {
            m_context->error(mappingPath, QStringLiteral("private address %1 is not an IP address")
                                              .arg(ValidationContext::quote(mapping.privateAddress)));
        }
        if (!publicAddress) {
            m_context->error(mappingPath, QStringLiteral("public address %1 is not an IP address")
                                              .arg(ValidationContext::quote(mapping.publicAddress)));
        }
        if (!privateAddress || !publicAddress)
            continue;
        if (privateAddress->family() != publicAddress->family()) {
            m_context->error(mappingPath,
                             QStringLiteral("private address %1 and public address %2 are of different IP families")
                                 .arg(mapping.privateAddress, mapping.publicAddress),
                             QStringLiteral("map IPv4 to IPv4 and IPv6 to IPv6"));
            continue;
        }
        const QString key = privateAddress->toQString();
        if (privateAddresses.contains(key)) {
            m_context->error(mappingPath, QStringLiteral("private address %1 is already mapped").arg(key),
                             QStringLiteral("mapping %1 maps it too; remove one").arg(privateAddresses.value(key)));
            continue;
        }
        privateAddresses.insert(key, int(i + 1));
    }
}

void DefinitionValidator::checkGroups()
{
    const QList<DestinationGroup>& groups = m_context->ruleSet().groups;
    const QString noun = QStringLiteral("group");
    QSet<QString> seen;
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const DestinationGroup& group = groups.at(i);
        const QString path = PathSegment::group(group.name, int(i + 1));
        m_context->checkName(path, noun, NameStyle::LowerKebabCase, group.name);
        m_context->checkUnique(&seen, path, noun, NameStyle::LowerKebabCase, group.name);
        checkDestinations(group, path);
        checkProbe(group.probe, joinPath(path, PathSegment::probe()));
        for (int code : group.failoverCodes)
            m_context->checkRange(path, QStringLiteral("failover code"), code, 300, 699);
        m_context->checkRange(path, QStringLiteral("finalReplyTimerMs"), group.finalReplyTimerMs, 100, 300000);
    }
}

void DefinitionValidator::checkDestinations(const DestinationGroup& group, const QString& path)
{
    QHash<QString, int> uris; // URI -> 1-based position
    QSet<QString> names;
    for (qsizetype i = 0; i < group.destinations.size(); ++i) {
        const Destination& destination = group.destinations.at(i);
        const QString destinationPath = joinPath(path, PathSegment::destination(int(i + 1)));
        if (!destination.name.isEmpty() &&
            m_context->checkName(destinationPath, QStringLiteral("destination"), NameStyle::LowerKebabCase,
                                 destination.name))
            m_context->checkUnique(&names, destinationPath, QStringLiteral("destination"), NameStyle::LowerKebabCase,
                                   destination.name);
        const QByteArray utf8 = destination.uri.toUtf8();
        std::string problem;
        const std::optional<SipUri> uri =
            SipUri::parse(std::string_view(utf8.constData(), std::size_t(utf8.size())), &problem);
        if (!uri) {
            m_context->error(destinationPath,
                             QStringLiteral("invalid destination URI %1: %2")
                                 .arg(ValidationContext::quote(destination.uri), QString::fromStdString(problem)));
        } else if (uri->host.empty()) {
            m_context->error(
                destinationPath,
                QStringLiteral("destination URI %1 has no host").arg(ValidationContext::quote(destination.uri)),
                QStringLiteral("a destination is a sip: or sips: URI such as sip:10.0.0.10:5060"));
        } else if (uris.contains(destination.uri)) {
            m_context->warning(
                destinationPath,
                QStringLiteral("duplicate destination %1").arg(ValidationContext::quote(destination.uri)),
                QStringLiteral("destination %1 is the same; remove one").arg(uris.value(destination.uri)));
        } else {
            uris.insert(destination.uri, int(i + 1));
        }
        m_context->checkRange(destinationPath, QStringLiteral("priority"), destination.priority, 0, 65535);
        m_context->checkRange(destinationPath, QStringLiteral("weight"), destination.weight, 1,
                              std::numeric_limits<int>::max());
    }
}

void DefinitionValidator::checkProbe(const ProbeSettings& probe, const QString& path)
{
    m_context->checkRange(path, QStringLiteral("intervalMs"), probe.intervalMs, 500, 3600000);
    const QString timeoutHint = probe.timeoutMs > probe.intervalMs
                                    ? QStringLiteral("a probe must time out before the next one is due")
                                    : QString();
    m_context->checkRange(path, QStringLiteral("timeoutMs"), probe.timeoutMs, 100, std::max(100, probe.intervalMs),
                          timeoutHint);
    m_context->checkRange(path, QStringLiteral("failureThreshold"), probe.failureThreshold, 1, 100);
    m_context->checkRange(path, QStringLiteral("recoveryThreshold"), probe.recoveryThreshold, 1, 100);
    for (int code : probe.aliveCodes)
        m_context->checkRange(path, QStringLiteral("alive code"), code, 100, 699);
}

void DefinitionValidator::checkCaches()
{
    const QList<CacheDefinition>& caches = m_context->ruleSet().caches;
    const QString noun = QStringLiteral("cache");
    QSet<QString> seen;
    for (qsizetype i = 0; i < caches.size(); ++i) {
        const CacheDefinition& cache = caches.at(i);
        const QString path = PathSegment::cache(cache.name, int(i + 1));
        m_context->checkName(path, noun, NameStyle::LowerKebabCase, cache.name);
        m_context->checkUnique(&seen, path, noun, NameStyle::LowerKebabCase, cache.name);
        m_context->checkRange(path, QStringLiteral("ttlSeconds"), cache.ttlSeconds, 1, 2592000);
        m_context->checkRange(path, QStringLiteral("maxEntries"), cache.maxEntries, 1, 10000000);
    }
}

} // namespace tollgate
