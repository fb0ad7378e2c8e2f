#include "Tollgatectl.h"

#include "TestPaths.h"

#include <QProcess>

namespace tollgate::test {

CtlResult runTollgatectl(const QString& socket, const QStringList& arguments, int timeoutMs, const QStringList& prefix)
{
    const QString program = binaryPath(QStringLiteral("cli/tollgatectl"));
    const QStringList command = QStringList{QStringLiteral("--socket"), socket} + arguments;
    QProcess process;
    if (prefix.isEmpty())
        process.start(program, command);
    else
        process.start(prefix.first(), prefix.mid(1) + QStringList{program} + command);
    CtlResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
    } else if (process.exitStatus() == QProcess::NormalExit) {
        result.exitCode = process.exitCode();
    }
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace tollgate::test
