#include "ControlCatalogueData.h"

using namespace Qt::StringLiterals;

namespace tollgate::catalogue {

QList<TopicSpec> eventTopics()
{
    const QList<FieldSpec> callOnly{{u"call"_s, u"call"_s, u"The call as it is now."_s}};
    return {
        {u"calls"_s,
         u"Calls as they are set up, change state and end, and every SIP message of a call."_s,
         {{u"call.created"_s, u"A new call (an initial INVITE was accepted by the rules)."_s, callOnly},
          {u"call.updated"_s, u"A call changed state (ringing, answered) or destination (failover)."_s, callOnly},
          {u"call.ended"_s, u"A call ended (BYE, CANCEL, failure or timeout)."_s, callOnly},
          {u"call.message"_s,
           u"A SIP message of a call was received or sent."_s,
           {{u"callId"_s, u"string"_s, u"The call's Call-ID."_s}, {u"message"_s, u"message"_s, u"The message."_s}}}}},
        {u"destinations"_s,
         u"Changes of a destination's administrative state or health."_s,
         {{u"destination.changed"_s,
           u"A destination was enabled, disabled or drained, or its probes found it up or down."_s,
           {{u"destination"_s, u"destination"_s, u"The destination as it is now."_s},
            {u"previousState"_s, u"string"_s, u"Its administrative state before."_s},
            {u"previousHealth"_s, u"string"_s, u"Its health before."_s},
            {u"user"_s, u"string or null"_s, u"Who changed it; null for a probe result."_s},
            {u"reason"_s, u"string"_s, u"The reason given, or what the probe saw."_s}}}}},
        {u"rules"_s,
         u"A new ruleset became live."_s,
         {{u"rules.applied"_s,
           u"A ruleset was applied or rolled back and is now live."_s,
           {{u"revision"_s, u"revision"_s, u"The new active revision."_s},
            {u"user"_s, u"string"_s, u"Who applied it."_s}}}}},
        {u"stats"_s,
         u"Traffic counters, once a second."_s,
         {{u"stats.tick"_s, u"The same object as the result of stats.get, sent once a second."_s, {}}}},
        {u"audit"_s,
         u"Entries written to the audit log."_s,
         {{u"audit.added"_s,
           u"An entry was written to the audit log."_s,
           {{u"entry"_s, u"auditEntry"_s, u"The entry."_s}}}}},
    };
}

QList<NotificationSpec> serverNotifications()
{
    return {
        {u"events.lost"_s,
         u"The connection fell behind and notifications were dropped; sent once it has caught up. A client "
         u"that stays behind for too long is disconnected."_s,
         {{u"topic"_s, u"string"_s, u"The topic whose notifications were dropped."_s},
          {u"count"_s, u"integer"_s, u"How many were dropped."_s}}},
    };
}

QList<ObjectSpec> sharedObjects()
{
    return {
        {u"call"_s,
         u"A call (a dialog created by an INVITE) as the daemon tracks it."_s,
         {{u"callId"_s, u"string"_s, u"Call-ID."_s},
          {u"state"_s, u"string"_s, u"setup, ringing, answered, ended or failed."_s},
          {u"caller"_s, u"string"_s, u"User part of the From URI."_s},
          {u"callee"_s, u"string"_s, u"User part of the request-URI of the initial INVITE."_s},
          {u"carrier"_s, u"string or null"_s, u"The carrier the call came from or goes to."_s},
          {u"group"_s, u"string or null"_s, u"The destination group it was relayed to."_s},
          {u"destination"_s, u"string or null"_s, u"URI of the destination it was relayed to."_s},
          {u"source"_s, u"string"_s, u"\"ip:port\" the initial INVITE came from."_s},
          {u"transport"_s, u"string"_s, u"udp, tcp or tls."_s},
          {u"startedAt"_s, u"string"_s, u"Time of the initial INVITE, ISO 8601 UTC."_s},
          {u"answeredAt"_s, u"string or null"_s, u"Time of the 2xx, ISO 8601 UTC."_s},
          {u"endedAt"_s, u"string or null"_s, u"Time the call ended, ISO 8601 UTC."_s},
          {u"durationSeconds"_s, u"integer"_s, u"Seconds since the answer (until the end); 0 if unanswered."_s},
          {u"finalCode"_s, u"integer"_s, u"Final response code of the INVITE; 0 before it."_s},
          {u"endReason"_s, u"string"_s,
           u"How it ended: caller-bye, callee-bye, rejected, canceled, no-answer, max-lifetime or "
           u"ended-by-operator; empty while in progress."_s}}},
        {u"message"_s,
         u"One SIP message of a call."_s,
         {{u"time"_s, u"string"_s, u"When it was received or sent, ISO 8601 UTC with milliseconds."_s},
          {u"direction"_s, u"string"_s, u"\"in\" (received) or \"out\" (sent)."_s},
          {u"from"_s, u"string"_s, u"Sender, \"ip:port\"."_s},
          {u"to"_s, u"string"_s, u"Receiver, \"ip:port\"."_s},
          {u"transport"_s, u"string"_s, u"udp, tcp or tls."_s},
          {u"firstLine"_s, u"string"_s, u"Request line or status line."_s},
          {u"text"_s, u"string"_s, u"The whole message."_s}}},
        {u"destination"_s,
         u"One destination of a destination group, with its runtime state."_s,
         {{u"group"_s, u"string"_s, u"Its group."_s},
          {u"name"_s, u"string"_s, u"Its name (its URI when it has none)."_s},
          {u"uri"_s, u"string"_s, u"SIP URI."_s},
          {u"priority"_s, u"integer"_s, u"Lower is preferred (priority groups)."_s},
          {u"weight"_s, u"integer"_s, u"Share of calls (weighted groups)."_s},
          {u"state"_s, u"string"_s, u"Administrative state: enabled, disabled or draining."_s},
          {u"health"_s, u"string"_s, u"up, down, or unknown (not probed yet, or probing off)."_s},
          {u"healthReason"_s, u"string"_s,
           u"What made it up or down (\"probe answered 200 in 3 ms\", \"3 consecutive failures (last: 503 to a "
           u"call)\")."_s},
          {u"healthChangedAt"_s, u"string or null"_s, u"When its health last changed, ISO 8601 UTC."_s},
          {u"active"_s, u"integer"_s, u"Calls in progress through it."_s},
          {u"reason"_s, u"string"_s, u"Why it was disabled or drained; empty when enabled."_s},
          {u"changedBy"_s, u"string"_s, u"Who changed its state last; empty when never changed."_s},
          {u"changedAt"_s, u"string or null"_s, u"When, ISO 8601 UTC."_s},
          {u"usable"_s, u"boolean"_s,
           u"Whether it would take a new call now: enabled, not down (or due a trial call), below its limits."_s},
          {u"lastProbe"_s, u"object or null"_s,
           u"The last OPTIONS probe: {time, code, rttMs}; code 0 when it went unanswered. Null before the "
           u"first probe."_s},
          {u"attempts"_s, u"integer"_s, u"Requests relayed to it whose outcome is known, since the daemon started."_s},
          {u"failures"_s, u"integer"_s, u"Of those, how many got a response that triggers failover."_s},
          {u"timeouts"_s, u"integer"_s, u"Of those, how many got no final reply in time."_s}}},
        {u"revision"_s,
         u"One stored ruleset revision, without its content."_s,
         {{u"id"_s, u"integer"_s, u"1, 2, 3, ... in the order they were created."_s},
          {u"createdAt"_s, u"string"_s, u"ISO 8601 UTC."_s},
          {u"author"_s, u"string"_s, u"The Unix user who applied it."_s},
          {u"comment"_s, u"string"_s, u"The comment given."_s},
          {u"checksum"_s, u"string"_s, u"SHA-256 of the canonical JSON, lower-case hex."_s},
          {u"sizeBytes"_s, u"integer"_s, u"Size of the canonical JSON."_s},
          {u"rolledBackFrom"_s, u"integer"_s, u"The revision it restored; 0 for a plain apply."_s}}},
        {u"diagnostic"_s,
         u"One finding about a ruleset."_s,
         {{u"severity"_s, u"string"_s, u"\"error\" (refused) or \"warning\"."_s},
          {u"path"_s, u"string"_s,
           u"Where: `route MAIN › rule \"options\" › action 2`; empty for the whole "
           u"document."_s},
          {u"message"_s, u"string"_s, u"What is wrong."_s},
          {u"hint"_s, u"string"_s, u"How to fix it (\"did you mean X?\"); may be empty."_s},
          {u"text"_s, u"string"_s, u"`path: message (hint)`, as shown to operators."_s}}},
        {u"change"_s,
         u"One difference between two rulesets."_s,
         {{u"kind"_s, u"string"_s, u"added, removed, changed or moved."_s},
          {u"path"_s, u"string"_s, u"What changed: `carrier \"acme\" › maxCallsPerSecond`."_s},
          {u"before"_s, u"any"_s, u"Canonical JSON of the old value; null when added."_s},
          {u"after"_s, u"any"_s, u"Canonical JSON of the new value; null when removed."_s},
          {u"text"_s, u"string"_s, u"One line for people."_s}}},
        {u"auditEntry"_s,
         u"One entry of the audit log: a mutating method call."_s,
         {{u"id"_s, u"integer"_s, u"Increasing."_s},
          {u"time"_s, u"string"_s, u"ISO 8601 UTC."_s},
          {u"user"_s, u"string"_s, u"The caller's Unix user name."_s},
          {u"action"_s, u"string"_s, u"The method, e.g. \"destinations.disable\"."_s},
          {u"target"_s, u"string"_s, u"What it acted on: a destination, a call, a revision."_s},
          {u"result"_s, u"string"_s, u"\"ok\", or the error message."_s},
          {u"details"_s, u"object"_s, u"The parameters (a ruleset is replaced by its checksum)."_s}}},
    };
}

} // namespace tollgate::catalogue
