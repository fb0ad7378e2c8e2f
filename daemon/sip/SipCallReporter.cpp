#include "SipCallReporter.h"

#include "LocalAddresses.h"
#include "SofiaMessageEditor.h"
#include "dialog/CallTraceStore.h"
#include "dialog/DialogTracker.h"
#include "net/SipUri.h"

#include <chrono>
#include <cstdlib>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/url.h>
#include <vector>

namespace tollgate {

namespace {

std::string text(const char* value)
{
    return value ? std::string(value) : std::string();
}

std::string encodeUrl(const url_t* url)
{
    if (!url)
        return {};
    char buffer[1024];
    const isize_t length = url_e(buffer, sizeof buffer, url);
    return length > 0 && std::size_t(length) < sizeof buffer ? std::string(buffer, std::size_t(length)) : std::string();
}

/// The value of one header object (not its whole list), e.g. `"Alice" <sip:a@b>;tag=1`.
std::string encodeHeader(const void* header)
{
    if (!header)
        return {};
    char buffer[2048];
    const issize_t length = msg_header_field_e(buffer, sizeof buffer, static_cast<const msg_header_t*>(header), 0);
    return length > 0 && std::size_t(length) < sizeof buffer ? std::string(buffer, std::size_t(length)) : std::string();
}

std::uint32_t cseqOf(const sip_t* sip)
{
    return sip->sip_cseq ? sip->sip_cseq->cs_seq : 0;
}

std::int64_t wallClockMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

} // namespace

SipCallReporter::SipCallReporter(DialogTracker& dialogs, CallTraceStore& traces, const LocalAddresses& local)
    : m_dialogs(dialogs)
    , m_traces(traces)
    , m_local(local)
{}

InviteRecord SipCallReporter::inviteRecord(const sip_s* invite, int carrier, std::string source)
{
    InviteRecord record;
    record.source = std::move(source);
    record.callId = invite->sip_call_id ? text(invite->sip_call_id->i_id) : std::string();
    record.fromTag = invite->sip_from ? text(invite->sip_from->a_tag) : std::string();
    record.caller = invite->sip_from ? text(invite->sip_from->a_url->url_user) : std::string();
    record.callee = text(invite->sip_request->rq_url->url_user);
    record.fromHeader = encodeHeader(invite->sip_from);
    record.toHeader = encodeHeader(invite->sip_to);
    record.callerContact = invite->sip_contact ? encodeUrl(invite->sip_contact->m_url) : std::string();
    for (const sip_record_route_t* recordRoute = invite->sip_record_route; recordRoute;
         recordRoute = recordRoute->r_next) {
        if (!record.routeToCaller.empty())
            record.routeToCaller += ", ";
        record.routeToCaller += encodeHeader(recordRoute);
    }
    record.cseq = cseqOf(invite);
    record.carrier = carrier;
    return record;
}

void SipCallReporter::inviteRelayed(const InviteRecord& invite, int group, int destination, const std::string& uri)
{
    InviteRelay relay;
    relay.callId = invite.callId;
    relay.fromTag = invite.fromTag;
    relay.caller = invite.caller;
    relay.callee = invite.callee;
    relay.fromHeader = invite.fromHeader;
    relay.toHeader = invite.toHeader;
    relay.callerContact = invite.callerContact;
    relay.routeToCaller = invite.routeToCaller;
    relay.cseq = invite.cseq;
    relay.carrier = invite.carrier;
    relay.group = group;
    relay.destination = destination;
    relay.uri = uri;
    relay.source = invite.source;
    m_dialogs.inviteRelayed(relay);
}

std::string SipCallReporter::routeToCallee(const sip_s* response) const
{
    // The response's Record-Route lists the proxies nearest the callee first, then ours, then the
    // ones towards the caller: the route towards the callee is the part before ours, reversed.
    std::vector<std::string> downstream;
    for (const sip_record_route_t* recordRoute = response->sip_record_route; recordRoute;
         recordRoute = recordRoute->r_next) {
        const url_t* url = recordRoute->r_url;
        if (url->url_host && m_local.isLocal(url->url_host, url->url_port ? std::atoi(url->url_port) : 0))
            break;
        downstream.push_back(encodeHeader(recordRoute));
    }
    std::string route;
    for (auto it = downstream.rbegin(); it != downstream.rend(); ++it) {
        if (!route.empty())
            route += ", ";
        route += *it;
    }
    return route;
}

void SipCallReporter::responseRelayed(const InviteRecord& invite, const sip_s* response)
{
    const int status = response->sip_status->st_status;
    const std::string toTag = response->sip_to ? text(response->sip_to->a_tag) : std::string();
    if (status < 200) {
        m_dialogs.provisional(invite.callId, invite.fromTag, toTag, status);
    } else if (status < 300) {
        const std::string contact = response->sip_contact ? encodeUrl(response->sip_contact->m_url) : std::string();
        const std::string route = routeToCallee(response);
        InviteAnswer answer;
        answer.callId = invite.callId;
        answer.fromTag = invite.fromTag;
        answer.toTag = toTag;
        answer.code = status;
        answer.calleeContact = contact;
        answer.routeToCallee = route;
        m_dialogs.answered(answer);
    } else {
        m_dialogs.failed(invite.callId, invite.fromTag, status);
    }
}

void SipCallReporter::localFinalResponse(const InviteRecord& invite, int status)
{
    if (status >= 300)
        m_dialogs.failed(invite.callId, invite.fromTag, status);
}

void SipCallReporter::canceled(const InviteRecord& invite)
{
    m_dialogs.canceled(invite.callId, invite.fromTag);
}

void SipCallReporter::inDialogRequest(const sip_s* request)
{
    if (!request->sip_call_id || !request->sip_from || !request->sip_to)
        return;
    const char* callId = request->sip_call_id->i_id;
    const char* fromTag = request->sip_from->a_tag ? request->sip_from->a_tag : "";
    const char* toTag = request->sip_to->a_tag ? request->sip_to->a_tag : "";
    switch (request->sip_request->rq_method) {
    case sip_method_ack:
        m_dialogs.acknowledged(callId, fromTag, toTag);
        break;
    case sip_method_bye:
        m_dialogs.byeReceived(callId, fromTag, toTag, cseqOf(request));
        break;
    case sip_method_invite:
    case sip_method_update: {
        // Target refresh requests may change the remote target (RFC 3261 12.2.2).
        const std::string contact = request->sip_contact ? encodeUrl(request->sip_contact->m_url) : std::string();
        m_dialogs.inDialogRequest(callId, fromTag, toTag, cseqOf(request), contact);
        break;
    }
    default:
        m_dialogs.inDialogRequest(callId, fromTag, toTag, cseqOf(request), {});
        break;
    }
}

std::string SipCallReporter::peerOfUri(std::string_view uri)
{
    const std::optional<SipUri> parsed = SipUri::parse(uri);
    if (!parsed)
        return std::string(uri);
    const int port = parsed->port ? parsed->port : (parsed->scheme == "sips" ? 5061 : 5060);
    return std::string(parsed->host) + ":" + std::to_string(port);
}

bool SipCallReporter::isTracing() const
{
    return m_traces.isEnabled();
}

const std::string& SipCallReporter::selfAddress()
{
    if (m_selfAddress.empty()) {
        const LocalAddresses::Entry* local = m_local.entries().empty() ? nullptr : &m_local.entries().front();
        m_selfAddress = local ? local->host + ":" + std::to_string(local->port) : std::string("tollgate");
    }
    return m_selfAddress;
}

void SipCallReporter::trace(msg_s* message, const sip_s* sip, bool incoming, const std::string& peer,
                            Transport transport)
{
    if (!m_traces.isEnabled() || !sip || !sip->sip_call_id)
        return;
    // Built where the store keeps it, so that recording moves it instead of copying.
    std::pmr::memory_resource* memory = m_traces.memory();
    CallTraceEntry entry{wallClockMs(),
                         incoming ? CallTraceEntry::Direction::In : CallTraceEntry::Direction::Out,
                         std::pmr::string(incoming ? peer : selfAddress(), memory),
                         std::pmr::string(incoming ? selfAddress() : peer, memory),
                         transport,
                         std::pmr::string(memory),
                         std::pmr::string(memory)};
    // The first line is rendered straight into its string: this runs for every message of a call.
    char line[1024];
    isize_t length = -1;
    if (sip->sip_request) {
        length = sip_request_e(line, sizeof line, reinterpret_cast<const msg_header_t*>(sip->sip_request), 0);
    } else if (sip->sip_status) {
        length = sip_status_e(line, sizeof line, reinterpret_cast<const msg_header_t*>(sip->sip_status), 0);
    }
    if (length > 0 && std::size_t(length) < sizeof line) {
        // The encoders end the line with CRLF.
        while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
            --length;
        entry.firstLine.assign(line, std::size_t(length));
    } else if (sip->sip_request) { // a Request-URI longer than the buffer
        entry.firstLine =
            text(sip->sip_request->rq_method_name) + " " + encodeUrl(sip->sip_request->rq_url) + " SIP/2.0";
    } else if (sip->sip_status) {
        entry.firstLine =
            "SIP/2.0 " + std::to_string(sip->sip_status->st_status) + " " + text(sip->sip_status->st_phrase);
    }
    if (m_traces.settings().keepFullText)
        entry.text.assign(SofiaMessageEditor::toText(message));
    m_traces.record(sip->sip_call_id->i_id, std::move(entry));
}

} // namespace tollgate
