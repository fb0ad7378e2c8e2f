#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QtGlobal>
#include <sys/types.h>

namespace tollgate {

/// The credentials of the process at the other end of a Unix-domain socket, as the kernel
/// recorded them when it connected: user, primary group, process id, and its supplementary
/// groups when they can be learnt.
struct PeerCredentials
{
    /// Where `groups` came from, most reliable first.
    enum class GroupsSource
    {
        Unknown,    ///< Not learnt: the access policy falls back to the account database.
        Socket,     ///< SO_PEERGROUPS: the groups at connect time (Linux 4.13+).
        ProcStatus, ///< /proc/PID/status of the peer, checked to still belong to the same user.
    };

    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    QList<gid_t> groups; ///< Supplementary groups; meaningful unless groupsSource is Unknown.
    GroupsSource groupsSource = GroupsSource::Unknown;

    /// Reads the credentials of the peer of `descriptor`, a connected Unix-domain stream socket.
    /// False with `*error` when SO_PEERCRED fails (the supplementary groups are optional).
    static bool read(qintptr descriptor, PeerCredentials* credentials, QString* error);

    /// The supplementary groups from the text of /proc/PID/status, provided its "Uid:" line has
    /// `expectedUid` as real and effective user (so that a process id reused by another user's
    /// process is not believed). False when the text does not qualify.
    static bool parseProcStatus(const QByteArray& status, uid_t expectedUid, QList<gid_t>* groups);
};

} // namespace tollgate
