#pragma once

#include <QJsonDocument>
#include <QString>
#include <QStringList>

namespace tollgate::test {

/// Runs the built tollgatectl against a control socket, as an operator's script would.
struct CtlResult
{
    int exitCode = -1;
    QString out;
    QString err;
    /// stdout parsed as JSON (for --json runs).
    QJsonDocument json() const { return QJsonDocument::fromJson(out.toUtf8()); }
};

CtlResult runTollgatectl(const QString& socket, const QStringList& arguments, int timeoutMs = 20000,
                         const QStringList& prefix = {});

} // namespace tollgate::test
