#pragma once

#include <optional>
#include <string_view>

namespace tollgate {

/// A message field a Match condition or a template can read.
enum class UriField
{
    RuriUser,
    RuriHost,
    FromUser,
    FromHost,
    ToUser,
    ToHost,
};

/// A read-only view of one SIP request, as the rule engine sees it. The SIP adapter implements
/// it over the parsed sofia-sip message without copying; tests implement it over plain strings.
/// Views returned stay valid as long as the request object lives.
class SipRequestView
{
public:
    virtual ~SipRequestView() = default;

    virtual std::string_view method() const = 0;     ///< "INVITE", "OPTIONS", ... as received.
    virtual std::string_view requestUri() const = 0; ///< The whole Request-URI.
    virtual std::string_view uriField(UriField field) const = 0; ///< Empty when absent.
    virtual std::string_view callId() const = 0;
    virtual bool hasToTag() const = 0; ///< A To tag marks an in-dialog request.
    /// First value of header `name` (case-insensitive; compact forms such as "f" accepted), or
    /// std::nullopt when the request has no such header.
    virtual std::optional<std::string_view> header(std::string_view name) const = 0;
};

} // namespace tollgate
