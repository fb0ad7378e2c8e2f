#pragma once

#include "sip/SipProxySettings.h"

#include <QString>
#include <QStringList>

namespace tollgate {

/// Everything tollgated needs to run, from the INI config file with command-line flags on top.
/// Defaults are the embedded development defaults (files under ./var, SIP on loopback); the
/// Debian package installs /etc/tollgate/tollgated.conf with the system paths.
struct DaemonConfig
{
    QString databasePath = QStringLiteral("var/tollgate.db");
    QString controlSocketPath = QStringLiteral("var/tollgate.sock");
    QString controlGroup = QStringLiteral("tollgate"); ///< Group allowed on the control socket.
    QString logLevel = QStringLiteral("info");          ///< debug, info, warning, error
    SipProxySettings sip;
    int maxCallLifetimeSeconds = 4 * 3600;
    int callTraceCalls = 2000; ///< Recent calls whose SIP messages are kept for calls.get (0 = off).
    bool callTraceFullText = false; ///< Keep whole messages in the trace, not only first lines.

    /// Reads `path` over the current values. Format: `[section]` lines and `key = value` lines;
    /// `#` starts a comment line; `listen` may be given several times. Unknown sections or keys
    /// and bad values are errors naming `path:line`.
    bool loadFile(const QString& path, QString* error);

    /// Built-in listen addresses when neither the file nor the flags give any.
    static QStringList defaultListen();
    /// The accepted values of `log_level` (and --log-level), lower case.
    static QStringList logLevels();
    /// Whether `uri` may be a listen address (`listen`, --listen): a sip: or sips: URI.
    static bool isListenUri(const QString& uri);
};

} // namespace tollgate
