// Rule engine benchmark: not a test, nothing here can fail a build. Run it from an optimized
// build and copy the table into docs/benchmarks.md:
//     build/tests/bench/bench_rule_engine
//
// It builds rulesets shaped like a real carrier table -- flag-setting rules first, then rules on
// method, source carrier and Request-URI user prefix, each relaying to a group, then a
// catch-all -- and times evaluation of a request that matches a rule near the end of the route,
// with the candidate index, linearly, and linearly with a trace. It also times validation plus
// compilation of a 10,000-rule ruleset.

#include "FakeSipRequest.h"
#include "model/RuleSetValidator.h"
#include "routing/CacheStore.h"
#include "routing/CompiledRuleSet.h"
#include "routing/RuleEngine.h"

#include <QCoreApplication>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <new>
#include <string>
#include <vector>

using namespace tollgate;
using Clock = std::chrono::steady_clock;

namespace {
/// Heap allocations made by this process so far (counted by the operator new below), to show
/// what one evaluation allocates.
std::atomic<std::uint64_t> g_allocations{0};
} // namespace

void* operator new(std::size_t size)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* memory = std::malloc(size == 0 ? 1 : size))
        return memory;
    throw std::bad_alloc();
}

void operator delete(void* memory) noexcept
{
    std::free(memory);
}

void operator delete(void* memory, std::size_t) noexcept
{
    std::free(memory);
}

