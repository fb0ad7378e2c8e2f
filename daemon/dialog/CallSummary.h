#pragma once

#include "DialogState.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace tollgate {

/// A copy of one call for calls.list, calls.get and the call events, with names resolved (carrier,
/// group, destination) and times on the wall clock. Plain data: built on the SIP thread, read on
/// any thread.
struct CallSummary
{
    std::uint64_t serial = 0; ///< Creation order; unique for the life of the daemon process.
    QString callId;
    QString fromTag;
    QString toTag;
    QString caller;      ///< From user.
    QString callee;      ///< Request-URI user.
    QString carrier;     ///< Name of the source carrier; empty for none.
    QString group;       ///< Destination group; empty for a relay to a fixed URI.
    QString destination; ///< URI of the current (last tried) next hop.
    QString source;      ///< "ip:port transport" the INVITE came from.
    DialogState state = DialogState::Trying;
    DialogEndReason endReason = DialogEndReason::None;
    int finalCode = 0;            ///< Final response sent upstream; 0 = none yet.
    std::int64_t createdMs = 0;   ///< Wall clock.
    std::int64_t answeredMs = -1; ///< Wall clock; -1 = not answered.
    std::int64_t endedMs = -1;    ///< Wall clock; -1 = not ended.
    std::int64_t durationMs = 0;  ///< Talk time: from the answer to the end (or now); 0 if unanswered.
    std::int64_t ageMs = 0;       ///< From the INVITE to the end (or now).

    /// The dialog details, filled by DialogTracker::get() only (calls.get).
    bool hasDetail = false;
    QString fromHeader;
    QString toHeader;
    QString callerContact;
    QString routeToCaller;
    QString calleeContact;
    QString routeToCallee;
    std::uint32_t callerCSeq = 0;
    std::uint32_t calleeCSeq = 0;
    bool acknowledged = false;

    /// {"serial", "callId", "fromTag", "toTag", "caller", "callee", "carrier", "group",
    /// "destination", "state", "endReason", "finalCode", "created", "answered", "ended",
    /// "durationMs", "ageMs"} (absent times are null), plus "detail" {...} when hasDetail.
    QJsonObject toJson() const;
};

} // namespace tollgate
