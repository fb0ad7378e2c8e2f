#pragma once

#include <QString>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tollgate {

/// An IPv4 or IPv6 address as 16 bytes (IPv4 in the first 4), comparable and hashable, with no
/// allocation: the form the data plane classifies and maps addresses in.
class IpAddress
{
public:
    enum class Family : std::uint8_t
    {
        V4,
        V6,
    };

    IpAddress() = default;

    /// Parses an IP literal ("192.0.2.1", "2001:db8::1", "[2001:db8::1]"; brackets only around
    /// IPv6). IPv4-mapped IPv6 addresses (::ffff:192.0.2.1) are kept as IPv6: they are different
    /// on the wire.
    static std::optional<IpAddress> parse(std::string_view text);
    static std::optional<IpAddress> parse(const QString& text);
    static IpAddress fromV4Bytes(const std::uint8_t bytes[4]);
    static IpAddress fromV6Bytes(const std::uint8_t bytes[16]);

    Family family() const { return m_family; }
    bool isV4() const { return m_family == Family::V4; }
    int bitLength() const { return isV4() ? 32 : 128; }
    const std::array<std::uint8_t, 16>& bytes() const { return m_bytes; }
    /// Bit `index` counted from the most significant bit of the first byte.
    bool bit(int index) const { return (m_bytes[index / 8] >> (7 - index % 8)) & 1; }

    /// Canonical text: dotted quad or RFC 5952 IPv6 (no brackets).
    std::string toString() const;
    QString toQString() const { return QString::fromStdString(toString()); }

    bool operator==(const IpAddress&) const = default;

private:
    Family m_family = Family::V4;
    std::array<std::uint8_t, 16> m_bytes{};
};

/// An address block "192.0.2.0/24" or "2001:db8::/32"; a plain address is a full-length block.
class CidrBlock
{
public:
    CidrBlock() = default;
    CidrBlock(IpAddress network, int prefixLength);

    /// Parses "IP" or "IP/len". Host bits set below the prefix are an error ("192.0.2.1/24"):
    /// they usually mean a typing mistake, and the error text says which network was meant.
    static std::optional<CidrBlock> parse(std::string_view text, std::string* error = nullptr);

    const IpAddress& network() const { return m_network; }
    int prefixLength() const { return m_prefixLength; }
    bool contains(const IpAddress& address) const;
    std::string toString() const;

    bool operator==(const CidrBlock&) const = default;

private:
    IpAddress m_network;
    int m_prefixLength = 0;
};

} // namespace tollgate
