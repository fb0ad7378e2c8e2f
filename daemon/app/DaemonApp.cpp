#include "DaemonApp.h"

#include "ControlEvents.h"
#include "OfflineCommands.h"
#include "RulesControl.h"
#include "TrafficControl.h"
#include "control/ControlServer.h"
#include "model/RuleSetValidator.h"
#include "routing/CompiledRuleSet.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

Q_DECLARE_LOGGING_CATEGORY(lcDaemon)

namespace tollgate {

namespace {

/// The daemon's own name in the audit log and as the author of automatic revisions.
const QString DaemonUser = QStringLiteral("tollgated");

} // namespace

DaemonApp::DaemonApp(const CommandLine& command, QObject* parent)
    : QObject(parent)
    , m_command(command)
    , m_store(m_clock)
{
}

DaemonApp::~DaemonApp()
{
    m_controlEvents.reset();
    if (m_control)
        m_control->close();
    if (m_dataPlane)
        m_dataPlane->stop();
}

bool DaemonApp::start()
{
    m_startedAt = QDateTime::currentDateTimeUtc();
    const QString databasePath = m_command.config.databasePath;
    QString error;
    const QFileInfo databaseFile(databasePath);
    if (!QDir().mkpath(databaseFile.absolutePath())) {
        qCCritical(lcDaemon, "cannot create the directory of %s", qPrintable(databasePath));
        return false;
    }
    if (!m_store.open(databasePath, &error)) {
        qCCritical(lcDaemon, "%s", qPrintable(error));
        return false;
    }
    bool created = false;
    if (!m_store.ensureStarterRuleSet(DaemonUser, &created, &error)) {
        qCCritical(lcDaemon, "%s", qPrintable(error));
        return false;
    }
    if (created)
        qCInfo(lcDaemon, "new database %s: created revision 1 with the starter ruleset", qPrintable(databasePath));
    m_destinationStates = std::make_unique<DestinationStateStore>(m_store.database());
    m_audit = std::make_unique<AuditLog>(m_store.database(), m_clock);

    Revision revision;
    if (!m_store.loadActive(&revision, &error)) {
        qCCritical(lcDaemon, "%s", qPrintable(error));
        return false;
    }
    const std::shared_ptr<const CompiledRuleSet> program = CompiledRuleSet::compile(revision.ruleSet, &error);
    if (!program) {
        qCCritical(lcDaemon, "revision %d does not compile: %s", revision.info.id, qPrintable(error));
        return false;
    }
    QList<DestinationStateStore::AdminState> adminStates;
    if (!m_destinationStates->loadAdminStates(&adminStates, &error)) {
        qCCritical(lcDaemon, "%s", qPrintable(error));
        return false;
    }

    m_dataPlane = std::make_unique<DataPlane>(m_command.config, m_clock);
    connect(m_dataPlane.get(), &DataPlane::destinationsChanged, this, &DaemonApp::onDestinationsChanged);
    if (!m_dataPlane->start(program, adminStates, &error)) {
        qCCritical(lcDaemon, "%s", qPrintable(error));
        return false;
    }
    m_activeRevision = revision.info.id;

    if (!startControl(&error)) {
        qCCritical(lcDaemon, "%s", qPrintable(error));
        return false;
    }
    if (!m_signals.install()) {
        qCCritical(lcDaemon, "cannot install signal handlers");
        return false;
    }
    connect(&m_signals, &SignalWatcher::terminateRequested, this, &DaemonApp::shutDown);
    connect(&m_signals, &SignalWatcher::reloadRequested, this, &DaemonApp::reload);

    qCInfo(lcDaemon, "tollgated ready: revision %d active, database %s", m_activeRevision, qPrintable(databasePath));
    return true;
}

bool DaemonApp::startControl(QString* error)
{
    ControlServerSettings settings;
    // QLocalServer takes a name without a leading '/' for a name in the temp directory.
    settings.socketPath = QFileInfo(m_command.config.controlSocketPath).absoluteFilePath();
    settings.groupName = m_command.config.controlGroup;
    m_control = std::make_unique<ControlServer>(settings);
    m_rulesControl = std::make_unique<RulesControl>(*this, *m_control);
    m_trafficControl = std::make_unique<TrafficControl>(*this, *m_control);
    m_rulesControl->registerHandlers();
    m_trafficControl->registerHandlers();
    const QStringList missing = m_control->methodsWithoutHandler();
    if (!missing.isEmpty()) {
        *error = QStringLiteral("control methods without a handler: %1").arg(missing.join(QStringLiteral(", ")));
        return false;
    }
    m_controlEvents = std::make_unique<ControlEvents>(*this, *m_control, *m_trafficControl);
    return m_control->listen(error);
}

bool DaemonApp::activate(const Revision& revision, QString* error)
{
    std::shared_ptr<const CompiledRuleSet> program = CompiledRuleSet::compile(revision.ruleSet, error);
    if (!program)
        return false;
    m_dataPlane->installRuleSet(std::move(program));
    m_activeRevision = revision.info.id;
    return true;
}

DaemonApp::ApplyResult DaemonApp::applyRuleSet(const RuleSet& ruleSet, const QString& user, const QString& comment)
{
    ApplyResult result;
    result.diagnostics = RuleSetValidator::validate(ruleSet);
    if (hasErrors(result.diagnostics)) {
        audit(user, QStringLiteral("rules.apply"), QString(), QStringLiteral("refused"),
              {{QStringLiteral("comment"), comment}, {QStringLiteral("errors"), int(result.diagnostics.size())}});
        return result;
    }
    // Compile before storing: a ruleset that cannot run never becomes a revision.
    std::shared_ptr<const CompiledRuleSet> program = CompiledRuleSet::compile(ruleSet, &result.error);
    if (!program) {
        audit(user, QStringLiteral("rules.apply"), QString(), QStringLiteral("failed"),
              {{QStringLiteral("comment"), comment}, {QStringLiteral("error"), result.error}});
        return result;
    }
    Diagnostics storeDiagnostics;
    if (!m_store.apply(ruleSet, user, comment, &result.revision, &storeDiagnostics)) {
        result.error = storeDiagnostics.isEmpty() ? QStringLiteral("the store refused the ruleset")
                                                  : storeDiagnostics.first().toString();
        audit(user, QStringLiteral("rules.apply"), QString(), QStringLiteral("failed"),
              {{QStringLiteral("comment"), comment}, {QStringLiteral("error"), result.error}});
        return result;
    }
    m_dataPlane->installRuleSet(std::move(program));
    m_activeRevision = result.revision;
    result.ok = true;
    qCInfo(lcDaemon, "revision %d applied by %s: %s", result.revision, qPrintable(user), qPrintable(comment));
    audit(user, QStringLiteral("rules.apply"), QStringLiteral("revision %1").arg(result.revision), QStringLiteral("ok"),
          {{QStringLiteral("comment"), comment}});
    emit ruleSetApplied(result.revision, user, comment);
    return result;
}

DaemonApp::ApplyResult DaemonApp::rollback(int revision, const QString& user, const QString& comment)
{
    ApplyResult result;
    Revision target;
    if (!m_store.revision(revision, &target, &result.error)) {
        audit(user, QStringLiteral("rules.rollback"), QStringLiteral("revision %1").arg(revision),
              QStringLiteral("refused"), {{QStringLiteral("error"), result.error}});
        return result;
    }
    std::shared_ptr<const CompiledRuleSet> program = CompiledRuleSet::compile(target.ruleSet, &result.error);
    if (!program || !m_store.rollback(revision, user, comment, &result.revision, &result.error)) {
        audit(user, QStringLiteral("rules.rollback"), QStringLiteral("revision %1").arg(revision),
              QStringLiteral("refused"), {{QStringLiteral("error"), result.error}});
        return result;
    }
    m_dataPlane->installRuleSet(std::move(program));
    m_activeRevision = result.revision;
    result.ok = true;
    qCInfo(lcDaemon, "revision %d (a copy of revision %d) activated by %s", result.revision, revision, qPrintable(user));
    audit(user, QStringLiteral("rules.rollback"), QStringLiteral("revision %1").arg(result.revision),
          QStringLiteral("ok"), {{QStringLiteral("rolledBackFrom"), revision}, {QStringLiteral("comment"), comment}});
    emit ruleSetApplied(result.revision, user, comment);
    return result;
}

void DaemonApp::audit(const QString& user, const QString& action, const QString& target, const QString& result,
                      const QJsonObject& details)
{
    AuditLog::Entry entry;
    QString error;
    if (!m_audit->append(user, action, target, result, details, &entry, &error)) {
        qCWarning(lcDaemon, "%s", qPrintable(error));
        return;
    }
    emit auditAppended(entry);
}

void DaemonApp::reload()
{
    Revision revision;
    QString error;
    if (!m_store.loadActive(&revision, &error)) {
        qCWarning(lcDaemon, "reload failed, keeping revision %d: %s", m_activeRevision, qPrintable(error));
        return;
    }
    if (revision.info.id == m_activeRevision) {
        qCInfo(lcDaemon, "reload: revision %d is already active", m_activeRevision);
        return;
    }
    if (!activate(revision, &error)) {
        qCWarning(lcDaemon, "reload failed, keeping revision %d: revision %d does not compile: %s", m_activeRevision,
                  revision.info.id, qPrintable(error));
        return;
    }
    qCInfo(lcDaemon, "reloaded: revision %d active", m_activeRevision);
    audit(DaemonUser, QStringLiteral("rules.reload"), QStringLiteral("revision %1").arg(m_activeRevision),
          QStringLiteral("ok"), {{QStringLiteral("author"), revision.info.author}});
    emit ruleSetApplied(m_activeRevision, revision.info.author, revision.info.comment);
}

void DaemonApp::onDestinationsChanged(const std::vector<DestinationStateChange>& changes,
                                      const std::vector<DestinationStatus>& statuses)
{
    persistDestinationChanges(changes);
    emit destinationsChanged(changes, statuses);
}

void DaemonApp::persistDestinationChanges(const std::vector<DestinationStateChange>& changes)
{
    for (const DestinationStateChange& change : changes) {
        const bool admin = change.kind == DestinationStateChange::Kind::Admin;
        QString error;
        const DestinationStateStore::StateChange record{0,
                                                        change.timeMs,
                                                        change.group,
                                                        change.uri,
                                                        admin ? QStringLiteral("admin") : QStringLiteral("health"),
                                                        change.from,
                                                        change.to,
                                                        change.reason,
                                                        change.user};
        if (!m_destinationStates->recordChange(record, &error))
            qCWarning(lcDaemon, "%s", qPrintable(error));
        qCInfo(lcDaemon, "destination %s %s in group %s: %s -> %s (%s, by %s)", qPrintable(change.uri),
               admin ? "admin state" : "health", qPrintable(change.group), qPrintable(change.from),
               qPrintable(change.to), qPrintable(change.reason), qPrintable(change.user));
        // Operator changes are audited by the control handler that made them; automatic ones here.
        if (change.user == DaemonUser) {
            audit(DaemonUser, admin ? QStringLiteral("destinations.admin") : QStringLiteral("destinations.health"),
                  change.group + u'/' + change.uri, QStringLiteral("ok"), change.toJson());
        }
    }
}

void DaemonApp::shutDown(int signal)
{
    if (m_stopping)
        return;
    m_stopping = true;
    qCInfo(lcDaemon, "signal %d: shutting down", signal);
    m_control->close();
    m_dataPlane->stop();
    QCoreApplication::quit();
}

} // namespace tollgate
