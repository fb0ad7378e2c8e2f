#pragma once

#include "dialog/CallEvent.h"
#include "forward/DestinationStateChange.h"
#include "forward/DestinationStatus.h"
#include "store/AuditLog.h"

#include <QObject>

#include <vector>

class QTimer;

namespace tollgate {

class ControlServer;
class DaemonApp;
class TrafficControl;

/// Turns what happens in the daemon into the control socket's event notifications: calls
/// (collected on the SIP thread only while someone subscribes), destination changes, applied
/// rulesets, the audit log, and a stats tick once a second while someone subscribes.
class ControlEvents : public QObject
{
    Q_OBJECT

public:
    ControlEvents(DaemonApp& daemon, ControlServer& server, TrafficControl& traffic, QObject* parent = nullptr);

private:
    void updateSubscriptions();
    void publishCallEvents(const std::vector<CallEvent>& events);
    void publishDestinationChanges(const std::vector<DestinationStateChange>& changes,
                                   const std::vector<DestinationStatus>& statuses);
    void publishRuleSet(int revision, const QString& user);
    void publishAudit(const AuditLog::Entry& entry);
    void publishStats();

    DaemonApp& m_daemon;
    ControlServer& m_server;
    TrafficControl& m_traffic;
    QTimer* m_statsTimer;
    bool m_observingCalls = false;
};

} // namespace tollgate
