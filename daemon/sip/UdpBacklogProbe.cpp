#include "UdpBacklogProbe.h"

#include <algorithm>
#include <dirent.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cstdlib>

namespace tollgate {

int UdpBacklogProbe::discover(const std::vector<int>& ports)
{
    m_descriptors.clear();
    DIR* directory = opendir("/proc/self/fd");
    if (!directory)
        return 0;
    while (const dirent* entry = readdir(directory)) {
        char* end = nullptr;
        const long descriptor = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0')
            continue;
        const int fd = int(descriptor);
        int type = 0;
        socklen_t typeLength = sizeof type;
        if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &typeLength) != 0 || type != SOCK_DGRAM)
            continue;
        sockaddr_storage address{};
        socklen_t addressLength = sizeof address;
        if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &addressLength) != 0)
            continue;
        int port = 0;
        if (address.ss_family == AF_INET)
            port = ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
        else if (address.ss_family == AF_INET6)
            port = ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
        else
            continue;
        if (std::find(ports.begin(), ports.end(), port) != ports.end())
            m_descriptors.push_back(fd);
    }
    closedir(directory);
    return int(m_descriptors.size());
}

std::uint32_t UdpBacklogProbe::queuedBytes() const
{
    std::uint32_t total = 0;
    for (const int fd : m_descriptors) {
        std::uint32_t memoryInfo[SK_MEMINFO_VARS] = {};
        socklen_t length = sizeof memoryInfo;
        if (getsockopt(fd, SOL_SOCKET, SO_MEMINFO, memoryInfo, &length) == 0)
            total += memoryInfo[SK_MEMINFO_RMEM_ALLOC];
    }
    return total;
}

} // namespace tollgate
