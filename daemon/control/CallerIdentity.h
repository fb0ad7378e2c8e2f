#pragma once

#include <QString>
#include <sys/types.h>

namespace tollgate {

/// Who sent a control request: the peer of the control connection, from SO_PEERCRED at connect
/// time. Handlers attribute changes (audit log, revision author) to `userName`.
struct CallerIdentity
{
    QString userName; ///< Login name of `uid`, or "uid N" when the account has none.
    uid_t uid = 0;
    gid_t gid = 0;
    pid_t pid = 0;
};

} // namespace tollgate
