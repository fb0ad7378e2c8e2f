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
        // An IPv6 address without brackets is ambiguous ("2001:db8::1:5060" is an address of
        // its own): it must be written [IPv6]:PORT.
        if (colon < 0 || text.indexOf(u':') != colon) {
            *error = QStringLiteral("source '%1' is not IP:PORT (IPv6 as [IPv6]:PORT)").arg(text);
            return false;
        }
        host = text.left(colon);
        port = text.mid(colon + 1);
    }
    const std::optional<IpAddress> address = IpAddress::parse(host);
    bool ok = false;
    const int portNumber = port.toInt(&ok);
    if (address && address->isV4() && text.startsWith(u'[')) {
        *error = QStringLiteral("source '%1': brackets go around IPv6 addresses only").arg(text);
        return false;
    }
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
    // Only a relayed request is forwarded: after a reply, a drop or no decision there is no
    // forwarded message to show (rules.dryRun documents rewrittenMessage as empty then).
    const bool relayed = decision.outcome == DecisionOutcome::Relay;
    QString rewritten;
    if (relayed) {
        parsed->applyDecision(decision);
        rewritten = QString::fromStdString(parsed->toText());
    }
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
    const QString forwarded =
        relayed ? QStringLiteral("Message as it would be forwarded (before Via, Record-Route and Max-Forwards)\n") +
                      rewritten
                : QStringLiteral("The message is not forwarded.\n");
    // Sections are separated by one blank line; the decision and the trace end their own lines.
    const auto lines = [](const QString& text) { return text.endsWith(u'\n') ? text : text + u'\n'; };
    result->text = QStringLiteral("Source %1 over %2: %3\n\nDecision\n%4\nTrace\n%5\n%6")
                       .arg(source, transportName(transport),
                            carrier.isEmpty() ? QStringLiteral("no carrier") : QStringLiteral("carrier ") + carrier,
                            lines(DecisionFormatter::toText(decision, ruleSet)), lines(trace.toText()), forwarded);
    return true;
}

} // namespace tollgate
