#pragma once

#include <QString>

#include <optional>

namespace tollgate {

/// SIP transport of a message or of an address constraint.
enum class Transport
{
    Any, ///< Only valid as a constraint: matches every transport.
    Udp,
    Tcp,
    Tls,
};

/// "any", "udp", "tcp", "tls": the spelling used in the ruleset JSON and on the command line.
QString transportName(Transport transport);

/// Parses a transport name case-insensitively; std::nullopt for an unknown name.
std::optional<Transport> parseTransport(const QString& name);

} // namespace tollgate
