#pragma once

#include "SipCallReporter.h"
#include "pipeline/RequestVerdict.h"

#include <memory>

#include <cstdint>
#include <string>

struct msg_s;
struct sip_s;
struct nta_incoming_s;
struct nta_outgoing_s;
struct su_timer_s;

namespace tollgate {

class SipProxy;

/// One relayed request: the server transaction towards the sender, the client transaction of
/// the current branch, the final-reply timer and the failover state. Lives on the SIP thread
/// from the moment the request is relayed until its final response has been sent upstream.
struct ProxyTransaction
{
    ProxyTransaction(SipProxy& proxy, nta_incoming_s* incoming, RequestVerdict&& verdict, bool invite,
                     std::uint64_t loopHash, bool inDialog);
    ~ProxyTransaction();
    ProxyTransaction(const ProxyTransaction&) = delete;
    ProxyTransaction& operator=(const ProxyTransaction&) = delete;

    /// Sends to the next usable hop, or answers upstream when none is left. Returns false when
    /// the transaction has finished (and deleted itself).
    bool forwardToNextHop();

    SipProxy& proxy;
    nta_incoming_s* incoming;
    nta_outgoing_s* outgoing = nullptr;
    msg_s* request = nullptr; ///< The edited request every branch is copied from (a reference).
    su_timer_s* timer = nullptr;
    RequestVerdict verdict;
    std::size_t nextHop = 0;  ///< Index of the hop to try next.
    const NextHop* currentHop = nullptr;
    bool invite;
    bool inDialog;
    bool canceled = false;
    bool sawResponse = false; ///< The current branch answered (any 1xx counts).
    bool waiting = false;     ///< Registered in SipProxy's waiting list of currentHop's destination.
    int lastFailureStatus = 0; ///< Last failover response, relayed if nothing better comes.
    msg_s* lastFailureResponse = nullptr;
    bool lastOutcomeWasTimeout = false; ///< The last hop tried did not answer in time.
    /// nta may report a transport failure while nta_outgoing_mcreate is still running; such a
    /// response is recorded here and handled once the call returns.
    bool creating = false;
    int deferredStatus = 0;
    std::uint64_t loopHash;
    /// Identity of an initial INVITE for the dialog tracker (null for other requests).
    std::unique_ptr<InviteRecord> inviteRecord;
    std::string upstreamPeer; ///< "ip:port" the request came from (traces).
    Transport upstreamTransport = Transport::Udp;

    // Event handlers, called by the sofia callbacks in ProxyTransaction.cpp.
    void handleResponse(const sip_s* sip);
    void handleTimeout();
    void handleCancel();
    /// Another transaction's final-reply timer ran out on the destination this one waits for:
    /// give up on it now instead of waiting for our own timer (the first failure is evidence).
    void handleDestinationDead();
    /// calls.end on a call not answered yet: CANCEL downstream, 487 upstream, done.
    void endByOperator();

private:
    /// Gives up on the current branch after a timeout (ours or, via the destination, another's)
    /// and moves on to the next hop.
    void failOverAfterTimeout(bool ownTimer);
    /// Registers/unregisters this transaction as waiting for the first answer of its destination.
    void setWaiting(bool waiting);
    void abandonBranch();
    void stopTimer();
    void relayUpstream(msg_s* response);
    void replyUpstream(int status, const char* reason);
    /// Ends the transaction: reports the outcome and deletes this object.
    void finish(int status);
};

} // namespace tollgate
