#include "Transport.h"

namespace tollgate {

QString transportName(Transport transport)
{
    switch (transport) {
    case Transport::Any:
        return QStringLiteral("any");
    case Transport::Udp:
        return QStringLiteral("udp");
    case Transport::Tcp:
        return QStringLiteral("tcp");
    case Transport::Tls:
        return QStringLiteral("tls");
    }
    return QStringLiteral("any");
}

std::optional<Transport> parseTransport(const QString& name)
{
    const QString lower = name.toLower();
    if (lower == u"any")
        return Transport::Any;
    if (lower == u"udp")
        return Transport::Udp;
    if (lower == u"tcp")
        return Transport::Tcp;
    if (lower == u"tls")
        return Transport::Tls;
    return std::nullopt;
}

} // namespace tollgate
