#include "IpMappingRewriter.h"

#include "net/SipUri.h"

#include <cctype>

namespace tollgate {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

/// RFC 3261 `token` characters (parameter names).
bool isTokenChar(char c)
{
    if (std::isalnum(static_cast<unsigned char>(c)))
        return true;
    switch (c) {
    case '-':
    case '.':
    case '!':
    case '%':
    case '*':
    case '_':
    case '+':
    case '`':
    case '\'':
    case '~':
        return true;
    default:
        return false;
    }
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

/// The fields of an SDP line value separated by spaces, with their offsets in the line.
struct SdpToken
{
    std::size_t offset = 0;
    std::string_view text;
};

std::vector<SdpToken> splitSdpFields(std::string_view line, std::size_t from)
{
    std::vector<SdpToken> tokens;
    std::size_t i = from;
    while (i < line.size()) {
        while (i < line.size() && isSpace(line[i]))
            ++i;
        const std::size_t start = i;
        while (i < line.size() && !isSpace(line[i]))
            ++i;
        if (i > start)
            tokens.push_back(SdpToken{start, line.substr(start, i - start)});
    }
    return tokens;
}

} // namespace

bool IpMappingRewriter::build(const QList<IpMapping>& mappings, MappingDirection direction, IpMappingRewriter* result,
                              QString* error)
{
    IpMappingRewriter rewriter;
    rewriter.m_direction = direction;
    for (qsizetype index = 0; index < mappings.size(); ++index) {
        const IpMapping& mapping = mappings.at(index);
        const std::optional<IpAddress> privateAddress = IpAddress::parse(mapping.privateAddress);
        const std::optional<IpAddress> publicAddress = IpAddress::parse(mapping.publicAddress);
        const QString path = QStringLiteral("mapping %1").arg(index + 1);
        if (!privateAddress) {
            *error = path + QStringLiteral(": private address \"%1\" is not an IP address").arg(mapping.privateAddress);
            return false;
        }
        if (!publicAddress) {
            *error = path + QStringLiteral(": public address \"%1\" is not an IP address").arg(mapping.publicAddress);
            return false;
        }
        const IpAddress& from = direction == MappingDirection::FromCarrier ? *privateAddress : *publicAddress;
        const IpAddress& to = direction == MappingDirection::FromCarrier ? *publicAddress : *privateAddress;
        if (!rewriter.map(from))
            rewriter.m_pairs.emplace_back(from, to);
    }
    *result = std::move(rewriter);
    return true;
}

std::optional<IpAddress> IpMappingRewriter::map(const IpAddress& address) const
{
    for (const auto& [from, to] : m_pairs) {
        if (from == address)
            return to;
    }
    return std::nullopt;
}

bool IpMappingRewriter::findUriHostEdit(const std::string& text, std::size_t uriOffset, std::size_t uriLength,
                                        std::vector<Edit>* edits) const
{
    const std::string_view uriText(text.data() + uriOffset, uriLength);
    const std::optional<SipUri> uri = SipUri::parse(uriText);
    if (!uri || uri->host.empty())
        return false;
    const std::optional<IpAddress> address = IpAddress::parse(uri->hostWithoutBrackets());
    if (!address)
        return false;
    const std::optional<IpAddress> mapped = map(*address);
    if (!mapped)
        return false;
    // A URI writes an IPv6 host in brackets (RFC 3261 section 25.1).
    std::string replacement = mapped->isV4() ? mapped->toString() : "[" + mapped->toString() + "]";
    edits->push_back(Edit{std::size_t(uri->host.data() - text.data()), uri->host.size(), std::move(replacement)});
    return true;
}

int IpMappingRewriter::rewriteUri(std::string* uri) const
{
    if (m_pairs.empty())
        return 0;
    std::vector<Edit> edits;
    if (!findUriHostEdit(*uri, 0, uri->size(), &edits))
        return 0;
    applyEdits(uri, edits);
    return 1;
}

int IpMappingRewriter::rewriteAddressList(std::string* headerValue) const
{
    if (m_pairs.empty())
        return 0;
    const std::string& text = *headerValue;
    const std::size_t size = text.size();
    std::vector<Edit> edits;
    int count = 0;
    std::size_t position = 0;
    while (position < size) {
        // One element runs to the next comma outside a quoted display name and outside <...>.
        const std::size_t elementStart = position;
        std::size_t angleOpen = std::string::npos;
        std::size_t angleClose = std::string::npos;
        bool inQuotes = false;
        std::size_t end = position;
        for (; end < size; ++end) {
            const char c = text[end];
            if (inQuotes) {
                if (c == '\\' && end + 1 < size)
                    ++end;
                else if (c == '"')
                    inQuotes = false;
                continue;
            }
            if (c == '"' && angleOpen == std::string::npos) {
                inQuotes = true;
            } else if (c == '<' && angleOpen == std::string::npos) {
                angleOpen = end;
            } else if (c == '>' && angleOpen != std::string::npos && angleClose == std::string::npos) {
                angleClose = end;
            } else if (c == ',' && (angleOpen == std::string::npos || angleClose != std::string::npos)) {
                break;
            }
        }
        if (angleOpen != std::string::npos && angleClose != std::string::npos) {
            if (findUriHostEdit(text, angleOpen + 1, angleClose - angleOpen - 1, &edits))
                ++count;
        } else if (angleOpen == std::string::npos) {
            // An addr-spec without brackets cannot hold ';' (RFC 3261 section 20): what follows
            // the first ';' are header parameters.
            std::size_t uriStart = elementStart;
            while (uriStart < end && isSpace(text[uriStart]))
                ++uriStart;
            std::size_t uriEnd = uriStart;
            while (uriEnd < end && text[uriEnd] != ';')
                ++uriEnd;
            while (uriEnd > uriStart && isSpace(text[uriEnd - 1]))
                --uriEnd;
            if (uriEnd > uriStart && findUriHostEdit(text, uriStart, uriEnd - uriStart, &edits))
                ++count;
        }
        position = end + 1;
    }
    applyEdits(headerValue, edits);
    return count;
}

int IpMappingRewriter::rewriteViaReceived(std::string* headerValue) const
{
    if (m_pairs.empty())
        return 0;
    const std::string& text = *headerValue;
    const std::size_t size = text.size();
    std::vector<Edit> edits;
    bool inQuotes = false;
    std::size_t position = 0;
    while (position < size) {
        const char c = text[position];
        if (inQuotes) {
            if (c == '\\')
                ++position;
            else if (c == '"')
                inQuotes = false;
            ++position;
            continue;
        }
        if (c == '"') {
            inQuotes = true;
            ++position;
            continue;
        }
        if (c != ';') {
            ++position;
            continue;
        }
        std::size_t cursor = position + 1;
        while (cursor < size && isSpace(text[cursor]))
            ++cursor;
        const std::size_t nameStart = cursor;
        while (cursor < size && isTokenChar(text[cursor]))
            ++cursor;
        const std::string_view name(text.data() + nameStart, cursor - nameStart);
        while (cursor < size && isSpace(text[cursor]))
            ++cursor;
        if (cursor >= size || text[cursor] != '=' || !equalsIgnoreCase(name, "received")) {
            position = cursor;
            continue;
        }
        ++cursor;
        while (cursor < size && isSpace(text[cursor]))
            ++cursor;
        const std::size_t valueStart = cursor;
        while (cursor < size && text[cursor] != ';' && text[cursor] != ',' && !isSpace(text[cursor]))
            ++cursor;
        const std::string_view value(text.data() + valueStart, cursor - valueStart);
        position = cursor;

        const std::optional<IpAddress> address = IpAddress::parse(value);
        if (!address)
            continue;
        const std::optional<IpAddress> mapped = map(*address);
        if (!mapped)
            continue;
        // Keep the sender's spelling: brackets around an IPv6 value only when it used them.
        const bool bracketed = !value.empty() && value.front() == '[';
        std::string replacement = mapped->toString();
        if (bracketed && !mapped->isV4())
            replacement = "[" + replacement + "]";
        edits.push_back(Edit{valueStart, value.size(), std::move(replacement)});
    }
    applyEdits(headerValue, edits);
    return int(edits.size());
}

bool IpMappingRewriter::findSdpLineEdits(std::string_view line, std::size_t offset, std::vector<Edit>* edits) const
{
    // c=<nettype> <addrtype> <connection-address>[/ttl[/count]]
    // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
    const bool connection = line[0] == 'c';
    const std::vector<SdpToken> tokens = splitSdpFields(line, 2);
    const std::size_t netTypeIndex = connection ? 0 : 3;
    if (tokens.size() < netTypeIndex + 3 || tokens[netTypeIndex].text != "IN")
        return false;
    const SdpToken& addressType = tokens[netTypeIndex + 1];
    const SdpToken& addressToken = tokens[netTypeIndex + 2];
    const bool declaredV4 = addressType.text == "IP4";
    if (!declaredV4 && addressType.text != "IP6")
        return false;

    std::string_view addressText = addressToken.text;
    if (connection)
        addressText = addressText.substr(0, addressText.find('/'));
    const std::optional<IpAddress> address = IpAddress::parse(addressText);
    if (!address || address->isV4() != declaredV4)
        return false;
    const std::optional<IpAddress> mapped = map(*address);
    if (!mapped)
        return false;
    if (mapped->isV4() != declaredV4)
        edits->push_back(Edit{offset + addressType.offset, addressType.text.size(), mapped->isV4() ? "IP4" : "IP6"});
    edits->push_back(Edit{offset + addressToken.offset, addressText.size(), mapped->toString()});
    return true;
}

int IpMappingRewriter::rewriteSdp(std::string* body) const
{
    if (m_pairs.empty())
        return 0;
    const std::string& text = *body;
    std::vector<Edit> edits;
    int count = 0;
    std::size_t lineStart = 0;
    while (lineStart < text.size()) {
        const std::size_t newline = text.find('\n', lineStart);
        std::size_t lineEnd = newline == std::string::npos ? text.size() : newline;
        if (lineEnd > lineStart && text[lineEnd - 1] == '\r')
            --lineEnd;
        const std::string_view line(text.data() + lineStart, lineEnd - lineStart);
        if (line.size() > 2 && (line.starts_with("c=") || line.starts_with("o=")) &&
            findSdpLineEdits(line, lineStart, &edits))
            ++count;
        lineStart = newline == std::string::npos ? text.size() : newline + 1;
    }
    applyEdits(body, edits);
    return count;
}

void IpMappingRewriter::applyEdits(std::string* text, const std::vector<Edit>& edits)
{
    if (edits.empty())
        return;
    std::string result;
    result.reserve(text->size() + 32 * edits.size());
    std::size_t copied = 0;
    for (const Edit& edit : edits) {
        result.append(*text, copied, edit.offset - copied);
        result.append(edit.replacement);
        copied = edit.offset + edit.length;
    }
    result.append(*text, copied, std::string::npos);
    *text = std::move(result);
}

} // namespace tollgate
