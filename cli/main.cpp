// tollgatectl: the command-line client of tollgated's control socket. The logic lives in
// tollgatectl_core (ctl/); this only wires it to the process.
#include "ctl/CtlCommandLine.h"
#include "ctl/CtlExitCode.h"
#include "ctl/CtlRunner.h"

#include <QCoreApplication>
#include <QFile>
#include <QTimer>

int main(int argc, char* argv[])
{
    QCoreApplication application(argc, argv);
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeFirst();

    QFile out;
    QFile err;
    // Unbuffered: watch output must appear line by line, and nothing may be lost on Ctrl-C.
    if (!out.open(1, QIODevice::WriteOnly | QIODevice::Unbuffered) ||
        !err.open(2, QIODevice::WriteOnly | QIODevice::Unbuffered))
        return int(tollgate::CtlExitCode::Failed);

    tollgate::CtlInvocation invocation;
    QString error;
    if (!tollgate::CtlCommandLine::parse(arguments, tollgate::CtlCommandLine::systemEnvironment(), &invocation,
                                         &error)) {
        err.write(QStringLiteral("tollgatectl: %1\n").arg(error).toUtf8());
        return int(tollgate::CtlExitCode::Usage);
    }

    tollgate::CtlRunner runner(invocation, &out, &err);
    QObject::connect(&runner, &tollgate::CtlRunner::finished, &application,
                     [](int exitCode) { QCoreApplication::exit(exitCode); });
    // Started from the event loop, so that an immediate finish() reaches a running exec().
    QTimer::singleShot(0, &runner, &tollgate::CtlRunner::start);
    return QCoreApplication::exec();
}
