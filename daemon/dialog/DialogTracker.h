#pragma once

#include "CallEndOrders.h"
#include "CallEvent.h"
#include "CallQuery.h"
#include "CallStatistics.h"
#include "CallSummary.h"
#include "Dialog.h"
#include "DialogIndex.h"
#include "DialogState.h"
#include "core/Clock.h"

#include <QString>
#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

namespace tollgate {

class CarrierRegistry;
class DestinationTable;

/// Tunables of DialogTracker.
struct DialogTrackerSettings
{
    /// A call older than this is ended (Expired -> max-lifetime); protects against lost BYEs.
    std::int64_t maxLifetimeMs = 4LL * 3600 * 1000;
    /// A call still unanswered this long after its INVITE is ended (Expired -> no-answer).
    /// Longer than Timer C (3 min), so that the transaction layer normally ends it first.
    std::int64_t setupTimeoutMs = 5LL * 60 * 1000;
    /// How long a terminated call stays listed (and absorbs late retransmissions) before it is
    /// forgotten.
    std::int64_t terminatedRetentionMs = 30'000;
    /// Bound of the event queue when nobody drains it; the oldest events are dropped first.
    std::size_t maxQueuedEvents = 10'000;
};

/// The INVITE relayed to a next hop, as the SIP adapter saw it. Views are copied.
struct InviteRelay
{
    std::string_view callId;
    std::string_view fromTag;
    std::string_view caller;        ///< From user.
    std::string_view callee;        ///< Request-URI user.
    std::string_view fromHeader;    ///< From header value, with its tag.
    std::string_view toHeader;      ///< To header value (no tag yet).
    std::string_view callerContact; ///< Contact URI of the INVITE.
    std::string_view routeToCaller; ///< Record-Route values of the INVITE as received, in order.
    std::uint32_t cseq = 0;
    int carrier = -1;     ///< CarrierRegistry id of the source, -1 for none.
    int group = -1;       ///< DestinationTable group id, -1 for a fixed URI.
    int destination = -1; ///< DestinationTable id, -1 for a fixed URI.
    std::string_view uri; ///< The next hop's URI (kept only for a fixed URI).
    std::string_view source; ///< "ip:port transport" the INVITE came from.
};

/// The 2xx answer to the INVITE. Views are copied.
struct InviteAnswer
{
    std::string_view callId;
    std::string_view fromTag;
    std::string_view toTag;
    int code = 200;
    std::string_view calleeContact; ///< Contact URI of the 2xx.
    /// Record-Route values of the 2xx added downstream of Tollgate, reversed into the order a
    /// request towards the callee takes.
    std::string_view routeToCallee;
};

/// The calls (INVITE dialogs) Tollgate relays, from the first INVITE to their end, for the call
/// list, the statistics, call limits, drain and calls.end. Each report of the SIP adapter is one
/// DialogEvent, run through the single transition table dialogTransition(); the tracker records
/// the event's data only when the transition applies.
///
/// A call is identified by Call-ID and From tag (the To tag arrives with the answer); lookups
/// are O(1) through a hash index over the Call-ID. Records are compact (Dialog: 72 bytes plus
/// the text), so that 50,000 confirmed calls take well under 2 KiB each including the index
/// (TestDialogTracker measures it). Message traces are kept apart (CallTraceStore).
///
/// The tracker tells the DestinationTable when calls start and end on a destination (active
/// calls, drain), keeps counters per carrier and destination, and, while observed, queues
/// CallEvent records for the control socket. Pure: no I/O, time from the injected Clock. Not
/// thread-safe: owned by the SIP thread; the control thread gets copies (list, get, stats).
class DialogTracker
{
public:
    DialogTracker(const Clock& clock, DestinationTable& destinations, const CarrierRegistry& carriers,
                  DialogTrackerSettings settings = {});

    // --- Reports of the SIP adapter -----------------------------------------------------------
    // Each returns true when the event applied to a call (false: no such call, or the event is
    // ignored in its state).

