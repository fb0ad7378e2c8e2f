#pragma once

#include "routing/SipRequestView.h"

#include <deque>
#include <string>

struct msg_s;
struct sip_s;

namespace tollgate {

/// The rule engine's view of a request parsed by sofia-sip. Reads the parsed headers in place;
/// only headers the rules ask for by name are encoded to text (and kept for the view's life).
/// Single-threaded, like the message it views.
class SofiaRequestView final : public SipRequestView
{
public:
    SofiaRequestView(msg_s* message, sip_s* sip);

    std::string_view method() const override;
    std::string_view requestUri() const override;
    std::string_view uriField(UriField field) const override;
    std::string_view callId() const override;
    bool hasToTag() const override;
    std::optional<std::string_view> header(std::string_view name) const override;

private:
    msg_s* m_message;
    sip_s* m_sip;
    mutable std::string m_requestUri;
    mutable bool m_requestUriEncoded = false;
    /// Encoded header values handed out by header(); a deque keeps earlier views valid.
    mutable std::deque<std::string> m_encodedHeaders;
};

} // namespace tollgate
