#pragma once

#include <QObject>

class QSocketNotifier;

namespace tollgate {

/// Turns SIGTERM, SIGINT and SIGHUP into Qt signals on the main thread (self-pipe: the handler
/// only writes one byte, everything else happens in the event loop).
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

    /// Installs the handlers. False (with errno set) when the pipe cannot be created.
    bool install();

signals:
    void terminateRequested(int signal);
    void reloadRequested();

private:
    void readSignals();

    QSocketNotifier* m_notifier = nullptr;
};

} // namespace tollgate
