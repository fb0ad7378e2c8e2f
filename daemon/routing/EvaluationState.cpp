#include "EvaluationState.h"

#include "SipHeaderNames.h"

#include <cctype>
#include <charconv>

namespace tollgate {

namespace {

std::string_view transportText(Transport transport)
{
    switch (transport) {
    case Transport::Udp:
        return "udp";
    case Transport::Tcp:
        return "tcp";
    case Transport::Tls:
        return "tls";
    case Transport::Any:
        break;
    }
    return {};
}

/// RFC 3261 `user`: unreserved and user-unreserved characters and %HH escapes. The URI parser
/// is lenient about what precedes the '@', so a rewritten user is checked here.
bool isValidUser(std::string_view user)
{
    const auto isHex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    for (std::size_t i = 0; i < user.size(); ++i) {
        const char c = user[i];
        if (std::isalnum(static_cast<unsigned char>(c)) ||
            std::string_view("-_.!~*'()&=+$,;?/").find(c) != std::string_view::npos)
            continue;
        if (c == '%' && i + 2 < user.size() && isHex(user[i + 1]) && isHex(user[i + 2])) {
            i += 2;
            continue;
        }
        return false;
    }
    return true;
}

} // namespace

EvaluationState::EvaluationState(const CompiledRuleSet& ruleSet, const SipRequestView& request,
                                 const RequestContext& context, const CacheReader& caches, RouteDecision* decision)
    : m_ruleSet(ruleSet)
    , m_request(request)
    , m_context(context)
    , m_caches(caches)
    , m_decision(decision)
    , m_carrier(context.carrier >= 0 && context.carrier < ruleSet.carrierCount() ? context.carrier : -1)
    , m_variables(std::size_t(ruleSet.variableCount()))
{}

std::string_view EvaluationState::requestUri() const
{
    return m_requestUriRewritten ? std::string_view(m_requestUri) : m_request.requestUri();
}

std::string_view EvaluationState::uriField(UriField field) const
{
    if (m_requestUriRewritten && (field == UriField::RuriUser || field == UriField::RuriHost))
        return field == UriField::RuriUser ? m_parsedUri->user : m_parsedUri->host;
    return m_request.uriField(field);
}

bool EvaluationState::rewriteRequestUri(UriPart part, std::string_view value, std::string* error)
{
    std::string rewritten;
    std::string expectedPart; // what the changed part must read back as (user or host)
    if (part == UriPart::Uri) {
        rewritten = value;
    } else {
        std::string parseError;
        const std::string_view current = requestUri();
        const std::optional<SipUri> uri = SipUri::parse(current, &parseError);
        if (!uri) {
            *error = "the Request-URI \"" + std::string(current) + "\" " + parseError;
            return false;
        }
        if (part == UriPart::User) {
            if (!isValidUser(value)) {
                *error = "\"" + std::string(value) + "\" is not a valid URI user part";
                return false;
            }
            expectedPart = value;
            rewritten = uri->withUserAndHost(value, uri->host);
        } else {
            if (uri->host.empty()) {
                *error = "a tel: Request-URI has no host to rewrite";
                return false;
            }
            // An IPv6 literal goes in brackets in a URI; a template such as {source.ip} gives it bare.
            const std::optional<IpAddress> address = IpAddress::parse(value);
            expectedPart = address && !address->isV4() && value.front() != '[' ? "[" + std::string(value) + "]"
                                                                               : std::string(value);
            rewritten = uri->withUserAndHost(uri->user, expectedPart);
        }
    }

    std::string parseError;
    std::optional<SipUri> parsed = SipUri::parse(rewritten, &parseError);
    // The parser is lenient about what a user part holds: a value with an '@', ':' or ';' of its
    // own would change the URI's structure. Reading the part back catches that.
    if (parsed && part != UriPart::Uri) {
        const std::string_view readBack = part == UriPart::User ? parsed->user : parsed->host;
        if (readBack != expectedPart) {
            parsed.reset();
            parseError = "\"" + std::string(value) + "\" is not a valid " + (part == UriPart::User ? "user" : "host");
        }
    }
    if (!parsed) {
        *error = "\"" + rewritten + "\" is not a valid SIP URI: " + parseError;
        return false;
    }
    m_requestUri = std::move(rewritten);
    m_parsedUri = SipUri::parse(m_requestUri);
    m_requestUriRewritten = true;
    ++m_requestUriVersion;
    return true;
}

std::optional<std::string> EvaluationState::rewrittenRequestUri() const
{
    if (!m_requestUriRewritten)
        return std::nullopt;
    return m_requestUri;
}

std::optional<std::string_view> EvaluationState::header(std::string_view name) const
{
    const std::vector<HeaderEdit>& edits = m_decision->headerEdits;
    std::size_t firstAfterRemoval = 0;
    bool removed = false;
    for (std::size_t index = edits.size(); index-- > 0;) {
        if (edits[index].operation == HeaderEdit::Operation::Remove && sipheader::sameHeader(edits[index].name, name)) {
            firstAfterRemoval = index + 1;
            removed = true;
            break;
        }
    }
    if (!removed) {
        if (const std::optional<std::string_view> original = m_request.header(name))
            return original;
    }
    for (std::size_t index = firstAfterRemoval; index < edits.size(); ++index) {
        if (edits[index].operation == HeaderEdit::Operation::Add && sipheader::sameHeader(edits[index].name, name))
            return std::string_view(edits[index].value);
    }
    return std::nullopt;
}

bool EvaluationState::lookupCache(int cache, std::string_view key, std::string* value) const
{
    const std::string& cacheName = m_ruleSet.cacheName(cache);
    const std::vector<CacheWrite>& writes = m_decision->cacheWrites;
    for (std::size_t index = writes.size(); index-- > 0;) {
        const CacheWrite& write = writes[index];
        if (write.cache != cacheName || write.key != key)
            continue;
        if (write.operation == CacheWrite::Operation::Delete)
            return false;
        *value = write.value;
        return true;
    }
    return m_caches.lookup(cacheName, key, m_context.nowMs, value);
}

void EvaluationState::setVariable(int index, std::string_view value)
{
    m_variables[std::size_t(index)].assign(value);
}

void EvaluationState::appendField(TemplateField field, std::string_view header, int variable, std::string* out) const
{
    switch (field) {
    case TemplateField::CallId:
        out->append(m_request.callId());
        return;
    case TemplateField::Method:
        out->append(m_request.method());
        return;
    case TemplateField::RequestUri:
        out->append(requestUri());
        return;
    case TemplateField::RuriUser:
        out->append(uriField(UriField::RuriUser));
        return;
    case TemplateField::RuriHost:
        out->append(uriField(UriField::RuriHost));
        return;
    case TemplateField::FromUser:
        out->append(uriField(UriField::FromUser));
        return;
    case TemplateField::FromHost:
        out->append(uriField(UriField::FromHost));
        return;
    case TemplateField::ToUser:
        out->append(uriField(UriField::ToUser));
        return;
    case TemplateField::ToHost:
        out->append(uriField(UriField::ToHost));
        return;
    case TemplateField::SourceIp:
        out->append(m_context.source.ip.toString());
        return;
    case TemplateField::SourcePort: {
        char digits[8];
        const auto result = std::to_chars(digits, digits + sizeof digits, m_context.source.port);
        out->append(digits, std::size_t(result.ptr - digits));
        return;
    }
    case TemplateField::Transport:
        out->append(transportText(m_context.source.transport));
        return;
    case TemplateField::Carrier:
        if (m_carrier >= 0)
            out->append(m_ruleSet.carrierName(m_carrier));
        return;
    case TemplateField::Header:
        if (const std::optional<std::string_view> value = this->header(header))
            out->append(*value);
        return;
    case TemplateField::Variable:
        if (variable >= 0 && std::size_t(variable) < m_variables.size())
            out->append(m_variables[std::size_t(variable)]);
        return;
    }
}

} // namespace tollgate
