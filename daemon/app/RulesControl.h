#pragma once

#include <QObject>

namespace tollgate {

class ControlServer;
class DaemonApp;

/// The control methods answered on the main thread from the store and the live ruleset:
/// system.status, rules.get / validate / apply / revisions / diff / rollback / dryRun and
/// audit.list. Changes go through DaemonApp, which validates, stores, swaps and audits.
class RulesControl : public QObject
{
    Q_OBJECT

public:
    RulesControl(DaemonApp& daemon, ControlServer& server, QObject* parent = nullptr);

    void registerHandlers();

private:
    DaemonApp& m_daemon;
    ControlServer& m_server;
};

} // namespace tollgate
