#pragma once

#include <QJsonObject>
#include <QObject>

#include <functional>

#include <cstdint>
#include <deque>
#include <utility>

namespace tollgate {

class ControlServer;
class DaemonApp;

/// The control methods about live traffic, answered by the SIP thread's state: stats.get,
/// calls.list / get / end, destinations.list / enable / disable / drain and groups.failover.
/// Handlers hand the work to the SIP thread (DataPlane::query) and answer when it comes back, so
/// the main thread never touches SIP-thread objects and a slow client never delays SIP.
class TrafficControl : public QObject
{
    Q_OBJECT

public:
    TrafficControl(DaemonApp& daemon, ControlServer& server, QObject* parent = nullptr);

    /// Registers the handlers on the server.
    void registerHandlers();

    /// Builds the stats.get object on the SIP thread and calls `done` with it (main thread).
    void collectStats(std::function<void(QJsonObject)> done);

private:
    /// Once a second: the total number of calls, for the calls-per-second average.
    void sampleCallTotal();

    DaemonApp& m_daemon;
    ControlServer& m_server;
    /// (monotonic ms, total calls) samples of the last 10 s.
    std::deque<std::pair<std::int64_t, std::uint64_t>> m_callSamples;
};

} // namespace tollgate
