#include "TrafficControl.h"

#include "ControlViews.h"
#include "DaemonApp.h"
#include "control/ControlServer.h"
#include "dialog/CallEndOrders.h"
#include "dialog/CallQuery.h"
#include "model/NameSuggestion.h"
#include "protocol/ControlErrorCode.h"

#include <QJsonArray>
#include <QTimer>

#include <chrono>

namespace tollgate {

namespace {

using Params = QJsonObject;

std::int64_t monotonicMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

/// A method's outcome computed on the SIP thread: a result, or an error for the responder.
struct Outcome
{
    bool ok = true;
    ControlErrorCode code = ControlErrorCode::Failed;
    QString message;
    QJsonObject result;

    static Outcome success(QJsonObject value) { return Outcome{true, ControlErrorCode::Failed, {}, std::move(value)}; }
    static Outcome failure(ControlErrorCode code, QString message) { return Outcome{false, code, std::move(message), {}}; }

    void answer(const ControlResponder& responder) const
    {
        if (ok)
            responder.result(result);
        else
            responder.error(code, message);
    }
};

/// Finds the destination an operator named (its name or URI, in `group` when given).
Outcome resolveDestination(const DestinationTable& table, const QString& method, const QString& name,
                           const QString& group, int* id)
{
    QList<int> matches;
    QStringList known;
    for (const DestinationStatus& status : table.snapshot()) {
        if (status.retired)
            continue;
        known << (status.name.isEmpty() ? status.uri : status.name);
        if (!group.isEmpty() && status.group != group)
            continue;
        if (status.name == name || status.uri == name)
            matches.append(status.id);
    }
    if (matches.size() == 1) {
        *id = matches.first();
        return Outcome::success({});
    }
    if (matches.size() > 1) {
        QStringList groups;
        for (const int match : matches)
            groups << table.groupName(table.groupOf(match));
        return Outcome::failure(ControlErrorCode::Conflict,
                                QStringLiteral("%1: destination '%2' is in groups %3: name the group (--group)")
                                    .arg(method, name, groups.join(QStringLiteral(", "))));
    }
    const QString suggestion = suggestName(name, known);
    return Outcome::failure(ControlErrorCode::NotFound,
                            QStringLiteral("%1: unknown destination '%2'%3%4")
                                .arg(method, name, group.isEmpty() ? QString() : QStringLiteral(" in group ") + group,
                                     suggestion.isEmpty() ? QString()
                                                          : QStringLiteral(" (did you mean '%1'?)").arg(suggestion)));
}

QJsonObject destinationChange(const DestinationTable& table, int id)
{
    const DestinationStatus status = table.status(id);
    return QJsonObject{{QStringLiteral("group"), status.group},
                       {QStringLiteral("destination"), status.name.isEmpty() ? status.uri : status.name},
                       {QStringLiteral("uri"), status.uri},
                       {QStringLiteral("state"), destinationAdminStateName(status.admin)}};
}

} // namespace

TrafficControl::TrafficControl(DaemonApp& daemon, ControlServer& server, QObject* parent)
    : QObject(parent)
    , m_daemon(daemon)
    , m_server(server)
{
    auto* sampler = new QTimer(this);
    connect(sampler, &QTimer::timeout, this, &TrafficControl::sampleCallTotal);
    sampler->start(1000);
}

void TrafficControl::sampleCallTotal()
{
    m_daemon.dataPlane().query<std::uint64_t>(
        [](DataPlane::State& state) { return state.dialogs.statistics().totals.total; },
        [this](std::uint64_t total) {
            m_callSamples.emplace_back(monotonicMs(), total);
            while (m_callSamples.size() > 11)
                m_callSamples.pop_front();
        });
}

void TrafficControl::collectStats(std::function<void(QJsonObject)> done)
{
    double callsPerSecond = 0;
    if (m_callSamples.size() >= 2) {
        const auto& [firstTime, firstTotal] = m_callSamples.front();
        const auto& [lastTime, lastTotal] = m_callSamples.back();
        if (lastTime > firstTime)
            callsPerSecond = double(lastTotal - firstTotal) * 1000.0 / double(lastTime - firstTime);
    }
    const ProxyCounters& counters = m_daemon.dataPlane().counters();
    const auto value = [](const ProxyCounters::Counter& counter) {
        return double(counter.load(std::memory_order_relaxed));
    };
    QJsonObject responses;
    for (int index = 1; index <= 6; ++index)
        responses.insert(QStringLiteral("%1xx").arg(index), value(counters.responsesByClass[std::size_t(index)]));
    const QJsonObject pipeline{
        {QStringLiteral("requestsReceived"), value(counters.requestsReceived)},
        {QStringLiteral("responsesReceived"), value(counters.responsesReceived)},
        {QStringLiteral("initialRequests"), value(counters.initialRequests)},
        {QStringLiteral("inDialogRequests"), value(counters.inDialogRequests)},
        {QStringLiteral("requestsRelayed"), value(counters.requestsRelayed)},
        {QStringLiteral("requestsRepliedLocally"), value(counters.requestsRepliedLocally)},
        {QStringLiteral("requestsDropped"), value(counters.requestsDropped)},
        {QStringLiteral("malformedDropped"), value(counters.malformedDropped)},
        {QStringLiteral("tooManyHops"), value(counters.tooManyHops)},
        {QStringLiteral("loopsDetected"), value(counters.loopsDetected)},
        {QStringLiteral("overloadRejected"), value(counters.overloadRejected)},
        {QStringLiteral("failovers"), value(counters.failovers)},
        {QStringLiteral("finalReplyTimeouts"), value(counters.finalReplyTimeouts)},
        {QStringLiteral("strayResponsesForwarded"), value(counters.strayResponsesForwarded)},
        {QStringLiteral("strayResponsesDropped"), value(counters.strayResponsesDropped)},
        {QStringLiteral("lateAnswersReleased"), value(counters.lateAnswersReleased)},
        {QStringLiteral("internalErrors"), value(counters.internalErrors)},
    };
    m_daemon.dataPlane().query<QJsonObject>(
        [=](DataPlane::State& state) {
            const CallStatistics statistics = state.dialogs.statistics();
            QJsonArray carriers;
            for (int id = 0; id < state.carriers.count(); ++id) {
                if (!state.carriers.isCurrent(id))
                    continue;
                const CallCounters calls = state.dialogs.carrierCounters(id);
                const CallLimiter::Counters limits = state.limiter.counters(id);
                carriers.append(QJsonObject{
                    {QStringLiteral("name"), QString::fromStdString(state.carriers.name(id))},
                    {QStringLiteral("active"), double(calls.active)},
                    {QStringLiteral("total"), double(calls.total)},
                    {QStringLiteral("answered"), double(calls.answered)},
                    {QStringLiteral("rejected"), double(limits.rejectedConcurrency + limits.rejectedRate)},
                });
            }
            QJsonArray destinations;
            for (const DestinationStatus& status : state.destinations.snapshot()) {
                if (status.retired)
                    continue;
                destinations.append(QJsonObject{
                    {QStringLiteral("group"), status.group},
                    {QStringLiteral("name"), status.name.isEmpty() ? status.uri : status.name},
                    {QStringLiteral("uri"), status.uri},
                    {QStringLiteral("active"), status.activeCalls},
                    {QStringLiteral("attempts"), double(status.attempts)},
                    {QStringLiteral("failures"), double(status.failures + status.timeouts)},
                });
            }
            QJsonObject all = pipeline;
            const SipProxy::TransactionLayerStats layer = state.proxy.transactionLayerStats();
            all.insert(QStringLiteral("badMessages"), double(layer.badMessages));
            all.insert(QStringLiteral("badRequests"), double(layer.badRequests));
            all.insert(QStringLiteral("badResponses"), double(layer.badResponses));
            all.insert(QStringLiteral("droppedRequests"), double(layer.droppedRequests));
            all.insert(QStringLiteral("droppedResponses"), double(layer.droppedResponses));
            all.insert(QStringLiteral("serverTransactions"), double(layer.serverTransactions));
            all.insert(QStringLiteral("clientTransactions"), double(layer.clientTransactions));
            all.insert(QStringLiteral("pendingInvites"), double(state.proxy.pendingInvites()));
            all.insert(QStringLiteral("callsTotal"), double(statistics.totals.total));
            all.insert(QStringLiteral("callsAnswered"), double(statistics.totals.answered));
            all.insert(QStringLiteral("callsFailed"), double(statistics.totals.failed));
            all.insert(QStringLiteral("callsCanceled"), double(statistics.totals.canceled));
            return QJsonObject{{QStringLiteral("callsPerSecond"), callsPerSecond},
                               {QStringLiteral("activeCalls"), double(statistics.totals.active)},
                               {QStringLiteral("responses"), responses},
                               {QStringLiteral("counters"), all},
                               {QStringLiteral("carriers"), carriers},
                               {QStringLiteral("destinations"), destinations},
                               {QStringLiteral("overloaded"), state.proxy.isOverloaded()},
                               {QStringLiteral("memory"), state.heap.toJson()}};
        },
        std::move(done));
}

void TrafficControl::registerHandlers()
{
    DataPlane& plane = m_daemon.dataPlane();

    m_server.registerHandler(QStringLiteral("stats.get"), [this](const Params&, const CallerIdentity&,
                                                                  ControlResponder responder) {
        collectStats([responder](QJsonObject stats) { responder.result(stats); });
    });

    m_server.registerHandler(
        QStringLiteral("calls.list"), [&plane](const Params& params, const CallerIdentity&, ControlResponder responder) {
            CallFilter filter;
            filter.carrier = params.value(QStringLiteral("carrier")).toString();
            filter.callerContains = params.value(QStringLiteral("caller")).toString();
            filter.calleeContains = params.value(QStringLiteral("callee")).toString();
            filter.minDurationMs = std::int64_t(params.value(QStringLiteral("minDurationSeconds")).toInt()) * 1000;
            const int limit = params.value(QStringLiteral("limit")).toInt(100);
            const int offset = params.value(QStringLiteral("offset")).toInt(0);
            bool failedOnly = false;
            bool endedOnly = false;
            const QString state = params.value(QStringLiteral("state")).toString();
            if (!state.isEmpty())
                filter.state = ControlViews::dialogStateFor(state, &failedOnly, &endedOnly);
            const QString destination = params.value(QStringLiteral("destination")).toString();
            plane.query<Outcome>(
                [=](DataPlane::State& live) mutable {
                    if (!destination.isEmpty()) {
                        int id = -1;
                        const Outcome found =
                            resolveDestination(live.destinations, QStringLiteral("calls.list"), destination, {}, &id);
                        if (!found.ok)
                            return found;
                        filter.destination = QString::fromStdString(live.destinations.uri(id));
                    }
                    // Ended and failed calls share the Terminated state: page after telling them apart.
                    const bool splitTerminated = failedOnly || endedOnly;
                    filter.offset = splitTerminated ? 0 : offset;
                    filter.limit = splitTerminated ? 0 : limit;
                    const CallPage page = live.dialogs.list(filter);
                    QJsonArray calls;
                    int total = page.total;
                    if (splitTerminated) {
                        total = 0;
                        for (const CallSummary& call : page.calls) {
                            if ((call.answeredMs >= 0) != endedOnly)
                                continue;
                            if (total >= offset && calls.size() < limit)
                                calls.append(ControlViews::call(call));
                            ++total;
                        }
                    } else {
                        for (const CallSummary& call : page.calls)
                            calls.append(ControlViews::call(call));
                    }
                    return Outcome::success({{QStringLiteral("total"), total}, {QStringLiteral("calls"), calls}});
                },
                [responder](Outcome outcome) { outcome.answer(responder); });
        });

    m_server.registerHandler(
        QStringLiteral("calls.get"), [&plane](const Params& params, const CallerIdentity&, ControlResponder responder) {
            const std::string callId = params.value(QStringLiteral("callId")).toString().toStdString();
            plane.query<Outcome>(
                [callId](DataPlane::State& live) {
                    CallSummary call;
                    if (!live.dialogs.get(callId, {}, &call)) {
                        return Outcome::failure(ControlErrorCode::NotFound,
                                                QStringLiteral("calls.get: no call with Call-ID '%1' (calls are "
                                                               "listed until shortly after they end)")
                                                    .arg(QString::fromStdString(callId)));
                    }
                    QJsonArray messages;
                    if (const CallTrace* trace = live.traces.find(callId)) {
                        for (const CallTraceEntry& entry : trace->entries)
                            messages.append(ControlViews::message(entry));
                    }
                    return Outcome::success(
                        {{QStringLiteral("call"), ControlViews::call(call)}, {QStringLiteral("messages"), messages}});
                },
                [responder](Outcome outcome) { outcome.answer(responder); });
        });

    m_server.registerHandler(QStringLiteral("calls.end"), [this, &plane](const Params& params,
                                                                         const CallerIdentity& caller,
                                                                         ControlResponder responder) {
        const QString callId = params.value(QStringLiteral("callId")).toString();
        const QString reason = params.value(QStringLiteral("reason")).toString();
        const QString user = caller.userName;
        plane.query<Outcome>(
            [callId, user](DataPlane::State& live) {
                CallEndOrders orders;
                QString error;
                if (!live.dialogs.endByOperator(callId.toStdString(), {}, user, &orders, &error))
                    return Outcome::failure(ControlErrorCode::NotFound, QStringLiteral("calls.end: ") + error);
                if (orders.towardsCaller || orders.towardsCallee) {
                    if (orders.towardsCaller)
                        live.proxy.sendBye(*orders.towardsCaller);
                    if (orders.towardsCallee)
                        live.proxy.sendBye(*orders.towardsCallee);
                } else {
                    live.proxy.cancelPendingCall(orders.callId, orders.fromTag);
                }
                return Outcome::success({{QStringLiteral("ended"), true}});
            },
            [this, responder, callId, reason, user](Outcome outcome) {
                m_daemon.audit(user, QStringLiteral("calls.end"), callId,
                               outcome.ok ? QStringLiteral("ok") : QStringLiteral("refused"),
                               {{QStringLiteral("reason"), reason}});
                outcome.answer(responder);
            });
    });

    m_server.registerHandler(QStringLiteral("destinations.list"), [&plane](const Params& params, const CallerIdentity&,
                                                                           ControlResponder responder) {
        const QString group = params.value(QStringLiteral("group")).toString();
        plane.query<Outcome>(
            [group](DataPlane::State& live) {
                if (!group.isEmpty() && live.destinations.findGroup(group.toStdString()) < 0) {
                    return Outcome::failure(ControlErrorCode::NotFound,
                                            QStringLiteral("destinations.list: unknown group '%1'").arg(group));
                }
                QJsonArray list;
                for (const DestinationStatus& status : live.destinations.snapshot()) {
                    if (!status.retired && (group.isEmpty() || status.group == group))
                        list.append(ControlViews::destination(status));
                }
                return Outcome::success({{QStringLiteral("destinations"), list}});
            },
            [responder](Outcome outcome) { outcome.answer(responder); });
    });

    const auto adminChange = [this, &plane](const QString& method, DestinationAdminState target) {
        m_server.registerHandler(method, [this, &plane, method, target](const Params& params,
                                                                        const CallerIdentity& caller,
                                                                        ControlResponder responder) {
            const QString name = params.value(QStringLiteral("destination")).toString();
            const QString group = params.value(QStringLiteral("group")).toString();
            const QString reason = params.value(QStringLiteral("reason")).toString();
            const QString user = caller.userName;
            plane.query<Outcome>(
                [=](DataPlane::State& live) {
                    int id = -1;
                    Outcome found = resolveDestination(live.destinations, method, name, group, &id);
                    if (!found.ok)
                        return found;
                    QString error;
                    if (!live.destinations.setAdminState(id, target, user, reason, &error))
                        return Outcome::failure(ControlErrorCode::Conflict, method + QStringLiteral(": ") + error);
                    return Outcome::success(destinationChange(live.destinations, id));
                },
                [this, responder, method, name, group, reason, user](Outcome outcome) {
                    const QString audited = outcome.ok ? outcome.result.value(QStringLiteral("group")).toString() +
                                                             u'/' + outcome.result.value(QStringLiteral("uri")).toString()
                                                       : (group.isEmpty() ? name : group + u'/' + name);
                    m_daemon.audit(user, method, audited, outcome.ok ? QStringLiteral("ok") : QStringLiteral("refused"),
                                   {{QStringLiteral("reason"), reason},
                                    {QStringLiteral("error"), outcome.ok ? QString() : outcome.message}});
                    outcome.answer(responder);
                });
        });
    };
    adminChange(QStringLiteral("destinations.enable"), DestinationAdminState::Enabled);
    adminChange(QStringLiteral("destinations.disable"), DestinationAdminState::Disabled);
    adminChange(QStringLiteral("destinations.drain"), DestinationAdminState::Draining);

    m_server.registerHandler(QStringLiteral("groups.failover"), [this, &plane](const Params& params,
                                                                               const CallerIdentity& caller,
                                                                               ControlResponder responder) {
        const QString group = params.value(QStringLiteral("group")).toString();
        const QString reason = params.value(QStringLiteral("reason")).toString();
        const QString user = caller.userName;
        plane.query<Outcome>(
            [=](DataPlane::State& live) {
                QString error;
                const int drained = live.destinations.failoverGroup(group.toStdString(), user, reason, &error);
                if (drained < 0) {
                    const bool unknown = live.destinations.findGroup(group.toStdString()) < 0;
                    return Outcome::failure(unknown ? ControlErrorCode::NotFound : ControlErrorCode::Conflict,
                                            QStringLiteral("groups.failover: ") + error);
                }
                // The destination that takes over: the first usable one in priority order now.
                int next = -1;
                const int groupId = live.destinations.findGroup(group.toStdString());
                for (const int member : live.destinations.members(groupId)) {
                    if (!live.destinations.isUsable(member))
                        continue;
                    if (next < 0 || live.destinations.priority(member) < live.destinations.priority(next))
                        next = member;
                }
                return Outcome::success(
                    {{QStringLiteral("group"), group},
                     {QStringLiteral("from"), QString::fromStdString(live.destinations.uri(drained))},
                     {QStringLiteral("to"),
                      next >= 0 ? QJsonValue(QString::fromStdString(live.destinations.uri(next))) : QJsonValue()}});
            },
            [this, responder, group, reason, user](Outcome outcome) {
                m_daemon.audit(user, QStringLiteral("groups.failover"), group,
                               outcome.ok ? QStringLiteral("ok") : QStringLiteral("refused"),
                               outcome.ok ? QJsonObject{{QStringLiteral("reason"), reason},
                                                        {QStringLiteral("from"), outcome.result.value(QStringLiteral("from"))},
                                                        {QStringLiteral("to"), outcome.result.value(QStringLiteral("to"))}}
                                          : QJsonObject{{QStringLiteral("reason"), reason},
                                                        {QStringLiteral("error"), outcome.message}});
                outcome.answer(responder);
            });
    });
}

} // namespace tollgate
