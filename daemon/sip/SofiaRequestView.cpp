#include "SofiaRequestView.h"

#include <sofia-sip/msg_header.h>
#include <sofia-sip/msg_mclass.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/url.h>

#include <strings.h>

namespace tollgate {

namespace {

std::string_view view(const char* text)
{
    return text ? std::string_view(text) : std::string_view();
}

} // namespace

SofiaRequestView::SofiaRequestView(msg_s* message, sip_s* sip)
    : m_message(message)
    , m_sip(sip)
{
}

std::string_view SofiaRequestView::method() const
{
    return m_sip->sip_request ? view(m_sip->sip_request->rq_method_name) : std::string_view();
}

std::string_view SofiaRequestView::requestUri() const
{
    if (!m_requestUriEncoded) {
        m_requestUriEncoded = true;
        if (m_sip->sip_request) {
            char buffer[1024];
            const isize_t length = url_e(buffer, sizeof buffer, m_sip->sip_request->rq_url);
            if (length > 0 && std::size_t(length) < sizeof buffer)
                m_requestUri.assign(buffer, std::size_t(length));
        }
    }
    return m_requestUri;
}

std::string_view SofiaRequestView::uriField(UriField field) const
{
    const url_t* url = nullptr;
    bool host = false;
    switch (field) {
    case UriField::RuriUser:
    case UriField::RuriHost:
        url = m_sip->sip_request ? m_sip->sip_request->rq_url : nullptr;
        host = field == UriField::RuriHost;
        break;
    case UriField::FromUser:
    case UriField::FromHost:
        url = m_sip->sip_from ? m_sip->sip_from->a_url : nullptr;
        host = field == UriField::FromHost;
        break;
    case UriField::ToUser:
    case UriField::ToHost:
        url = m_sip->sip_to ? m_sip->sip_to->a_url : nullptr;
        host = field == UriField::ToHost;
        break;
    }
    if (!url)
        return {};
    return view(host ? url->url_host : url->url_user);
}

std::string_view SofiaRequestView::callId() const
{
    return m_sip->sip_call_id ? view(m_sip->sip_call_id->i_id) : std::string_view();
}

bool SofiaRequestView::hasToTag() const
{
    return m_sip->sip_to && m_sip->sip_to->a_tag;
}

std::optional<std::string_view> SofiaRequestView::header(std::string_view name) const
{
    if (name.empty() || name.size() > 128)
        return std::nullopt;
    char nameBuffer[130];
    name.copy(nameBuffer, name.size());
    nameBuffer[name.size()] = '\0';

    // msg_find_hclass resolves full and compact names case-insensitively; names it does not
    // know come back as the "unknown" class, whose instances are matched by name below.
    const msg_mclass_t* mclass = msg_mclass(m_message);
    const msg_href_t* reference = msg_find_hclass(mclass, nameBuffer, nullptr);
    if (!reference || !reference->hr_class)
        return std::nullopt;

    const msg_header_t* found = nullptr;
    if (reference->hr_class == sip_unknown_class) {
        for (const sip_unknown_t* unknown = m_sip->sip_unknown; unknown; unknown = unknown->un_next) {
            if (unknown->un_name && strcasecmp(unknown->un_name, nameBuffer) == 0) {
                m_encodedHeaders.emplace_back(unknown->un_value ? unknown->un_value : "");
                return m_encodedHeaders.back();
            }
        }
        return std::nullopt;
    }
    msg_header_t** slot = msg_hclass_offset(mclass, reinterpret_cast<msg_pub_t*>(m_sip), reference->hr_class);
    if (slot)
        found = *slot;
    if (!found)
        return std::nullopt;

    char buffer[4096];
    const issize_t length = msg_header_field_e(buffer, sizeof buffer, found, 0);
    if (length < 0 || std::size_t(length) >= sizeof buffer)
        return std::nullopt;
    m_encodedHeaders.emplace_back(buffer, std::size_t(length));
    return m_encodedHeaders.back();
}

} // namespace tollgate
