#pragma once

#include "SofiaRequestView.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <string>

struct msg_s;
struct sip_s;

namespace tollgate {

struct RouteDecision;

/// A SIP message parsed from text by the same sofia-sip parser the proxy uses on the wire: the
/// dry run (`tollgated --dry-run`, rules.dryRun) and the tests feed the rule engine through it,
/// so that what the tester says is what production does.
class ParsedSipMessage
{
public:
    /// Parses one message. Bare LF line endings are accepted (files edited by hand) and turned
    /// into CRLF, Content-Length following the converted body; a missing empty line after the
    /// header is supplied. On failure returns nullptr and says what is wrong ("bad CSeq header",
    /// "not a SIP message (...)", "missing Call-ID").
    static std::unique_ptr<ParsedSipMessage> parse(const QByteArray& text, QString* error);
    ~ParsedSipMessage();
    ParsedSipMessage(const ParsedSipMessage&) = delete;
    ParsedSipMessage& operator=(const ParsedSipMessage&) = delete;

    bool isRequest() const;
    const SipRequestView& view() const { return *m_view; }

    /// Applies the rules' Request-URI and header changes, as the proxy does before forwarding.
    void applyDecision(const RouteDecision& decision);
    /// The message as it would go on the wire.
    std::string toText() const;

    msg_s* message() const { return m_message; }
    sip_s* sip() const { return m_sip; }

private:
    ParsedSipMessage(msg_s* message, sip_s* sip);

    msg_s* m_message;
    sip_s* m_sip;
    std::unique_ptr<SofiaRequestView> m_view;
};

} // namespace tollgate
