#include "RuleEvaluator.h"

#include "RuleDescription.h"
#include "SipHeaderNames.h"

namespace tollgate {

namespace {

constexpr EvaluationState::Scratch KeyBuffer = EvaluationState::Scratch::Key;
constexpr EvaluationState::Scratch ValueBuffer = EvaluationState::Scratch::Value;

bool startsWith(std::string_view text, std::string_view prefix, bool ignoreCase)
{
    if (text.size() < prefix.size())
        return false;
    return ignoreCase ? sipheader::equalsIgnoreCase(text.substr(0, prefix.size()), prefix)
                      : text.substr(0, prefix.size()) == prefix;
}

QString fromUtf8(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString quoted(std::string_view text)
{
    return QLatin1Char('"') + fromUtf8(text) + QLatin1Char('"');
}

} // namespace

RuleEvaluator::RuleEvaluator(const CompiledRuleSet& ruleSet, const SipRequestView& request,
                             const RequestContext& context, const CacheReader& caches, EvaluationTrace* trace,
                             Walk walk)
    : m_ruleSet(ruleSet)
    , m_request(request)
    , m_context(context)
    , m_trace(trace)
    , m_walk(trace ? Walk::Linear : walk)
    , m_state(ruleSet, request, context, caches, &m_decision)
{}

RouteDecision RuleEvaluator::run()
{
    const int carrier = m_state.carrier();
    if (carrier >= 0) {
        m_decision.flags |= std::uint64_t(1) << CompiledRuleSet::FromCarrierBit;
        if (m_ruleSet.carrierTrusted(carrier))
            m_decision.flags |= std::uint64_t(1) << CompiledRuleSet::FromTrustedBit;
    }
    if (m_request.hasToTag())
        m_decision.flags |= std::uint64_t(1) << CompiledRuleSet::InDialogBit;
    if (m_trace) {
        m_trace->clear();
        m_trace->setStart(carrier >= 0 ? QString::fromStdString(m_ruleSet.carrierName(carrier)) : QString(),
                          m_ruleSet.flagNames(m_decision.flags));
    }

    runRoute(m_ruleSet.mainRoute(), 0);
    m_decision.requestUri = m_state.rewrittenRequestUri();
    return std::move(m_decision);
}

RuleEvaluator::RouteEnd RuleEvaluator::runRoute(int route, int depth)
{
    const CompiledRoute& compiled = m_ruleSet.route(route);
    if (m_walk == Walk::Linear) {
        for (int rule = 0; rule < int(compiled.rules.size()); ++rule) {
            const RuleEnd end = runRule(route, rule, depth);
            if (end == RuleEnd::Decided)
                return RouteEnd::Decided;
            if (end == RuleEnd::Stop)
                return RouteEnd::Returned;
        }
        return RouteEnd::Returned;
    }

    const RuleIndex& index = compiled.index;
    const RuleIndex::RequestKeys keys =
        index.keysFor(m_request.method(), m_state.carrier(), m_context.source.transport);
    unsigned uriVersion = m_state.requestUriVersion();
    RuleIndex::Cursor cursor = index.candidates(keys, index.lookupUser(m_state.uriField(UriField::RuriUser)), 0);
    for (int rule = cursor.next(); rule >= 0; rule = cursor.next()) {
        const RuleEnd end = runRule(route, rule, depth);
        if (end == RuleEnd::Decided)
            return RouteEnd::Decided;
        if (end == RuleEnd::Stop)
            return RouteEnd::Returned;
        if (m_state.requestUriVersion() != uriVersion) {
            // The rule (or a route it called) rewrote the Request-URI: later rules are chosen
            // by the new user.
            uriVersion = m_state.requestUriVersion();
            cursor = index.candidates(keys, index.lookupUser(m_state.uriField(UriField::RuriUser)), rule + 1);
        }
    }
    return RouteEnd::Returned;
}

RuleEvaluator::RuleEnd RuleEvaluator::runRule(int route, int ruleIndex, int depth)
{
    const CompiledRule& rule = m_ruleSet.route(route).rules[std::size_t(ruleIndex)];
    int visit = -1;
    if (m_trace) {
        visit = m_trace->beginVisit(QString::fromStdString(m_ruleSet.routeName(route)),
                                    QString::fromStdString(rule.name), ruleIndex, depth, rule.enabled);
    }
    if (!rule.enabled)
        return RuleEnd::NoMatch;

    for (std::size_t index = 0; index < rule.conditions.size(); ++index) {
        const bool holds = conditionHolds(rule.conditions[index]);
        if (m_trace) {
            const QList<Condition>& sources = m_ruleSet.sourceRule(route, ruleIndex).conditions;
            m_trace->addCondition(visit, RuleDescription::describe(sources.at(qsizetype(index))),
                                  holds ? TraceCondition::Result::Held : TraceCondition::Result::NotHeld);
            for (std::size_t rest = index + 1; !holds && rest < rule.conditions.size(); ++rest) {
                m_trace->addCondition(visit, RuleDescription::describe(sources.at(qsizetype(rest))),
                                      TraceCondition::Result::NotEvaluated);
            }
        }
        if (!holds)
            return RuleEnd::NoMatch;
    }

    for (std::size_t index = 0; index < rule.actions.size(); ++index) {
        const ActionEnd end = runAction(route, ruleIndex, rule.actions[index], depth, visit, int(index));
        if (end != ActionEnd::Next) {
            if (m_trace)
                m_trace->setEnding(visit, end == ActionEnd::Failed ? TraceRuleVisit::Ending::Failed
                                                                   : TraceRuleVisit::Ending::Decided);
            return RuleEnd::Decided;
        }
    }
    const bool stop = rule.then == RuleContinuation::Stop;
    if (m_trace)
        m_trace->setEnding(visit, stop ? TraceRuleVisit::Ending::Stopped : TraceRuleVisit::Ending::Continued);
    return stop ? RuleEnd::Stop : RuleEnd::Continue;
}

bool RuleEvaluator::conditionHolds(const CompiledCondition& condition)
{
    return matches(condition) != condition.negate;
}

bool RuleEvaluator::matches(const CompiledCondition& condition)
{
    switch (condition.kind) {
    case ConditionKind::Method: {
        const std::string_view method = m_request.method();
        for (const std::string& candidate : condition.methods) {
            if (candidate == method)
                return true;
        }
        return false;
    }
    case ConditionKind::Flag:
        return (m_decision.flags >> condition.flagBit) & 1u;
    case ConditionKind::SourceCarrier:
        return m_state.carrier() >= 0 && m_state.carrier() == condition.carrier;
    case ConditionKind::SourceAnyCarrier:
        return m_state.carrier() >= 0;
    case ConditionKind::SourceTrusted:
        return m_state.carrier() >= 0 && m_ruleSet.carrierTrusted(m_state.carrier());
    case ConditionKind::SourceCidr:
        return condition.cidr.contains(m_context.source.ip);
    case ConditionKind::Transport:
        return (condition.transportMask >> int(m_context.source.transport)) & 1u;
    case ConditionKind::Match: {
        // A missing field or header reads as the empty string.
        const std::string_view subject = condition.target.isHeader
                                             ? m_state.header(condition.target.header).value_or(std::string_view())
                                             : m_state.uriField(condition.target.uriField);
        switch (condition.op) {
        case MatchOp::Exact:
            return condition.target.caseInsensitive ? sipheader::equalsIgnoreCase(subject, condition.value)
                                                    : subject == condition.value;
        case MatchOp::Prefix:
            return startsWith(subject, condition.value, condition.target.caseInsensitive);
        case MatchOp::Regex:
            return condition.regex.match(fromUtf8(subject)).hasMatch();
        }
        return false;
    }
    case ConditionKind::HeaderPresent:
        return m_state.header(condition.header).has_value();
    case ConditionKind::InDialog:
        return m_request.hasToTag();
    case ConditionKind::CacheHasKey: {
        const std::string_view key = condition.key.expand(m_state, &m_state.scratch(KeyBuffer));
        return m_state.lookupCache(condition.cache, key, &m_state.scratch(ValueBuffer));
    }
    }
    return false;
}

RuleEvaluator::ActionEnd RuleEvaluator::runAction(int route, int rule, const CompiledAction& action, int depth,
                                                  int visit, int actionIndex)
{
    QString detail;
    QString* const traceDetail = m_trace ? &detail : nullptr;
    int traceAction = -1;
    if (m_trace) {
        const Action& source = m_ruleSet.sourceRule(route, rule).actions.at(actionIndex);
        traceAction = m_trace->addAction(visit, RuleDescription::describe(source));
    }

    ActionEnd end = ActionEnd::Next;
    switch (action.kind) {
    case ActionKind::SetFlag:
        m_decision.flags |= std::uint64_t(1) << action.flagBit;
        if (traceDetail)
            *traceDetail = QStringLiteral("flag %1 set").arg(flagName(action.flagBit));
        break;
    case ActionKind::ClearFlag:
        m_decision.flags &= ~(std::uint64_t(1) << action.flagBit);
        if (traceDetail)
            *traceDetail = QStringLiteral("flag %1 cleared").arg(flagName(action.flagBit));
        break;
    case ActionKind::Reply:
        m_decision.replyCode = action.code;
        m_decision.replyReason = action.reason;
        decide(DecisionOutcome::Reply, route, rule);
        if (traceDetail)
            *traceDetail = QStringLiteral("reply %1 %2").arg(action.code).arg(fromUtf8(action.reason));
        end = ActionEnd::Decided;
        break;
    case ActionKind::Relay:
        end = relay(route, rule, action, traceDetail);
        break;
    case ActionKind::CallRoute: {
        const QString callee = QString::fromStdString(m_ruleSet.routeName(action.route));
        if (depth + 1 > CompiledRuleSet::MaxRouteDepth) {
            fail(route, rule, "Route Depth Exceeded",
                 "callRoute " + m_ruleSet.routeName(action.route) + " nests deeper than " +
                     std::to_string(CompiledRuleSet::MaxRouteDepth) + " routes",
                 traceDetail);
            end = ActionEnd::Failed;
            break;
        }
        const RouteEnd calleeEnd = runRoute(action.route, depth + 1);
        if (traceDetail)
            *traceDetail = calleeEnd == RouteEnd::Decided ? QStringLiteral("route %1 decided").arg(callee)
                                                          : QStringLiteral("route %1 returned").arg(callee);
        if (calleeEnd == RouteEnd::Decided)
            end = ActionEnd::Decided;
        break;
    }
    case ActionKind::SetTimer:
        m_decision.finalReplyTimerMs = action.milliseconds;
        if (traceDetail)
            *traceDetail = QStringLiteral("final-reply timer %1 ms").arg(action.milliseconds);
        break;
    case ActionKind::CacheStore: {
        CacheWrite write;
        write.operation = CacheWrite::Operation::Store;
        write.cache = m_ruleSet.cacheName(action.cache);
        action.key.expandInto(m_state, &write.key);
        action.value.expandInto(m_state, &write.value);
        if (traceDetail)
            *traceDetail = QStringLiteral("cache %1: store %2 = %3 (applied after the evaluation)")
                               .arg(fromUtf8(write.cache), quoted(write.key), quoted(write.value));
        m_decision.cacheWrites.push_back(std::move(write));
        break;
    }
    case ActionKind::CacheLoad: {
        const std::string_view key = action.key.expand(m_state, &m_state.scratch(KeyBuffer));
        std::string& value = m_state.scratch(ValueBuffer);
        const bool hit = m_state.lookupCache(action.cache, key, &value);
        m_state.setVariable(action.variable, hit ? std::string_view(value) : std::string_view());
        if (traceDetail) {
            const QString cache = fromUtf8(m_ruleSet.cacheName(action.cache));
            const QString variable = fromUtf8(m_ruleSet.variableName(action.variable));
            *traceDetail =
                hit ? QStringLiteral("cache %1: hit %2, var.%3 = %4").arg(cache, quoted(key), variable, quoted(value))
                    : QStringLiteral("cache %1: miss %2, var.%3 = \"\"").arg(cache, quoted(key), variable);
        }
        break;
    }
    case ActionKind::CacheDelete: {
        CacheWrite write;
        write.operation = CacheWrite::Operation::Delete;
        write.cache = m_ruleSet.cacheName(action.cache);
        action.key.expandInto(m_state, &write.key);
        if (traceDetail)
            *traceDetail = QStringLiteral("cache %1: delete %2 (applied after the evaluation)")
                               .arg(fromUtf8(write.cache), quoted(write.key));
        m_decision.cacheWrites.push_back(std::move(write));
        break;
    }
    case ActionKind::RewriteUri: {
        const std::string_view value = action.value.expand(m_state, &m_state.scratch(ValueBuffer));
        std::string error;
        if (!m_state.rewriteRequestUri(action.part, value, &error)) {
            fail(route, rule, "Rewrite Failed", error, traceDetail);
            end = ActionEnd::Failed;
            break;
        }
        if (traceDetail)
            *traceDetail = QStringLiteral("Request-URI now %1").arg(fromUtf8(m_state.requestUri()));
        break;
    }
    case ActionKind::AddHeader: {
        HeaderEdit edit;
        edit.operation = HeaderEdit::Operation::Add;
        edit.name = action.header;
        action.value.expandInto(m_state, &edit.value);
        if (traceDetail)
            *traceDetail = QStringLiteral("header %1: %2 added").arg(fromUtf8(edit.name), fromUtf8(edit.value));
        m_decision.headerEdits.push_back(std::move(edit));
        break;
    }
    case ActionKind::RemoveHeader: {
        HeaderEdit edit;
        edit.operation = HeaderEdit::Operation::Remove;
        edit.name = action.header;
        if (traceDetail)
            *traceDetail = QStringLiteral("every %1 header removed").arg(fromUtf8(edit.name));
        m_decision.headerEdits.push_back(std::move(edit));
        break;
    }
    case ActionKind::ApplyCarrierMapping:
        m_decision.applyCarrierMapping = true;
        if (traceDetail)
            *traceDetail = QStringLiteral("carrier IP mapping will be applied");
        break;
    case ActionKind::Log: {
        DecisionLogLine line;
        line.level = action.level;
        action.value.expandInto(m_state, &line.text);
        if (traceDetail)
            *traceDetail = QStringLiteral("logged %1").arg(quoted(line.text));
        m_decision.logLines.push_back(std::move(line));
        break;
    }
    case ActionKind::Drop:
        decide(DecisionOutcome::Drop, route, rule);
        if (traceDetail)
            *traceDetail = QStringLiteral("request dropped");
        end = ActionEnd::Decided;
        break;
    }

    if (m_trace && !detail.isEmpty())
        m_trace->setActionDetail(visit, traceAction, detail);
    return end;
}

RuleEvaluator::ActionEnd RuleEvaluator::relay(int route, int rule, const CompiledAction& action, QString* traceDetail)
{
    if (action.group < 0) {
        const std::string_view uri = action.uri.expand(m_state, &m_state.scratch(ValueBuffer));
        std::string parseError;
        if (!SipUri::parse(uri, &parseError)) {
            fail(route, rule, "Invalid Relay Target",
                 "relay target \"" + std::string(uri) + "\" is not a valid SIP URI: " + parseError, traceDetail);
            return ActionEnd::Failed;
        }
        m_decision.relayUri = uri;
        decide(DecisionOutcome::Relay, route, rule);
        if (traceDetail)
            *traceDetail = QStringLiteral("relay to %1").arg(fromUtf8(uri));
        return ActionEnd::Decided;
    }

    m_decision.groupIndex = action.group;
    const QString group = fromUtf8(m_ruleSet.groupName(action.group));
    if (action.stickyCache >= 0) {
        m_decision.stickyCache = m_ruleSet.cacheName(action.stickyCache);
        action.stickyKey.expandInto(m_state, &m_decision.stickyKey);
        std::string& cached = m_state.scratch(ValueBuffer);
        if (m_state.lookupCache(action.stickyCache, m_decision.stickyKey, &cached))
            m_decision.preferredDestination = cached;
        if (traceDetail) {
            const QString cache = fromUtf8(m_decision.stickyCache);
            *traceDetail =
                m_decision.preferredDestination.empty()
                    ? QStringLiteral("relay to group %1; cache %2: miss %3")
                          .arg(group, cache, quoted(m_decision.stickyKey))
                    : QStringLiteral("relay to group %1, preferring %2 (cache %3: hit %4)")
                          .arg(group, fromUtf8(m_decision.preferredDestination), cache, quoted(m_decision.stickyKey));
        }
    } else if (traceDetail) {
        *traceDetail = QStringLiteral("relay to group %1").arg(group);
    }
    decide(DecisionOutcome::Relay, route, rule);
    return ActionEnd::Decided;
}

void RuleEvaluator::decide(DecisionOutcome outcome, int route, int rule)
{
    m_decision.outcome = outcome;
    m_decision.decidedInRoute = m_ruleSet.routeName(route);
    m_decision.decidedByRule = m_ruleSet.ruleName(route, rule);
    m_decision.decidedRouteIndex = route;
    m_decision.decidedRuleIndex = rule;
}

void RuleEvaluator::fail(int route, int rule, const char* reason, const std::string& why, QString* traceDetail)
{
    m_decision.replyCode = 500;
    m_decision.replyReason = reason;
    m_decision.failure = why;
    decide(DecisionOutcome::Reply, route, rule);
    if (traceDetail)
        *traceDetail = QStringLiteral("failed: %1 -> reply 500 %2").arg(fromUtf8(why), QString::fromLatin1(reason));
}

} // namespace tollgate
