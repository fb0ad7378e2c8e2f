#include "OfflineCommands.h"

#include "ControlViews.h"
#include "DryRun.h"
#include "model/RuleSetDiff.h"
#include "model/RuleSetJson.h"
#include "model/RuleSetValidator.h"
#include "routing/CacheStore.h"
#include "routing/CompiledRuleSet.h"
#include "store/RuleStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <pwd.h>
#include <unistd.h>

namespace tollgate {

namespace {

void printOut(const QByteArray& text)
{
    std::fwrite(text.constData(), 1, std::size_t(text.size()), stdout);
}

void printOut(const QString& text)
{
    printOut(text.toUtf8());
}

void printError(const QString& text)
{
    std::fprintf(stderr, "tollgated: %s\n", qPrintable(text));
}

void printJson(const QJsonValue& value)
{
    const QJsonDocument document = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    printOut(document.toJson(QJsonDocument::Indented));
}

/// Prints every diagnostic to stderr, prefixed with the file it is about.
void printDiagnostics(const QString& file, const Diagnostics& diagnostics)
{
    for (const Diagnostic& diagnostic : diagnostics) {
        const char* severity = diagnostic.severity == Diagnostic::Severity::Error ? "error" : "warning";
        std::fprintf(stderr, "%s: %s: %s\n", qPrintable(file), severity, qPrintable(diagnostic.toString()));
    }
}

/// Reads, parses and validates a ruleset file; prints the problems. False when it has errors.
bool readRuleSet(const QString& path, RuleSet* ruleSet, Diagnostics* diagnostics)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    if (file.size() > RuleSetLimits::MaxDocumentBytes) {
        printError(QStringLiteral("%1: %2 bytes, over the ruleset size limit of %3 bytes")
                       .arg(path)
                       .arg(file.size())
                       .arg(RuleSetLimits::MaxDocumentBytes));
        return false;
    }
    Diagnostics readErrors;
    if (!RuleSetJson::fromJson(file.readAll(), ruleSet, &readErrors)) {
        printDiagnostics(path, readErrors);
        *diagnostics = readErrors;
        return false;
    }
    *diagnostics = RuleSetValidator::validate(*ruleSet);
    printDiagnostics(path, *diagnostics);
    return !hasErrors(*diagnostics);
}

bool openStore(RuleStore* store, const QString& path)
{
    QString error;
    if (!store->open(path, &error)) {
        printError(error);
        return false;
    }
    bool created = false;
    if (!store->ensureStarterRuleSet(OfflineCommands::currentUser(), &created, &error)) {
        printError(error);
        return false;
    }
    if (created)
        std::fprintf(stderr, "tollgated: %s was empty: created revision 1 with the starter ruleset\n",
                     qPrintable(path));
    return true;
}

QString revisionLine(const RevisionInfo& info, bool active)
{
    QString line = QStringLiteral("%1%2  %3  %4  %5")
                       .arg(active ? QStringLiteral("*") : QStringLiteral(" "))
                       .arg(info.id, 4)
                       .arg(info.createdAt.toString(Qt::ISODate), info.author.leftJustified(12), info.comment);
    if (info.rolledBackFrom > 0)
        line += QStringLiteral(" (rollback to %1)").arg(info.rolledBackFrom);
    return line + u'\n';
}

int check(const CommandLine& command)
{
    RuleSet ruleSet;
    Diagnostics diagnostics;
    const bool valid = readRuleSet(command.rulesetPath, &ruleSet, &diagnostics);
    if (valid) {
        // The validator accepted it; compiling must too (it builds the program the proxy runs).
        QString error;
        if (!CompiledRuleSet::compile(ruleSet, &error)) {
            printError(QStringLiteral("%1: cannot compile: %2").arg(command.rulesetPath, error));
            return 1;
        }
    }
    if (command.json) {
        printJson(QJsonObject{{QStringLiteral("valid"), valid},
                              {QStringLiteral("diagnostics"), ControlViews::diagnostics(diagnostics)}});
    } else if (valid) {
        printOut(QStringLiteral("%1: valid\n").arg(command.rulesetPath));
    }
    return valid ? 0 : 1;
}

int import(const CommandLine& command)
{
    RuleSet ruleSet;
    Diagnostics diagnostics;
    if (!readRuleSet(command.rulesetPath, &ruleSet, &diagnostics))
        return 1;
    QString error;
    if (!CompiledRuleSet::compile(ruleSet, &error)) {
        printError(QStringLiteral("%1: cannot compile: %2").arg(command.rulesetPath, error));
        return 1;
    }
    RuleStore store;
    if (!openStore(&store, command.config.databasePath))
        return 1;
    int revision = 0;
    Diagnostics storeDiagnostics;
    if (!store.apply(ruleSet, OfflineCommands::currentUser(), command.comment, &revision, &storeDiagnostics)) {
        for (const Diagnostic& diagnostic : storeDiagnostics) {
            if (diagnostic.severity == Diagnostic::Severity::Error)
                printError(diagnostic.toString());
        }
        return 1;
    }
    printOut(QStringLiteral("revision %1 is active (send SIGHUP to a running tollgated to load it)\n").arg(revision));
    return 0;
}

int exportActive(const CommandLine& command)
{
    RuleStore store;
    if (!openStore(&store, command.config.databasePath))
        return 1;
    Revision revision;
    QString error;
    if (!store.loadActive(&revision, &error)) {
        printError(error);
        return 1;
    }
    printOut(revision.json);
    return 0;
}

int listRevisions(const CommandLine& command)
{
    RuleStore store;
    if (!openStore(&store, command.config.databasePath))
        return 1;
    QList<RevisionInfo> revisions;
    ActiveRevision active;
    QString error;
    if (!store.revisions(&revisions, &error) || !store.activeRevision(&active, &error)) {
        printError(error);
        return 1;
    }
    if (command.json) {
        QJsonArray list;
        for (const RevisionInfo& info : revisions)
            list.append(ControlViews::revision(info));
        printJson(QJsonObject{{QStringLiteral("active"), active.revisionId}, {QStringLiteral("revisions"), list}});
        return 0;
    }
    printOut(QStringLiteral("  rev  created               author        comment   (* = active)\n"));
    for (const RevisionInfo& info : revisions)
        printOut(revisionLine(info, info.id == active.revisionId));
    return 0;
}

int rollback(const CommandLine& command)
{
    RuleStore store;
    if (!openStore(&store, command.config.databasePath))
        return 1;
    int revision = 0;
    QString error;
    if (!store.rollback(command.revision, OfflineCommands::currentUser(), command.comment, &revision, &error)) {
        printError(error);
        return 1;
    }
    printOut(QStringLiteral("revision %1 (a copy of revision %2) is active\n").arg(revision).arg(command.revision));
    return 0;
}

int diff(const CommandLine& command)
{
    RuleStore store;
    if (!openStore(&store, command.config.databasePath))
        return 1;
    QList<RuleSetChange> changes;
    QString error;
    if (!store.diff(command.diffFrom, command.diffTo, &changes, &error)) {
        printError(error);
        return 1;
    }
    if (command.json) {
        printJson(ruleSetChangesToJson(changes));
        return 0;
    }
    if (changes.isEmpty())
        printOut(QStringLiteral("no differences\n"));
    for (const RuleSetChange& change : changes)
        printOut(change.toString() + u'\n');
    return 0;
}

int dryRun(const CommandLine& command)
{
    QFile file(command.messagePath);
    if (!file.open(QIODevice::ReadOnly)) {
        printError(QStringLiteral("cannot read %1: %2").arg(command.messagePath, file.errorString()));
        return 1;
    }
    RuleStore store;
    if (!openStore(&store, command.config.databasePath))
        return 1;
    Revision revision;
    QString error;
    if (!store.loadActive(&revision, &error)) {
        printError(error);
        return 1;
    }
    const std::shared_ptr<const CompiledRuleSet> program = CompiledRuleSet::compile(revision.ruleSet, &error);
    if (!program) {
        printError(QStringLiteral("revision %1 does not compile: %2").arg(revision.info.id).arg(error));
        return 1;
    }
    // Offline there is no running proxy: the caches are empty.
    CacheStore caches;
    caches.configure(revision.ruleSet.caches);
    DryRun::Result result;
    const Transport transport = parseTransport(command.transport).value_or(Transport::Udp);
    if (!DryRun::run(*program, caches, SystemClock().nowMs(), file.readAll(), command.source, transport, &result,
                     &error)) {
        printError(QStringLiteral("%1: %2").arg(command.messagePath, error));
        return 1;
    }
    if (command.json) {
        QJsonObject json = result.json;
        json.insert(QStringLiteral("revision"), revision.info.id);
        printJson(json);
    } else {
        printOut(QStringLiteral("Dry run of %1 on revision %2\n%3\n")
                     .arg(command.messagePath)
                     .arg(revision.info.id)
                     .arg(result.text));
    }
    return 0;
}

} // namespace

QString OfflineCommands::currentUser()
{
    const uid_t uid = geteuid();
    char buffer[4096];
    passwd entry{};
    passwd* found = nullptr;
    if (getpwuid_r(uid, &entry, buffer, sizeof buffer, &found) == 0 && found)
        return QString::fromLocal8Bit(found->pw_name);
    return QStringLiteral("uid %1").arg(uid);
}

int OfflineCommands::run(const CommandLine& command)
{
    switch (command.mode) {
    case CommandLine::Mode::Check:
        return check(command);
    case CommandLine::Mode::Import:
        return import(command);
    case CommandLine::Mode::Export:
        return exportActive(command);
    case CommandLine::Mode::Revisions:
        return listRevisions(command);
    case CommandLine::Mode::Rollback:
        return rollback(command);
    case CommandLine::Mode::Diff:
        return diff(command);
    case CommandLine::Mode::DryRun:
        return dryRun(command);
    case CommandLine::Mode::Run:
        break;
    }
    return 1;
}

} // namespace tollgate