    /// The INVITE was relayed to a next hop: starts a call, or (for a call not answered yet) moves
    /// it to the next destination on failover.
    bool inviteRelayed(const InviteRelay& relay);
    /// A provisional response above 100 was relayed upstream; `toTag` may be empty. 100 is ignored.
    bool provisional(std::string_view callId, std::string_view fromTag, std::string_view toTag, int code);
    /// The 2xx answer was relayed upstream.
    bool answered(const InviteAnswer& answer);
    /// The final failure response `code` was sent upstream (after any failover).
    bool failed(std::string_view callId, std::string_view fromTag, int code);
    /// The caller cancelled the INVITE.
    bool canceled(std::string_view callId, std::string_view fromTag);
    /// The ACK of the 2xx passed; tags as in the ACK.
    bool acknowledged(std::string_view callId, std::string_view fromTag, std::string_view toTag);
    /// Another in-dialog request passed (tags as in the request). `contact` is its Contact URI
    /// when it refreshes the remote target (re-INVITE, UPDATE), empty otherwise.
    bool inDialogRequest(std::string_view callId, std::string_view fromTag, std::string_view toTag, std::uint32_t cseq,
                         std::string_view contact);
    /// A BYE passed (tags as in the BYE); the side is found from the tags.
    bool byeReceived(std::string_view callId, std::string_view fromTag, std::string_view toTag, std::uint32_t cseq);

    /// Ends expired calls (setup timeout, maximum lifetime) and forgets terminated calls past
    /// their retention. Call about once a second; O(calls). Returns the number of calls expired.
    int sweep();

    // --- Control socket -----------------------------------------------------------------------

    /// calls.end: ends the call `callId` (with `fromTag`, or the newest live call of that
    /// Call-ID when empty) on behalf of `user`, and fills *orders with what the adapter must
    /// send. Fails with a message for an unknown or already ended call.
    bool endByOperator(std::string_view callId, std::string_view fromTag, const QString& user, CallEndOrders* orders,
                       QString* error);

    /// calls.list: the matching calls, newest first, one page.
    CallPage list(const CallFilter& filter) const;
    /// calls.get: the call with its dialog details; false when unknown.
    bool get(std::string_view callId, std::string_view fromTag, CallSummary* call) const;
    /// The call part of `stats`.
    CallStatistics statistics() const;

    /// Counters of carrier `carrier` (a CarrierRegistry id); zeros for one never seen.
    CallCounters carrierCounters(int carrier) const;
    /// Counters of destination `destination` (a DestinationTable id); zeros for one never seen.
    CallCounters destinationCounters(int destination) const;
    /// Calls not terminated.
    std::int64_t activeCalls() const { return m_totals.active; }
    /// Records kept, terminated ones included.
    std::size_t size() const { return m_dialogs.size(); }

    // --- Observation --------------------------------------------------------------------------

    /// Queue CallEvent records from now on (true) or stop and drop the queue (false). Off by
    /// default, so that nothing is copied while nobody listens.
    void setObserving(bool observing);
    bool isObserving() const { return m_observing; }
    /// The events queued since the last call, oldest first.
    std::vector<CallEvent> takeEvents();

private:
    /// The data an event carries; which fields matter depends on the event.
    struct EventData
    {
        const InviteRelay* relay = nullptr;
        const InviteAnswer* answer = nullptr;
        std::string_view toTag;
        std::string_view contact;
        std::uint32_t cseq = 0;
        bool fromCaller = true;
        int code = 0;
        QString user;
    };

    std::uint32_t create(const InviteRelay& relay);
    void forget(std::uint32_t slot);
    bool apply(std::uint32_t slot, DialogEvent event, const EventData& data);
    void recordData(Dialog& dialog, DialogEvent event, const EventData& data);
    void moveToDestination(Dialog& dialog, const InviteRelay& relay);
    void countEnd(Dialog& dialog, DialogEndReason reason);
    CallCounters* carrierSlot(int carrier);
    CallCounters* destinationSlot(int destination);
    void queueEvent(CallEvent::Type type, const Dialog& dialog, const QString& user = {});
    CallSummary summarize(const Dialog& dialog, bool withDetail) const;
    std::int64_t toWallMs(std::int64_t monotonicMs) const;

    const Clock& m_clock;
    DestinationTable& m_destinations;
    const CarrierRegistry& m_carriers;
    DialogTrackerSettings m_settings;

    DialogIndex m_dialogs;
    std::uint64_t m_nextSerial = 1;

    CallCounters m_totals;
    std::array<std::int64_t, DialogStateCount> m_byState{};
    std::array<std::uint64_t, DialogEndReasonCount> m_byEndReason{};
    std::vector<CallCounters> m_carrierCounters;
    std::vector<CallCounters> m_destinationCounters;

    bool m_observing = false;
    std::deque<CallEvent> m_events;
    std::uint64_t m_droppedEvents = 0;
};

} // namespace tollgate
