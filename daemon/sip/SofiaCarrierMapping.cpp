#include "SofiaCarrierMapping.h"

#include "SofiaMessageEditor.h"
#include "classify/IpMappingRewriter.h"

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>
#include <sofia-sip/sip_tag.h>

#include <string>

namespace tollgate::SofiaCarrierMapping {

namespace {

/// The whole value of a list header (every element), e.g. all Record-Route entries.
std::string encodeList(const msg_header_t* header)
{
    std::string value;
    char buffer[2048];
    for (const msg_header_t* element = header; element; element = element->sh_next) {
        const issize_t length = msg_header_field_e(buffer, sizeof buffer, element, 0);
        if (length <= 0 || std::size_t(length) >= sizeof buffer)
            return {};
        if (!value.empty())
            value += ", ";
        value.append(buffer, std::size_t(length));
    }
    return value;
}

/// Replaces every header of `hclass` by the ones parsed from `value`.
bool replaceList(msg_t* message, sip_t* sip, msg_hclass_t* hclass, const std::string& value)
{
    msg_header_t** slot = msg_hclass_offset(msg_mclass(message), reinterpret_cast<msg_pub_t*>(sip), hclass);
    if (!slot)
        return false;
    if (*slot)
        msg_header_remove_all(message, reinterpret_cast<msg_pub_t*>(sip), *slot);
    return sip_add_make(message, sip, hclass, value.c_str()) == 0;
}

int rewriteList(msg_t* message, sip_t* sip, msg_hclass_t* hclass, msg_header_t* header,
                const IpMappingRewriter& rewriter, int (IpMappingRewriter::*rewrite)(std::string*) const)
{
    if (!header)
        return 0;
    std::string value = encodeList(header);
    if (value.empty())
        return 0;
    const int count = (rewriter.*rewrite)(&value);
    if (count > 0 && !replaceList(message, sip, hclass, value))
        return 0;
    return count;
}

int rewriteSdpBody(msg_t* message, sip_t* sip, const IpMappingRewriter& rewriter)
{
    if (!sip->sip_payload || !sip->sip_payload->pl_data || sip->sip_payload->pl_len == 0)
        return 0;
    if (sip->sip_content_type && sip->sip_content_type->c_type &&
        strcasecmp(sip->sip_content_type->c_type, "application/sdp") != 0)
        return 0;
    std::string body(sip->sip_payload->pl_data, sip->sip_payload->pl_len);
    const int count = rewriter.rewriteSdp(&body);
    if (count == 0)
        return 0;
    su_home_t* home = msg_home(message);
    sip_payload_t* payload = sip_payload_create(home, body.data(), isize_t(body.size()));
    sip_content_length_t* length = sip_content_length_create(home, uint32_t(body.size()));
    if (!payload || !length)
        return 0;
    msg_header_replace(message, reinterpret_cast<msg_pub_t*>(sip), reinterpret_cast<msg_header_t*>(sip->sip_payload),
                       reinterpret_cast<msg_header_t*>(payload));
    if (sip->sip_content_length)
        msg_header_replace(message, reinterpret_cast<msg_pub_t*>(sip),
                           reinterpret_cast<msg_header_t*>(sip->sip_content_length),
                           reinterpret_cast<msg_header_t*>(length));
    else
        msg_header_insert(message, reinterpret_cast<msg_pub_t*>(sip), reinterpret_cast<msg_header_t*>(length));
    return count;
}

} // namespace

int applyFromCarrier(msg_s* message, sip_s* sip, const IpMappingRewriter& rewriter)
{
    if (rewriter.isEmpty())
        return 0;
    int count = rewriteList(message, sip, sip_contact_class, reinterpret_cast<msg_header_t*>(sip->sip_contact),
                            rewriter, &IpMappingRewriter::rewriteAddressList);
    count += rewriteList(message, sip, sip_record_route_class,
                         reinterpret_cast<msg_header_t*>(sip->sip_record_route), rewriter,
                         &IpMappingRewriter::rewriteAddressList);
    count += rewriteSdpBody(message, sip, rewriter);
    return count;
}

int applyToCarrierRequest(msg_s* message, sip_s* sip, const IpMappingRewriter& rewriter)
{
    if (rewriter.isEmpty() || !sip->sip_request)
        return 0;
    int count = 0;
    char buffer[1024];
    const isize_t length = url_e(buffer, sizeof buffer, sip->sip_request->rq_url);
    if (length > 0 && std::size_t(length) < sizeof buffer) {
        std::string uri(buffer, std::size_t(length));
        if (rewriter.rewriteUri(&uri) > 0 && SofiaMessageEditor::setRequestUri(message, sip, uri))
            ++count;
    }
    count += rewriteList(message, sip, sip_route_class, reinterpret_cast<msg_header_t*>(sip->sip_route), rewriter,
                         &IpMappingRewriter::rewriteAddressList);
    return count;
}

int applyToCarrierResponse(msg_s* message, sip_s* sip, const IpMappingRewriter& rewriter)
{
    if (rewriter.isEmpty() || !sip->sip_via)
        return 0;
    // Only the top Via: the carrier's own. The ones below belong to its upstream elements.
    char buffer[1024];
    const issize_t length = msg_header_field_e(buffer, sizeof buffer, reinterpret_cast<msg_header_t*>(sip->sip_via), 0);
    if (length <= 0 || std::size_t(length) >= sizeof buffer)
        return 0;
    std::string value(buffer, std::size_t(length));
    const int count = rewriter.rewriteViaReceived(&value);
    if (count == 0)
        return 0;
    sip_via_t* via = sip_via_make(msg_home(message), value.c_str());
    if (!via)
        return 0;
    // msg_header_replace keeps the Vias below the replaced one.
    msg_header_replace(message, reinterpret_cast<msg_pub_t*>(sip), reinterpret_cast<msg_header_t*>(sip->sip_via),
                       reinterpret_cast<msg_header_t*>(via));
    return count;
}

} // namespace tollgate::SofiaCarrierMapping
