#include "ProxyTransaction.h"

#include "SipProxy.h"
#include "SofiaCarrierMapping.h"
#include "SofiaMessageEditor.h"
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

#include <QLoggingCategory>

#include <algorithm>
#include <cstdlib>

Q_DECLARE_LOGGING_CATEGORY(lcSip)

namespace tollgate {

namespace {

int onResponse(nta_outgoing_magic_t* magic, nta_outgoing_t* outgoing, const sip_t* sip)
{
    auto* transaction = reinterpret_cast<ProxyTransaction*>(magic);
    if (outgoing != transaction->outgoing)
        return 0; // an earlier branch; it was rebound before being abandoned
    transaction->handleResponse(sip);
    return 0;
}

int onCancel(nta_incoming_magic_t* magic, nta_incoming_t*, const sip_t*)
{
    reinterpret_cast<ProxyTransaction*>(magic)->handleCancel();
    return 0;
}

void onFinalReplyTimeout(su_root_magic_t*, su_timer_t*, su_timer_arg_t* argument)
{
    static_cast<ProxyTransaction*>(argument)->handleTimeout();
}

/// Responses arriving on a branch that was abandoned (final-reply timeout): a 2xx is
/// acknowledged and ended with BYE, everything else is absorbed.
int onAbandonedBranchResponse(nta_outgoing_magic_t* magic, nta_outgoing_t* outgoing, const sip_t* sip)
{
    const int status = sip && sip->sip_status ? sip->sip_status->st_status : 408;
    if (status >= 200 && status < 300 && sip && !nta_sip_is_internal(sip)) {
        auto* agent = reinterpret_cast<nta_agent_t*>(magic);
        if (msg_t* response = nta_outgoing_getresponse(outgoing))
            nta_msg_ackbye(agent, response);
    }
    if (status >= 200)
        nta_outgoing_destroy(outgoing);
    return 0;
}

bool formsDialog(const msg_t* request)
{
    const sip_t* sip = sip_object(request);
    if (!sip || !sip->sip_request)
        return false;
    switch (sip->sip_request->rq_method) {
    case sip_method_invite:
    case sip_method_subscribe:
    case sip_method_refer:
    case sip_method_notify:
        return true;
    default:
        return false;
    }
}

Transport transportNamed(const std::string& name)
{
    if (name == "tcp")
        return Transport::Tcp;
    if (name == "tls")
        return Transport::Tls;
    return Transport::Udp;
}

} // namespace

ProxyTransaction::ProxyTransaction(SipProxy& owner, nta_incoming_s* serverTransaction, RequestVerdict&& relayVerdict,
                                   bool isInvite, std::uint64_t hash, bool isInDialog)
    : proxy(owner)
    , incoming(serverTransaction)
    , verdict(std::move(relayVerdict))
    , invite(isInvite)
    , inDialog(isInDialog)
    , loopHash(hash)
{
    nta_incoming_bind(incoming, &onCancel, reinterpret_cast<nta_incoming_magic_t*>(this));
    if (invite)
        ++proxy.m_pendingInvites;
}

ProxyTransaction::~ProxyTransaction()
{
    if (inviteRecord)
        proxy.m_pendingCalls.erase(SipProxy::callKey(inviteRecord->callId, inviteRecord->fromTag));
    if (invite)
        --proxy.m_pendingInvites;
    stopTimer();
    if (timer)
        su_timer_destroy(timer);
    if (lastFailureResponse)
        msg_destroy(lastFailureResponse);
    if (request)
        msg_destroy(request);
}

bool ProxyTransaction::forwardToNextHop()
{
    while (nextHop < verdict.nextHops.size()) {
        const NextHop& hop = verdict.nextHops[nextHop++];
        if (hop.destination >= 0 && !proxy.m_policy.isDestinationUsable(hop.destination))
            continue;

        msg_t* branch = msg_copy(request);
        sip_t* branchSip = sip_object(branch);
        if (!inDialog && formsDialog(branch)) {
            // Record-Route with the address the request came in on; a second entry for the
            // outbound side when the transport or address family changes (RFC 5658).
            // The inbound side is the very address the request arrived on (with several
            // listening addresses, the one the caller used).
            const LocalAddresses::Entry* inboundEntry = proxy.localEntryOf(request);
            const std::string outboundUri = hop.uri.empty() ? SofiaMessageEditor::nextHopUri(branchSip) : hop.uri;
            const SofiaMessageEditor::UriTransport outbound = SofiaMessageEditor::transportOfUri(outboundUri);
            const Transport outboundTransport = transportNamed(outbound.transport);
            const LocalAddresses::Entry* outboundEntry = inboundEntry;
            if (!inboundEntry || inboundEntry->transport != outboundTransport || inboundEntry->ipv6 != outbound.ipv6)
                outboundEntry = proxy.m_local.find(outboundTransport, outbound.ipv6);
            if (!inboundEntry)
                inboundEntry = outboundEntry;
            if (!outboundEntry)
                outboundEntry = inboundEntry;
            if (inboundEntry) {
                // The mapping carrier rides in our Record-Route, so that every in-dialog request
                // of the call knows which IP mappings to apply without any state here.
                std::string parameter;
                if (!verdict.mapping.carrierName.empty())
                    parameter = std::string(";") + SofiaMessageEditor::MappingCarrierParameter + "=" +
                                verdict.mapping.carrierName;
                SofiaMessageEditor::addRecordRoute(branch, branchSip,
                                                   LocalAddresses::recordRouteUri(*inboundEntry) + parameter,
                                                   LocalAddresses::recordRouteUri(*outboundEntry) + parameter);
            }
        }

        if (proxy.m_reporter.isTracing()) {
            const std::string target = hop.uri.empty() ? SofiaMessageEditor::nextHopUri(branchSip) : hop.uri;
            proxy.m_reporter.trace(branch, branchSip, false, SipCallReporter::peerOfUri(target),
                                   transportNamed(SofiaMessageEditor::transportOfUri(target).transport));
        }
        const std::string branchKey = proxy.makeBranch(loopHash);
        tport_t* tport = proxy.primaryFor(hop.uri.empty() ? SofiaMessageEditor::nextHopUri(branchSip) : hop.uri);
        creating = true;
        deferredStatus = 0;
        nta_outgoing_t* created = nta_outgoing_mcreate(
            proxy.m_agent, &onResponse, reinterpret_cast<nta_outgoing_magic_t*>(this),
            hop.uri.empty() ? nullptr : URL_STRING_MAKE(hop.uri.c_str()), branch, NTATAG_BRANCH_KEY(branchKey.c_str()),
            NTATAG_PASS_100(1), TAG_IF(tport, NTATAG_TPORT(tport)), TAG_END());
        creating = false;
        if (!created) {
            msg_destroy(branch);
            qCWarning(lcSip, "cannot send to %s", hop.uri.c_str());
            if (hop.destination >= 0)
                proxy.m_policy.reportDestination(hop.destination, DestinationOutcome::FailedResponse, 503);
            lastOutcomeWasTimeout = false;
            continue;
        }
        setWaiting(false);
        outgoing = created;
        currentHop = &hop;
        sawResponse = false;
        if (invite && !inDialog && verdict.failoverOnTimeout)
            setWaiting(true);
        if (inviteRecord)
            proxy.m_reporter.inviteRelayed(*inviteRecord, verdict.group, hop.destination, hop.uri);
        if (deferredStatus >= 300) {
            // The branch failed while it was being created (transport error): treat it like a
            // failover response of that destination.
            nta_outgoing_destroy(outgoing);
            outgoing = nullptr;
            if (hop.destination >= 0)
                proxy.m_policy.reportDestination(hop.destination, DestinationOutcome::FailedResponse, deferredStatus);
            lastOutcomeWasTimeout = false;
            continue;
        }
        if (verdict.finalReplyTimerMs > 0) {
            if (!timer)
                timer = su_timer_create(su_root_task(proxy.m_root), 0);
            su_timer_set_interval(timer, &onFinalReplyTimeout, this, verdict.finalReplyTimerMs);
        }
        return true;
    }

    // Nothing left to try.
    if (canceled) {
        replyUpstream(SIP_487_REQUEST_CANCELLED);
        finish(487);
    } else if (lastFailureResponse) {
        msg_t* response = lastFailureResponse;
        lastFailureResponse = nullptr;
        relayUpstream(response);
        finish(lastFailureStatus);
    } else if (lastOutcomeWasTimeout) {
        if (invite) {
            replyUpstream(SIP_408_REQUEST_TIMEOUT);
            finish(408);
        } else {
            // RFC 4320: no 408 to a non-INVITE request.
            replyUpstream(SIP_504_GATEWAY_TIME_OUT);
            finish(504);
        }
    } else {
        replyUpstream(503, "No Destination Available");
        finish(503);
    }
    return false;
}

void ProxyTransaction::handleResponse(const sip_s* sip)
{
    const int status = sip && sip->sip_status ? sip->sip_status->st_status : 408;
    if (creating) {
        deferredStatus = status;
        return;
    }
    const int destination = currentHop ? currentHop->destination : -1;

    setWaiting(false);
    if (status < 200) {
        if (!sawResponse) {
            sawResponse = true;
            // Kamailio semantics: the final-reply timer runs until the first provisional
            // response; after it, Timer C bounds the wait for the final answer.
            stopTimer();
            if (destination >= 0)
                proxy.m_policy.reportDestination(destination, DestinationOutcome::Answered, status);
        }
        if (status > 100) {
            if (msg_t* response = nta_outgoing_getresponse(outgoing))
                relayUpstream(response);
        }
        return;
    }

    stopTimer();
    const bool internal = sip && nta_sip_is_internal(sip);
    const bool failover = !canceled && !inDialog &&
                          std::find(verdict.failoverCodes.begin(), verdict.failoverCodes.end(), status) !=
                              verdict.failoverCodes.end();
    if (failover) {
        bump(proxy.m_counters.failovers);
        if (destination >= 0) {
            const bool timedOut = internal && status == 408;
            proxy.m_policy.reportDestination(
                destination, timedOut ? DestinationOutcome::Timeout : DestinationOutcome::FailedResponse, status);
        }
        if (lastFailureResponse)
            msg_destroy(lastFailureResponse);
        lastFailureResponse = internal ? nullptr : nta_outgoing_getresponse(outgoing);
        lastFailureStatus = status;
        lastOutcomeWasTimeout = internal && status == 408;
        nta_outgoing_destroy(outgoing);
        outgoing = nullptr;
        forwardToNextHop();
        return;
    }

    if (!sawResponse && destination >= 0 && !internal)
        proxy.m_policy.reportDestination(destination, DestinationOutcome::Answered, status);
    if (internal) {
        replyUpstream(status, sip->sip_status->st_phrase);
    } else if (msg_t* response = nta_outgoing_getresponse(outgoing)) {
        relayUpstream(response);
    }
    finish(status);
}

void ProxyTransaction::handleTimeout()
{
    bump(proxy.m_counters.finalReplyTimeouts);
    qCInfo(lcSip, "no answer from %s within %d ms", currentHop ? currentHop->uri.c_str() : "next hop",
           verdict.finalReplyTimerMs);
    const int destination = currentHop ? currentHop->destination : -1;
    if (destination >= 0) {
        proxy.m_policy.reportDestination(destination, DestinationOutcome::Timeout, 0);
        // Every other transaction still waiting for that destination's first answer moves on now,
        // rather than each waiting out its own timer.
        proxy.failOverWaitingFor(destination, this);
    }
    failOverAfterTimeout(true);
}

void ProxyTransaction::endByOperator()
{
    canceled = true;
    stopTimer();
    abandonBranch();
    replyUpstream(SIP_487_REQUEST_CANCELLED);
    finish(487);
}

void ProxyTransaction::handleDestinationDead()
{
    bump(proxy.m_counters.failovers);
    qCInfo(lcSip, "giving up on %s early: it just missed another call's final-reply timer",
           currentHop ? currentHop->uri.c_str() : "next hop");
    failOverAfterTimeout(false);
}

void ProxyTransaction::failOverAfterTimeout(bool ownTimer)
{
    stopTimer();
    abandonBranch();
    lastOutcomeWasTimeout = true;
    if (canceled) {
        replyUpstream(SIP_487_REQUEST_CANCELLED);
        finish(487);
        return;
    }
    if (verdict.failoverOnTimeout && !inDialog) {
        if (ownTimer)
            bump(proxy.m_counters.failovers);
    } else {
        nextHop = verdict.nextHops.size();
    }
    forwardToNextHop();
}

void ProxyTransaction::setWaiting(bool wait)
{
    if (wait == waiting || !currentHop || currentHop->destination < 0)
        return;
    waiting = wait;
    if (wait)
        proxy.m_waitingFor[currentHop->destination].insert(this);
    else
        proxy.m_waitingFor[currentHop->destination].erase(this);
}

void ProxyTransaction::handleCancel()
{
    canceled = true;
    if (inviteRecord)
        proxy.m_reporter.canceled(*inviteRecord);
    if (outgoing && nta_outgoing_status(outgoing) < 200) {
        // nta sends the CANCEL once the branch has had a provisional response (RFC 3261 9.1);
        // the downstream 487 is then relayed. Without one, the final-reply timer ends it.
        nta_outgoing_tcancel(outgoing, nullptr, nullptr, TAG_END());
    }
}

void ProxyTransaction::abandonBranch()
{
    setWaiting(false);
    if (!outgoing)
        return;
    if (invite) {
        if (const char* branch = nta_outgoing_branch(outgoing))
            proxy.rememberAbandonedBranch(branch);
        nta_outgoing_bind(outgoing, &onAbandonedBranchResponse, reinterpret_cast<nta_outgoing_magic_t*>(proxy.m_agent));
        // Without a provisional response a real CANCEL would wait for one, and the INVITE
        // would go on retransmitting to a dead hop until Timer B: CANCEL_408 stops it at once.
        if (nta_outgoing_status(outgoing) < 100)
            nta_outgoing_tcancel(outgoing, nullptr, nullptr, NTATAG_CANCEL_408(1), TAG_END());
        else
            nta_outgoing_tcancel(outgoing, nullptr, nullptr, TAG_END());
    } else {
        // sofia-sip cannot stop a non-INVITE client transaction: it retransmits until Timer F.
        nta_outgoing_destroy(outgoing);
    }
    outgoing = nullptr;
}

void ProxyTransaction::stopTimer()
{
    if (timer)
        su_timer_reset(timer);
}

void ProxyTransaction::relayUpstream(msg_s* response)
{
    sip_t* sip = sip_object(response);
    const int status = sip && sip->sip_status ? sip->sip_status->st_status : 0;
    if (proxy.m_reporter.isTracing())
        proxy.m_reporter.trace(response, sip, true, SipProxy::peerOf(response), upstreamTransport);
    // nta_incoming_mreply does not remove our Via (nta_msg_tsend would).
    sip_via_remove(response, sip);
    if (!sip->sip_via) {
        // A broken downstream answered with our Via only: the response cannot be relayed as it is,
        // but its status still can.
        const std::string phrase = sip->sip_status->st_phrase ? sip->sip_status->st_phrase : "";
        msg_destroy(response);
        if (status >= 200)
            replyUpstream(status, phrase.c_str());
        return;
    }
    const MappingPlan& mapping = verdict.mapping;
    if (mapping.response) {
        if (mapping.responseFromCarrier)
            SofiaCarrierMapping::applyFromCarrier(response, sip, *mapping.response);
        else
            SofiaCarrierMapping::applyToCarrierResponse(response, sip, *mapping.response);
    }
    if (inviteRecord && status > 100)
        proxy.m_reporter.responseRelayed(*inviteRecord, sip);
    proxy.m_counters.countResponse(status);
    if (proxy.m_reporter.isTracing())
        proxy.m_reporter.trace(response, sip, false, upstreamPeer, upstreamTransport);
    nta_incoming_mreply(incoming, response);
}

void ProxyTransaction::replyUpstream(int status, const char* reason)
{
    if (inviteRecord)
        proxy.m_reporter.localFinalResponse(*inviteRecord, status);
    proxy.m_counters.countResponse(status);
    nta_incoming_treply(incoming, status, reason, TAG_END());
}

void ProxyTransaction::finish(int status)
{
    setWaiting(false);
    if (outgoing) {
        nta_outgoing_destroy(outgoing);
        outgoing = nullptr;
    }
    nta_incoming_destroy(incoming);
    proxy.m_policy.relayFinished(verdict, currentHop, status);
    delete this;
}

} // namespace tollgate
