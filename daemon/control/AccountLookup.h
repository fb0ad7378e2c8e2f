#pragma once

#include <QList>
#include <QString>
#include <optional>
#include <sys/types.h>

namespace tollgate {

/// The system's account database (NSS: /etc/passwd, /etc/group, LDAP, ...), through the
/// reentrant libc calls. Lookups may block on a remote directory; the control server does them
/// once per connection, never per request.
class AccountLookup
{
public:
    /// Login name of `uid`, or an empty string when the database has none.
    static QString userName(uid_t uid);
    /// Primary group of `uid` from the database, when it has the user.
    static std::optional<gid_t> primaryGroup(uid_t uid);
    /// Id of the group called `name`, when it exists.
    static std::optional<gid_t> groupId(const QString& name);
    /// Name of group `gid`, or an empty string.
    static QString groupName(gid_t gid);
    /// Every group `userName` belongs to according to the database (getgrouplist), `primary`
    /// included.
    static QList<gid_t> groupsOfUser(const QString& userName, gid_t primary);
};

} // namespace tollgate
