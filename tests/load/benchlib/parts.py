"""The four parts of the benchmark: capacity, overload, memory and subscribers.

Each part returns a JSON-ready dict with its figures, its verdicts against the issue's targets
and every call run it made. Progress lines go to the context's log as the runs finish.
"""

import time

from .testbed import CALLER_GRACE_SECONDS, Testbed, load_average

# Targets from the issues.
RATE_RATIO_TARGET = 1.5          # Tollgate's zero-failure rate >= 1.5x Kamailio's
CPU_RATIO_TARGET = 0.5           # Tollgate's CPU per call <= 0.5x Kamailio's
OVERLOAD_GOODPUT_TARGET = 0.9    # at 2x, completed calls/s >= 90% of the sustainable rate
BYTES_PER_DIALOG_TARGET = 2048   # <= 2 KiB per confirmed dialog
SUBSCRIBER_DROP_TARGET = 0.05    # <= 5% throughput drop with 5 subscribed clients
# INVITE server transactions end at the latest 32 s (64 x T1) after their final response; the
# daemon gives freed memory back on its next 5-second housekeeping round after that.
TRANSACTION_EXPIRY_SECONDS = 40
RATE_GRANULARITY = 25            # refinement rates are multiples of this


def _attempt(context, proxy, rate, label):
    """Runs one capacity step at `rate`, on a fresh testbed each attempt, up to
    options.attempts times: a rate counts as sustained when an attempt had zero failures."""
    options = context.options
    runs = []
    for attempt in range(1, options.attempts + 1):
        with Testbed(context, proxy, f"{label}-{rate}-try{attempt}") as bed:
            run = bed.run_calls(rate, options.seconds, options.hold_ms)
        runs.append(run)
        context.log("  " + run.summary())
        if run.passed:
            break
    return runs[-1].passed, runs


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else float("nan")


def capacity(context):
    """Step search of the highest zero-failure rate of each proxy, interleaved so that both see
    the same machine: the ladder rates in turn until a proxy fails one, then a bisection
    between its last success and its first failure."""
    options = context.options
    proxies = options.proxies
    best = {proxy: None for proxy in proxies}           # (rate, run) of the highest success
    first_failure = {proxy: None for proxy in proxies}
    all_runs = []
    context.log(f"capacity: {options.seconds} s of calls per step, {options.hold_ms} ms calls, "
                f"up to {options.attempts} attempt(s) per rate, load average {load_average():.2f}")

    climbing = list(proxies)
    rate = options.start_rate
    while climbing and rate <= options.max_rate:
        for proxy in list(climbing):
            passed, runs = _attempt(context, proxy, rate, "capacity")
            all_runs.extend(runs)
            if passed:
                best[proxy] = (rate, runs[-1])
            else:
                first_failure[proxy] = rate
                climbing.remove(proxy)
        rate += options.rate_step

    def next_probe(proxy):
        low = best[proxy][0] if best[proxy] else 0
        high = first_failure[proxy]
        if high is None or high - low <= options.resolution:
            return None
        middle = round((low + high) / 2 / RATE_GRANULARITY) * RATE_GRANULARITY
        return middle if low < middle < high else None

    refining = [proxy for proxy in proxies if next_probe(proxy) is not None]
    while refining:
        for proxy in list(refining):
            probe = next_probe(proxy)
            passed, runs = _attempt(context, proxy, probe, "refine")
            all_runs.extend(runs)
            if passed:
                best[proxy] = (probe, runs[-1])
            else:
                first_failure[proxy] = probe
            if next_probe(proxy) is None:
                refining.remove(proxy)

    result = {"proxies": {}, "runs": [run.to_json() for run in all_runs], "load_average_end": load_average()}
    for proxy in proxies:
        rate_run = best[proxy]
        result["proxies"][proxy] = {
            "zero_failure_rate": rate_run[0] if rate_run else 0,
            "first_failed_rate": first_failure[proxy],
            "bounded": first_failure[proxy] is not None,
            "proxy_us_per_call": round(rate_run[1].proxy_us_per_call, 1) if rate_run else None,
            "sipp_us_per_call": round(rate_run[1].sipp_us_per_call, 1) if rate_run else None,
        }
    common = _common_rate_comparison(all_runs, proxies)
    if common:
        result["common_rate"] = common
    figures = result["proxies"]
    if "tollgate" in figures and "kamailio" in figures and figures["kamailio"]["zero_failure_rate"]:
        tollgate, kamailio = figures["tollgate"], figures["kamailio"]
        rate_ratio = _ratio(tollgate["zero_failure_rate"], kamailio["zero_failure_rate"])
        cpu_ratio = _ratio(tollgate["proxy_us_per_call"] or 0, kamailio["proxy_us_per_call"] or 0)
        result["rate_ratio"] = round(rate_ratio, 2)
        result["cpu_per_call_ratio"] = round(cpu_ratio, 2)
        result["rate_target_met"] = rate_ratio >= RATE_RATIO_TARGET
        result["cpu_target_met"] = cpu_ratio <= CPU_RATIO_TARGET
    _log_capacity(context, result)
    return result


