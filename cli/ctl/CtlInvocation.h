#pragma once

#include "protocol/CliCommandSpec.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace tollgate {

/// What one tollgatectl command line asks for, as CtlCommandLine parsed it.
struct CtlInvocation
{
    enum class Action
    {
        Run,     ///< Send `command`'s method with `params`.
        Help,    ///< Print `text` and exit 0.
        Version, ///< Print `text` and exit 0.
    };

    /// A FILE argument, read (CtlCommandLine::loadFiles) into `param` before sending.
    struct FileArgument
    {
        QString param;
        QString path;
        CliValueKind kind = CliValueKind::JsonFile;
    };

    Action action = Action::Run;
    QString text; ///< Help, Version
    QString socketPath;
    bool json = false;
    int timeoutSeconds = 30;
    int count = 0; ///< Streaming commands: stop after this many events; 0 = until interrupted.
    CliCommandSpec command;
    QJsonObject params;
    QList<FileArgument> files;
};

} // namespace tollgate
