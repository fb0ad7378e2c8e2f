#include "DialogState.h"

namespace tollgate {

namespace {

DialogTransition stay(DialogState state)
{
    return DialogTransition{state, true, DialogEndReason::None};
}

DialogTransition ignore(DialogState state)
{
    return DialogTransition{state, false, DialogEndReason::None};
}

DialogTransition moveTo(DialogState state)
{
    return DialogTransition{state, true, DialogEndReason::None};
}

DialogTransition end(DialogEndReason reason)
{
    return DialogTransition{DialogState::Terminated, true, reason};
}

} // namespace

DialogTransition dialogTransition(DialogState state, DialogEvent event)
{
    switch (state) {
    case DialogState::Trying:
    case DialogState::Early:
        switch (event) {
        case DialogEvent::InviteRelayed:
            // Failover: the previous branch (and its early dialog) is gone; a new one starts.
            return moveTo(DialogState::Trying);
        case DialogEvent::Provisional:
            return moveTo(DialogState::Early);
        case DialogEvent::Success:
            return moveTo(DialogState::Confirmed);
        case DialogEvent::Failure:
            return end(DialogEndReason::Rejected);
        case DialogEvent::Ack:
            return ignore(state); // the ACK of a failure response is hop-by-hop
        case DialogEvent::InDialogRequest:
            // PRACK and UPDATE live in early dialogs; nothing can reach a dialog without a tag.
            return state == DialogState::Early ? stay(state) : ignore(state);
        case DialogEvent::ByeFromCaller:
            // RFC 3261 15: the caller may end an early dialog with BYE.
            return state == DialogState::Early ? end(DialogEndReason::CallerHungUp) : ignore(state);
        case DialogEvent::ByeFromCallee:
            return ignore(state); // the callee must not send BYE in an early dialog
        case DialogEvent::Cancel:
            return end(DialogEndReason::Canceled);
        case DialogEvent::Expired:
            return end(DialogEndReason::NoAnswer);
        case DialogEvent::EndedByOperator:
            return end(DialogEndReason::EndedByOperator);
        }
        break;
    case DialogState::Confirmed:
        switch (event) {
        case DialogEvent::InviteRelayed:
        case DialogEvent::Provisional:
        case DialogEvent::Success: // a retransmitted 2xx, or the 2xx of a downstream fork
        case DialogEvent::Failure:
        case DialogEvent::Cancel: // a CANCEL after the 2xx has no effect (RFC 3261 9.2)
            return ignore(state);
        case DialogEvent::Ack:
        case DialogEvent::InDialogRequest:
            return stay(state);
        case DialogEvent::ByeFromCaller:
            return end(DialogEndReason::CallerHungUp);
        case DialogEvent::ByeFromCallee:
            return end(DialogEndReason::CalleeHungUp);
        case DialogEvent::Expired:
            return end(DialogEndReason::MaxLifetime);
        case DialogEvent::EndedByOperator:
            return end(DialogEndReason::EndedByOperator);
        }
        break;
    case DialogState::Terminated:
        // Late retransmissions, the 2xx that crossed a CANCEL, the BYE of a call ended from the
        // middle: the call has ended for Tollgate, the endpoints settle the rest by themselves.
        return ignore(state);
    }
    return ignore(state);
}

QString dialogStateName(DialogState state)
{
    switch (state) {
    case DialogState::Trying:
        return QStringLiteral("trying");
    case DialogState::Early:
        return QStringLiteral("early");
    case DialogState::Confirmed:
        return QStringLiteral("confirmed");
    case DialogState::Terminated:
        return QStringLiteral("terminated");
    }
    return QStringLiteral("trying");
}

bool parseDialogState(const QString& name, DialogState* state)
{
    for (int index = 0; index < DialogStateCount; ++index) {
        const auto candidate = static_cast<DialogState>(index);
        if (dialogStateName(candidate) == name) {
            *state = candidate;
            return true;
        }
    }
    return false;
}

QString dialogEventName(DialogEvent event)
{
    switch (event) {
    case DialogEvent::InviteRelayed:
        return QStringLiteral("invite-relayed");
    case DialogEvent::Provisional:
        return QStringLiteral("provisional");
    case DialogEvent::Success:
        return QStringLiteral("success");
    case DialogEvent::Failure:
        return QStringLiteral("failure");
    case DialogEvent::Ack:
        return QStringLiteral("ack");
    case DialogEvent::InDialogRequest:
        return QStringLiteral("in-dialog-request");
    case DialogEvent::ByeFromCaller:
        return QStringLiteral("bye-from-caller");
    case DialogEvent::ByeFromCallee:
        return QStringLiteral("bye-from-callee");
    case DialogEvent::Cancel:
        return QStringLiteral("cancel");
    case DialogEvent::Expired:
        return QStringLiteral("expired");
    case DialogEvent::EndedByOperator:
        return QStringLiteral("ended-by-operator");
    }
    return QString();
}

QString dialogEndReasonName(DialogEndReason reason)
{
    switch (reason) {
    case DialogEndReason::None:
        return QString();
    case DialogEndReason::CallerHungUp:
        return QStringLiteral("caller-bye");
    case DialogEndReason::CalleeHungUp:
        return QStringLiteral("callee-bye");
    case DialogEndReason::Rejected:
        return QStringLiteral("rejected");
    case DialogEndReason::Canceled:
        return QStringLiteral("canceled");
    case DialogEndReason::NoAnswer:
        return QStringLiteral("no-answer");
    case DialogEndReason::MaxLifetime:
        return QStringLiteral("max-lifetime");
    case DialogEndReason::EndedByOperator:
        return QStringLiteral("ended-by-operator");
    }
    return QString();
}

} // namespace tollgate
