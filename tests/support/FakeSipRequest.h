#pragma once

#include "routing/SipRequestView.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tollgate::test {

/// A SipRequestView over plain strings, for the rule engine's tests and benchmark: built field
/// by field, or parsed from the text of a SIP request. Copyable; keeps no views into other objects.
class FakeSipRequest final : public SipRequestView
{
public:
    FakeSipRequest(std::string method, std::string requestUri);

    /// Parses a request message: request line, headers (folded lines joined, CRLF or LF), and
    /// ignores the body. From, To (with its tag) and Call-ID are taken from their headers, in
    /// full or compact form. Returns std::nullopt, with a reason in *error, for text that has no
    /// request line.
    static std::optional<FakeSipRequest> parse(std::string_view message, std::string* error = nullptr);

    /// Sets the From URI (and a From header `<uri>;tag=...`).
    FakeSipRequest& setFrom(std::string uri, std::string tag = "from-tag");
    /// Sets the To URI and tag (an empty tag: an initial request) and the To header.
    FakeSipRequest& setTo(std::string uri, std::string tag = {});
    FakeSipRequest& setCallId(std::string callId);
    /// Appends a header (after the ones already there).
    FakeSipRequest& addHeader(std::string name, std::string value);

    std::string_view method() const override { return m_method; }
    std::string_view requestUri() const override { return m_requestUri; }
    std::string_view uriField(UriField field) const override;
    std::string_view callId() const override { return m_callId; }
    bool hasToTag() const override { return !m_toTag.empty(); }
    std::optional<std::string_view> header(std::string_view name) const override;

private:
    /// Where a URI field lies in its URI string: offsets survive copies, views would not.
    struct Span
    {
        std::size_t offset = 0;
        std::size_t length = 0;
    };

    /// Finds the user and host spans of `uri`; both empty when it does not parse.
    static std::pair<Span, Span> locateUserAndHost(const std::string& uri);
    void setHeader(std::string_view name, std::string value);

    std::string m_method;
    std::string m_requestUri;
    std::string m_fromUri;
    std::string m_toUri;
    std::string m_toTag;
    std::string m_callId;
    std::array<Span, 6> m_spans{}; ///< Indexed by UriField.
    std::vector<std::pair<std::string, std::string>> m_headers;
};

} // namespace tollgate::test
