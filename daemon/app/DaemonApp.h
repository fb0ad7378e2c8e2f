#pragma once

#include "CommandLine.h"
#include "DataPlane.h"
#include "SignalWatcher.h"
#include "store/AuditLog.h"
#include "store/DestinationStateStore.h"
#include "store/RuleStore.h"

#include <QDateTime>
#include <QObject>

#include <memory>

namespace tollgate {

class ControlEvents;
class ControlServer;
class RulesControl;
class TrafficControl;

/// The running daemon on the main thread: opens the store and loads the active ruleset, starts
/// the data plane (SIP thread) and the control socket, persists destination state and the audit
/// log, reloads on SIGHUP and shuts down cleanly on SIGTERM.
class DaemonApp : public QObject
{
    Q_OBJECT

public:
    explicit DaemonApp(const CommandLine& command, QObject* parent = nullptr);
    ~DaemonApp() override;

    /// Starts everything; on failure logs why and returns false (exit status 1).
    bool start();

    // Services for the control handlers (main thread).
    struct ApplyResult
    {
        bool ok = false;
        int revision = 0;
        Diagnostics diagnostics; ///< Validator findings (warnings on success).
        QString error;           ///< Set when it failed for another reason than validation.
    };
    /// Validates, compiles, stores as a new revision and swaps in `ruleSet`, audited as `user`.
    ApplyResult applyRuleSet(const RuleSet& ruleSet, const QString& user, const QString& comment);
    /// Creates a new revision equal to `revision` and swaps it in, audited as `user`.
    ApplyResult rollback(int revision, const QString& user, const QString& comment);
    /// Appends to the audit log (and publishes it to subscribers); failures are logged.
    void audit(const QString& user, const QString& action, const QString& target, const QString& result,
               const QJsonObject& details = {});

    RuleStore& store() { return m_store; }
    AuditLog& auditLog() { return *m_audit; }
    DataPlane& dataPlane() { return *m_dataPlane; }
    const DaemonConfig& config() const { return m_command.config; }
    const QDateTime& startedAt() const { return m_startedAt; }
    int activeRevision() const { return m_activeRevision; }

signals:
    /// A ruleset revision went live (apply, rollback or reload).
    void ruleSetApplied(int revision, const QString& user, const QString& comment);
    void auditAppended(const tollgate::AuditLog::Entry& entry);
    /// Destination changes after they were persisted, each with the destination's new status.
    void destinationsChanged(const std::vector<tollgate::DestinationStateChange>& changes,
                             const std::vector<tollgate::DestinationStatus>& statuses);

private:
    void reload();
    void shutDown(int signal);
    void persistDestinationChanges(const std::vector<DestinationStateChange>& changes);
    void onDestinationsChanged(const std::vector<DestinationStateChange>& changes,
                               const std::vector<DestinationStatus>& statuses);
    bool startControl(QString* error);
    /// Compiles and swaps in a stored revision. False with *error when it does not compile.
    bool activate(const Revision& revision, QString* error);

    CommandLine m_command;
    SystemClock m_clock;
    RuleStore m_store;
    std::unique_ptr<DestinationStateStore> m_destinationStates;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<DataPlane> m_dataPlane;
    std::unique_ptr<ControlServer> m_control;
    std::unique_ptr<RulesControl> m_rulesControl;
    std::unique_ptr<TrafficControl> m_trafficControl;
    std::unique_ptr<ControlEvents> m_controlEvents;
    SignalWatcher m_signals;
    QDateTime m_startedAt;
    int m_activeRevision = 0;
    bool m_stopping = false;
};

} // namespace tollgate
