#include "ControlAccessPolicy.h"

#include "AccountLookup.h"

namespace tollgate {

ControlAccessPolicy::ControlAccessPolicy(const QString& groupName, uid_t ownUid)
    : m_groupName(groupName)
    , m_ownUid(ownUid)
{}

ControlAccessPolicy::Decision ControlAccessPolicy::check(const PeerCredentials& peer) const
{
    const QString userName = AccountLookup::userName(peer.uid);
    QList<gid_t> accountGroups;
    if (peer.groupsSource == PeerCredentials::GroupsSource::Unknown && !userName.isEmpty())
        accountGroups = AccountLookup::groupsOfUser(userName, AccountLookup::primaryGroup(peer.uid).value_or(peer.gid));
    return decide(peer, userName, m_groupName, AccountLookup::groupId(m_groupName), m_ownUid, accountGroups);
}

ControlAccessPolicy::Decision ControlAccessPolicy::decide(const PeerCredentials& peer, const QString& userName,
                                                          const QString& groupName, std::optional<gid_t> controlGroupId,
                                                          uid_t ownUid, const QList<gid_t>& accountGroups)
{
    Decision decision;
    decision.caller.userName = userName.isEmpty() ? QStringLiteral("uid %1").arg(peer.uid) : userName;
    decision.caller.uid = peer.uid;
    decision.caller.gid = peer.gid;
    decision.caller.pid = peer.pid;

    bool member = false;
    if (controlGroupId) {
        const QList<gid_t>& groups =
            peer.groupsSource == PeerCredentials::GroupsSource::Unknown ? accountGroups : peer.groups;
        member = peer.gid == *controlGroupId || groups.contains(*controlGroupId);
    }
    decision.allowed = peer.uid == 0 || peer.uid == ownUid || member;
    if (!decision.allowed) {
        decision.refusal = QStringLiteral("user '%1' is not in group '%2'").arg(decision.caller.userName, groupName);
        if (!controlGroupId)
            decision.refusal += QStringLiteral(" (the group does not exist on this system)");
        decision.data = {{QStringLiteral("user"), decision.caller.userName},
                         {QStringLiteral("uid"), qint64(peer.uid)},
                         {QStringLiteral("group"), groupName}};
    }
    return decision;
}

} // namespace tollgate
