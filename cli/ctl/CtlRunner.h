#pragma once

#include "CtlExitCode.h"
#include "CtlInvocation.h"
#include "ResultPresenter.h"
#include "client/ControlClient.h"

#include <QObject>
#include <QTimeZone>

class QIODevice;

namespace tollgate {

/// Runs one parsed tollgatectl invocation: reads its FILE arguments, checks the parameters
/// against the catalogue (a usage error before anything is sent), connects, sends the request
/// and prints the answer (tables, or the raw JSON with --json); watch commands then print one
/// line per event. Reports the exit code through finished(). Needs an event loop.
class CtlRunner : public QObject
{
    Q_OBJECT

public:
    /// `out` and `err` (stdout and stderr in tollgatectl) must outlive the runner.
    CtlRunner(const CtlInvocation& invocation, QIODevice* out, QIODevice* err, QObject* parent = nullptr);

    /// Time zone of the times shown (the local one by default).
    void setTimeZone(const QTimeZone& zone)
    {
        m_presenter = ResultPresenter(zone);
        m_zone = zone;
    }

    /// Starts; finished() follows exactly once, possibly before start() returns.
    void start();

signals:
    void finished(int exitCode);

private:
    void onConnected();
    void printErrorAndFail(const QString& message);
    void onReply(const ControlReply& reply);
    void onNotification(const QString& method, const QJsonObject& params);
    void onDisconnected(const QString& reason);
    void reportFailure(const ControlReply& reply);
    CtlExitCode printResult(const QJsonValue& result);
    void printOut(const QString& text);
    void printError(const QString& message);
    void finish(CtlExitCode code);

    CtlInvocation m_invocation;
    QIODevice* m_out;
    QIODevice* m_err;
    ControlClient m_client;
    ResultPresenter m_presenter;
    QTimeZone m_zone = QTimeZone::systemTimeZone();
    bool m_watching = false;
    int m_eventsShown = 0;
    bool m_finished = false;
};

} // namespace tollgate
