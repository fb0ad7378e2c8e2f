#include "SipProxy.h"

#include "DestinationProber.h"
#include "ProxyTransaction.h"
#include "SofiaCarrierMapping.h"
#include "dialog/CallEndOrders.h"
#include "SofiaMessageEditor.h"
#include "SofiaRequestView.h"
#include "net/IpAddress.h"
#include "pipeline/ProxyPolicy.h"

#include <sofia-sip/msg_addr.h>
#include <sofia-sip/nta.h>
#include <sofia-sip/nta_stateless.h>
#include <sofia-sip/nta_tport.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_util.h>
#include <sofia-sip/su_wait.h>
#include <sofia-sip/tport.h>
#include <sofia-sip/tport_tag.h>

#include <QLoggingCategory>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <netinet/in.h>

Q_LOGGING_CATEGORY(lcSip, "tollgate.sip")

namespace tollgate {

namespace {

constexpr char BranchCookie[] = "z9hG4bKtg";
constexpr char Ipv4TransportIdentity[] = "ipv4";
constexpr char Ipv6TransportIdentity[] = "ipv6";
constexpr std::int64_t AbandonedBranchLifetimeMs = 64 * 500 + 5000; // Timer B plus slack
/// The receive queue is read at most this often (one getsockopt per UDP socket), on new INVITEs.
constexpr std::int64_t BacklogSampleIntervalUs = 2000;
/// An overload episode is over once new calls have been admitted in full this long.
constexpr std::int64_t OverloadEpisodeQuietUs = 1000000;

std::int64_t monotonicMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

/// FNV-1a, 64 bit: the loop-detection hash needs to be fast and stable, not cryptographic.
class Fnv1a
{
public:
    void add(const char* text)
    {
        if (text) {
            for (; *text; ++text)
                mix(static_cast<unsigned char>(*text));
        }
        mix(0); // field separator, so that "ab"+"c" differs from "a"+"bc"
    }
    void add(std::uint64_t value)
    {
        for (int i = 0; i < 8; ++i)
            mix(static_cast<unsigned char>(value >> (8 * i)));
    }
    std::uint64_t value() const { return m_hash; }

private:
    void mix(unsigned char byte)
    {
        m_hash ^= byte;
        m_hash *= 0x100000001b3ULL;
    }
    std::uint64_t m_hash = 0xcbf29ce484222325ULL;
};

/// RFC 3261 16.6 step 8: the request's identity as received, minus the top Via (which differs
/// every time a looping request comes back).
std::uint64_t loopHashOf(const sip_t* sip)
{
    Fnv1a hash;
    const url_t* uri = sip->sip_request->rq_url;
    hash.add(uri->url_scheme);
    hash.add(uri->url_user);
    hash.add(uri->url_host);
    hash.add(uri->url_port);
    hash.add(uri->url_params);
    hash.add(sip->sip_from ? sip->sip_from->a_tag : nullptr);
    hash.add(sip->sip_to ? sip->sip_to->a_tag : nullptr);
    hash.add(sip->sip_call_id ? sip->sip_call_id->i_id : nullptr);
    hash.add(std::uint64_t(sip->sip_cseq ? sip->sip_cseq->cs_seq : 0));
    for (const sip_proxy_require_t* require = sip->sip_proxy_require; require; require = require->k_next) {
        for (const msg_param_t* item = require->k_items; item && *item; ++item)
            hash.add(*item);
    }
    return hash.value();
}

std::string hex16(std::uint64_t value)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

Transport transportOfTport(tport_t* tport)
{
    if (!tport)
        return Transport::Udp;
    if (tport_has_tls(tport))
        return Transport::Tls;
    if (tport_is_tcp(tport))
        return Transport::Tcp;
    return Transport::Udp;
}

bool sourceOf(msg_t* message, SourceAddress* source)
{
    su_sockaddr_t address;
    socklen_t length = sizeof address;
    if (msg_get_address(message, &address, &length) < 0)
        return false;
    if (address.su_family == AF_INET) {
        source->ip = IpAddress::fromV4Bytes(reinterpret_cast<const std::uint8_t*>(&address.su_sin.sin_addr));
        source->port = ntohs(address.su_sin.sin_port);
        return true;
    }
    if (address.su_family == AF_INET6) {
        source->ip = IpAddress::fromV6Bytes(reinterpret_cast<const std::uint8_t*>(&address.su_sin6.sin6_addr));
        source->port = ntohs(address.su_sin6.sin6_port);
        return true;
    }
    return false;
}

/// Option tags of every Proxy-Require header, comma separated, for a 420's Unsupported.
std::string proxyRequireTags(const sip_t* sip)
{
    std::string tags;
    for (const sip_proxy_require_t* require = sip->sip_proxy_require; require; require = require->k_next) {
        for (const msg_param_t* item = require->k_items; item && *item; ++item) {
            if (!tags.empty())
                tags += ", ";
            tags += *item;
        }
    }
    return tags;
}

/// The body is shorter than the Content-Length says (a stream closed half way through it).
bool isTruncated(const sip_t* sip)
{
    if (!sip->sip_content_length)
        return false;
    const std::size_t received = sip->sip_payload ? sip->sip_payload->pl_len : 0;
    return received < sip->sip_content_length->l_length;
}

bool isSupportedScheme(const url_t* uri)
{
    return uri && (uri->url_type == url_sip || uri->url_type == url_sips || uri->url_type == url_tel);
}

OverloadGuard::Settings overloadSettings(const SipProxySettings& settings)
{
    // The kernel queues up to twice SO_RCVBUF. Everything is refused at twice the threshold, which
    // must come well before the queue is full and datagrams (ACKs, BYEs) are lost: at half of it.
    OverloadGuard::Settings overload = settings.overload;
    overload.sheddingBacklogBytes =
        std::min(overload.sheddingBacklogBytes, std::uint32_t(std::max(settings.udpBufferBytes, 0) / 2));
    return overload;
}

} // namespace

SipProxy::SipProxy(SipProxySettings settings, ProxyPolicy& policy, DialogTracker& dialogs, CallTraceStore& traces)
    : m_settings(std::move(settings))
    , m_policy(policy)
    , m_reporter(dialogs, traces, m_local)
    , m_overload(overloadSettings(m_settings))
{
}

SipProxy::~SipProxy()
{
    stop();
}

bool SipProxy::start(QString* error)
{
    for (const std::string& uri : m_settings.listen) {
        const std::size_t transport = uri.find("transport=");
        if (transport != std::string::npos && uri.find(',', transport) != std::string::npos) {
            *error = QStringLiteral("listen address %1: give one transport per address (a comma list of "
                                    "transports crashes sofia-sip 1.12)")
                         .arg(QString::fromStdString(uri));
            return false;
        }
    }
    if (m_settings.listen.empty()) {
        *error = QStringLiteral("no SIP listen address configured");
        return false;
    }
    QString setUpError;
    const bool ok = m_thread.start([this, &setUpError](su_root_s* root) { return setUp(root, &setUpError); });
    if (!ok)
        *error = setUpError;
    return ok;
}

void SipProxy::stop()
{
    m_thread.stop([this] { tearDown(); });
}

bool SipProxy::setUp(su_root_s* root, QString* error)
{
    m_root = root;
    const std::string& first = m_settings.listen.front();
    // Each address family's transports get an identity: sofia-sip cannot tell the family of a
    // bracketed IPv6 next hop and picks a transport by identity when told to (primaryFor()).
    // Every transport needs one: sofia compares identities without checking for none.
    const auto identity = [](const std::string& uri) -> const char* {
        return uri.find('[') != std::string::npos ? Ipv6TransportIdentity : Ipv4TransportIdentity;
    };
    // SERVER_RPORT(2): responses go back to the address and port a request came from, as if every
    // Via had rport (RFC 3581): carriers behind NAT, and peers whose Via names another port, still
    // get their answers. CANCEL_487(0): the 487 is relayed from downstream, not made up here.
    m_agent = nta_agent_create(
        root, URL_STRING_MAKE(first.c_str()), reinterpret_cast<nta_message_f*>(&SipProxy::onMessage),
        reinterpret_cast<nta_agent_magic_t*>(this), NTATAG_UA(0), NTATAG_CANCEL_487(0), NTATAG_SERVER_RPORT(2),
        NTATAG_CLIENT_RPORT(1), NTATAG_USE_SRV(0), NTATAG_USE_NAPTR(0), NTATAG_MERGE_482(0), NTATAG_EXTRA_100(0),
        NTATAG_MAXSIZE(m_settings.maxMessageBytes), NTATAG_SIP_T1(m_settings.sipT1Ms),
        NTATAG_TIMER_C(m_settings.timerCMs), TPTAG_UDP_RMEM(m_settings.udpBufferBytes),
        TPTAG_UDP_WMEM(m_settings.udpBufferBytes), TPTAG_STUN_SERVER(0), TPTAG_LOG(m_settings.logMessages),
        TPTAG_TIMEOUT(10000), TPTAG_IDENT(identity(first)), TAG_END());
    if (!m_agent) {
        *error = QStringLiteral("cannot listen on %1: %2").arg(QString::fromStdString(first), QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    for (std::size_t i = 1; i < m_settings.listen.size(); ++i) {
        const std::string& uri = m_settings.listen[i];
        if (nta_agent_add_tport(m_agent, URL_STRING_MAKE(uri.c_str()), TPTAG_UDP_RMEM(m_settings.udpBufferBytes),
                                TPTAG_UDP_WMEM(m_settings.udpBufferBytes), TPTAG_STUN_SERVER(0),
                                TPTAG_TIMEOUT(10000), TPTAG_IDENT(identity(uri)), TAG_END()) < 0) {
            // errno is not meaningful after nta_agent_add_tport (see sofia-sip notes).
            *error = QStringLiteral("cannot listen on %1 (address in use or not local?)").arg(QString::fromStdString(uri));
            nta_agent_destroy(m_agent);
            m_agent = nullptr;
            return false;
        }
    }

    for (tport_t* tport = tport_primaries(nta_agent_tports(m_agent)); tport; tport = tport_next(tport)) {
        const tp_name_t* name = tport_name(tport);
        LocalAddresses::Entry entry;
        entry.transport = transportOfTport(tport);
        entry.ipv6 = name->tpn_host && std::strchr(name->tpn_host, ':') != nullptr;
        // sofia writes IPv6 hosts with their brackets already.
        entry.host = name->tpn_host ? name->tpn_host : "";
        if (entry.ipv6 && entry.host.front() != '[')
            entry.host = "[" + entry.host + "]";
        entry.port = name->tpn_port ? std::atoi(name->tpn_port) : 5060;
        qCInfo(lcSip, "listening on %s:%d (%s)", entry.host.c_str(), entry.port,
               qPrintable(transportName(entry.transport)));
        m_primaries.push_back({entry.transport, entry.ipv6, tport});
        m_local.add(std::move(entry));
    }
    std::vector<int> udpPorts;
    for (const LocalAddresses::Entry& entry : m_local.entries()) {
        if (entry.transport == Transport::Udp)
            udpPorts.push_back(entry.port);
    }
    if (m_backlog.discover(udpPorts) == 0 && !udpPorts.empty())
        qCWarning(lcSip, "cannot find the SIP UDP sockets: overload detection by receive queue is off");
    m_probeHost = m_local.entries().empty() ? std::string("127.0.0.1") : m_local.entries().front().host;
    m_prober = std::make_unique<DestinationProber>(m_agent, root, m_policy, m_probeHost.c_str(),
                                                   [this](std::string_view uri) { return primaryFor(uri); });
    if (!m_prober->start())
        qCWarning(lcSip, "cannot start the destination prober");
    return true;
}

void SipProxy::tearDown()
{
    m_prober.reset();
    if (m_agent) {
        nta_agent_destroy(m_agent);
        m_agent = nullptr;
    }
}

std::string SipProxy::peerOf(msg_s* message)
{
    SourceAddress source;
    if (!sourceOf(message, &source))
        return "?";
    const std::string ip = source.ip.toString();
    return (source.ip.isV4() ? ip : "[" + ip + "]") + ":" + std::to_string(source.port);
}

const LocalAddresses::Entry* SipProxy::localEntryOf(msg_s* message) const
{
    tport_t* tport = tport_delivered_by(nta_agent_tports(m_agent), message);
    if (!tport)
        return nullptr;
    // A TCP connection is a secondary transport named after the peer: its parent is ours.
    if (tport_is_secondary(tport))
        tport = tport_parent(tport);
    for (std::size_t i = 0; i < m_primaries.size() && i < m_local.entries().size(); ++i) {
        if (m_primaries[i].tport == tport)
            return &m_local.entries()[i];
    }
    return nullptr;
}

Transport SipProxy::transportOf(msg_s* message) const
{
    return transportOfTport(tport_delivered_by(nta_agent_tports(m_agent), message));
}

int SipProxy::onMessage(void* self, nta_agent_s*, msg_s* message, sip_s* sip)
{
    auto* proxy = static_cast<SipProxy*>(self);
    if (sip && isTruncated(sip)) {
        // sofia-sip hands over a stream message whose connection closed before its body was
        // complete: whatever it is, it must not be relayed cut short.
        bump(proxy->m_counters.malformedDropped);
        qCInfo(lcSip, "dropped a message whose body was cut short (Content-Length %u)",
               unsigned(sip->sip_content_length->l_length));
        msg_destroy(message);
        return 0;
    }
    if (sip && sip->sip_request)
        proxy->handleRequest(message, sip);
    else if (sip && sip->sip_status)
        proxy->handleStrayResponse(message, sip);
    else {
        bump(proxy->m_counters.malformedDropped);
        msg_destroy(message);
    }
    return 0;
}

void SipProxy::replyStatelessly(msg_s* message, int status, const char* reason,
                                const std::vector<std::pair<std::string, std::string>>& headers)
{
    bump(m_counters.requestsRepliedLocally);
    m_counters.countResponse(status);
    if (headers.empty()) {
        nta_msg_treply(m_agent, message, status, reason, TAG_END());
        return;
    }
    std::string extra;
    for (const auto& [name, value] : headers)
        extra += name + ": " + value + "\r\n";
    nta_msg_treply(m_agent, message, status, reason, SIPTAG_HEADER_STR(extra.c_str()), TAG_END());
}

void SipProxy::handleRequest(msg_s* message, sip_s* sip)
{
    bump(m_counters.requestsReceived);
    const sip_method_t method = sip->sip_request->rq_method;
    if (m_reporter.isTracing())
        m_reporter.trace(message, sip, true, peerOf(message), transportOf(message));

    if (method == sip_method_ack) {
        handleAck(message, sip);
        return;
    }
    if (method == sip_method_cancel) {
        // nta answers every CANCEL that matches a transaction itself; this one matches none.
        replyStatelessly(message, SIP_481_NO_TRANSACTION);
        return;
    }

    // Sanity, RFC 3261 16.3: scheme, loops, Max-Forwards, Proxy-Require.
    if (!isSupportedScheme(sip->sip_request->rq_url)) {
        replyStatelessly(message, SIP_416_UNSUPPORTED_URI);
        return;
    }
    if (sip->sip_request->rq_url->url_headers) {
        // RFC 4475 3.1.2.11: escaped headers in a Request-URI must neither be forwarded in it
        // nor turned into real headers; refusing the request is the safe choice.
        replyStatelessly(message, 400, "Bad Request-URI (headers not allowed)");
        return;
    }
    const std::uint64_t loopHash = loopHashOf(sip);
    if (isLoop(sip, loopHash)) {
        bump(m_counters.loopsDetected);
        replyStatelessly(message, SIP_482_LOOP_DETECTED);
        return;
    }
    if (sip->sip_max_forwards && sip->sip_max_forwards->mf_count == 0) {
        bump(m_counters.tooManyHops);
        replyStatelessly(message, SIP_483_TOO_MANY_HOPS);
        return;
    }
    if (sip->sip_proxy_require) {
        replyStatelessly(message, SIP_420_BAD_EXTENSION, {{"Unsupported", proxyRequireTags(sip)}});
        return;
    }

    if (sip->sip_to && sip->sip_to->a_tag)
        handleInDialogRequest(message, sip);
    else
        handleInitialRequest(message, sip);
}

void SipProxy::handleAck(msg_s* message, sip_s* sip)
{
    // An ACK for a 2xx travels end to end along the route set, through us because we
    // record-route. An ACK without our Route acknowledges a final response Tollgate sent
    // itself (or is stray): it ends here.
    std::string mappingCarrier;
    if (SofiaMessageEditor::popOwnRoutes(message, sip, m_local, &mappingCarrier) == 0) {
        msg_destroy(message);
        return;
    }
    if (SofiaMessageEditor::decrementMaxForwards(message, sip) == SofiaMessageEditor::MaxForwardsResult::TooManyHops) {
        bump(m_counters.tooManyHops);
        msg_destroy(message);
        return;
    }
    bump(m_counters.inDialogRequests);
    if (!mappingCarrier.empty()) {
        SourceAddress source;
        if (sourceOf(message, &source)) {
            source.transport = transportOf(message);
            const MappingPlan plan = m_policy.inDialogMapping(mappingCarrier, source);
            if (plan.request && plan.requestFromCarrier)
                SofiaCarrierMapping::applyFromCarrier(message, sip, *plan.request);
            else if (plan.request)
                SofiaCarrierMapping::applyToCarrierRequest(message, sip, *plan.request);
        }
    }
    m_reporter.inDialogRequest(sip);
    if (m_reporter.isTracing())
        m_reporter.trace(message, sip, false, SipCallReporter::peerOfUri(SofiaMessageEditor::nextHopUri(sip)),
                         transportOf(message));
    // Stateless: the ACK for a 2xx is its own transaction and nobody answers it.
    tport_t* tport = primaryFor(SofiaMessageEditor::nextHopUri(sip));
    if (nta_msg_tsend(m_agent, message, nullptr, TAG_IF(tport, NTATAG_TPORT(tport)), TAG_END()) < 0)
        bump(m_counters.internalErrors);
}

void SipProxy::handleInDialogRequest(msg_s* message, sip_s* sip)
{
    bump(m_counters.inDialogRequests);
    std::string mappingCarrier;
    if (SofiaMessageEditor::popOwnRoutes(message, sip, m_local, &mappingCarrier) == 0) {
        // We record-route every dialog we relay: a mid-dialog request that does not come back
        // through our Route was not set up through Tollgate.
        replyStatelessly(message, 404, "Not Here");
        return;
    }
    RequestVerdict verdict;
    if (!mappingCarrier.empty()) {
        SourceAddress source;
        if (sourceOf(message, &source)) {
            source.transport = transportOf(message);
            verdict.mapping = m_policy.inDialogMapping(mappingCarrier, source);
        }
    }
    m_reporter.inDialogRequest(sip);
    verdict.action = RequestVerdict::Action::Relay;
    verdict.nextHops.push_back(NextHop{}); // empty URI: follow the remaining Route set or the Request-URI
    verdict.finalReplyTimerMs = m_settings.inDialogTimeoutMs;
    relayStatefully(message, sip, std::move(verdict));
}

void SipProxy::handleInitialRequest(msg_s* message, sip_s* sip)
{
    bump(m_counters.initialRequests);
    if (sip->sip_request->rq_method == sip_method_invite && !admitNewCall()) {
        bump(m_counters.overloadRejected);
        replyStatelessly(message, 503, "Service Unavailable - Overloaded",
                         {{"Retry-After", std::to_string(m_overload.settings().retryAfterSeconds)}});
        return;
    }
    SofiaMessageEditor::popOwnRoutes(message, sip, m_local);

    SourceAddress source;
    if (!sourceOf(message, &source)) {
        bump(m_counters.malformedDropped);
        msg_destroy(message);
        return;
    }
    source.transport = transportOf(message);

    RequestVerdict verdict;
    {
        SofiaRequestView view(message, sip);
        verdict = m_policy.decideInitialRequest(view, source);
    }
    switch (verdict.action) {
    case RequestVerdict::Action::Reply:
        replyStatelessly(message, verdict.code, verdict.reason.c_str(), verdict.replyHeaders);
        return;
    case RequestVerdict::Action::Drop:
        bump(m_counters.requestsDropped);
        msg_destroy(message);
        return;
    case RequestVerdict::Action::Relay:
        relayStatefully(message, sip, std::move(verdict));
        return;
    }
}

void SipProxy::relayStatefully(msg_s* message, sip_s* sip, RequestVerdict&& verdict)
{
    const bool invite = sip->sip_request->rq_method == sip_method_invite;
    const bool inDialog = sip->sip_to && sip->sip_to->a_tag;
    const std::uint64_t loopHash = loopHashOf(sip);

    // The server transaction takes the message; every branch is a copy of its request.
    nta_incoming_t* incoming =
        nta_incoming_create(m_agent, nullptr, message, sip, NTATAG_TPORT(tport_delivered_by(nta_agent_tports(m_agent), message)), TAG_END());
    if (!incoming) {
        bump(m_counters.internalErrors);
        return;
    }
    auto* transaction = new ProxyTransaction(*this, incoming, std::move(verdict), invite, loopHash, inDialog);
    if (invite)
        nta_incoming_treply(incoming, SIP_100_TRYING, TAG_END());

    msg_t* request = nta_incoming_getrequest(incoming);
    sip_t* requestSip = sip_object(request);
    transaction->request = request;
    transaction->upstreamPeer = peerOf(request);
    transaction->upstreamTransport = transportOf(request);
    SofiaMessageEditor::decrementMaxForwards(request, requestSip);
    if (transaction->verdict.requestUri &&
        !SofiaMessageEditor::setRequestUri(request, requestSip, *transaction->verdict.requestUri)) {
        qCWarning(lcSip, "cannot rewrite Request-URI to %s", transaction->verdict.requestUri->c_str());
    }
    if (!transaction->verdict.headerEdits.empty())
        SofiaMessageEditor::applyHeaderEdits(request, requestSip, transaction->verdict.headerEdits);
    const MappingPlan& mapping = transaction->verdict.mapping;
    if (mapping.request) {
        if (mapping.requestFromCarrier)
            SofiaCarrierMapping::applyFromCarrier(request, requestSip, *mapping.request);
        else
            SofiaCarrierMapping::applyToCarrierRequest(request, requestSip, *mapping.request);
    }
    if (invite && !inDialog)
    {
        transaction->inviteRecord = std::make_unique<InviteRecord>(SipCallReporter::inviteRecord(
            requestSip, transaction->verdict.carrier,
            transaction->upstreamPeer + " " + transportName(transaction->upstreamTransport).toStdString()));
        m_pendingCalls[callKey(transaction->inviteRecord->callId, transaction->inviteRecord->fromTag)] = transaction;
    }
    bump(m_counters.requestsRelayed);
    transaction->forwardToNextHop();
}

void SipProxy::handleStrayResponse(msg_s* message, sip_s* sip)
{
    bump(m_counters.responsesReceived);
    const sip_via_t* via = sip->sip_via;
    const bool ours = via && via->v_host && m_local.isLocal(via->v_host, via->v_port ? std::atoi(via->v_port) : 0);
    const bool inviteSuccess = sip->sip_cseq && sip->sip_cseq->cs_method == sip_method_invite &&
                               sip->sip_status->st_status >= 200 && sip->sip_status->st_status < 300;
    if (!ours || !inviteSuccess) {
        // RFC 3261 16.7: only 2xx to INVITE are forwarded without a transaction; anything else
        // (including a 200 with a broadcast Via, RFC 4475 3.3.10) is dropped.
        bump(m_counters.strayResponsesDropped);
        msg_destroy(message);
        return;
    }
    if (isAbandonedBranch(via->v_branch)) {
        // A late answer from a destination we already gave up on: the caller is being served
        // by the next destination, so this call leg is acknowledged and ended at once.
        bump(m_counters.lateAnswersReleased);
        qCInfo(lcSip, "late 2xx on an abandoned branch (Call-ID %s): sending ACK and BYE",
               sip->sip_call_id ? sip->sip_call_id->i_id : "?");
        while (sip->sip_record_route &&
               m_local.isLocal(sip->sip_record_route->r_url->url_host,
                               sip->sip_record_route->r_url->url_port ? std::atoi(sip->sip_record_route->r_url->url_port) : 0))
            msg_header_remove(message, reinterpret_cast<msg_pub_t*>(sip), reinterpret_cast<msg_header_t*>(sip->sip_record_route));
        if (nta_msg_ackbye(m_agent, message) < 0)
            bump(m_counters.internalErrors);
        return;
    }
    // A retransmitted 2xx of a relayed INVITE whose transaction already ended: forward it
    // statelessly. nta_msg_tsend pops our Via itself.
    bump(m_counters.strayResponsesForwarded);
    if (nta_msg_tsend(m_agent, message, nullptr, TAG_END()) < 0)
        bump(m_counters.internalErrors);
}

std::string SipProxy::makeBranch(std::uint64_t loopHash)
{
    return std::string(BranchCookie) + hex16(loopHash) + "." + std::to_string(++m_branchCounter);
}

bool SipProxy::isLoop(sip_s* sip, std::uint64_t loopHash) const
{
    const std::string expected = std::string(BranchCookie) + hex16(loopHash);
    for (const sip_via_t* via = sip->sip_via; via; via = via->v_next) {
        if (!via->v_branch || !via->v_host)
            continue;
        if (std::strncmp(via->v_branch, expected.c_str(), expected.size()) != 0)
            continue;
        if (m_local.isLocal(via->v_host, via->v_port ? std::atoi(via->v_port) : 0))
            return true;
    }
    return false;
}

void SipProxy::rememberAbandonedBranch(const std::string& branch)
{
    const std::int64_t now = monotonicMs();
    // Entries expire in insertion order (fixed lifetime), so the sweep only looks at the front.
    while (!m_abandonedExpiry.empty() && m_abandonedExpiry.front().first < now) {
        m_abandonedBranches.erase(m_abandonedExpiry.front().second);
        m_abandonedExpiry.pop_front();
    }
    if (m_abandonedBranches.insert(branch).second)
        m_abandonedExpiry.emplace_back(now + AbandonedBranchLifetimeMs, branch);
}

tport_s* SipProxy::primaryFor(std::string_view uri) const
{
    // sofia-sip picks the first transport of the right protocol for a bracketed IPv6 next hop,
    // which is the IPv4 one: name the IPv6 transport explicitly.
    const SofiaMessageEditor::UriTransport target = SofiaMessageEditor::transportOfUri(uri);
    if (!target.ipv6)
        return nullptr;
    const Transport wanted =
        target.transport == "tcp" ? Transport::Tcp : (target.transport == "tls" ? Transport::Tls : Transport::Udp);
    for (const Primary& primary : m_primaries) {
        if (primary.transport == wanted && primary.ipv6)
            return primary.tport;
    }
    return nullptr;
}

bool SipProxy::sendBye(const ByeRequest& request)
{
    msg_t* message = nta_msg_create(m_agent, 0);
    sip_t* sip = sip_object(message);
    su_home_t* home = msg_home(message);
    url_t* target = url_make(home, request.requestUri.c_str());
    if (!target) {
        msg_destroy(message);
        return false;
    }
    sip_request_t* requestLine = sip_request_create(home, SIP_METHOD_BYE, reinterpret_cast<url_string_t*>(target), nullptr);
    msg_header_insert(message, reinterpret_cast<msg_pub_t*>(sip), reinterpret_cast<msg_header_t*>(requestLine));
    const std::string cseq = std::to_string(request.cseq) + " BYE";
    sip_add_tl(message, sip, SIPTAG_FROM_STR(request.from.c_str()), SIPTAG_TO_STR(request.to.c_str()),
               SIPTAG_CALL_ID_STR(request.callId.c_str()), SIPTAG_CSEQ_STR(cseq.c_str()),
               SIPTAG_MAX_FORWARDS_STR("70"), SIPTAG_REASON_STR("SIP;cause=200;text=\"Ended by operator\""),
               SIPTAG_CONTENT_LENGTH_STR("0"), TAG_END());
    if (!request.route.empty())
        sip_add_make(message, sip, sip_route_class, request.route.c_str());
    // Fire and forget: with no callback nta frees the transaction when it completes.
    nta_outgoing_t* outgoing = nta_outgoing_mcreate(m_agent, nullptr, nullptr, nullptr, message, TAG_END());
    if (!outgoing) {
        msg_destroy(message);
        qCWarning(lcSip, "cannot send BYE to %s", request.requestUri.c_str());
        return false;
    }
    return true;
}

SipProxy::TransactionLayerStats SipProxy::transactionLayerStats() const
{
    TransactionLayerStats stats;
    usize_t badMessages = 0, badRequests = 0, badResponses = 0, droppedRequests = 0, droppedResponses = 0;
    usize_t serverTransactions = 0, clientTransactions = 0;
    if (m_agent) {
        nta_agent_get_stats(m_agent, NTATAG_S_BAD_MESSAGE_REF(badMessages), NTATAG_S_BAD_REQUEST_REF(badRequests),
                            NTATAG_S_BAD_RESPONSE_REF(badResponses), NTATAG_S_DROP_REQUEST_REF(droppedRequests),
                            NTATAG_S_DROP_RESPONSE_REF(droppedResponses), NTATAG_S_IRQ_HASH_USED_REF(serverTransactions),
                            NTATAG_S_ORQ_HASH_USED_REF(clientTransactions), TAG_END());
    }
    stats.badMessages = badMessages;
    stats.badRequests = badRequests;
    stats.badResponses = badResponses;
    stats.droppedRequests = droppedRequests;
    stats.droppedResponses = droppedResponses;
    stats.serverTransactions = serverTransactions;
    stats.clientTransactions = clientTransactions;
    return stats;
}

std::string SipProxy::callKey(std::string_view callId, std::string_view fromTag)
{
    std::string key;
    key.reserve(callId.size() + fromTag.size() + 1);
    key.append(callId).append(1, '\n').append(fromTag);
    return key;
}

bool SipProxy::cancelPendingCall(const std::string& callId, const std::string& fromTag)
{
    const auto found = m_pendingCalls.find(callKey(callId, fromTag));
    if (found == m_pendingCalls.end())
        return false;
    found->second->endByOperator();
    return true;
}

void SipProxy::failOverWaitingFor(int destination, const ProxyTransaction* except)
{
    const auto found = m_waitingFor.find(destination);
    if (found == m_waitingFor.end() || found->second.empty())
        return;
    // Failing over changes the set (and may finish transactions): work on a copy, and skip the
    // ones that stopped waiting meanwhile.
    const std::vector<ProxyTransaction*> waiting(found->second.begin(), found->second.end());
    for (ProxyTransaction* transaction : waiting) {
        if (transaction == except)
            continue;
        const auto current = m_waitingFor.find(destination);
        if (current == m_waitingFor.end() || current->second.count(transaction) == 0)
            continue;
        transaction->handleDestinationDead();
    }
}

void SipProxy::logOverloadEpisode(std::int64_t nowUs, std::uint32_t queuedBytes)
{
    // The refused share rises and falls with every sample under a steady overload: one line when
    // an episode begins and one when a second has passed without shedding, not one per swing.
    if (m_overload.isShedding()) {
        m_lastSheddingUs = nowUs;
        if (!m_inOverloadEpisode) {
            m_inOverloadEpisode = true;
            m_overloadRejectedAtEpisodeStart = m_counters.overloadRejected.load(std::memory_order_relaxed);
            qCWarning(lcSip, "overload: %u KiB wait in the SIP receive queue; refusing %.0f%% of new calls with 503",
                      queuedBytes / 1024, m_overload.refusedShare() * 100.0);
        }
    } else if (m_inOverloadEpisode && nowUs - m_lastSheddingUs >= OverloadEpisodeQuietUs) {
        m_inOverloadEpisode = false;
        qCWarning(lcSip, "overload over: accepting every new call again (%llu refused during the episode)",
                  static_cast<unsigned long long>(m_counters.overloadRejected.load(std::memory_order_relaxed) -
                                                  m_overloadRejectedAtEpisodeStart));
    }
}

bool SipProxy::admitNewCall()
{
    if (m_backlog.isActive()) {
        using namespace std::chrono;
        const std::int64_t nowUs = duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
        if (nowUs - m_lastBacklogSampleUs >= BacklogSampleIntervalUs) {
            m_lastBacklogSampleUs = nowUs;
            const std::uint32_t queued = m_backlog.queuedBytes();
            m_overload.updateBacklog(queued);
            logOverloadEpisode(nowUs, queued);
        }
    }
    return m_overload.admitNewCall(m_pendingInvites);
}

bool SipProxy::isAbandonedBranch(const char* branch) const
{
    return branch && !m_abandonedBranches.empty() && m_abandonedBranches.count(branch) != 0;
}

} // namespace tollgate
