#pragma once

#include "protocol/FrameCodec.h"

#include <QString>
#include <optional>
#include <sys/types.h>

namespace tollgate {

/// How the control server listens and how much it lets each client cost.
struct ControlServerSettings
{
    /// Path of the socket file. Its directory is created (mode 0755) when missing.
    QString socketPath;
    /// Group given the socket file (mode 0660) and whose members may connect.
    QString groupName = QStringLiteral("tollgate");
    /// The daemon's user, always allowed; geteuid() when not set (tests set another).
    std::optional<uid_t> ownUid;
    /// Longest request line accepted; longer ones are answered -32600 and skipped.
    qsizetype maxLineBytes = FrameCodec::DefaultMaxLineBytes;
    /// Bytes waiting to be sent to one client beyond which events are dropped for it (and its
    /// requests are no longer read until it catches up).
    qsizetype maxQueuedBytes = 4 * 1024 * 1024;
    /// A client whose queue stays full this long is disconnected.
    int stuckClientTimeoutMs = 30'000;
    /// Connected clients at most; one more is answered -32005 and closed.
    int maxClients = 64;
    /// Requests of one client being handled at once (asynchronous handlers); while at the limit,
    /// its further requests wait unread.
    int maxPendingRequests = 64;
};

} // namespace tollgate