namespace {

constexpr int CarrierCount = 40;
constexpr int GroupCount = 16;
constexpr int CarriersPerPrefix = 4; // the same destination prefix is routed per carrier
constexpr std::array<const char*, 12> CountryCodes{"44", "33", "49", "39", "34", "31",
                                                   "1",  "61", "81", "86", "91", "55"};

QString carrierName(int index)
{
    return QStringLiteral("carrier-%1").arg(index, 2, 10, QLatin1Char('0'));
}

/// The destination prefix of table rule `index`, e.g. "+441017".
std::string prefixOf(int tableIndex)
{
    const int prefix = tableIndex / CarriersPerPrefix;
    return std::string("+") + CountryCodes[std::size_t(prefix) % CountryCodes.size()] + std::to_string(1000 + prefix);
}

Condition condition(ConditionKind kind)
{
    Condition result;
    result.kind = kind;
    return result;
}

/// A carrier table of `ruleCount` rules in route MAIN: flag rules, then table rules on method
/// INVITE, source carrier and ruri.user prefix relaying to a group, then a catch-all 404.
RuleSet carrierTable(int ruleCount)
{
    RuleSet ruleSet;
    for (const char* flag : {"INTERNATIONAL", "PREMIUM_RATE", "FROM_PEERING"})
        ruleSet.flags << FlagDefinition{QString::fromLatin1(flag), {}};
    for (int i = 0; i < CarrierCount; ++i) {
        Carrier carrier;
        carrier.name = carrierName(i);
        carrier.addresses << CarrierAddress{QStringLiteral("198.18.%1.0/24").arg(i), 0, Transport::Any};
        carrier.mappings << IpMapping{QStringLiteral("10.255.%1.1").arg(i), QStringLiteral("198.19.%1.1").arg(i)};
        ruleSet.carriers << carrier;
    }
    Carrier core;
    core.name = QStringLiteral("core");
    core.trusted = true;
    core.addresses << CarrierAddress{QStringLiteral("10.0.0.0/24"), 5060, Transport::Any};
    ruleSet.carriers << core;
    for (int i = 0; i < GroupCount; ++i) {
        DestinationGroup group;
        group.name = QStringLiteral("core-%1").arg(i);
        group.destinations << Destination{QStringLiteral("sip:10.0.1.%1:5060").arg(i + 1), 0, 1, true, {}, {}};
        group.destinations << Destination{QStringLiteral("sip:10.0.2.%1:5060").arg(i + 1), 1, 1, true, {}, {}};
        ruleSet.groups << group;
    }

    Route main;
    main.name = QStringLiteral("MAIN");
    const int flagRules = std::max(2, ruleCount / 100);
    for (int i = 0; i < flagRules; ++i) {
        Rule rule;
        rule.name = QStringLiteral("flag-%1").arg(i);
        Condition user = condition(ConditionKind::Match);
        user.field = QStringLiteral("ruri.user");
        user.op = MatchOp::Prefix;
        user.value = QStringLiteral("+%1").arg(QString::fromLatin1(CountryCodes[std::size_t(i) % CountryCodes.size()]));
        rule.conditions << user;
        Action set;
        set.kind = ActionKind::SetFlag;
        set.flag = i % 2 == 0 ? QStringLiteral("INTERNATIONAL") : QStringLiteral("PREMIUM_RATE");
        rule.actions << set;
        main.rules << rule;
    }
    const int tableRules = ruleCount - flagRules - 1;
    for (int i = 0; i < tableRules; ++i) {
        Rule rule;
        rule.name = QStringLiteral("route-%1").arg(i);
        Condition method = condition(ConditionKind::Method);
        method.methods << QStringLiteral("INVITE");
        Condition carrier = condition(ConditionKind::SourceCarrier);
        carrier.carrier = carrierName(i % CarrierCount);
        Condition user = condition(ConditionKind::Match);
        user.field = QStringLiteral("ruri.user");
        user.op = MatchOp::Prefix;
        user.value = QString::fromStdString(prefixOf(i));
        rule.conditions << method << carrier << user;
        Action relay;
        relay.kind = ActionKind::Relay;
        relay.group = QStringLiteral("core-%1").arg(i % GroupCount);
        rule.actions << relay;
        main.rules << rule;
    }
    Rule catchAll;
    catchAll.name = QStringLiteral("no-route");
    Action reply;
    reply.kind = ActionKind::Reply;
    reply.code = 404;
    reply.reason = QStringLiteral("No Route");
    catchAll.actions << reply;
    main.rules << catchAll;
    ruleSet.routes << main;
    return ruleSet;
}

/// The INVITE that matches the last table rule of a `ruleCount`-rule table, and where it comes from.
struct Workload
{
    std::shared_ptr<const CompiledRuleSet> compiled;
    test::FakeSipRequest request{"INVITE", "sip:x@sbc.example.com"};
    RequestContext context;
    int expectedGroup = -1;
};

Workload workload(int ruleCount)
{
    Workload result;
    const RuleSet ruleSet = carrierTable(ruleCount);
    QString error;
    result.compiled = CompiledRuleSet::compile(ruleSet, &error);
    if (!result.compiled)
        qFatal("the benchmark ruleset does not compile: %s", qPrintable(error));
    const int flagRules = std::max(2, ruleCount / 100);
    const int target = ruleCount - flagRules - 2; // the last table rule
    const int carrier = target % CarrierCount;
    result.request = test::FakeSipRequest("INVITE", "sip:" + prefixOf(target) + "5550123@sbc.example.com;user=phone");
    result.request.setFrom("sip:+4420555000@198.18." + std::to_string(carrier) + ".10")
        .setTo("sip:" + prefixOf(target) + "5550123@sbc.example.com")
        .setCallId("bench-call-1@198.18.0.10");
    const SourceAddress source{*IpAddress::parse("198.18." + std::to_string(carrier) + ".10"), 5060, Transport::Udp};
    result.context = result.compiled->makeContext(source, 1'700'000'000'000);
    result.expectedGroup = target % GroupCount;
    return result;
}

struct Timing
{
    double medianNs = 0;
    double p99Ns = 0;
};

/// Times `batches` batches of `batchSize` calls of `run`; a batch's time divided by its size is
/// one sample (a single call is too short for the clock).
Timing measure(const std::function<void()>& run, int batches, int batchSize)
{
    for (int i = 0; i < batches * batchSize / 10; ++i) // warm-up: caches, branch predictors
        run();
    std::vector<double> samples;
    samples.reserve(std::size_t(batches));
    for (int batch = 0; batch < batches; ++batch) {
        const Clock::time_point start = Clock::now();
        for (int i = 0; i < batchSize; ++i)
            run();
        const Clock::duration elapsed = Clock::now() - start;
        samples.push_back(double(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) / batchSize);
    }
    std::sort(samples.begin(), samples.end());
    return Timing{samples[samples.size() / 2], samples[std::min(samples.size() - 1, samples.size() * 99 / 100)]};
}

volatile int g_sink = 0; // keeps the evaluations from being optimized away

/// Heap allocations made by one call of `run` (after a first call has warmed everything up).
std::uint64_t allocationsOf(const std::function<void()>& run)
{
    run();
    const std::uint64_t before = g_allocations.load();
    run();
    return g_allocations.load() - before;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
#ifndef NDEBUG
    std::printf("warning: this is not an optimized build; the figures mean little\n\n");
#endif
    CacheStore caches;

    std::printf("Rule engine: per-message evaluate(), request matching the last table rule (ns)\n\n");
    std::printf("| rules | indexed median | indexed p99 | linear median | linear p99 | traced median | allocations "
                "(indexed) |\n");
    std::printf("|------:|---------------:|------------:|--------------:|-----------:|--------------:|-----------------"
                "-----:|\n");
    for (const int ruleCount : {10, 100, 1000}) {
        const Workload load = workload(ruleCount);
        const RouteDecision check = RuleEngine::evaluate(*load.compiled, load.request, load.context, caches);
        if (check.outcome != DecisionOutcome::Relay || check.groupIndex != load.expectedGroup ||
            !(check == RuleEngine::evaluateLinear(*load.compiled, load.request, load.context, caches)))
            qFatal("the %d-rule workload does not reach its target rule", ruleCount);

        const auto evaluateIndexed = [&] {
            g_sink = g_sink + RuleEngine::evaluate(*load.compiled, load.request, load.context, caches).groupIndex;
        };
        const std::uint64_t allocations = allocationsOf(evaluateIndexed);
        const Timing indexed = measure(evaluateIndexed, 2000, 100);
        const Timing linear = measure(
            [&] {
                g_sink =
                    g_sink + RuleEngine::evaluateLinear(*load.compiled, load.request, load.context, caches).groupIndex;
            },
            ruleCount >= 1000 ? 300 : 1000, ruleCount >= 1000 ? 10 : 100);
        EvaluationTrace trace;
        const Timing traced = measure(
            [&] {
                g_sink = g_sink +
                         RuleEngine::evaluate(*load.compiled, load.request, load.context, caches, &trace).groupIndex;
            },
            ruleCount >= 1000 ? 50 : 200, ruleCount >= 1000 ? 2 : 10);
        std::printf("| %5d | %14.0f | %11.0f | %13.0f | %10.0f | %13.0f | %21llu |\n", ruleCount, indexed.medianNs,
                    indexed.p99Ns, linear.medianNs, linear.p99Ns, traced.medianNs,
                    static_cast<unsigned long long>(allocations));
    }

    constexpr int LargeRuleCount = 10'000;
    constexpr int Repetitions = 9;
    const RuleSet large = carrierTable(LargeRuleCount);
    std::vector<double> validateMs;
    std::vector<double> compileMs;
    std::vector<double> totalMs;
    for (int repetition = 0; repetition < Repetitions; ++repetition) {
        const Clock::time_point start = Clock::now();
        const Diagnostics diagnostics = RuleSetValidator::validate(large);
        const Clock::time_point validated = Clock::now();
        QString error;
        const std::shared_ptr<const CompiledRuleSet> compiled = CompiledRuleSet::compile(large, &error);
        const Clock::time_point done = Clock::now();
        if (hasErrors(diagnostics) || !compiled)
            qFatal("the %d-rule ruleset does not validate and compile: %s", LargeRuleCount,
                   qPrintable(hasErrors(diagnostics) ? diagnostics.first().toString() : error));
        const auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
        validateMs.push_back(ms(validated - start));
        compileMs.push_back(ms(done - validated));
        totalMs.push_back(ms(done - start));
    }
    const auto median = [](std::vector<double> values) {
        std::sort(values.begin(), values.end());
        return values[values.size() / 2];
    };
    std::printf("\nValidate + compile a %d-rule ruleset (%d carriers, %d groups), median of %d runs (ms)\n\n",
                LargeRuleCount, CarrierCount + 1, GroupCount, Repetitions);
    std::printf("| validate | compile | total |\n");
    std::printf("|---------:|--------:|------:|\n");
    std::printf("| %8.1f | %7.1f | %5.1f |\n", median(validateMs), median(compileMs), median(totalMs));
    return 0;
}
