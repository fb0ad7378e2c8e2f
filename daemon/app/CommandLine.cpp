#include "CommandLine.h"

#include <QCommandLineParser>
#include <QFileInfo>

#include <cstdio>

namespace tollgate {

namespace {
constexpr char SystemConfigPath[] = "/etc/tollgate/tollgated.conf";
}

bool CommandLine::parse(const QStringList& arguments, QString* error, bool* exitNow)
{
    *exitNow = false;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Tollgate SIP edge proxy. Without an offline option it runs the proxy; with one it works on "
        "the database and exits (0 = success, 1 = refused or failed, 2 = usage)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(QStringLiteral("config"),
                                          QStringLiteral("INI config file (default %1 when it exists).")
                                              .arg(QLatin1String(SystemConfigPath)),
                                          QStringLiteral("FILE"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("SQLite database file."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption listenOption(
        QStringLiteral("listen"), QStringLiteral("SIP listen URI, repeatable, e.g. sip:127.0.0.1:5060;transport=udp."),
        QStringLiteral("URI"));
    const QCommandLineOption controlOption(QStringLiteral("control"), QStringLiteral("Control socket path."),
                                           QStringLiteral("PATH"));
    const QCommandLineOption logLevelOption(QStringLiteral("log-level"),
                                            QStringLiteral("debug, info, warning or error."), QStringLiteral("LEVEL"));
    const QCommandLineOption checkOption(QStringLiteral("check"),
                                         QStringLiteral("Validate a ruleset file; exit 0 if valid, 1 if not."),
                                         QStringLiteral("RULESET.json"));
    const QCommandLineOption importOption(QStringLiteral("import"),
                                          QStringLiteral("Validate, store and activate a ruleset file."),
                                          QStringLiteral("RULESET.json"));
    const QCommandLineOption commentOption(QStringLiteral("comment"),
                                           QStringLiteral("Comment stored with --import or --rollback."),
                                           QStringLiteral("TEXT"));
    const QCommandLineOption exportOption(QStringLiteral("export"),
                                          QStringLiteral("Print the active ruleset as canonical JSON."));
    const QCommandLineOption revisionsOption(QStringLiteral("revisions"), QStringLiteral("List the revisions."));
    const QCommandLineOption rollbackOption(QStringLiteral("rollback"),
                                            QStringLiteral("Activate a copy of revision N as a new revision."),
                                            QStringLiteral("N"));
    const QCommandLineOption diffOption(QStringLiteral("diff"),
                                        QStringLiteral("Show what changed from revision A to B (A:B)."),
                                        QStringLiteral("A:B"));
    const QCommandLineOption dryRunOption(QStringLiteral("dry-run"),
                                          QStringLiteral("Run the active rules on a SIP message file and print the "
                                                         "decision and the trace."),
                                          QStringLiteral("MESSAGE_FILE"));
    const QCommandLineOption sourceOption(QStringLiteral("source"),
                                          QStringLiteral("Source address for --dry-run (default 192.0.2.10:5060)."),
                                          QStringLiteral("IP:PORT"));
    const QCommandLineOption transportOption(QStringLiteral("transport"),
                                             QStringLiteral("Transport for --dry-run: udp, tcp or tls."),
                                             QStringLiteral("NAME"));
    const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Offline output as JSON."));
    parser.addOptions({configOption, dbOption, listenOption, controlOption, logLevelOption, checkOption, importOption,
                       commentOption, exportOption, revisionsOption, rollbackOption, diffOption, dryRunOption,
                       sourceOption, transportOption, jsonOption});

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *exitNow = true;
        return true;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("tollgated %s\n", TOLLGATE_VERSION);
        *exitNow = true;
        return true;
    }
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());
        return false;
    }

