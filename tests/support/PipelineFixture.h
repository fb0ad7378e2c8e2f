#pragma once

#include "TollgateDaemon.h"

#include <QMap>
#include <QString>

namespace tollgate::test {

/// A running tollgated with the pipeline test ruleset (tests/data/rulesets/pipeline.json): a
/// carrier `carrier-a` (every loopback source), a trusted `core` on the callee ports, group
/// `core` (core-a, then core-b) and group `core-v6`. Ports are picked free for each test.
class PipelineFixture
{
public:
    PipelineFixture();

    /// Writes and imports the ruleset (`overrides` replace template values such as
    /// MAX_CONCURRENT, MAX_CPS, OPTIONS_CODE) and starts the daemon.
    bool start(const QMap<QString, QString>& overrides = {}, bool ipv6 = false,
               const QStringList& extraArguments = {});
    /// Writes the ruleset with `overrides` under `fileName` without importing it.
    QString writeRuleSet(const QMap<QString, QString>& overrides, const QString& fileName) const;

    TollgateDaemon& daemon() { return m_daemon; }
    QString proxy() const { return m_daemon.sipAddress(); }
    int coreAPort() const { return m_coreA; }
    int coreBPort() const { return m_coreB; }
    int coreV6Port() const { return m_coreV6; }

private:
    QMap<QString, QString> values(const QMap<QString, QString>& overrides) const;

    TollgateDaemon m_daemon;
    int m_coreA = 0;
    int m_coreB = 0;
    int m_coreV6 = 0;
};

} // namespace tollgate::test