def _common_rate_comparison(runs, proxies):
    """CPU per call of both proxies at the highest rate both passed: the same work per second,
    so the comparison does not depend on how far each one climbed."""
    passed = {proxy: {run.rate: run for run in runs if run.proxy == proxy and run.passed} for proxy in proxies}
    if len(proxies) != 2:
        return None
    shared = set(passed[proxies[0]]) & set(passed[proxies[1]])
    if not shared:
        return None
    rate = max(shared)
    figures = {proxy: round(passed[proxy][rate].proxy_us_per_call, 1) for proxy in proxies}
    comparison = {"rate": rate, "proxy_us_per_call": figures}
    if "tollgate" in figures and "kamailio" in figures:
        comparison["cpu_per_call_ratio"] = round(_ratio(figures["tollgate"], figures["kamailio"]), 2)
    return comparison


def _log_capacity(context, result):
    context.log("")
    context.log(f"{'proxy':10} {'zero-failure rate':>18} {'first failure':>14} {'proxy CPU/call':>15} "
                f"{'sipp CPU/call':>14}")
    for proxy, figures in result["proxies"].items():
        context.log(f"{proxy:10} {figures['zero_failure_rate']:>14} cps {str(figures['first_failed_rate']):>14} "
                    f"{str(figures['proxy_us_per_call']):>12} us {str(figures['sipp_us_per_call']):>11} us")
    if "rate_ratio" in result:
        context.log(f"rate ratio tollgate/kamailio {result['rate_ratio']:.2f} (target >= {RATE_RATIO_TARGET}: "
                    f"{'met' if result['rate_target_met'] else 'MISSED'}); CPU-per-call ratio "
                    f"{result['cpu_per_call_ratio']:.2f} (target <= {CPU_RATIO_TARGET}: "
                    f"{'met' if result['cpu_target_met'] else 'MISSED'})")
    if "common_rate" in result:
        common = result["common_rate"]
        context.log(f"at {common['rate']} cps (highest rate both passed): proxy CPU per call "
                    f"{common['proxy_us_per_call']}, ratio {common.get('cpu_per_call_ratio')}")


def _wait_until_created(caller, calls, timeout_seconds):
    """Waits until the caller has started all its calls (or exited, or the time is up)."""
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if caller.stats().created >= calls or not caller.process.running():
            return caller.stats().created >= calls
        time.sleep(0.2)
    return False


