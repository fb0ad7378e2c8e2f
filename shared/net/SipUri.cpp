#include "SipUri.h"

#include "IpAddress.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace tollgate {

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool isHostnameChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

} // namespace

bool isValidSipHost(std::string_view host)
{
    if (host.empty())
        return false;
    if (host.front() == '[')
        return host.back() == ']' && IpAddress::parse(host).has_value() && !IpAddress::parse(host)->isV4();
    if (!std::all_of(host.begin(), host.end(), isHostnameChar))
        return false;
    // RFC 3261 hostname: labels of letters, digits and inner hyphens, separated by single dots,
    // with an optional final dot.
    const std::string_view name = host.back() == '.' ? host.substr(0, host.size() - 1) : host;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = name.find('.', start);
        const std::string_view label = name.substr(start, dot == std::string_view::npos ? name.npos : dot - start);
        if (label.empty() || label.front() == '-' || label.back() == '-')
            return false;
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    // A name of digits and dots must be a valid IPv4 literal ("10.0.0.256" is a typo, not a name).
    const bool numeric = std::all_of(host.begin(), host.end(),
                                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; });
    if (numeric)
        return IpAddress::parse(host).has_value();
    return true;
}

std::optional<SipUri> SipUri::parse(std::string_view text, std::string* error)
{
    const auto fail = [error](const char* message) -> std::optional<SipUri> {
        if (error)
            *error = message;
        return std::nullopt;
    };

    if (std::any_of(text.begin(), text.end(),
                    [](char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '<' || c == '>'; }))
        return fail("contains whitespace or angle brackets");

    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos)
        return fail("has no scheme (expected sip:, sips: or tel:)");

    SipUri uri;
    uri.scheme = text.substr(0, colon);
    std::string_view rest = text.substr(colon + 1);

    if (equalsIgnoreCase(uri.scheme, "tel")) {
        const std::size_t semicolon = rest.find(';');
        uri.user = rest.substr(0, semicolon);
        if (semicolon != std::string_view::npos)
            uri.parameters = rest.substr(semicolon);
        if (uri.user.empty())
            return fail("tel: URI has no number");
        return uri;
    }
    if (!equalsIgnoreCase(uri.scheme, "sip") && !equalsIgnoreCase(uri.scheme, "sips"))
        return fail("has an unsupported scheme (expected sip:, sips: or tel:)");

    const std::size_t question = rest.find('?');
    if (question != std::string_view::npos) {
        uri.headers = rest.substr(question);
        rest = rest.substr(0, question);
    }

    // The userinfo ends at the last '@' before any host parameters; user parameters may hold ';'.
    const std::size_t at = rest.rfind('@');
    if (at != std::string_view::npos) {
        std::string_view userinfo = rest.substr(0, at);
        const std::size_t passwordColon = userinfo.find(':');
        uri.user = userinfo.substr(0, passwordColon);
        if (passwordColon != std::string_view::npos)
            uri.password = userinfo.substr(passwordColon + 1);
        if (uri.user.empty())
            return fail("has an empty user part before '@'");
        rest = rest.substr(at + 1);
    }

    const std::size_t semicolon = rest.find(';');
    if (semicolon != std::string_view::npos) {
        uri.parameters = rest.substr(semicolon);
        rest = rest.substr(0, semicolon);
    }

    std::string_view hostPort = rest;
    std::size_t portColon;
    if (!hostPort.empty() && hostPort.front() == '[') {
        const std::size_t close = hostPort.find(']');
        if (close == std::string_view::npos)
            return fail("has an IPv6 host without its closing ']'");
        uri.host = hostPort.substr(0, close + 1);
        portColon = close + 1 < hostPort.size() ? close + 1 : std::string_view::npos;
        if (portColon != std::string_view::npos && hostPort[portColon] != ':')
            return fail("has text after the IPv6 host");
    } else {
        portColon = hostPort.find(':');
        uri.host = hostPort.substr(0, portColon);
    }
    if (portColon != std::string_view::npos) {
        const std::string_view portText = hostPort.substr(portColon + 1);
        const auto [end, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), uri.port);
        if (portText.empty() || ec != std::errc() || end != portText.data() + portText.size() || uri.port < 1 ||
            uri.port > 65535)
            return fail("has a port that is not a number from 1 to 65535");
    }
    if (uri.host.empty())
        return fail("has no host");
    if (!isValidSipHost(uri.host))
        return fail("has an invalid host");
    return uri;
}

std::string_view SipUri::hostWithoutBrackets() const
{
    if (host.size() >= 2 && host.front() == '[')
        return host.substr(1, host.size() - 2);
    return host;
}

std::optional<std::string_view> SipUri::parameter(std::string_view name) const
{
    std::string_view rest = parameters;
    while (!rest.empty()) {
        if (rest.front() == ';')
            rest.remove_prefix(1);
        const std::size_t end = rest.find(';');
        const std::string_view parameter = rest.substr(0, end);
        const std::size_t equals = parameter.find('=');
        if (equalsIgnoreCase(parameter.substr(0, equals), name))
            return equals == std::string_view::npos ? std::string_view() : parameter.substr(equals + 1);
        if (end == std::string_view::npos)
            break;
        rest = rest.substr(end);
    }
    return std::nullopt;
}

std::string SipUri::withUserAndHost(std::string_view newUser, std::string_view newHost) const
{
    std::string text;
    text.reserve(scheme.size() + newUser.size() + newHost.size() + parameters.size() + headers.size() + 16);
    text.append(scheme).append(":");
    if (newHost.empty()) {
        text.append(newUser);
    } else {
        if (!newUser.empty()) {
            text.append(newUser);
            if (!password.empty())
                text.append(":").append(password);
            text.append("@");
        }
        text.append(newHost);
        if (port != 0)
            text.append(":").append(std::to_string(port));
    }
    text.append(parameters).append(headers);
    return text;
}

} // namespace tollgate
