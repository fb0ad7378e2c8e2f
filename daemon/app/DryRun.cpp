#include "DryRun.h"

#include "net/IpAddress.h"
#include "routing/CompiledRuleSet.h"
#include "routing/DecisionFormatter.h"
#include "routing/EvaluationTrace.h"
#include "routing/RuleEngine.h"
#include "sip/ParsedSipMessage.h"

#include <QJsonArray>

namespace tollgate {

namespace {

bool parseSource(const QString& text, SourceAddress* source, QString* error)
{
    QString host;
    QString port;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0 || close + 1 >= text.size() || text.at(close + 1) != u':') {
            *error = QStringLiteral("source '%1' is not [IPv6]:PORT").arg(text);
            return false;
        }
        host = text.mid(1, close - 1);
        port = text.mid(close + 2);
    } else {
        const qsizetype colon = text.lastIndexOf(u':');
        if (colon < 0) {
            *error = QStringLiteral("source '%1' is not IP:PORT").arg(text);
            return false;
        }
        host = text.left(colon);
        port = text.mid(colon + 1);
    }
    const std::optional<IpAddress> address = IpAddress::parse(host);
    bool ok = false;
    const int portNumber = port.toInt(&ok);
    if (!address || !ok || portNumber < 1 || portNumber > 65535) {
        *error = QStringLiteral("source '%1' is not an IP literal with a port from 1 to 65535").arg(text);
        return false;
    }
    source->ip = *address;
    source->port = std::uint16_t(portNumber);
    return true;
}

} // namespace

bool DryRun::run(const CompiledRuleSet& ruleSet, const CacheReader& caches, std::int64_t nowMs,
                 const QByteArray& message, const QString& source, Transport transport, Result* result,
                 QString* error)
{
    SourceAddress address;
    if (!parseSource(source, &address, error))
        return false;
    address.transport = transport;
    QString parseError;
    std::unique_ptr<ParsedSipMessage> parsed = ParsedSipMessage::parse(message, &parseError);
    if (!parsed) {
        *error = QStringLiteral("the message is not valid SIP: %1").arg(parseError);
        return false;
    }
    if (!parsed->isRequest()) {
        *error = QStringLiteral("the message is a response; the rules decide about requests");
        return false;
    }

    const RequestContext context = ruleSet.makeContext(address, nowMs);
    EvaluationTrace trace;
    const RouteDecision decision = RuleEngine::evaluate(ruleSet, parsed->view(), context, caches, &trace);
    parsed->applyDecision(decision);
    const QString rewritten = QString::fromStdString(parsed->toText());
    const QString carrier = context.carrier >= 0 ? QString::fromStdString(ruleSet.carrierName(context.carrier)) : QString();

    result->json = QJsonObject{
        {QStringLiteral("source"), source},
        {QStringLiteral("transport"), transportName(transport)},
        {QStringLiteral("carrier"), carrier.isEmpty() ? QJsonValue() : QJsonValue(carrier)},
        {QStringLiteral("flags"), QJsonArray::fromStringList(ruleSet.flagNames(decision.flags))},
        {QStringLiteral("decision"), DecisionFormatter::toJson(decision, ruleSet)},
        {QStringLiteral("trace"), trace.toJson()},
        {QStringLiteral("rewrittenMessage"), rewritten},
    };
    result->text = QStringLiteral("Source %1 over %2: %3\n\nDecision\n%4\n\nTrace\n%5\n\nMessage as it would be "
                                  "forwarded (before Via, Record-Route and Max-Forwards)\n%6")
                       .arg(source, transportName(transport),
                            carrier.isEmpty() ? QStringLiteral("no carrier") : QStringLiteral("carrier ") + carrier,
                            DecisionFormatter::toText(decision, ruleSet), trace.toText(), rewritten);
    return true;
}

} // namespace tollgate
