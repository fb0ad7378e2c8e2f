#include "SofiaMessageEditor.h"

#include "LocalAddresses.h"
#include "net/SipUri.h"

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/msg_mclass.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_util.h>
#include <sofia-sip/su_string.h>
#include <sofia-sip/url.h>

#include <algorithm>
#include <cstdlib>
#include <strings.h>

namespace tollgate::SofiaMessageEditor {

namespace {

int portOf(const url_t* url)
{
    return url->url_port ? std::atoi(url->url_port) : 0;
}

/// RFC 3261 25.1 `token` characters, the syntax of a header name.
bool isTokenCharacter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("-.!%*_+`'~").find(c) != std::string_view::npos;
}

bool isOwnUri(const url_t* url, const LocalAddresses& local)
{
    if (!url || !url->url_host)
        return false;
    const bool secure = url->url_type == url_sips;
    return local.isLocal(url->url_host, portOf(url), secure);
}

} // namespace

MaxForwardsResult decrementMaxForwards(msg_s* message, sip_s* sip)
{
    sip_max_forwards_t* maxForwards = sip->sip_max_forwards;
    if (!maxForwards) {
        sip_add_make(message, sip, sip_max_forwards_class, "70");
        return MaxForwardsResult::Forward;
    }
    if (maxForwards->mf_count == 0)
        return MaxForwardsResult::TooManyHops;
    maxForwards->mf_count -= 1; // RFC 3261 16.6 step 3
    msg_fragment_clear(maxForwards->mf_common);
    return MaxForwardsResult::Forward;
}

int popOwnRoutes(msg_s* message, sip_s* sip, const LocalAddresses& local, std::string* mappingCarrier)
{
    int popped = 0;
    while (sip->sip_route && isOwnUri(sip->sip_route->r_url, local)) {
        if (mappingCarrier && sip->sip_route->r_url->url_params) {
            char value[128];
            const isize_t length = url_param(sip->sip_route->r_url->url_params, MappingCarrierParameter, value, sizeof value);
            if (length > 0 && std::size_t(length) < sizeof value)
                mappingCarrier->assign(value);
        }
        sip_route_remove(message, sip);
        ++popped;
    }
    return popped;
}

bool addRecordRoute(msg_s* message, sip_s* sip, const std::string& inboundUri, const std::string& outboundUri)
{
    su_home_t* home = msg_home(message);
    const auto insert = [&](const std::string& uri) {
        const std::string value = "<" + uri + ">";
        sip_record_route_t* recordRoute = sip_record_route_make(home, value.c_str());
        return recordRoute && msg_header_insert(message, reinterpret_cast<msg_pub_t*>(sip),
                                                reinterpret_cast<msg_header_t*>(recordRoute)) == 0;
    };
    if (!insert(inboundUri))
        return false;
    if (!outboundUri.empty() && outboundUri != inboundUri)
        return insert(outboundUri);
    return true;
}

bool setRequestUri(msg_s* message, sip_s* sip, std::string_view uri)
{
    if (!sip->sip_request)
        return false;
    su_home_t* home = msg_home(message);
    const std::string text(uri);
    url_t* url = url_make(home, text.c_str());
    if (!url || url->url_type == url_invalid || url->url_type == url_unknown)
        return false;
    sip_request_t* requestLine = sip_request_create(home, sip->sip_request->rq_method,
                                                    sip->sip_request->rq_method_name,
                                                    reinterpret_cast<url_string_t*>(url), nullptr);
    if (!requestLine)
        return false;
    return msg_header_replace(message, reinterpret_cast<msg_pub_t*>(sip),
                              reinterpret_cast<msg_header_t*>(sip->sip_request),
                              reinterpret_cast<msg_header_t*>(requestLine)) == 0;
}

