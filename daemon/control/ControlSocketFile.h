#pragma once

#include <QString>

namespace tollgate {

/// The control socket's file: making its path ready before listening and restricting it after.
class ControlSocketFile
{
public:
    /// Makes `path` ready for QLocalServer::listen(): creates its directory when missing (mode
    /// 0755: the socket's own mode is the gate), and removes a stale socket left by a daemon that
    /// died, but only if it is a socket and nobody answers on it. Refuses (false, `*error`) when
    /// something else is at `path` or another process listens there.
    static bool prepare(const QString& path, QString* error);

    /// After listening: mode 0660 and group `groupName`. A missing group, or a group this process
    /// may not give the file to, leaves the daemon's primary group and is reported in `*warning`
    /// (access is then narrower, never wider). False with `*error` only when the mode cannot be set.
    static bool restrictAccess(const QString& path, const QString& groupName, QString* warning, QString* error);

    /// True when a process accepts connections on the socket at `path`.
    static bool isListenedOn(const QString& path);
};

} // namespace tollgate
