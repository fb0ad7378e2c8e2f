#include "ControlEvents.h"

#include "ControlViews.h"
#include "DaemonApp.h"
#include "TrafficControl.h"
#include "control/ControlServer.h"

#include <QTimer>

namespace tollgate {

namespace {
const QString CallsTopic = QStringLiteral("calls");
const QString StatsTopic = QStringLiteral("stats");
} // namespace

ControlEvents::ControlEvents(DaemonApp& daemon, ControlServer& server, TrafficControl& traffic, QObject* parent)
    : QObject(parent)
    , m_daemon(daemon)
    , m_server(server)
    , m_traffic(traffic)
    , m_statsTimer(new QTimer(this))
{
    connect(&m_server, &ControlServer::subscriptionsChanged, this, &ControlEvents::updateSubscriptions);
    connect(&m_daemon.dataPlane(), &DataPlane::callEventsReady, this, &ControlEvents::publishCallEvents);
    connect(&m_daemon, &DaemonApp::destinationsChanged, this, &ControlEvents::publishDestinationChanges);
    connect(&m_daemon, &DaemonApp::ruleSetApplied, this,
            [this](int revision, const QString& user, const QString&) { publishRuleSet(revision, user); });
    connect(&m_daemon, &DaemonApp::auditAppended, this, &ControlEvents::publishAudit);
    connect(m_statsTimer, &QTimer::timeout, this, &ControlEvents::publishStats);
    m_statsTimer->setInterval(1000);
}

void ControlEvents::updateSubscriptions()
{
    // Call events cost the SIP thread a copy of every changed call: only while someone listens.
    const bool observe = m_server.subscriberCount(CallsTopic) > 0;
    if (observe != m_observingCalls) {
        m_observingCalls = observe;
        m_daemon.dataPlane().setObservingCalls(observe);
    }
    const bool stats = m_server.subscriberCount(StatsTopic) > 0;
    if (stats && !m_statsTimer->isActive())
        m_statsTimer->start();
    else if (!stats && m_statsTimer->isActive())
        m_statsTimer->stop();
}

void ControlEvents::publishCallEvents(const std::vector<CallEvent>& events)
{
    for (const CallEvent& event : events) {
        QString name;
        switch (event.type) {
        case CallEvent::Type::Started:
            name = QStringLiteral("call.created");
            break;
        case CallEvent::Type::Updated:
            name = QStringLiteral("call.updated");
            break;
        case CallEvent::Type::Ended:
            name = QStringLiteral("call.ended");
            break;
        }
        m_server.publish(CallsTopic, name, QJsonObject{{QStringLiteral("call"), ControlViews::call(event.call)}});
    }
}

void ControlEvents::publishDestinationChanges(const std::vector<DestinationStateChange>& changes,
                                              const std::vector<DestinationStatus>& statuses)
{
    for (std::size_t i = 0; i < changes.size() && i < statuses.size(); ++i) {
        const DestinationStateChange& change = changes[i];
        const DestinationStatus& status = statuses[i];
        const bool admin = change.kind == DestinationStateChange::Kind::Admin;
        const bool automatic = change.user == DestinationTable::automaticUser();
        m_server.publish(
            QStringLiteral("destinations"), QStringLiteral("destination.changed"),
            QJsonObject{{QStringLiteral("destination"), ControlViews::destination(status)},
                        {QStringLiteral("previousState"),
                         admin ? change.from : destinationAdminStateName(status.admin)},
                        {QStringLiteral("previousHealth"),
                         admin ? destinationHealthName(status.health) : change.from},
                        {QStringLiteral("user"), automatic && !admin ? QJsonValue() : QJsonValue(change.user)},
                        {QStringLiteral("reason"), change.reason}});
    }
}

void ControlEvents::publishRuleSet(int revision, const QString& user)
{
    Revision stored;
    QString error;
    if (!m_daemon.store().revision(revision, &stored, &error))
        return;
    m_server.publish(QStringLiteral("rules"), QStringLiteral("rules.applied"),
                     QJsonObject{{QStringLiteral("revision"), ControlViews::revision(stored.info)},
                                 {QStringLiteral("user"), user}});
}

void ControlEvents::publishAudit(const AuditLog::Entry& entry)
{
    m_server.publish(QStringLiteral("audit"), QStringLiteral("audit.added"),
                     QJsonObject{{QStringLiteral("entry"), ControlViews::auditEntry(entry)}});
}

void ControlEvents::publishStats()
{
    m_traffic.collectStats(
        [this](QJsonObject stats) { m_server.publish(StatsTopic, QStringLiteral("stats.tick"), stats); });
}

} // namespace tollgate