bool addHeader(msg_s* message, sip_s* sip, std::string_view name, std::string_view value)
{
    // The name must be one token and the value one line: anything else would inject other
    // headers (a value from a template may carry text of the request).
    if (name.empty() || !std::all_of(name.begin(), name.end(), isTokenCharacter) ||
        value.find_first_of("\r\n", 0) != std::string_view::npos || value.find('\0') != std::string_view::npos)
        return false;
    const std::string line = std::string(name) + ": " + std::string(value);
    const msg_href_t* reference = msg_find_hclass(msg_mclass(message), line.c_str(), nullptr);
    if (!reference || !reference->hr_class)
        return false;
    // Parsed with the message's own header classes (a known name gets its class) and inserted
    // among the headers, ahead of the empty line: SIPTAG_HEADER_STR would append it to the
    // fragment chain after the body of a parsed message. A value its class cannot parse comes
    // back as another class (an error header) and is refused.
    msg_header_t* header = msg_header_d(msg_home(message), message, line.c_str());
    if (!header || header->sh_class != reference->hr_class)
        return false;
    return msg_header_insert(message, reinterpret_cast<msg_pub_t*>(sip), header) == 0;
}

int applyHeaderEdits(msg_s* message, sip_s* sip, const std::vector<HeaderEdit>& edits)
{
    int failed = 0;
    const msg_mclass_t* mclass = msg_mclass(message);
    for (const HeaderEdit& edit : edits) {
        if (edit.operation == HeaderEdit::Operation::Add) {
            if (!addHeader(message, sip, edit.name, edit.value))
                ++failed;
            continue;
        }
        const std::string name = edit.name;
        const msg_href_t* reference = msg_find_hclass(mclass, name.c_str(), nullptr);
        if (!reference || !reference->hr_class)
            continue;
        if (reference->hr_class != sip_unknown_class) {
            msg_header_t** slot = msg_hclass_offset(mclass, reinterpret_cast<msg_pub_t*>(sip), reference->hr_class);
            if (slot && *slot)
                msg_header_remove_all(message, reinterpret_cast<msg_pub_t*>(sip), *slot);
            continue;
        }
        for (sip_unknown_t* unknown = sip->sip_unknown; unknown;) {
            sip_unknown_t* next = unknown->un_next;
            if (unknown->un_name && strcasecmp(unknown->un_name, name.c_str()) == 0)
                msg_header_remove(message, reinterpret_cast<msg_pub_t*>(sip), reinterpret_cast<msg_header_t*>(unknown));
            unknown = next;
        }
    }
    return failed;
}

std::string nextHopUri(const sip_s* sip)
{
    const url_t* url = sip->sip_route ? sip->sip_route->r_url : sip->sip_request ? sip->sip_request->rq_url : nullptr;
    if (!url)
        return {};
    char buffer[1024];
    const isize_t length = url_e(buffer, sizeof buffer, url);
    return length > 0 && std::size_t(length) < sizeof buffer ? std::string(buffer, std::size_t(length)) : std::string();
}

std::string toText(msg_s* message)
{
    sip_t* sip = sip_object(message);
    if (sip)
        msg_serialize(message, reinterpret_cast<msg_pub_t*>(sip));
    size_t length = 0;
    char* text = msg_as_string(msg_home(message), message, nullptr, 0, &length);
    if (!text)
        return {};
    std::string result(text, length);
    su_free(msg_home(message), text);
    return result;
}

UriTransport transportOfUri(std::string_view uri)
{
    UriTransport result;
    const std::optional<SipUri> parsed = SipUri::parse(uri);
    if (!parsed)
        return result;
    if (const auto transport = parsed->parameter("transport")) {
        result.transport.assign(transport->begin(), transport->end());
        for (char& c : result.transport)
            c = char(std::tolower(static_cast<unsigned char>(c)));
    } else if (parsed->scheme == "sips") {
        result.transport = "tls";
    }
    result.ipv6 = !parsed->host.empty() && parsed->host.front() == '[';
    return result;
}

} // namespace tollgate::SofiaMessageEditor
