#include "FakeSipRequest.h"

#include "routing/SipHeaderNames.h"
#include "net/SipUri.h"

#include <tuple>

namespace tollgate::test {

namespace {

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.remove_suffix(1);
    return text;
}

/// The URI of a From/To value (`"Alice" <sip:a@x>;tag=1` or `sip:a@x;tag=1`) and the rest.
std::pair<std::string_view, std::string_view> splitNameAddr(std::string_view value)
{
    const std::size_t open = value.find('<');
    if (open != std::string_view::npos) {
        const std::size_t close = value.find('>', open);
        if (close != std::string_view::npos)
            return {value.substr(open + 1, close - open - 1), value.substr(close + 1)};
    }
    const std::size_t semicolon = value.find(';');
    return {trim(value.substr(0, semicolon)),
            semicolon == std::string_view::npos ? std::string_view() : value.substr(semicolon)};
}

/// The value of parameter `tag` in `;a=b;tag=xyz`, or empty.
std::string_view tagParameter(std::string_view parameters)
{
    std::size_t position = 0;
    while ((position = parameters.find(';', position)) != std::string_view::npos) {
        const std::string_view rest = trim(parameters.substr(position + 1));
        if (rest.size() > 4 && sipheader::equalsIgnoreCase(rest.substr(0, 4), "tag=")) {
            const std::string_view value = rest.substr(4);
            return trim(value.substr(0, value.find(';')));
        }
        ++position;
    }
    return {};
}

} // namespace

FakeSipRequest::FakeSipRequest(std::string method, std::string requestUri)
    : m_method(std::move(method))
    , m_requestUri(std::move(requestUri))
{
    const auto [user, host] = locateUserAndHost(m_requestUri);
    m_spans[std::size_t(UriField::RuriUser)] = user;
    m_spans[std::size_t(UriField::RuriHost)] = host;
}

std::optional<FakeSipRequest> FakeSipRequest::parse(std::string_view message, std::string* error)
{
    const auto fail = [error](const char* reason) -> std::optional<FakeSipRequest> {
        if (error)
            *error = reason;
        return std::nullopt;
    };

    std::vector<std::string> lines;
    std::size_t position = 0;
    while (position < message.size()) {
        const std::size_t newline = message.find('\n', position);
        std::string_view line =
            message.substr(position, newline == std::string_view::npos ? std::string_view::npos : newline - position);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        position = newline == std::string_view::npos ? message.size() : newline + 1;
        if (line.empty())
            break; // end of the headers
        if ((line.front() == ' ' || line.front() == '\t') && !lines.empty())
            lines.back() += " " + std::string(trim(line)); // a folded header line
        else
            lines.emplace_back(line);
    }
    if (lines.empty())
        return fail("no request line");

    const std::string_view requestLine = lines.front();
    const std::size_t firstSpace = requestLine.find(' ');
    const std::size_t secondSpace = requestLine.find(' ', firstSpace + 1);
    if (firstSpace == std::string_view::npos || secondSpace == std::string_view::npos ||
        requestLine.substr(secondSpace + 1) != "SIP/2.0")
        return fail("the first line is not a request line (METHOD URI SIP/2.0)");

    FakeSipRequest request(std::string(requestLine.substr(0, firstSpace)),
                           std::string(requestLine.substr(firstSpace + 1, secondSpace - firstSpace - 1)));
    for (std::size_t index = 1; index < lines.size(); ++index) {
        const std::string_view line = lines[index];
        const std::size_t colon = line.find(':');
        if (colon == std::string_view::npos)
            return fail("a header line has no ':'");
        const std::string_view name = trim(line.substr(0, colon));
        const std::string_view value = trim(line.substr(colon + 1));
        request.m_headers.emplace_back(std::string(name), std::string(value));

        if (sipheader::sameHeader(name, "From") && request.m_fromUri.empty()) {
            request.m_fromUri = splitNameAddr(value).first;
        } else if (sipheader::sameHeader(name, "To") && request.m_toUri.empty()) {
            const auto [uri, parameters] = splitNameAddr(value);
            request.m_toUri = uri;
            request.m_toTag = tagParameter(parameters);
        } else if (sipheader::sameHeader(name, "Call-ID") && request.m_callId.empty()) {
            request.m_callId = value;
        }
    }
    for (const auto& [uri, userField, hostField] :
         {std::tuple(&request.m_fromUri, UriField::FromUser, UriField::FromHost),
          std::tuple(&request.m_toUri, UriField::ToUser, UriField::ToHost)}) {
        const auto [user, host] = locateUserAndHost(*uri);
        request.m_spans[std::size_t(userField)] = user;
        request.m_spans[std::size_t(hostField)] = host;
    }
    return request;
}

FakeSipRequest& FakeSipRequest::setFrom(std::string uri, std::string tag)
{
    m_fromUri = std::move(uri);
    const auto [user, host] = locateUserAndHost(m_fromUri);
    m_spans[std::size_t(UriField::FromUser)] = user;
    m_spans[std::size_t(UriField::FromHost)] = host;
    setHeader("From", "<" + m_fromUri + ">" + (tag.empty() ? std::string() : ";tag=" + tag));
    return *this;
}

FakeSipRequest& FakeSipRequest::setTo(std::string uri, std::string tag)
{
    m_toUri = std::move(uri);
    m_toTag = std::move(tag);
    const auto [user, host] = locateUserAndHost(m_toUri);
    m_spans[std::size_t(UriField::ToUser)] = user;
    m_spans[std::size_t(UriField::ToHost)] = host;
    setHeader("To", "<" + m_toUri + ">" + (m_toTag.empty() ? std::string() : ";tag=" + m_toTag));
    return *this;
}

FakeSipRequest& FakeSipRequest::setCallId(std::string callId)
{
    m_callId = std::move(callId);
    setHeader("Call-ID", m_callId);
    return *this;
}

FakeSipRequest& FakeSipRequest::addHeader(std::string name, std::string value)
{
    m_headers.emplace_back(std::move(name), std::move(value));
    return *this;
}

std::string_view FakeSipRequest::uriField(UriField field) const
{
    const Span span = m_spans[std::size_t(field)];
    switch (field) {
    case UriField::RuriUser:
    case UriField::RuriHost:
        return std::string_view(m_requestUri).substr(span.offset, span.length);
    case UriField::FromUser:
    case UriField::FromHost:
        return std::string_view(m_fromUri).substr(span.offset, span.length);
    case UriField::ToUser:
    case UriField::ToHost:
        return std::string_view(m_toUri).substr(span.offset, span.length);
    }
    return {};
}

std::optional<std::string_view> FakeSipRequest::header(std::string_view name) const
{
    for (const auto& [headerName, value] : m_headers) {
        if (sipheader::sameHeader(headerName, name))
            return std::string_view(value);
    }
    return std::nullopt;
}

std::pair<FakeSipRequest::Span, FakeSipRequest::Span> FakeSipRequest::locateUserAndHost(const std::string& uri)
{
    const std::optional<SipUri> parsed = SipUri::parse(uri);
    if (!parsed)
        return {};
    const auto spanOf = [&uri](std::string_view part) {
        return part.empty() ? Span{} : Span{std::size_t(part.data() - uri.data()), part.size()};
    };
    return {spanOf(parsed->user), spanOf(parsed->host)};
}

void FakeSipRequest::setHeader(std::string_view name, std::string value)
{
    for (auto& [headerName, headerValue] : m_headers) {
        if (sipheader::sameHeader(headerName, name)) {
            headerValue = std::move(value);
            return;
        }
    }
    m_headers.emplace_back(std::string(name), std::move(value));
}

} // namespace tollgate::test
