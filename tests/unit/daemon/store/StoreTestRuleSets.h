#pragma once

// Rulesets shared by the store tests: valid ones (they pass RuleSetValidator) that exercise every
// table of the projection, and variants of different sizes for apply/rollback/diff loops.

#include "model/RuleSet.h"

namespace tollgate::test {

inline Condition makeCondition(ConditionKind kind)
{
    Condition condition;
    condition.kind = kind;
    return condition;
}

inline Action makeAction(ActionKind kind)
{
    Action action;
    action.kind = kind;
    return action;
}

/// A ruleset with every condition kind and every action kind, carriers with addresses and
/// mappings, a group with destinations, a cache and two routes.
inline RuleSet richRuleSet()
{
    RuleSet ruleSet;
    ruleSet.flags = {{QStringLiteral("INTERNALLY_SOURCED"), QStringLiteral("The request came from our core")},
                     {QStringLiteral("NEEDS_SHORT_TIMER"), QString()}};

    Carrier acme;
    acme.name = QStringLiteral("acme");
    acme.description = QStringLiteral("Acme Telecom");
    acme.addresses = {{QStringLiteral("203.0.113.0/24"), 5060, Transport::Udp},
                      {QStringLiteral("2001:db8::/32"), 0, Transport::Any}};
    acme.mappings = {{QStringLiteral("10.20.0.5"), QStringLiteral("198.51.100.5")}};
    acme.maxConcurrentCalls = 200;
    acme.maxCallsPerSecond = 20;
    Carrier core;
    core.name = QStringLiteral("core");
    core.trusted = true;
    core.addresses = {{QStringLiteral("192.0.2.10"), 5060, Transport::Tcp}};
    ruleSet.carriers = {acme, core};

    DestinationGroup proxies;
    proxies.name = QStringLiteral("core-proxies");
    proxies.description = QStringLiteral("Core proxies A and B");
    proxies.destinations = {
        {QStringLiteral("sip:10.0.0.10:5060"), 0, 1, true, QStringLiteral("proxy A"), QString()},
        {QStringLiteral("sip:10.0.0.11:5060;transport=tcp"), 1, 3, true, QStringLiteral("proxy B"), QString()}};
    proxies.probe.aliveCodes = {200, 404};
    ruleSet.groups = {proxies};

    ruleSet.caches = {{QStringLiteral("associations"), QStringLiteral("Call-ID -> destination"), 600, 5000}};

    Rule markInternal;
    markInternal.name = QStringLiteral("mark-internal");
    markInternal.conditions = {makeCondition(ConditionKind::SourceTrusted)};
    Action setInternal = makeAction(ActionKind::SetFlag);
    setInternal.flag = QStringLiteral("INTERNALLY_SOURCED");
    markInternal.actions = {setInternal};

    Rule options;
    options.name = QStringLiteral("options");
    options.description = QStringLiteral("Answer OPTIONS that did not come from the core");
    Condition isOptions = makeCondition(ConditionKind::Method);
    isOptions.methods = {QStringLiteral("OPTIONS")};
    Condition notInternal = makeCondition(ConditionKind::Flag);
    notInternal.flag = QStringLiteral("INTERNALLY_SOURCED");
    notInternal.negate = true;
    options.conditions = {isOptions, notInternal};
    Action reply = makeAction(ActionKind::Reply);
    reply.code = 503;
    reply.reason = QStringLiteral("Options Reply");
    options.actions = {reply};
    options.then = RuleContinuation::Stop;

    Rule fromAcme;
    fromAcme.name = QStringLiteral("from-acme");
    Condition carrier = makeCondition(ConditionKind::SourceCarrier);
    carrier.carrier = QStringLiteral("acme");
    Condition cidr = makeCondition(ConditionKind::SourceCidr);
    cidr.cidr = QStringLiteral("203.0.113.0/24");
    Condition transport = makeCondition(ConditionKind::Transport);
    transport.transports = {QStringLiteral("udp"), QStringLiteral("tcp")};
    Condition match = makeCondition(ConditionKind::Match);
    match.field = QStringLiteral("ruri.user");
    match.op = MatchOp::Prefix;
    match.value = QStringLiteral("+44");
    Condition header = makeCondition(ConditionKind::HeaderPresent);
    header.header = QStringLiteral("X-Account");
    Condition inDialog = makeCondition(ConditionKind::InDialog);
    inDialog.negate = true;
    Condition known = makeCondition(ConditionKind::CacheHasKey);
    known.cache = QStringLiteral("associations");
    known.key = QStringLiteral("{call_id}");
    known.negate = true;
    fromAcme.conditions = {
        makeCondition(ConditionKind::SourceAnyCarrier), carrier, cidr, transport, match, header, inDialog, known};
    Action load = makeAction(ActionKind::CacheLoad);
    load.cache = QStringLiteral("associations");
    load.key = QStringLiteral("{from.user}");
    load.variable = QStringLiteral("previous");
    Action store = makeAction(ActionKind::CacheStore);
    store.cache = QStringLiteral("associations");
    store.key = QStringLiteral("{call_id}");
    store.value = QStringLiteral("{var.previous}");
    Action forget = makeAction(ActionKind::CacheDelete);
    forget.cache = QStringLiteral("associations");
    forget.key = QStringLiteral("{from.user}");
    Action rewrite = makeAction(ActionKind::RewriteUri);
    rewrite.part = QStringLiteral("host");
    rewrite.value = QStringLiteral("core.example.net");
    Action addHeader = makeAction(ActionKind::AddHeader);
    addHeader.header = QStringLiteral("X-Carrier");
    addHeader.value = QStringLiteral("{carrier}");
    Action removeHeader = makeAction(ActionKind::RemoveHeader);
    removeHeader.header = QStringLiteral("X-Account");
    Action log = makeAction(ActionKind::Log);
    log.level = QStringLiteral("info");
    log.message = QStringLiteral("call {call_id} from {source.ip}");
    Action timer = makeAction(ActionKind::SetTimer);
    timer.milliseconds = 5000;
    Action clear = makeAction(ActionKind::ClearFlag);
    clear.flag = QStringLiteral("NEEDS_SHORT_TIMER");
    Action callRelay = makeAction(ActionKind::CallRoute);
    callRelay.route = QStringLiteral("RELAY");
    fromAcme.actions = {
        load, store, forget, rewrite,  addHeader, removeHeader, makeAction(ActionKind::ApplyCarrierMapping),
        log,  timer, clear,  callRelay};

    Rule toUri;
    toUri.name = QStringLiteral("to-request-uri");
    toUri.enabled = false;
    Action relayUri = makeAction(ActionKind::Relay);
    relayUri.uri = QStringLiteral("{ruri}");
    toUri.actions = {relayUri};

    Rule drop;
    drop.name = QStringLiteral("drop-the-rest");
    drop.actions = {makeAction(ActionKind::Drop)};

    Route main;
    main.name = QStringLiteral("MAIN");
    main.description = QStringLiteral("Entry point");
    main.rules = {markInternal, options, fromAcme, toUri, drop};

    Rule toCore;
    toCore.name = QStringLiteral("to-core");
    Action relayGroup = makeAction(ActionKind::Relay);
    relayGroup.group = QStringLiteral("core-proxies");
    relayGroup.stickyCache = QStringLiteral("associations");
    relayGroup.stickyKey = QStringLiteral("{call_id}");
    toCore.actions = {relayGroup};
    Route relay;
    relay.name = QStringLiteral("RELAY");
    relay.rules = {toCore};

    ruleSet.routes = {main, relay};
    return ruleSet;
}

/// A small valid ruleset whose size and content depend on `variant`: `variant * 3 + 1` rules in
/// MAIN, one carrier per variant, so that two variants differ in every projection table.
inline RuleSet variantRuleSet(int variant)
{
    RuleSet ruleSet;
    ruleSet.flags = {{QStringLiteral("VARIANT_%1").arg(variant), QStringLiteral("variant %1").arg(variant)}};
    Carrier carrier;
    carrier.name = QStringLiteral("carrier-%1").arg(variant);
    carrier.addresses = {{QStringLiteral("198.51.100.%1").arg(variant % 250 + 1), 5060, Transport::Udp}};
    ruleSet.carriers = {carrier};
    DestinationGroup group;
    group.name = QStringLiteral("group-%1").arg(variant);
    group.destinations = {{QStringLiteral("sip:10.1.0.%1:5060").arg(variant % 250 + 1), 0, 1, true, QString(), QString()}};
    ruleSet.groups = {group};

    Route main;
    main.name = QStringLiteral("MAIN");
    for (int index = 0; index < variant * 3; ++index) {
        Rule rule;
        rule.name = QStringLiteral("rule-%1").arg(index + 1);
        Condition method = makeCondition(ConditionKind::Method);
        method.methods = {QStringLiteral("INVITE")};
        Condition user = makeCondition(ConditionKind::Match);
        user.field = QStringLiteral("ruri.user");
        user.value = QStringLiteral("%1").arg(1000 + index);
        rule.conditions = {method, user};
        Action flag = makeAction(ActionKind::SetFlag);
        flag.flag = ruleSet.flags.first().name;
        Action relay = makeAction(ActionKind::Relay);
        relay.group = group.name;
        rule.actions = {flag, relay};
        main.rules.append(rule);
    }
    Rule rest;
    rest.name = QStringLiteral("reject-the-rest");
    Action reply = makeAction(ActionKind::Reply);
    reply.code = 404;
    reply.reason = QStringLiteral("Not Found %1").arg(variant);
    rest.actions = {reply};
    main.rules.append(rest);
    ruleSet.routes = {main};
    return ruleSet;
}

} // namespace tollgate::test
