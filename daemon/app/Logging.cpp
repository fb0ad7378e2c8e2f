#include "Logging.h"

#include "sip/SofiaLog.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcDaemon, "tollgate.daemon")

namespace tollgate {

void setUpLogging(const QString& level)
{
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-ddThh:mm:ss.zzz} "
        "%{if-debug}debug%{endif}%{if-info}info%{endif}%{if-warning}warning%{endif}%{if-critical}error%{endif}"
        "%{if-fatal}fatal%{endif} %{category}: %{message}"));
    QString rules = QStringLiteral("tollgate.*.debug=false\n");
    int sofiaLevel = 1;
    if (level == u"debug") {
        rules = QStringLiteral("tollgate.*.debug=true\n");
        sofiaLevel = 5;
    } else if (level == u"info") {
        sofiaLevel = 3;
    } else if (level == u"warning") {
        rules += QStringLiteral("tollgate.*.info=false\n");
        sofiaLevel = 1;
    } else if (level == u"error") {
        rules += QStringLiteral("tollgate.*.info=false\ntollgate.*.warning=false\n");
        sofiaLevel = 0;
    }
    QLoggingCategory::setFilterRules(rules);
    installSofiaLogRedirect(sofiaLevel);
}

} // namespace tollgate
