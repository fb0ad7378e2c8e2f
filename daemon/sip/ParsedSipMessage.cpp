#include "ParsedSipMessage.h"

#include "SofiaMessageEditor.h"
#include "routing/RouteDecision.h"

#include <QStringList>

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_util.h>
#include <strings.h>

namespace tollgate {

namespace {

/// Sets the value of the Content-Length header (full or compact name) among the header lines
/// before `headerEnd` (the offset of the CRLF CRLF) to `length`; a message without one is left
/// alone (its body is the rest of the text, as in a datagram).
void setContentLength(QByteArray* wire, qsizetype headerEnd, qsizetype length)
{
    qsizetype lineStart = wire->indexOf("\r\n") + 2;
    while (lineStart > 1 && lineStart <= headerEnd) {
        const qsizetype lineEnd = wire->indexOf("\r\n", lineStart);
        const qsizetype colon = wire->indexOf(':', lineStart);
        if (colon > lineStart && colon < lineEnd) {
            const QByteArray name = wire->mid(lineStart, colon - lineStart).trimmed().toLower();
            if (name == "content-length" || name == "l") {
                wire->replace(colon + 1, lineEnd - colon - 1, " " + QByteArray::number(length));
                return;
            }
        }
        lineStart = lineEnd + 2;
    }
}

/// The text as it would arrive on the wire. Files edited by hand may use bare LF line ends:
/// they become CRLF, and since that lengthens the body, Content-Length is set to the converted
/// body (whichever way the author counted it). A file may also end right after its last header
/// line: the empty line that ends the header is added.
QByteArray wireText(const QByteArray& text)
{
    QByteArray wire = text;
    const bool bareLineFeeds = !text.contains("\r\n");
    if (bareLineFeeds)
        wire.replace("\n", "\r\n");
    const qsizetype headerEnd = wire.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        if (!wire.endsWith("\r\n"))
            wire += "\r\n";
        return wire + "\r\n";
    }
    if (bareLineFeeds)
        setContentLength(&wire, headerEnd, wire.size() - headerEnd - 4);
    return wire;
}

} // namespace

ParsedSipMessage::ParsedSipMessage(msg_s* message, sip_s* sip)
    : m_message(message)
    , m_sip(sip)
    , m_view(std::make_unique<SofiaRequestView>(message, sip))
{
}

ParsedSipMessage::~ParsedSipMessage()
{
    m_view.reset();
    msg_destroy(m_message);
}

std::unique_ptr<ParsedSipMessage> ParsedSipMessage::parse(const QByteArray& text, QString* error)
{
    const QByteArray wire = wireText(text);
    msg_t* message = msg_make(sip_default_mclass(), 0, wire.constData(), wire.size());
    if (!message) {
        *error = QStringLiteral("not a SIP message (the start line or the header could not be parsed)");
        return nullptr;
    }
    sip_t* sip = sip_object(message);
    if (!sip || (!sip->sip_request && !sip->sip_status)) {
        msg_destroy(message);
        *error = QStringLiteral("not a SIP message (no request or status line)");
        return nullptr;
    }
    // sofia-sip parses any "METHOD URI VERSION" line; an HTTP request is not SIP however many of
    // our headers it happens to carry.
    const char* version = sip->sip_request ? sip->sip_request->rq_version : sip->sip_status->st_version;
    if (!version || strcasecmp(version, "SIP/2.0") != 0) {
        *error = QStringLiteral("not a SIP message (its start line says %1, not SIP/2.0)")
                     .arg(version ? QString::fromUtf8(version) : QStringLiteral("no version"));
        msg_destroy(message);
        return nullptr;
    }
    if (sip->sip_error) {
        const sip_header_t* bad = reinterpret_cast<const sip_header_t*>(sip->sip_error);
        const char* name = bad->sh_class == sip_error_class ? bad->sh_error->er_name : bad->sh_class->hc_name;
        *error = QStringLiteral("bad %1 header").arg(QString::fromUtf8(name ? name : "unknown"));
        msg_destroy(message);
        return nullptr;
    }
    if (msg_has_error(message) || sip_sanity_check(sip) < 0) {
        QStringList missing;
        if (!sip->sip_call_id)
            missing << QStringLiteral("Call-ID");
        if (!sip->sip_from)
            missing << QStringLiteral("From");
        if (!sip->sip_to)
            missing << QStringLiteral("To");
        if (!sip->sip_cseq)
            missing << QStringLiteral("CSeq");
        if (!sip->sip_via)
            missing << QStringLiteral("Via");
        *error = missing.isEmpty() ? QStringLiteral("malformed message (fails the RFC 3261 sanity check)")
                                   : QStringLiteral("missing %1").arg(missing.join(QStringLiteral(", ")));
        msg_destroy(message);
        return nullptr;
    }
    return std::unique_ptr<ParsedSipMessage>(new ParsedSipMessage(message, sip));
}

bool ParsedSipMessage::isRequest() const
{
    return m_sip->sip_request != nullptr;
}

void ParsedSipMessage::applyDecision(const RouteDecision& decision)
{
    if (decision.requestUri)
        SofiaMessageEditor::setRequestUri(m_message, m_sip, *decision.requestUri);
    SofiaMessageEditor::applyHeaderEdits(m_message, m_sip, decision.headerEdits);
}

std::string ParsedSipMessage::toText() const
{
    return SofiaMessageEditor::toText(m_message);
}

} // namespace tollgate
