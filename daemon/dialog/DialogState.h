#pragma once

#include <QString>
#include <cstdint>

namespace tollgate {

/// Where a call (an INVITE dialog) stands.
enum class DialogState : std::uint8_t
{
    Trying,     ///< The INVITE was relayed; no provisional answer (other than 100) yet.
    Early,      ///< A provisional answer (180, 183, ...) came back.
    Confirmed,  ///< A 2xx came back: the call is up.
    Terminated, ///< Ended; see DialogEndReason. Kept a short while, then forgotten.
};

/// What happened to a call, as the SIP adapter (or the tracker's own sweep) reports it.
enum class DialogEvent : std::uint8_t
{
    InviteRelayed,   ///< The INVITE went to a (next) destination: a failover starts a new branch.
    Provisional,     ///< A provisional answer above 100 (180, 183, ...) was relayed upstream.
    Success,         ///< A 2xx answer to the INVITE.
    Failure,         ///< The final failure response sent upstream (after any failover).
    Ack,             ///< The ACK of the 2xx.
    InDialogRequest, ///< Another request inside the dialog (re-INVITE, UPDATE, PRACK, INFO, ...).
    ByeFromCaller,   ///< BYE sent by the caller.
    ByeFromCallee,   ///< BYE sent by the callee.
    Cancel,          ///< The caller cancelled the INVITE.
    Expired,         ///< Too old: no answer within the setup timeout, or past the maximum lifetime.
    EndedByOperator, ///< calls.end.
};

/// Why a call ended.
enum class DialogEndReason : std::uint8_t
{
    None,            ///< Not ended.
    CallerHungUp,    ///< BYE from the caller.
    CalleeHungUp,    ///< BYE from the callee.
    Rejected,        ///< A final failure response (after failover, if any).
    Canceled,        ///< CANCEL from the caller before an answer.
    NoAnswer,        ///< Still unanswered after the setup timeout.
    MaxLifetime,     ///< Answered, but older than the maximum call lifetime.
    EndedByOperator, ///< Ended through the control socket.
};

/// The outcome of one event in one state.
struct DialogTransition
{
    DialogState next = DialogState::Trying;
    /// The event belongs to this state and its data is recorded. False: it is ignored (a
    /// retransmission, a race such as a 2xx crossing a CANCEL, or a message that cannot happen
    /// in this state) and the state stays.
    bool applies = false;
    DialogEndReason endReason = DialogEndReason::None; ///< Set when the event ends the call.
};

/// The dialog state machine, as one table (state x event -> transition). Every row is tested
/// in TestDialogTracker; docs/destinations-and-dialogs.md prints it for operators.
DialogTransition dialogTransition(DialogState state, DialogEvent event);

/// "trying", "early", "confirmed", "terminated".
QString dialogStateName(DialogState state);
bool parseDialogState(const QString& name, DialogState* state);
/// "invite-relayed", "provisional", "success", ..., "ended-by-operator".
QString dialogEventName(DialogEvent event);
/// "", "caller-bye", "callee-bye", "rejected", "canceled", "no-answer", "max-lifetime", "ended-by-operator".
QString dialogEndReasonName(DialogEndReason reason);

/// Number of values of each enum, for tables indexed by them.
constexpr int DialogStateCount = 4;
constexpr int DialogEventCount = 11;
constexpr int DialogEndReasonCount = 8;

} // namespace tollgate
