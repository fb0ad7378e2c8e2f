#pragma once

#include "CallerIdentity.h"
#include "PeerCredentials.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

namespace tollgate {

/// Who may use the control socket: root, the daemon's own user, and members of the control
/// group. The socket file's mode (0660, that group) is the first gate; this check on the peer's
/// credentials is the second, and holds even if the file's mode is loosened.
///
/// Membership is judged on the peer process's own groups (its primary group, then its
/// supplementary groups from SO_PEERGROUPS or /proc/PID/status), the same credentials the kernel
/// used to let it open the socket file; the account database (getgrouplist) is consulted only
/// when the process's groups cannot be learnt. So `setpriv --clear-groups` or a login session
/// predating a group change is judged by what the process really holds.
class ControlAccessPolicy
{
public:
    /// `groupName`: the control group. `ownUid`: the daemon's user (geteuid() in production;
    /// injectable so that tests can play another daemon user).
    ControlAccessPolicy(const QString& groupName, uid_t ownUid);

    /// The verdict on one peer.
    struct Decision
    {
        bool allowed = false;
        CallerIdentity caller;
        QString refusal;  ///< Why not, naming the user and the group (sent to the peer).
        QJsonObject data; ///< {user, uid, group} for the error's data.
    };

    /// Judges `peer`, looking its user name and (when needed) its groups up in the account
    /// database, and the control group's id up by name.
    Decision check(const PeerCredentials& peer) const;

    /// The judgement alone, without lookups: `controlGroupId` is absent when the group does not
    /// exist; `accountGroups` is what the account database says (used only when the peer's
    /// own groups are unknown).
    static Decision decide(const PeerCredentials& peer, const QString& userName, const QString& groupName,
                           std::optional<gid_t> controlGroupId, uid_t ownUid, const QList<gid_t>& accountGroups);

    const QString& groupName() const { return m_groupName; }
    uid_t ownUid() const { return m_ownUid; }

private:
    QString m_groupName;
    uid_t m_ownUid;
};

} // namespace tollgate
