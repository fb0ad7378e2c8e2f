#include "DestinationProber.h"

#include "pipeline/ProxyPolicy.h"

#include <sofia-sip/msg.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/nta.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su_wait.h>
#include <sofia-sip/tport.h>

#include <QLoggingCategory>

#include <chrono>
#include <string>

Q_DECLARE_LOGGING_CATEGORY(lcSip)

namespace tollgate {

namespace {

constexpr int TickMs = 100;

std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

/// One probe in flight: its client transaction and its own timeout timer.
struct Probe
{
    DestinationProber* prober;
    int destination;
    std::int64_t startedMs;
    nta_outgoing_t* outgoing = nullptr;
    su_timer_t* timer = nullptr;
    bool done = false;
    bool creating = false;  ///< Inside nta_outgoing_mcreate: completion must wait for it to return.
    int deferredStatus = -1;

    void complete(int status)
    {
        if (done)
            return;
        if (creating) {
            deferredStatus = status;
            return;
        }
        done = true;
        if (timer) {
            su_timer_destroy(timer);
            timer = nullptr;
        }
        if (outgoing) {
            // A non-INVITE transaction cannot be stopped: nta keeps retransmitting the OPTIONS
            // until Timer F; destroying only detaches us.
            nta_outgoing_destroy(outgoing);
            outgoing = nullptr;
        }
        prober->finished(destination, status, startedMs);
        delete this;
    }
};

int onProbeResponse(nta_outgoing_magic_t* magic, nta_outgoing_t*, const sip_t* sip)
{
    auto* probe = reinterpret_cast<Probe*>(magic);
    const int status = sip && sip->sip_status ? sip->sip_status->st_status : 0;
    if (status < 200)
        return 0;
    // nta's own responses (408 after Timer F, 503 on a transport error) mean nobody answered.
    probe->complete(sip && nta_sip_is_internal(sip) ? 0 : status);
    return 0;
}

void onProbeTimeout(su_root_magic_t*, su_timer_t*, su_timer_arg_t* argument)
{
    static_cast<Probe*>(argument)->complete(0);
}

void onTick(su_root_magic_t*, su_timer_t*, su_timer_arg_t* argument)
{
    static_cast<DestinationProber*>(argument)->tick();
}

} // namespace

DestinationProber::DestinationProber(nta_agent_s* agent, su_root_s* root, ProxyPolicy& policy, const char* localHost,
                                     std::function<tport_s*(std::string_view)> transportFor)
    : m_agent(agent)
    , m_root(root)
    , m_policy(policy)
    , m_localHost(localHost)
    , m_transportFor(std::move(transportFor))
{
}

DestinationProber::~DestinationProber()
{
    stop();
}

bool DestinationProber::start()
{
    m_tick = su_timer_create(su_root_task(m_root), TickMs);
    return m_tick && su_timer_set_for_ever(m_tick, &onTick, this) == 0;
}

void DestinationProber::stop()
{
    if (m_tick) {
        su_timer_destroy(m_tick);
        m_tick = nullptr;
    }
}

void DestinationProber::tick()
{
    for (const ProbeRequest& request : m_policy.dueProbes(nowMs()))
        send(request);
}

void DestinationProber::send(const ProbeRequest& request)
{
    msg_t* message = nta_msg_create(m_agent, 0);
    sip_t* sip = sip_object(message);
    su_home_t* home = msg_home(message);
    url_t* target = url_make(home, request.uri.c_str());
    if (!target) {
        msg_destroy(message);
        m_policy.probeFinished(request.destination, 0, 0);
        return;
    }
    // The probe asks for the host, not a user (like Kamailio's dispatcher): a plain UA answers
    // such an OPTIONS with 404, which still proves it alive unless the group lists aliveCodes.
    const std::string sequence = std::to_string(++m_sequence);
    const std::string from = std::string("<sip:tollgate@") + m_localHost + ">;tag=probe" + sequence;
    const std::string callId = "probe-" + sequence + "-" + std::to_string(nowMs()) + "@tollgate";
    sip_request_t* requestLine =
        sip_request_create(home, SIP_METHOD_OPTIONS, reinterpret_cast<url_string_t*>(target), nullptr);
    msg_header_insert(message, reinterpret_cast<msg_pub_t*>(sip), reinterpret_cast<msg_header_t*>(requestLine));
    sip_add_tl(message, sip, SIPTAG_FROM_STR(from.c_str()), SIPTAG_TO_STR(request.uri.c_str()),
               SIPTAG_CALL_ID_STR(callId.c_str()), SIPTAG_CSEQ_STR("1 OPTIONS"), SIPTAG_MAX_FORWARDS_STR("70"),
               SIPTAG_USER_AGENT_STR("Tollgate probe"), SIPTAG_CONTENT_LENGTH_STR("0"), TAG_END());

    auto* probe = new Probe{this, request.destination, nowMs()};
    ++m_pending;
    probe->creating = true;
    tport_t* tport = m_transportFor ? m_transportFor(request.uri) : nullptr;
    nta_outgoing_t* outgoing = nta_outgoing_mcreate(m_agent, &onProbeResponse,
                                                    reinterpret_cast<nta_outgoing_magic_t*>(probe), nullptr, message,
                                                    TAG_IF(tport, NTATAG_TPORT(tport)), TAG_END());
    probe->creating = false;
    probe->outgoing = outgoing;
    if (!outgoing)
        msg_destroy(message);
    if (!outgoing || probe->deferredStatus >= 0) {
        probe->complete(outgoing ? probe->deferredStatus : 0);
        return;
    }
    probe->timer = su_timer_create(su_root_task(m_root), 0);
    su_timer_set_interval(probe->timer, &onProbeTimeout, probe, request.timeoutMs);
}

void DestinationProber::finished(int destination, int status, std::int64_t startedMs)
{
    --m_pending;
    m_policy.probeFinished(destination, status, int(nowMs() - startedMs));
}

} // namespace tollgate
