#pragma once

#include "DaemonConfig.h"

#include <QString>
#include <QStringList>

namespace tollgate {

/// What `tollgated` was asked to do: run the daemon, or one offline operation on the database
/// (like `kamailio -c`), with the options that go with it.
struct CommandLine
{
    enum class Mode
    {
        Run,
        Check,     ///< --check RULESET.json: validate, exit 0/1
        Import,    ///< --import RULESET.json [--comment TEXT]: validate, store, activate
        Export,    ///< --export: active ruleset, canonical JSON on stdout
        Revisions, ///< --revisions: revision history
        Rollback,  ///< --rollback N [--comment TEXT]
        Diff,      ///< --diff A B: structured difference between two revisions
        DryRun,    ///< --dry-run MESSAGE_FILE [--source IP:PORT] [--transport udp|tcp|tls]
    };

    Mode mode = Mode::Run;
    DaemonConfig config;
    QString rulesetPath;  ///< Check, Import
    QString messagePath;  ///< DryRun
    QString comment;      ///< Import, Rollback
    QString source = QStringLiteral("192.0.2.10:5060"); ///< DryRun
    QString transport = QStringLiteral("udp");          ///< DryRun
    int revision = 0;     ///< Rollback
    int diffFrom = 0;     ///< Diff
    int diffTo = 0;       ///< Diff
    bool json = false;    ///< Offline output as JSON

    /// Parses the arguments (config file first, then flags over it). On a usage error returns
    /// false with the message; `--help` and `--version` print and set `exitNow`.
    bool parse(const QStringList& arguments, QString* error, bool* exitNow);
};

} // namespace tollgate
