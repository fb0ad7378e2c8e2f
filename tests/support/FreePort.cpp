#include "FreePort.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace tollgate::test {

namespace {

bool bindable(int family, int type, const QString& address, int port)
{
    const int fd = ::socket(family, type, 0);
    if (fd < 0)
        return false;
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    bool ok = false;
    const QByteArray text = address.toLatin1();
    if (family == AF_INET) {
        sockaddr_in in{};
        in.sin_family = AF_INET;
        in.sin_port = htons(quint16(port));
        ::inet_pton(AF_INET, text.constData(), &in.sin_addr);
        ok = ::bind(fd, reinterpret_cast<sockaddr*>(&in), sizeof in) == 0;
    } else {
        sockaddr_in6 in6{};
        in6.sin6_family = AF_INET6;
        in6.sin6_port = htons(quint16(port));
        ::inet_pton(AF_INET6, text.constData(), &in6.sin6_addr);
        ok = ::bind(fd, reinterpret_cast<sockaddr*>(&in6), sizeof in6) == 0;
    }
    ::close(fd);
    return ok;
}

int ephemeralUdpPort(int family, const QString& address)
{
    const int fd = ::socket(family, SOCK_DGRAM, 0);
    if (fd < 0)
        return 0;
    sockaddr_storage storage{};
    socklen_t length = 0;
    const QByteArray text = address.toLatin1();
    if (family == AF_INET) {
        auto* in = reinterpret_cast<sockaddr_in*>(&storage);
        in->sin_family = AF_INET;
        ::inet_pton(AF_INET, text.constData(), &in->sin_addr);
        length = sizeof(sockaddr_in);
    } else {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&storage);
        in6->sin6_family = AF_INET6;
        ::inet_pton(AF_INET6, text.constData(), &in6->sin6_addr);
        length = sizeof(sockaddr_in6);
    }
    int port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), length) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) == 0) {
        port = family == AF_INET ? ntohs(reinterpret_cast<sockaddr_in*>(&storage)->sin_port)
                                 : ntohs(reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port);
    }
    ::close(fd);
    return port;
}

} // namespace

int pickFreePort(const QString& address)
{
    const int family = address.contains(u':') ? AF_INET6 : AF_INET;
    for (int attempt = 0; attempt < 50; ++attempt) {
        const int port = ephemeralUdpPort(family, address);
        if (port > 0 && bindable(family, SOCK_STREAM, address, port))
            return port;
    }
    return 0;
}

} // namespace tollgate::test
