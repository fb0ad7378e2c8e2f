#pragma once

#include "Transport.h"

#include <QList>
#include <QString>

namespace tollgate {

/// One signalling address of a carrier: requests from a source inside `address` (an IP or a
/// CIDR block) classify as this carrier, optionally only from one port or on one transport.
struct CarrierAddress
{
    QString address;                     ///< "203.0.113.7", "203.0.113.0/24", "2001:db8::/32".
    quint16 port = 0;                    ///< 0 = any source port.
    Transport transport = Transport::Any;

    bool operator==(const CarrierAddress&) const = default;
};

/// A private address a carrier presents in its signalling (Contact, Via, SDP, ...) and the
/// public address it really uses. Tollgate rewrites private to public on what it receives from
/// the carrier, and public to private on what it sends to the carrier.
struct IpMapping
{
    QString privateAddress; ///< An IP literal, e.g. "10.20.0.5".
    QString publicAddress;  ///< An IP literal, e.g. "198.51.100.5".

    bool operator==(const IpMapping&) const = default;
};

/// A peer network that sends or receives calls: a carrier, or a trusted host such as the core.
struct Carrier
{
    QString name;        ///< lower-kebab-case identifier, unique among carriers.
    QString description;
    bool trusted = false; ///< Requests from a trusted carrier get the built-in FROM_TRUSTED flag.
    QList<CarrierAddress> addresses;
    QList<IpMapping> mappings;
    int maxConcurrentCalls = 0; ///< 0 = unlimited.
    int maxCallsPerSecond = 0;  ///< 0 = unlimited.

    bool operator==(const Carrier&) const = default;
};

} // namespace tollgate