def overload(context, rate):
    """2x the sustainable rate for options.seconds, then at once 1x: completed calls per second
    under overload, and whether the 1x run that follows has zero failures."""
    options = context.options
    seconds, hold_ms = options.seconds, options.hold_ms
    context.log(f"overload: tollgated at {2 * rate} cps (2 x {rate}) for {seconds} s, then {rate} cps; "
                f"load average {load_average():.2f}")
    with Testbed(context, "tollgate", f"overload-{rate}") as bed:
        overload_caller = bed.start_caller(2 * rate, 2 * rate * seconds, hold_ms)
        _wait_until_created(overload_caller, 2 * rate * seconds, 3 * seconds + CALLER_GRACE_SECONDS)
        # The offered load drops to 1x as soon as the 2x caller has started its last call; its
        # rejected or retransmitting calls may still be winding down meanwhile.
        recovery_caller = bed.start_caller(rate, rate * seconds, hold_ms)
        overloaded = bed.finish_caller(overload_caller, seconds + hold_ms / 1000 + CALLER_GRACE_SECONDS)
        recovery = bed.finish_caller(recovery_caller, seconds + hold_ms / 1000 + CALLER_GRACE_SECONDS)
        counters = bed.proxy.control("stats", "show").get("counters", {})
    context.log("  " + overloaded.summary())
    context.log("  " + recovery.summary())
    goodput = overloaded.completed_rate
    result = {
        "sustainable_rate": rate,
        "offered_rate": round(overloaded.achieved_rate, 1),
        "completed_per_second": round(goodput, 1),
        "completed_fraction": round(_ratio(goodput, rate), 3),
        "rejected_503": counters.get("overloadRejected"),
        "recovery_zero_failure": recovery.passed,
        "goodput_target_met": goodput >= OVERLOAD_GOODPUT_TARGET * rate,
        "runs": [overloaded.to_json(), recovery.to_json()],
        "proxy_counters": counters,
    }
    context.log(f"overload: offered {result['offered_rate']:.0f} cps, completed {goodput:.0f} calls/s = "
                f"{100 * result['completed_fraction']:.0f}% of {rate} (target >= "
                f"{100 * OVERLOAD_GOODPUT_TARGET:.0f}%: {'met' if result['goodput_target_met'] else 'MISSED'}); "
                f"503 by the overload guard: {result['rejected_503']}; recovery at {rate} cps: "
                f"{'zero failures' if recovery.passed else 'FAILED ' + '; '.join(recovery.reasons)}")
    return result


def memory(context):
    """Holds options.memory_calls answered calls at once through tollgated and compares its
    resident memory with the figure before the calls."""
    options = context.options
    calls, rate = options.memory_calls, options.memory_rate
    setup_seconds = calls / rate
    # Every call stays up until the measurement is done, then they end at the same pace.
    hold_ms = int((setup_seconds + TRANSACTION_EXPIRY_SECONDS + 20) * 1000)
    context.log(f"memory: {calls} concurrent calls at {rate} cps, each held {hold_ms / 1000:.0f} s; "
                f"load average {load_average():.2f}")
    with Testbed(context, "tollgate", f"memory-{calls}") as bed:
        rss_before = bed.proxy.rss_bytes()
        caller = bed.start_caller(rate, calls, hold_ms, limit=calls + 10000)
        all_started = _wait_until_created(caller, calls, 3 * setup_seconds + 60)
        started_at = time.monotonic()
        if not all_started:
            context.log(f"  the caller started only {caller.stats().created} of {calls} calls")
        time.sleep(TRANSACTION_EXPIRY_SECONDS)
        rss_during = bed.proxy.rss_bytes()
        stats = bed.proxy.control("stats", "show")
        caller_open = caller.stats().current
        caller_failed_so_far = caller.stats().failed
        measured_after = time.monotonic() - started_at
        run = bed.finish_caller(caller, hold_ms / 1000 + setup_seconds + CALLER_GRACE_SECONDS)
        time.sleep(2)
        rss_after = bed.proxy.rss_bytes()
        active_after = bed.proxy.control("stats", "show").get("activeCalls")
    active = stats.get("activeCalls", 0)
    per_dialog = _ratio(rss_during - rss_before, active)
    result = {
        "calls": calls,
        "rate": rate,
        "rss_before_bytes": rss_before,
        "rss_with_calls_bytes": rss_during,
        "rss_after_calls_bytes": rss_after,
        "active_calls": active,
        "active_calls_after": active_after,
        "caller_open_calls": caller_open,
        "failed_before_measurement": caller_failed_so_far,
        "seconds_after_last_call_started": round(measured_after, 1),
        "bytes_per_dialog": round(per_dialog, 1),
        "target_met": active >= calls and per_dialog <= BYTES_PER_DIALOG_TARGET,
        "run": run.to_json(),
    }
    context.log("  " + run.summary())
    context.log(f"memory: RSS {rss_before / 2**20:.1f} MiB before, {rss_during / 2**20:.1f} MiB with {active} "
                f"active calls (caller: {caller_open} open), {rss_after / 2**20:.1f} MiB after they ended -> "
                f"{per_dialog:.0f} bytes per dialog (target <= {BYTES_PER_DIALOG_TARGET}: "
                f"{'met' if result['target_met'] else 'MISSED'})")
    return result