    if (parser.isSet(configOption)) {
        if (!config.loadFile(parser.value(configOption), error))
            return false;
    } else if (QFileInfo::exists(QLatin1String(SystemConfigPath))) {
        if (!config.loadFile(QLatin1String(SystemConfigPath), error))
            return false;
    }
    if (parser.isSet(dbOption))
        config.databasePath = parser.value(dbOption);
    if (parser.isSet(controlOption))
        config.controlSocketPath = parser.value(controlOption);
    // The flags are checked like the same keys of the config file: a typo must not start a
    // daemon that logs at some other level or fails later on a listen address.
    if (parser.isSet(logLevelOption)) {
        const QString level = parser.value(logLevelOption).toLower();
        if (!DaemonConfig::logLevels().contains(level)) {
            *error = QStringLiteral("--log-level must be debug, info, warning or error, got '%1'")
                         .arg(parser.value(logLevelOption));
            return false;
        }
        config.logLevel = level;
    }
    if (parser.isSet(listenOption)) {
        config.sip.listen.clear();
        for (const QString& uri : parser.values(listenOption)) {
            if (!DaemonConfig::isListenUri(uri)) {
                *error = QStringLiteral("--listen needs a sip: or sips: URI, got '%1'").arg(uri);
                return false;
            }
            config.sip.listen.push_back(uri.toStdString());
        }
    }
    if (config.sip.listen.empty()) {
        for (const QString& uri : DaemonConfig::defaultListen())
            config.sip.listen.push_back(uri.toStdString());
    }

    int modes = 0;
    const auto select = [&](const QCommandLineOption& option, Mode selected) {
        if (parser.isSet(option)) {
            mode = selected;
            ++modes;
        }
    };
    select(checkOption, Mode::Check);
    select(importOption, Mode::Import);
    select(exportOption, Mode::Export);
    select(revisionsOption, Mode::Revisions);
    select(rollbackOption, Mode::Rollback);
    select(diffOption, Mode::Diff);
    select(dryRunOption, Mode::DryRun);
    if (modes > 1) {
        *error = QStringLiteral("give at most one of --check, --import, --export, --revisions, --rollback, --diff, "
                                "--dry-run");
        return false;
    }
    rulesetPath = mode == Mode::Check ? parser.value(checkOption) : parser.value(importOption);
    messagePath = parser.value(dryRunOption);
    comment = parser.value(commentOption);
    json = parser.isSet(jsonOption);
    if (parser.isSet(sourceOption))
        source = parser.value(sourceOption);
    if (parser.isSet(transportOption))
        transport = parser.value(transportOption).toLower();
    if (mode == Mode::Rollback) {
        bool ok = false;
        revision = parser.value(rollbackOption).toInt(&ok);
        if (!ok || revision < 1) {
            *error = QStringLiteral("--rollback needs a revision number, got '%1'").arg(parser.value(rollbackOption));
            return false;
        }
    }
    if (mode == Mode::Diff) {
        const QStringList parts = parser.value(diffOption).split(u':');
        bool okFrom = false;
        bool okTo = false;
        if (parts.size() == 2) {
            diffFrom = parts[0].toInt(&okFrom);
            diffTo = parts[1].toInt(&okTo);
        }
        if (!okFrom || !okTo || diffFrom < 1 || diffTo < 1) {
            *error = QStringLiteral("--diff needs two revision numbers as A:B, got '%1'").arg(parser.value(diffOption));
            return false;
        }
    }
    if (parser.isSet(commentOption) && mode != Mode::Import && mode != Mode::Rollback) {
        *error = QStringLiteral("--comment goes with --import or --rollback");
        return false;
    }
    if ((parser.isSet(sourceOption) || parser.isSet(transportOption)) && mode != Mode::DryRun) {
        *error = QStringLiteral("--source and --transport go with --dry-run");
        return false;
    }
    if (!QStringList{QStringLiteral("udp"), QStringLiteral("tcp"), QStringLiteral("tls")}.contains(transport)) {
        *error = QStringLiteral("--transport must be udp, tcp or tls, got '%1'").arg(transport);
        return false;
    }
    return true;
}

} // namespace tollgate
