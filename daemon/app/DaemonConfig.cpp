#include "DaemonConfig.h"

#include <QFile>
#include <QHash>
#include <QTextStream>

#include <functional>

namespace tollgate {

namespace {

bool parseInt(const QString& text, int minimum, int maximum, int* value)
{
    bool ok = false;
    const int parsed = text.toInt(&ok);
    if (!ok || parsed < minimum || parsed > maximum)
        return false;
    *value = parsed;
    return true;
}

bool parseBool(const QString& text, bool* value)
{
    const QString lower = text.toLower();
    if (lower == u"true" || lower == u"yes" || lower == u"on" || lower == u"1") {
        *value = true;
        return true;
    }
    if (lower == u"false" || lower == u"no" || lower == u"off" || lower == u"0") {
        *value = false;
        return true;
    }
    return false;
}

} // namespace

QStringList DaemonConfig::defaultListen()
{
    return {QStringLiteral("sip:127.0.0.1:5060;transport=udp"), QStringLiteral("sip:127.0.0.1:5060;transport=tcp")};
}

QStringList DaemonConfig::logLevels()
{
    return {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("error")};
}

bool DaemonConfig::isListenUri(const QString& uri)
{
    return uri.startsWith(u"sip:") || uri.startsWith(u"sips:");
}

bool DaemonConfig::loadFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot read config file %1: %2").arg(path, file.errorString());
        return false;
    }

    using Setter = std::function<bool(const QString&)>;
    const auto integer = [](int* target, int minimum, int maximum) -> Setter {
        return [=](const QString& value) { return parseInt(value, minimum, maximum, target); };
    };
    const auto count = [](std::uint32_t* target, int minimum, int maximum) -> Setter {
        return [=](const QString& value) {
            int parsed = 0;
            if (!parseInt(value, minimum, maximum, &parsed))
                return false;
            *target = std::uint32_t(parsed);
            return true;
        };
    };
    const auto text = [](QString* target) -> Setter {
        return [=](const QString& value) {
            if (value.isEmpty())
                return false;
            *target = value;
            return true;
        };
    };
    std::vector<std::string> listen;
    const QHash<QString, QHash<QString, Setter>> keys{
        {QStringLiteral("daemon"),
         {{QStringLiteral("database"), text(&databasePath)},
          {QStringLiteral("control_socket"), text(&controlSocketPath)},
          {QStringLiteral("control_group"), text(&controlGroup)},
          {QStringLiteral("log_level"),
           [this](const QString& value) {
               const QString level = value.toLower();
               if (!logLevels().contains(level))
                   return false;
               logLevel = level;
               return true;
           }},
          {QStringLiteral("max_call_lifetime_s"), integer(&maxCallLifetimeSeconds, 60, 7 * 24 * 3600)},
          {QStringLiteral("call_trace_calls"), integer(&callTraceCalls, 0, 1000000)},
          {QStringLiteral("call_trace_full_text"),
           [this](const QString& value) { return parseBool(value, &callTraceFullText); }}}},
        {QStringLiteral("sip"),
         {{QStringLiteral("listen"),
           [&listen](const QString& value) {
               listen.push_back(value.toStdString());
               return isListenUri(value);
           }},
          {QStringLiteral("udp_buffer_bytes"), integer(&sip.udpBufferBytes, 65536, 256 * 1024 * 1024)},
          {QStringLiteral("max_message_bytes"), integer(&sip.maxMessageBytes, 1500, 16 * 1024 * 1024)},
          {QStringLiteral("t1_ms"), integer(&sip.sipT1Ms, 100, 5000)},
          {QStringLiteral("timer_c_ms"), integer(&sip.timerCMs, 10000, 3600000)},
          {QStringLiteral("in_dialog_timeout_ms"), integer(&sip.inDialogTimeoutMs, 1000, 64000)},
          {QStringLiteral("overload_backlog_bytes"),
           count(&sip.overload.sheddingBacklogBytes, 65536, 256 * 1024 * 1024)},
          {QStringLiteral("max_pending_invites"), count(&sip.overload.maxPendingInvites, 100, 1000000)},
          {QStringLiteral("log_messages"), [this](const QString& value) { return parseBool(value, &sip.logMessages); }}}},
    };

    QTextStream in(&file);
    QString section;
    int lineNumber = 0;
    while (!in.atEnd()) {
        const QString line = in.readLine().trimmed();
        ++lineNumber;
        const QString where = QStringLiteral("%1:%2").arg(path).arg(lineNumber);
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u'[')) {
            if (!line.endsWith(u']')) {
                *error = QStringLiteral("%1: section header is missing its closing ']'").arg(where);
                return false;
            }
            section = line.mid(1, line.size() - 2).trimmed();
            if (!keys.contains(section)) {
                *error = QStringLiteral("%1: unknown section [%2] (known: daemon, sip)").arg(where, section);
                return false;
            }
            continue;
        }
        const qsizetype equals = line.indexOf(u'=');
        if (equals < 0) {
            *error = QStringLiteral("%1: expected `key = value`").arg(where);
            return false;
        }
        if (section.isEmpty()) {
            *error = QStringLiteral("%1: key outside of a [section]").arg(where);
            return false;
        }
        const QString key = line.left(equals).trimmed();
        const QString value = line.mid(equals + 1).trimmed();
        const auto& sectionKeys = keys[section];
        const auto setter = sectionKeys.find(key);
        if (setter == sectionKeys.end()) {
            *error = QStringLiteral("%1: unknown key '%2' in [%3]").arg(where, key, section);
            return false;
        }
        if (!(*setter)(value)) {
            *error = QStringLiteral("%1: invalid value '%2' for %3").arg(where, value, key);
            return false;
        }
    }
    if (!listen.empty())
        sip.listen = listen;
    return true;
}

} // namespace tollgate