def subscribers(context):
    """options.subscriber_rate cps with no control client, then with options.subscribers
    clients watching calls, destinations and stats; alternated options.repeats times."""
    options = context.options
    rate, clients = options.subscriber_rate, options.subscribers
    topics = ["calls", "destinations", "stats"]
    context.log(f"subscribers: {rate} cps for {options.seconds} s, without and with {clients} clients watching "
                f"{' '.join(topics)}; {options.repeats} round(s); load average {load_average():.2f}")
    runs = {"without": [], "with": []}
    for round_number in range(1, options.repeats + 1):
        for variant in ("without", "with"):
            with Testbed(context, "tollgate", f"subscribers-{variant}-{round_number}") as bed:
                if variant == "with":
                    bed.add_watchers(clients, topics)
                run = bed.run_calls(rate, options.seconds, options.hold_ms)
                watchers_alive = all(watcher.running() for watcher in bed.watchers)
            if variant == "with" and not watchers_alive:
                run.passed = False
                run.reasons.append("an event watcher exited during the run")
            runs[variant].append(run)
            context.log(f"  {variant:7} " + run.summary() +
                        (f"  watchers {run.per_call_us(run.extra_cpu_seconds):.0f} us/call" if variant == "with" else ""))

    def mean(values):
        return sum(values) / len(values) if values else float("nan")

    figures = {}
    for variant, variant_runs in runs.items():
        figures[variant] = {
            "zero_failure": all(run.passed for run in variant_runs),
            "completed_per_second": round(mean([run.completed_rate for run in variant_runs]), 1),
            "proxy_us_per_call": round(mean([run.proxy_us_per_call for run in variant_runs]), 1),
            "watchers_us_per_call": round(mean([run.per_call_us(run.extra_cpu_seconds) for run in variant_runs]), 1),
        }
    without, with_clients = figures["without"], figures["with"]
    throughput_drop = 1 - _ratio(with_clients["completed_per_second"], without["completed_per_second"])
    cpu_increase = _ratio(with_clients["proxy_us_per_call"], without["proxy_us_per_call"]) - 1
    result = {
        "rate": rate,
        "clients": clients,
        "topics": topics,
        "figures": figures,
        "throughput_drop": round(throughput_drop, 4),
        "proxy_cpu_increase": round(cpu_increase, 4),
        "target_met": with_clients["zero_failure"] and throughput_drop <= SUBSCRIBER_DROP_TARGET,
        "runs": {variant: [run.to_json() for run in variant_runs] for variant, variant_runs in runs.items()},
    }
    context.log(f"subscribers: completed {without['completed_per_second']:.0f} -> "
                f"{with_clients['completed_per_second']:.0f} calls/s ({100 * throughput_drop:+.1f}% drop; target <= "
                f"{100 * SUBSCRIBER_DROP_TARGET:.0f}%: {'met' if result['target_met'] else 'MISSED'}); proxy CPU "
                f"{without['proxy_us_per_call']:.0f} -> {with_clients['proxy_us_per_call']:.0f} us/call "
                f"({100 * cpu_increase:+.1f}%); zero failures: without {without['zero_failure']}, "
                f"with {with_clients['zero_failure']}")
    return result
