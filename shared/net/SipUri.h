#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tollgate {

/// The parts of a sip:, sips: or tel: URI that routing needs, as views into the parsed text
/// (which must outlive the SipUri). No unescaping: RFC 3261 compares escaped forms.
struct SipUri
{
    std::string_view scheme;     ///< "sip", "sips" or "tel", lower case as written.
    std::string_view user;       ///< Before '@' (may hold ';' user parameters); the number of a tel: URI.
    std::string_view password;   ///< After ':' in the userinfo; rarely used.
    std::string_view host;       ///< Hostname, IPv4 or "[IPv6]" (brackets kept); empty for tel:.
    int port = 0;                ///< 0 = not given.
    std::string_view parameters; ///< ";transport=tcp;lr" including the leading ';', or empty.
    std::string_view headers;    ///< "?Subject=x" including '?', or empty.

    /// Parses `text`. Returns std::nullopt (and a reason in *error) for anything that is not a
    /// well-formed sip/sips/tel URI: a missing host, a bad port, whitespace, an unknown scheme.
    static std::optional<SipUri> parse(std::string_view text, std::string* error = nullptr);

    /// Host without IPv6 brackets, e.g. for comparison with an IP literal.
    std::string_view hostWithoutBrackets() const;

    /// Value of URI parameter `name` ("transport", "lr", ...): empty view for a flag parameter,
    /// std::nullopt when absent. Case-insensitive on the name.
    std::optional<std::string_view> parameter(std::string_view name) const;

    /// Rebuilds the URI text with `user` and `host` replaced (the other parts unchanged).
    std::string withUserAndHost(std::string_view newUser, std::string_view newHost) const;
};

/// True when `host` is a syntactically valid hostname or IP literal (IPv6 in brackets).
bool isValidSipHost(std::string_view host);

} // namespace tollgate
