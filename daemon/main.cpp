// tollgated: the Tollgate SIP edge proxy. Everything lives in the tollgate_daemon library;
// this file only parses the command line and hands over.
#include "app/CommandLine.h"
#include "app/DaemonApp.h"
#include "app/HeapReclaimer.h"
#include "app/Logging.h"
#include "app/OfflineCommands.h"

#include <QCoreApplication>

#include <sofia-sip/su.h>

#include <cstdio>

int main(int argc, char* argv[])
{
    QCoreApplication application(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tollgated"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOLLGATE_VERSION));

    tollgate::CommandLine command;
    QString error;
    bool exitNow = false;
    if (!command.parse(QCoreApplication::arguments(), &error, &exitNow)) {
        std::fprintf(stderr, "tollgated: %s (see tollgated --help)\n", qPrintable(error));
        return 2;
    }
    if (exitNow)
        return 0;
    su_init();
    tollgate::setUpLogging(command.config.logLevel);
    if (command.mode != tollgate::CommandLine::Mode::Run)
        return tollgate::OfflineCommands::run(command);

    tollgate::HeapReclaimer::tuneAllocator();
    tollgate::DaemonApp daemon(command);
    if (!daemon.start())
        return 1;
    return QCoreApplication::exec();
}
