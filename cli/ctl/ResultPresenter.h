#pragma once

#include "protocol/CliCommandSpec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QTimeZone>

namespace tollgate {

/// tollgatectl's human-readable output: the result of each command as aligned tables and
/// sentences, times in `zone`, durations readable. Results of a shape it does not expect (a
/// newer daemon) degrade to showing what is there, never to an error.
class ResultPresenter
{
public:
    explicit ResultPresenter(const QTimeZone& zone = QTimeZone::systemTimeZone());

    /// The text for `result` of `command`, ending with a newline. A command without a specific
    /// form shows its result as indented JSON.
    QString present(const CliCommandSpec& command, const QJsonValue& result) const;

    /// One line per diagnostic object: "error: route MAIN › rule "x": unknown flag (did you mean Y?)".
    static QString diagnostics(const QJsonArray& diagnostics);

private:
    QString systemHello(const QJsonObject& result) const;
    QString systemStatus(const QJsonObject& result) const;
    QString stats(const QJsonObject& result) const;
    QString callList(const QJsonObject& result) const;
    QString callDetails(const QJsonObject& result) const;
    QString destinationList(const QJsonObject& result) const;
    QString destinationChange(const QJsonObject& result) const;
    QString revisionList(const QJsonObject& result) const;
    QString diff(const QJsonObject& result) const;
    QString dryRun(const QJsonObject& result) const;
    QString auditList(const QJsonObject& result) const;
    QString revisionLine(const QJsonObject& revision) const;

    QTimeZone m_zone;
};

} // namespace tollgate
