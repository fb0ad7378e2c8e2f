#include "PeerCredentials.h"

#include <QFile>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <vector>

#ifndef SO_PEERGROUPS
#define SO_PEERGROUPS 59
#endif

namespace tollgate {

namespace {

bool readSocketGroups(int descriptor, QList<gid_t>* groups)
{
    std::vector<gid_t> buffer(64);
    for (int attempt = 0; attempt < 2; ++attempt) {
        socklen_t length = socklen_t(buffer.size() * sizeof(gid_t));
        if (::getsockopt(descriptor, SOL_SOCKET, SO_PEERGROUPS, buffer.data(), &length) == 0) {
            groups->clear();
            for (std::size_t i = 0; i < length / sizeof(gid_t); ++i)
                groups->append(buffer[i]);
            return true;
        }
        if (errno != ERANGE)
            return false; // ENOPROTOOPT on kernels before 4.13.
        buffer.resize(length / sizeof(gid_t) + 1);
    }
    return false;
}

/// The numbers after `prefix` on its line of /proc/PID/status, or false when the line is absent.
bool numbersAfter(const QByteArray& status, const QByteArray& prefix, QList<qulonglong>* numbers)
{
    for (const QByteArray& line : status.split('\n')) {
        if (!line.startsWith(prefix))
            continue;
        numbers->clear();
        for (const QByteArray& field : line.mid(prefix.size()).simplified().split(' ')) {
            if (field.isEmpty())
                continue;
            bool ok = false;
            const qulonglong value = field.toULongLong(&ok);
            if (!ok)
                return false;
            numbers->append(value);
        }
        return true;
    }
    return false;
}

} // namespace

bool PeerCredentials::parseProcStatus(const QByteArray& status, uid_t expectedUid, QList<gid_t>* groups)
{
    QList<qulonglong> uids;
    if (!numbersAfter(status, "Uid:", &uids) || uids.size() < 2 || uids.at(0) != expectedUid ||
        uids.at(1) != expectedUid)
        return false;
    QList<qulonglong> numbers;
    if (!numbersAfter(status, "Groups:", &numbers))
        return false;
    groups->clear();
    for (qulonglong number : numbers)
        groups->append(gid_t(number));
    return true;
}

bool PeerCredentials::read(qintptr descriptor, PeerCredentials* credentials, QString* error)
{
    const int fd = int(descriptor);
    ucred peer{};
    socklen_t length = sizeof(peer);
    if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 || length != sizeof(peer)) {
        *error = QStringLiteral("cannot read the peer's credentials (SO_PEERCRED): %1")
                     .arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    PeerCredentials result;
    result.pid = peer.pid;
    result.uid = peer.uid;
    result.gid = peer.gid;
    if (readSocketGroups(fd, &result.groups)) {
        result.groupsSource = GroupsSource::Socket;
    } else {
        QFile status(QStringLiteral("/proc/%1/status").arg(peer.pid));
        if (peer.pid > 0 && status.open(QIODevice::ReadOnly) &&
            parseProcStatus(status.readAll(), peer.uid, &result.groups))
            result.groupsSource = GroupsSource::ProcStatus;
    }
    *credentials = result;
    return true;
}

} // namespace tollgate
