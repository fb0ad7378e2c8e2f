#include "RulesControl.h"

#include "ControlViews.h"
#include "DaemonApp.h"
#include "DryRun.h"
#include "control/ControlServer.h"
#include "model/RuleSetJson.h"
#include "model/RuleSetValidator.h"
#include "protocol/ControlErrorCode.h"
#include "routing/CacheStore.h"
#include "routing/CompiledRuleSet.h"

#include <QJsonArray>

namespace tollgate {

namespace {

using Params = QJsonObject;

/// Reads a ruleset parameter; on a shape error answers the responder and returns false.
bool readRuleSet(const QString& method, const QJsonObject& object, RuleSet* ruleSet, const ControlResponder& responder)
{
    Diagnostics errors;
    if (RuleSetJson::fromJsonObject(object, ruleSet, &errors))
        return true;
    responder.error(ControlErrorCode::InvalidRuleset,
                    QStringLiteral("%1: the ruleset is not a valid document: %2")
                        .arg(method, errors.isEmpty() ? QStringLiteral("unreadable") : errors.first().toString()),
                    QJsonObject{{QStringLiteral("diagnostics"), ControlViews::diagnostics(errors)}});
    return false;
}

QJsonObject activeRevisionSummary(RuleStore& store)
{
    Revision revision;
    QString error;
    if (!store.loadActive(&revision, &error))
        return {};
    return QJsonObject{{QStringLiteral("id"), revision.info.id},
                       {QStringLiteral("createdAt"), revision.info.createdAt.toString(Qt::ISODateWithMs)},
                       {QStringLiteral("author"), revision.info.author},
                       {QStringLiteral("comment"), revision.info.comment}};
}

} // namespace

RulesControl::RulesControl(DaemonApp& daemon, ControlServer& server, QObject* parent)
    : QObject(parent)
    , m_daemon(daemon)
    , m_server(server)
{
}

void RulesControl::registerHandlers()
{
    m_server.registerHandler(QStringLiteral("system.status"), [this](const Params&, const CallerIdentity&,
                                                                      ControlResponder responder) {
        QJsonArray listen;
        for (const LocalAddresses::Entry& entry : m_daemon.dataPlane().localAddresses().entries()) {
            listen.append(QStringLiteral("sip:%1:%2;transport=%3")
                              .arg(QString::fromStdString(entry.host))
                              .arg(entry.port)
                              .arg(transportName(entry.transport)));
        }
        const QJsonObject status{
            {QStringLiteral("version"), QStringLiteral(TOLLGATE_VERSION)},
            {QStringLiteral("startedAt"), m_daemon.startedAt().toString(Qt::ISODateWithMs)},
            {QStringLiteral("uptimeSeconds"), double(m_daemon.startedAt().secsTo(QDateTime::currentDateTimeUtc()))},
            {QStringLiteral("listen"), listen},
            {QStringLiteral("controlSocket"), m_daemon.config().controlSocketPath},
            {QStringLiteral("database"), m_daemon.config().databasePath},
            {QStringLiteral("activeRevision"), activeRevisionSummary(m_daemon.store())},
        };
        m_daemon.dataPlane().query<bool>([](DataPlane::State& state) { return state.proxy.isOverloaded(); },
                                         [responder, status](bool overloaded) {
                                             QJsonObject complete = status;
                                             complete.insert(QStringLiteral("overloaded"), overloaded);
                                             responder.result(complete);
                                         });
    });

    m_server.registerHandler(QStringLiteral("rules.get"), [this](const Params&, const CallerIdentity&,
                                                                  ControlResponder responder) {
        Revision revision;
        QString error;
        if (!m_daemon.store().loadActive(&revision, &error)) {
            responder.error(ControlErrorCode::Failed, QStringLiteral("rules.get: ") + error);
            return;
        }
        responder.result(QJsonObject{{QStringLiteral("revision"), ControlViews::revision(revision.info)},
                                     {QStringLiteral("ruleset"), RuleSetJson::toJsonObject(revision.ruleSet)}});
    });

    m_server.registerHandler(QStringLiteral("rules.validate"), [](const Params& params, const CallerIdentity&,
                                                                  ControlResponder responder) {
        RuleSet ruleSet;
        Diagnostics errors;
        if (!RuleSetJson::fromJsonObject(params.value(QStringLiteral("ruleset")).toObject(), &ruleSet, &errors)) {
            responder.result(QJsonObject{{QStringLiteral("valid"), false},
                                         {QStringLiteral("diagnostics"), ControlViews::diagnostics(errors)}});
            return;
        }
        const Diagnostics diagnostics = RuleSetValidator::validate(ruleSet);
        responder.result(QJsonObject{{QStringLiteral("valid"), !hasErrors(diagnostics)},
                                     {QStringLiteral("diagnostics"), ControlViews::diagnostics(diagnostics)}});
    });

    m_server.registerHandler(QStringLiteral("rules.apply"), [this](const Params& params, const CallerIdentity& caller,
                                                                    ControlResponder responder) {
        RuleSet ruleSet;
        if (!readRuleSet(QStringLiteral("rules.apply"), params.value(QStringLiteral("ruleset")).toObject(), &ruleSet,
                         responder)) {
            m_daemon.audit(caller.userName, QStringLiteral("rules.apply"), QString(), QStringLiteral("refused"),
                           {{QStringLiteral("comment"), params.value(QStringLiteral("comment")).toString()}});
            return;
        }
        const DaemonApp::ApplyResult result =
            m_daemon.applyRuleSet(ruleSet, caller.userName, params.value(QStringLiteral("comment")).toString());
        if (!result.ok) {
            if (hasErrors(result.diagnostics)) {
                int errors = 0;
                for (const Diagnostic& diagnostic : result.diagnostics)
                    errors += diagnostic.severity == Diagnostic::Severity::Error ? 1 : 0;
                responder.error(ControlErrorCode::InvalidRuleset,
                                QStringLiteral("rules.apply: the ruleset has %1 error(s); nothing was changed")
                                    .arg(errors),
                                QJsonObject{{QStringLiteral("diagnostics"), ControlViews::diagnostics(result.diagnostics)}});
            } else {
                responder.error(ControlErrorCode::Failed, QStringLiteral("rules.apply: ") + result.error);
            }
            return;
        }
        RevisionInfo info;
        Revision revision;
        QString error;
        if (m_daemon.store().revision(result.revision, &revision, &error))
            info = revision.info;
        responder.result(QJsonObject{{QStringLiteral("revision"), ControlViews::revision(info)},
                                     {QStringLiteral("diagnostics"), ControlViews::diagnostics(result.diagnostics)}});
    });

    m_server.registerHandler(QStringLiteral("rules.revisions"), [this](const Params& params, const CallerIdentity&,
                                                                        ControlResponder responder) {
        QList<RevisionInfo> revisions;
        ActiveRevision active;
        QString error;
        if (!m_daemon.store().revisions(&revisions, &error) || !m_daemon.store().activeRevision(&active, &error)) {
            responder.error(ControlErrorCode::Failed, QStringLiteral("rules.revisions: ") + error);
            return;
        }
        const int limit = params.value(QStringLiteral("limit")).toInt(50);
        QJsonArray list;
        for (const RevisionInfo& info : revisions) {
            if (list.size() >= limit)
                break;
            list.append(ControlViews::revision(info));
        }
        responder.result(QJsonObject{{QStringLiteral("active"), active.revisionId}, {QStringLiteral("revisions"), list}});
    });

    m_server.registerHandler(QStringLiteral("rules.diff"), [this](const Params& params, const CallerIdentity&,
                                                                   ControlResponder responder) {
        const int from = params.value(QStringLiteral("from")).toInt();
        const int to = params.contains(QStringLiteral("to")) ? params.value(QStringLiteral("to")).toInt()
                                                             : m_daemon.activeRevision();
        QList<RuleSetChange> changes;
        QString error;
        if (!m_daemon.store().diff(from, to, &changes, &error)) {
            responder.error(ControlErrorCode::NotFound, QStringLiteral("rules.diff: ") + error);
            return;
        }
        QJsonArray list;
        for (const RuleSetChange& change : changes)
            list.append(ControlViews::change(change));
        responder.result(
            QJsonObject{{QStringLiteral("from"), from}, {QStringLiteral("to"), to}, {QStringLiteral("changes"), list}});
    });

    m_server.registerHandler(QStringLiteral("rules.rollback"), [this](const Params& params,
                                                                       const CallerIdentity& caller,
                                                                       ControlResponder responder) {
        const int target = params.value(QStringLiteral("revision")).toInt();
        const int previous = m_daemon.activeRevision();
        Revision revision;
        QString error;
        if (!m_daemon.store().revision(target, &revision, &error)) {
            m_daemon.audit(caller.userName, QStringLiteral("rules.rollback"), QStringLiteral("revision %1").arg(target),
                           QStringLiteral("refused"), {{QStringLiteral("error"), error}});
            responder.error(ControlErrorCode::NotFound, QStringLiteral("rules.rollback: ") + error);
            return;
        }
        const DaemonApp::ApplyResult result =
            m_daemon.rollback(target, caller.userName, params.value(QStringLiteral("comment")).toString());
        if (!result.ok) {
            responder.error(ControlErrorCode::Failed, QStringLiteral("rules.rollback: ") + result.error);
            return;
        }
        m_daemon.store().revision(result.revision, &revision, &error);
        responder.result(QJsonObject{{QStringLiteral("revision"), ControlViews::revision(revision.info)},
                                     {QStringLiteral("rolledBackFrom"), previous}});
    });

    m_server.registerHandler(QStringLiteral("rules.dryRun"), [this](const Params& params, const CallerIdentity&,
                                                                     ControlResponder responder) {
        std::shared_ptr<const CompiledRuleSet> program = m_daemon.dataPlane().ruleSet();
        QString error;
        if (params.contains(QStringLiteral("ruleset"))) {
            RuleSet draft;
            if (!readRuleSet(QStringLiteral("rules.dryRun"), params.value(QStringLiteral("ruleset")).toObject(), &draft,
                             responder))
                return;
            const Diagnostics diagnostics = RuleSetValidator::validate(draft);
            if (hasErrors(diagnostics)) {
                responder.error(ControlErrorCode::InvalidRuleset,
                                QStringLiteral("rules.dryRun: the draft ruleset has errors"),
                                QJsonObject{{QStringLiteral("diagnostics"), ControlViews::diagnostics(diagnostics)}});
                return;
            }
            program = CompiledRuleSet::compile(draft, &error);
            if (!program) {
                responder.error(ControlErrorCode::InvalidRuleset, QStringLiteral("rules.dryRun: ") + error);
                return;
            }
        }
        const Transport transport =
            parseTransport(params.value(QStringLiteral("transport")).toString()).value_or(Transport::Udp);
        DryRun::Result result;
        // The live caches are read (never written), as the live proxy would read them.
        if (!DryRun::run(*program, m_daemon.dataPlane().caches(), m_daemon.dataPlane().clock().nowMs(),
                         params.value(QStringLiteral("message")).toString().toUtf8(),
                         params.value(QStringLiteral("source")).toString(), transport, &result, &error)) {
            responder.error(ControlErrorCode::InvalidParams, QStringLiteral("rules.dryRun: ") + error);
            return;
        }
        responder.result(result.json);
    });

    m_server.registerHandler(QStringLiteral("audit.list"), [this](const Params& params, const CallerIdentity&,
                                                                   ControlResponder responder) {
        AuditLog::Filter filter;
        filter.limit = params.value(QStringLiteral("limit")).toInt(100);
        filter.user = params.value(QStringLiteral("user")).toString();
        filter.action = params.value(QStringLiteral("action")).toString();
        filter.target = params.value(QStringLiteral("target")).toString();
        const QString since = params.value(QStringLiteral("since")).toString();
        if (!since.isEmpty()) {
            const QDateTime time = QDateTime::fromString(since, Qt::ISODateWithMs);
            if (!time.isValid()) {
                responder.error(ControlErrorCode::InvalidParams,
                                QStringLiteral("audit.list: since '%1' is not an ISO 8601 time").arg(since));
                return;
            }
            filter.sinceMs = time.toMSecsSinceEpoch();
        }
        QList<AuditLog::Entry> entries;
        QString error;
        if (!m_daemon.auditLog().list(filter, &entries, &error)) {
            responder.error(ControlErrorCode::Failed, QStringLiteral("audit.list: ") + error);
            return;
        }
        QJsonArray list;
        for (const AuditLog::Entry& entry : entries)
            list.append(ControlViews::auditEntry(entry));
        responder.result(QJsonObject{{QStringLiteral("entries"), list}});
    });
}

} // namespace tollgate
