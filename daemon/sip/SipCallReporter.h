#pragma once

#include "model/Transport.h"

#include <cstdint>
#include <string>

struct msg_s;
struct sip_s;

namespace tollgate {

class CallTraceStore;
class DialogTracker;
class LocalAddresses;

/// What the dialog tracker needs to know about an initial INVITE, copied out of the sofia
/// message once when it is relayed (the transaction keeps it for its responses).
struct InviteRecord
{
    std::string callId;
    std::string fromTag;
    std::string caller;
    std::string callee;
    std::string fromHeader;
    std::string toHeader;
    std::string callerContact;
    std::string routeToCaller;
    std::uint32_t cseq = 0;
    int carrier = -1;
    std::string source; ///< "ip:port transport"
};

/// Translates the SIP messages the adapter handles into the reports of the DialogTracker and the
/// entries of the CallTraceStore (both sofia-free), reading the parsed sofia messages in place.
/// SIP thread only.
class SipCallReporter
{
public:
    SipCallReporter(DialogTracker& dialogs, CallTraceStore& traces, const LocalAddresses& local);

    static InviteRecord inviteRecord(const sip_s* invite, int carrier, std::string source);

    void inviteRelayed(const InviteRecord& invite, int group, int destination, const std::string& uri);
    /// A response to an initial INVITE was relayed upstream (1xx above 100, 2xx or final failure).
    void responseRelayed(const InviteRecord& invite, const sip_s* response);
    /// Tollgate answered the INVITE itself with `status` after relaying it (no destination left,
    /// timeout, cancel).
    void localFinalResponse(const InviteRecord& invite, int status);
    void canceled(const InviteRecord& invite);
    /// An in-dialog request (ACK, BYE, re-INVITE, ...) passed through.
    void inDialogRequest(const sip_s* request);

    bool isTracing() const;
    /// "host:port" of a next-hop URI (5060 or 5061 when it gives no port), as traces name peers.
    static std::string peerOfUri(std::string_view uri);
    /// Records a message in the trace of its call (when tracing): `incoming` from `peer`, or
    /// outgoing to `peer`.
    void trace(msg_s* message, const sip_s* sip, bool incoming, const std::string& peer, Transport transport);

    DialogTracker& dialogs() { return m_dialogs; }

private:
    std::string routeToCallee(const sip_s* response) const;

    /// "host:port" of our first listen address, as traces name Tollgate; built on first use
    /// (the listen addresses are known only once SIP has started).
    const std::string& selfAddress();

    DialogTracker& m_dialogs;
    CallTraceStore& m_traces;
    const LocalAddresses& m_local;
    std::string m_selfAddress;
};

} // namespace tollgate
