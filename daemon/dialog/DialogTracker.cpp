#include "DialogTracker.h"

#include "CarrierRegistry.h"
#include "forward/DestinationTable.h"

#include <algorithm>

namespace tollgate {

namespace {

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

std::string withTag(std::string_view header, std::string_view tag)
{
    std::string value(header);
    if (!tag.empty()) {
        value += ";tag=";
        value += tag;
    }
    return value;
}

} // namespace

DialogTracker::DialogTracker(const Clock& clock, DestinationTable& destinations, const CarrierRegistry& carriers,
                             DialogTrackerSettings settings)
    : m_clock(clock)
    , m_destinations(destinations)
    , m_carriers(carriers)
    , m_settings(settings)
{}

// --- Reports ----------------------------------------------------------------------------------

bool DialogTracker::inviteRelayed(const InviteRelay& relay)
{
    const std::uint32_t slot = m_dialogs.find(relay.callId, relay.fromTag);
    if (slot == DialogIndex::NoSlot || m_dialogs.at(slot).state == DialogState::Terminated) {
        create(relay);
        return true;
    }
    EventData data;
    data.relay = &relay;
    data.cseq = relay.cseq;
    return apply(slot, DialogEvent::InviteRelayed, data);
}

bool DialogTracker::provisional(std::string_view callId, std::string_view fromTag, std::string_view toTag, int code)
{
    if (code <= 100)
        return false; // hop-by-hop; says nothing about the call
    const std::uint32_t slot = m_dialogs.find(callId, fromTag);
    if (slot == DialogIndex::NoSlot)
        return false;
    EventData data;
    data.toTag = toTag;
    data.code = code;
    return apply(slot, DialogEvent::Provisional, data);
}

bool DialogTracker::answered(const InviteAnswer& answer)
{
    const std::uint32_t slot = m_dialogs.find(answer.callId, answer.fromTag);
    if (slot == DialogIndex::NoSlot)
        return false;
    EventData data;
    data.answer = &answer;
    data.code = answer.code;
    return apply(slot, DialogEvent::Success, data);
}

bool DialogTracker::failed(std::string_view callId, std::string_view fromTag, int code)
{
    const std::uint32_t slot = m_dialogs.find(callId, fromTag);
    if (slot == DialogIndex::NoSlot)
        return false;
    EventData data;
    data.code = code;
    return apply(slot, DialogEvent::Failure, data);
}

bool DialogTracker::canceled(std::string_view callId, std::string_view fromTag)
{
    const std::uint32_t slot = m_dialogs.find(callId, fromTag);
    if (slot == DialogIndex::NoSlot)
        return false;
    EventData data;
    data.code = 487;
    return apply(slot, DialogEvent::Cancel, data);
}

bool DialogTracker::acknowledged(std::string_view callId, std::string_view fromTag, std::string_view toTag)
{
    bool fromCaller = true;
    const std::uint32_t slot = m_dialogs.findInDialog(callId, fromTag, toTag, &fromCaller);
    if (slot == DialogIndex::NoSlot)
        return false;
    return apply(slot, DialogEvent::Ack, EventData{});
}

bool DialogTracker::inDialogRequest(std::string_view callId, std::string_view fromTag, std::string_view toTag,
                                    std::uint32_t cseq, std::string_view contact)
{
    EventData data;
    const std::uint32_t slot = m_dialogs.findInDialog(callId, fromTag, toTag, &data.fromCaller);
    if (slot == DialogIndex::NoSlot)
        return false;
    data.cseq = cseq;
    data.contact = contact;
    return apply(slot, DialogEvent::InDialogRequest, data);
}

bool DialogTracker::byeReceived(std::string_view callId, std::string_view fromTag, std::string_view toTag,
                                std::uint32_t cseq)
{
    EventData data;
    const std::uint32_t slot = m_dialogs.findInDialog(callId, fromTag, toTag, &data.fromCaller);
    if (slot == DialogIndex::NoSlot)
        return false;
    data.cseq = cseq;
    return apply(slot, data.fromCaller ? DialogEvent::ByeFromCaller : DialogEvent::ByeFromCallee, data);
}

int DialogTracker::sweep()
{
    const std::int64_t now = m_clock.monotonicMs();
    int expired = 0;
    for (std::uint32_t slot = 0; slot < m_dialogs.slotCount(); ++slot) {
        if (!m_dialogs.isUsed(slot))
            continue;
        const Dialog& dialog = m_dialogs.at(slot);
        switch (dialog.state) {
        case DialogState::Terminated:
            if (now - dialog.endedMs >= m_settings.terminatedRetentionMs)
                forget(slot);
            break;
        case DialogState::Trying:
        case DialogState::Early:
            if (now - dialog.createdMs >= m_settings.setupTimeoutMs && apply(slot, DialogEvent::Expired, EventData{}))
                ++expired;
            break;
        case DialogState::Confirmed:
            if (now - dialog.createdMs >= m_settings.maxLifetimeMs && apply(slot, DialogEvent::Expired, EventData{}))
                ++expired;
            break;
        }
    }
    return expired;
}

// --- State machine ----------------------------------------------------------------------------

bool DialogTracker::apply(std::uint32_t slot, DialogEvent event, const EventData& data)
{
    Dialog& dialog = m_dialogs.at(slot);
    const DialogState before = dialog.state;
    const DialogTransition transition = dialogTransition(before, event);
    if (!transition.applies)
        return false;

    const int destinationBefore = dialog.destination;
    recordData(dialog, event, data);
    if (transition.next != before) {
        --m_byState[std::size_t(before)];
        ++m_byState[std::size_t(transition.next)];
        dialog.state = transition.next;
    }
    if (transition.next == DialogState::Terminated) {
        countEnd(dialog, transition.endReason);
        queueEvent(CallEvent::Type::Ended, dialog, data.user);
    } else if (transition.next != before || dialog.destination != destinationBefore) {
        queueEvent(CallEvent::Type::Updated, dialog);
    }
    return true;
}

void DialogTracker::recordData(Dialog& dialog, DialogEvent event, const EventData& data)
{
    switch (event) {
    case DialogEvent::InviteRelayed:
        // A new branch: the early dialog of the previous one (and its To tag) is gone.
        dialog.text.set(Dialog::ToTag, {});
        dialog.callerCSeq = std::max(dialog.callerCSeq, data.cseq);
        moveToDestination(dialog, *data.relay);
        return;
    case DialogEvent::Provisional:
        if (!data.toTag.empty() && dialog.field(Dialog::ToTag) != data.toTag)
            dialog.text.set(Dialog::ToTag, data.toTag);
        return;
    case DialogEvent::Success: {
        const InviteAnswer& answer = *data.answer;
        std::array<std::string_view, Dialog::FieldCount> values;
        for (std::size_t field = 0; field < Dialog::FieldCount; ++field)
            values[field] = dialog.text.get(field);
        values[Dialog::ToTag] = answer.toTag;
        values[Dialog::CalleeContact] = answer.calleeContact;
        values[Dialog::RouteToCallee] = answer.routeToCallee;
        dialog.text.assign(values);
        dialog.answeredMs = m_clock.monotonicMs();
        dialog.finalCode = std::uint16_t(data.code);
        ++m_totals.answered;
        if (CallCounters* carrier = carrierSlot(dialog.carrier))
            ++carrier->answered;
        if (CallCounters* destination = destinationSlot(dialog.destination))
            ++destination->answered;
        return;
    }
    case DialogEvent::Failure:
    case DialogEvent::Cancel:
        dialog.finalCode = std::uint16_t(data.code);
        return;
    case DialogEvent::Ack:
        dialog.acknowledged = true;
        return;
    case DialogEvent::InDialogRequest:
    case DialogEvent::ByeFromCaller:
    case DialogEvent::ByeFromCallee: {
        std::uint32_t& cseq = data.fromCaller ? dialog.callerCSeq : dialog.calleeCSeq;
        cseq = std::max(cseq, data.cseq);
        const Dialog::Field target = data.fromCaller ? Dialog::CallerContact : Dialog::CalleeContact;
        if (!data.contact.empty() && dialog.field(target) != data.contact)
            dialog.text.set(target, data.contact);
        return;
    }
    case DialogEvent::Expired:
    case DialogEvent::EndedByOperator:
        return;
    }
}

void DialogTracker::moveToDestination(Dialog& dialog, const InviteRelay& relay)
{
    if (dialog.destination >= 0) {
        if (CallCounters* previous = destinationSlot(dialog.destination))
            --previous->active;
        m_destinations.callEnded(dialog.destination);
    }
    dialog.group = relay.group;
    dialog.destination = relay.destination;
    const std::string_view fixedUri = relay.destination >= 0 ? std::string_view() : relay.uri;
    if (dialog.field(Dialog::FixedUri) != fixedUri)
        dialog.text.set(Dialog::FixedUri, fixedUri);
    if (CallCounters* next = destinationSlot(dialog.destination)) {
        ++next->total;
        ++next->active;
        m_destinations.callStarted(dialog.destination);
    }
}

void DialogTracker::countEnd(Dialog& dialog, DialogEndReason reason)
{
    dialog.endedMs = m_clock.monotonicMs();
    dialog.endReason = reason;
    ++m_byEndReason[std::size_t(reason)];
    CallCounters* carrier = carrierSlot(dialog.carrier);
    CallCounters* destination = destinationSlot(dialog.destination);
    const bool failure = reason == DialogEndReason::Rejected || reason == DialogEndReason::NoAnswer;
    const bool cancel = reason == DialogEndReason::Canceled;
    for (CallCounters* counters : {&m_totals, carrier, destination}) {
        if (!counters)
            continue;
        --counters->active;
        counters->failed += failure ? 1 : 0;
        counters->canceled += cancel ? 1 : 0;
    }
    if (dialog.destination >= 0)
        m_destinations.callEnded(dialog.destination);
}

CallCounters* DialogTracker::carrierSlot(int carrier)
{
    if (carrier < 0)
        return nullptr;
    if (m_carrierCounters.size() <= std::size_t(carrier))
        m_carrierCounters.resize(std::size_t(carrier) + 1);
    return &m_carrierCounters[std::size_t(carrier)];
}

CallCounters* DialogTracker::destinationSlot(int destination)
{
    if (destination < 0)
        return nullptr;
    if (m_destinationCounters.size() <= std::size_t(destination))
        m_destinationCounters.resize(std::size_t(destination) + 1);
    return &m_destinationCounters[std::size_t(destination)];
}

// --- Records ----------------------------------------------------------------------------------

std::uint32_t DialogTracker::create(const InviteRelay& relay)
{
    Dialog dialog;
    std::array<std::string_view, Dialog::FieldCount> values{};
    values[Dialog::CallId] = relay.callId;
    values[Dialog::FromTag] = relay.fromTag;
    values[Dialog::Caller] = relay.caller;
    values[Dialog::Callee] = relay.callee;
    values[Dialog::FromHeader] = relay.fromHeader;
    values[Dialog::ToHeader] = relay.toHeader;
    values[Dialog::CallerContact] = relay.callerContact;
    values[Dialog::RouteToCaller] = relay.routeToCaller;
    values[Dialog::Source] = relay.source;
    dialog.text.assign(values);
    dialog.serial = m_nextSerial++;
    dialog.createdMs = m_clock.monotonicMs();
    dialog.callerCSeq = relay.cseq;
    dialog.carrier = relay.carrier;
    dialog.state = DialogState::Trying;
    const std::uint32_t slot = m_dialogs.add(std::move(dialog));
    Dialog& stored = m_dialogs.at(slot);

    ++m_totals.total;
    ++m_totals.active;
    ++m_byState[std::size_t(DialogState::Trying)];
    if (CallCounters* carrier = carrierSlot(stored.carrier)) {
        ++carrier->total;
        ++carrier->active;
    }
    moveToDestination(stored, relay);
    queueEvent(CallEvent::Type::Started, stored);
    return slot;
}

void DialogTracker::forget(std::uint32_t slot)
{
    --m_byState[std::size_t(m_dialogs.at(slot).state)];
    m_dialogs.remove(slot);
}

// --- Control socket ---------------------------------------------------------------------------

bool DialogTracker::endByOperator(std::string_view callId, std::string_view fromTag, const QString& user,
                                  CallEndOrders* orders, QString* error)
{
    const std::uint32_t slot = m_dialogs.find(callId, fromTag);
    if (slot == DialogIndex::NoSlot) {
        *error = QStringLiteral("no call with Call-ID \"%1\"").arg(toQString(callId));
        return false;
    }
    const Dialog& dialog = m_dialogs.at(slot);
    if (dialog.state == DialogState::Terminated) {
        *error = QStringLiteral("call \"%1\" has already ended (%2)")
                     .arg(toQString(callId), dialogEndReasonName(dialog.endReason));
        return false;
    }
    *orders = CallEndOrders{};
    orders->stateBefore = dialog.state;
    orders->callId = std::string(dialog.field(Dialog::CallId));
    orders->fromTag = std::string(dialog.field(Dialog::FromTag));
    if (dialog.state == DialogState::Confirmed) {
        const std::string_view toTag = dialog.field(Dialog::ToTag);
        orders->towardsCallee = ByeRequest{std::string(dialog.field(Dialog::CalleeContact)),
                                           std::string(dialog.field(Dialog::RouteToCallee)),
                                           std::string(dialog.field(Dialog::FromHeader)),
                                           withTag(dialog.field(Dialog::ToHeader), toTag),
                                           orders->callId,
                                           dialog.callerCSeq + 1};
        orders->towardsCaller = ByeRequest{std::string(dialog.field(Dialog::CallerContact)),
                                           std::string(dialog.field(Dialog::RouteToCaller)),
                                           withTag(dialog.field(Dialog::ToHeader), toTag),
                                           std::string(dialog.field(Dialog::FromHeader)),
                                           orders->callId,
                                           dialog.calleeCSeq + 1};
    }
    EventData data;
    data.user = user;
    return apply(slot, DialogEvent::EndedByOperator, data);
}

std::int64_t DialogTracker::toWallMs(std::int64_t monotonicMs) const
{
    return monotonicMs + (m_clock.nowMs() - m_clock.monotonicMs());
}

CallSummary DialogTracker::summarize(const Dialog& dialog, bool withDetail) const
{
    const std::int64_t now = m_clock.monotonicMs();
    const std::int64_t end = dialog.endedMs == Dialog::NoTime ? now : dialog.endedMs;
    CallSummary call;
    call.serial = dialog.serial;
    call.callId = toQString(dialog.field(Dialog::CallId));
    call.fromTag = toQString(dialog.field(Dialog::FromTag));
    call.toTag = toQString(dialog.field(Dialog::ToTag));
    call.caller = toQString(dialog.field(Dialog::Caller));
    call.callee = toQString(dialog.field(Dialog::Callee));
    call.source = toQString(dialog.field(Dialog::Source));
    if (m_carriers.isValid(dialog.carrier))
        call.carrier = QString::fromStdString(m_carriers.name(dialog.carrier));
    if (dialog.group >= 0 && dialog.group < m_destinations.groupCount())
        call.group = m_destinations.groupName(dialog.group);
    call.destination = m_destinations.isValid(dialog.destination)
                           ? QString::fromStdString(m_destinations.uri(dialog.destination))
                           : toQString(dialog.field(Dialog::FixedUri));
    call.state = dialog.state;
    call.endReason = dialog.endReason;
    call.finalCode = dialog.finalCode;
    call.createdMs = toWallMs(dialog.createdMs);
    call.answeredMs = dialog.answeredMs == Dialog::NoTime ? -1 : toWallMs(dialog.answeredMs);
    call.endedMs = dialog.endedMs == Dialog::NoTime ? -1 : toWallMs(dialog.endedMs);
    call.durationMs = dialog.answeredMs == Dialog::NoTime ? 0 : std::max<std::int64_t>(0, end - dialog.answeredMs);
    call.ageMs = std::max<std::int64_t>(0, end - dialog.createdMs);
    if (withDetail) {
        call.hasDetail = true;
        call.fromHeader = toQString(dialog.field(Dialog::FromHeader));
        call.toHeader = toQString(dialog.field(Dialog::ToHeader));
        call.callerContact = toQString(dialog.field(Dialog::CallerContact));
        call.routeToCaller = toQString(dialog.field(Dialog::RouteToCaller));
        call.calleeContact = toQString(dialog.field(Dialog::CalleeContact));
        call.routeToCallee = toQString(dialog.field(Dialog::RouteToCallee));
        call.callerCSeq = dialog.callerCSeq;
        call.calleeCSeq = dialog.calleeCSeq;
        call.acknowledged = dialog.acknowledged;
    }
    return call;
}

CallPage DialogTracker::list(const CallFilter& filter) const
{
    constexpr int Any = -2;
    const int carrier = filter.carrier.isEmpty() ? Any : m_carriers.idOf(filter.carrier.toStdString());
    const int group = filter.group.isEmpty() ? Any : m_destinations.findGroup(filter.group.toStdString());
    if (carrier == -1 || group == -1)
        return CallPage{}; // an unknown name matches no call
    const std::string destination = filter.destination.toStdString();
    const std::string callerPart = filter.callerContains.toStdString();
    const std::string calleePart = filter.calleeContains.toStdString();
    const std::int64_t now = m_clock.monotonicMs();

    std::vector<std::pair<std::uint64_t, std::uint32_t>> matches;
    for (std::uint32_t slot = 0; slot < m_dialogs.slotCount(); ++slot) {
        if (!m_dialogs.isUsed(slot))
            continue;
        const Dialog& dialog = m_dialogs.at(slot);
        if (carrier != Any && dialog.carrier != carrier)
            continue;
        if (group != Any && dialog.group != group)
            continue;
        if (filter.state && dialog.state != *filter.state)
            continue;
        if (filter.activeOnly && dialog.state == DialogState::Terminated)
            continue;
        if (!destination.empty()) {
            const std::string_view uri = m_destinations.isValid(dialog.destination)
                                             ? std::string_view(m_destinations.uri(dialog.destination))
                                             : dialog.field(Dialog::FixedUri);
            if (uri != destination)
                continue;
        }
        if (!callerPart.empty() && dialog.field(Dialog::Caller).find(callerPart) == std::string_view::npos)
            continue;
        if (!calleePart.empty() && dialog.field(Dialog::Callee).find(calleePart) == std::string_view::npos)
            continue;
        if (filter.minDurationMs > 0) {
            const std::int64_t end = dialog.endedMs == Dialog::NoTime ? now : dialog.endedMs;
            if (dialog.answeredMs == Dialog::NoTime || end - dialog.answeredMs < filter.minDurationMs)
                continue;
        }
        matches.emplace_back(dialog.serial, slot);
    }

    CallPage page;
    page.total = int(matches.size());
    const std::size_t offset = std::size_t(std::max(0, filter.offset));
    if (offset >= matches.size())
        return page;
    const std::size_t count =
        filter.limit > 0 ? std::min(std::size_t(filter.limit), matches.size() - offset) : matches.size() - offset;
    const auto newestFirst = [](const auto& a, const auto& b) { return a.first > b.first; };
    std::partial_sort(matches.begin(), matches.begin() + std::ptrdiff_t(offset + count), matches.end(), newestFirst);
    page.calls.reserve(count);
    for (std::size_t index = offset; index < offset + count; ++index)
        page.calls.push_back(summarize(m_dialogs.at(matches[index].second), false));
    return page;
}

bool DialogTracker::get(std::string_view callId, std::string_view fromTag, CallSummary* call) const
{
    const std::uint32_t slot = m_dialogs.find(callId, fromTag);
    if (slot == DialogIndex::NoSlot)
        return false;
    *call = summarize(m_dialogs.at(slot), true);
    return true;
}

CallCounters DialogTracker::carrierCounters(int carrier) const
{
    return carrier >= 0 && std::size_t(carrier) < m_carrierCounters.size() ? m_carrierCounters[std::size_t(carrier)]
                                                                           : CallCounters{};
}

CallCounters DialogTracker::destinationCounters(int destination) const
{
    return destination >= 0 && std::size_t(destination) < m_destinationCounters.size()
               ? m_destinationCounters[std::size_t(destination)]
               : CallCounters{};
}

CallStatistics DialogTracker::statistics() const
{
    CallStatistics statistics;
    statistics.totals = m_totals;
    statistics.byState = m_byState;
    statistics.byEndReason = m_byEndReason;
    statistics.droppedEvents = m_droppedEvents;
    for (std::size_t id = 0; id < m_carrierCounters.size(); ++id) {
        if (m_carrierCounters[id].total > 0 && m_carriers.isValid(int(id)))
            statistics.carriers.push_back(
                {QString::fromStdString(m_carriers.name(int(id))), QString(), m_carrierCounters[id]});
    }
    for (std::size_t id = 0; id < m_destinationCounters.size(); ++id) {
        if (m_destinationCounters[id].total > 0 && m_destinations.isValid(int(id)))
            statistics.destinations.push_back({QString::fromStdString(m_destinations.uri(int(id))),
                                               m_destinations.groupName(m_destinations.groupOf(int(id))),
                                               m_destinationCounters[id]});
    }
    return statistics;
}

// --- Observation ------------------------------------------------------------------------------

void DialogTracker::setObserving(bool observing)
{
    m_observing = observing;
    if (!observing)
        m_events.clear();
}

void DialogTracker::queueEvent(CallEvent::Type type, const Dialog& dialog, const QString& user)
{
    if (!m_observing)
        return;
    if (m_settings.maxQueuedEvents == 0) {
        ++m_droppedEvents;
        return;
    }
    while (m_events.size() >= m_settings.maxQueuedEvents) {
        m_events.pop_front();
        ++m_droppedEvents;
    }
    m_events.push_back(CallEvent{type, m_clock.nowMs(), summarize(dialog, false), user});
}

std::vector<CallEvent> DialogTracker::takeEvents()
{
    std::vector<CallEvent> events(std::make_move_iterator(m_events.begin()), std::make_move_iterator(m_events.end()));
    m_events.clear();
    return events;
}

} // namespace tollgate
