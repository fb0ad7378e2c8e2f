#include "SofiaLog.h"

#include <sofia-sip/su_log.h>

#include <QLoggingCategory>

#include <cstdarg>
#include <cstdio>
#include <string>

Q_LOGGING_CATEGORY(lcSofia, "tollgate.sofia")

extern "C" {
extern su_log_t nta_log[];
extern su_log_t tport_log[];
}

namespace tollgate {

namespace {

/// sofia hands one log line over in several calls (continuation pieces): collect per thread
/// and emit whole lines.
void forwardSofiaLog(void*, char const* format, va_list arguments)
{
    thread_local std::string pending;
    char buffer[2048];
    va_list copy;
    va_copy(copy, arguments);
    const int length = std::vsnprintf(buffer, sizeof buffer, format, copy);
    va_end(copy);
    if (length <= 0)
        return;
    pending.append(buffer, std::size_t(std::min<int>(length, int(sizeof buffer) - 1)));
    std::size_t newline;
    while ((newline = pending.find('\n')) != std::string::npos) {
        std::string line = pending.substr(0, newline);
        pending.erase(0, newline + 1);
        if (!line.empty())
            qCInfo(lcSofia, "%s", line.c_str());
    }
}

} // namespace

void installSofiaLogRedirect(int level)
{
    su_log_redirect(nullptr, forwardSofiaLog, nullptr);
    su_log_set_level(nullptr, unsigned(level));
    su_log_set_level(nta_log, unsigned(level));
    su_log_set_level(tport_log, unsigned(level));
}

} // namespace tollgate
