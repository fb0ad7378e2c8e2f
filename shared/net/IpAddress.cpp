#include "IpAddress.h"

#include <arpa/inet.h>
#include <charconv>
#include <cstring>

namespace tollgate {

std::optional<IpAddress> IpAddress::parse(std::string_view text)
{
    // Brackets only ever enclose an IPv6 literal (RFC 3986 IP-literal); "[192.0.2.1]" is no address.
    const bool bracketed = text.size() >= 2 && text.front() == '[' && text.back() == ']';
    if (bracketed)
        text = text.substr(1, text.size() - 2);
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN)
        return std::nullopt;
    char buffer[INET6_ADDRSTRLEN];
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';

    IpAddress address;
    if (text.find(':') == std::string_view::npos) {
        if (bracketed || inet_pton(AF_INET, buffer, address.m_bytes.data()) != 1)
            return std::nullopt;
        address.m_family = Family::V4;
    } else {
        if (inet_pton(AF_INET6, buffer, address.m_bytes.data()) != 1)
            return std::nullopt;
        address.m_family = Family::V6;
    }
    return address;
}

std::optional<IpAddress> IpAddress::parse(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    return parse(std::string_view(utf8.constData(), std::size_t(utf8.size())));
}

IpAddress IpAddress::fromV4Bytes(const std::uint8_t bytes[4])
{
    IpAddress address;
    address.m_family = Family::V4;
    std::memcpy(address.m_bytes.data(), bytes, 4);
    return address;
}

IpAddress IpAddress::fromV6Bytes(const std::uint8_t bytes[16])
{
    IpAddress address;
    address.m_family = Family::V6;
    std::memcpy(address.m_bytes.data(), bytes, 16);
    return address;
}

std::string IpAddress::toString() const
{
    char buffer[INET6_ADDRSTRLEN];
    const int family = isV4() ? AF_INET : AF_INET6;
    if (inet_ntop(family, m_bytes.data(), buffer, sizeof buffer) == nullptr)
        return {};
    return buffer;
}

CidrBlock::CidrBlock(IpAddress network, int prefixLength)
    : m_network(network)
    , m_prefixLength(prefixLength)
{}

std::optional<CidrBlock> CidrBlock::parse(std::string_view text, std::string* error)
{
    const auto fail = [error](std::string message) -> std::optional<CidrBlock> {
        if (error)
            *error = std::move(message);
        return std::nullopt;
    };

    const std::size_t slash = text.find('/');
    const std::string_view addressText = text.substr(0, slash);
    const std::optional<IpAddress> address = IpAddress::parse(addressText);
    if (!address)
        return fail("\"" + std::string(addressText) + "\" is not an IP address");

    int length = address->bitLength();
    if (slash != std::string_view::npos) {
        const std::string_view lengthText = text.substr(slash + 1);
        const auto [end, ec] = std::from_chars(lengthText.data(), lengthText.data() + lengthText.size(), length);
        if (ec != std::errc() || end != lengthText.data() + lengthText.size() || lengthText.empty())
            return fail("prefix length \"" + std::string(lengthText) + "\" is not a number");
        if (length < 0 || length > address->bitLength())
            return fail("prefix length " + std::to_string(length) + " is out of range 0-" +
                        std::to_string(address->bitLength()));
    }

    CidrBlock block(*address, length);
    for (int bit = length; bit < address->bitLength(); ++bit) {
        if (address->bit(bit)) {
            IpAddress network = *address;
            std::array<std::uint8_t, 16> bytes = network.bytes();
            for (int clear = length; clear < address->bitLength(); ++clear)
                bytes[clear / 8] &= std::uint8_t(~(1u << (7 - clear % 8)));
            network = address->isV4() ? IpAddress::fromV4Bytes(bytes.data()) : IpAddress::fromV6Bytes(bytes.data());
            return fail("host bits are set below the /" + std::to_string(length) + " prefix (the network is " +
                        network.toString() + "/" + std::to_string(length) + ")");
        }
    }
    return block;
}

bool CidrBlock::contains(const IpAddress& address) const
{
    if (address.family() != m_network.family())
        return false;
    const auto& a = address.bytes();
    const auto& n = m_network.bytes();
    const int fullBytes = m_prefixLength / 8;
    if (std::memcmp(a.data(), n.data(), std::size_t(fullBytes)) != 0)
        return false;
    const int remainingBits = m_prefixLength % 8;
    if (remainingBits == 0)
        return true;
    const std::uint8_t mask = std::uint8_t(0xFF << (8 - remainingBits));
    return (a[fullBytes] & mask) == (n[fullBytes] & mask);
}

std::string CidrBlock::toString() const
{
    return m_network.toString() + "/" + std::to_string(m_prefixLength);
}

} // namespace tollgate
