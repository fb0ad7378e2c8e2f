#pragma once

#include "CtlInvocation.h"

#include <QString>
#include <QStringList>
#include <functional>

namespace tollgate {

/// Parses `tollgatectl [--socket PATH] [--json] [--timeout SECONDS] NOUN VERB [ARGS]` into a
/// CtlInvocation, using the commands of the ControlCatalogue: positional arguments and
/// `--option VALUE` (or `--option=VALUE`) fill the method's parameters. Global options may come
/// anywhere; `--` ends the options. Every failure is a usage error (exit code 2) with a message
/// naming the command and the offending word, and a did-you-mean where one fits.
class CtlCommandLine
{
public:
    /// What the parser needs from the environment, injectable for tests.
    struct Environment
    {
        QString socketVariable;                           ///< $TOLLGATE_SOCKET
        std::function<bool(const QString&)> socketExists; ///< Whether a socket file exists there.
    };

    /// The installed socket path, used by default when it exists.
    static constexpr char InstalledSocketPath[] = "/run/tollgate/control.sock";
    /// The development default (tollgated's embedded default), relative to the current directory.
    static constexpr char DevelopmentSocketPath[] = "var/tollgate.sock";

    /// The real environment: $TOLLGATE_SOCKET and the file system.
    static Environment systemEnvironment();

    /// Parses `arguments` (without the program name). False with `*error` on a usage error.
    static bool parse(const QStringList& arguments, const Environment& environment, CtlInvocation* invocation,
                      QString* error);

    /// Reads the invocation's FILE arguments into its params: a JSON object for JsonFile, UTF-8
    /// text for TextFile. False with `*error` naming the file and the problem (line and column of
    /// a JSON syntax error).
    static bool loadFiles(CtlInvocation* invocation, QString* error);

    /// --socket, else $TOLLGATE_SOCKET, else the installed path when it exists, else the
    /// development path.
    static QString defaultSocketPath(const Environment& environment);
};

} // namespace tollgate
