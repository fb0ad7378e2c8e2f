"""One proxy between a sipp caller and two sipp callees, and the calls run through it.

A Testbed owns fresh processes in a directory of its own: callee A (the preferred destination),
callee B (the failover destination; both answer OPTIONS probes) and the proxy. A CallRun is one
sipp caller run through it: its counters, the CPU time every process spent meanwhile, the UDP
datagrams the kernel dropped, and whether it met the zero-failure criteria.
"""

import os
import time
from dataclasses import dataclass, field

from . import processes, sipp
from .proxies import KamailioProxy, TollgateProxy

# Seconds a caller may take beyond its nominal duration before it is stopped as stuck.
CALLER_GRACE_SECONDS = 40
# Time for the proxy's first OPTIONS probes to reach both callees before calls start.
PROBE_SETTLE_SECONDS = 2.5


@dataclass
class CallRun:
    """The outcome of one caller run."""

    proxy: str
    rate: int
    calls: int
    hold_ms: int
    created: int = 0
    successful: int = 0
    failed: int = 0
    failures: dict = field(default_factory=dict)
    retransmissions_caller: int = 0
    retransmissions_callees: int = 0
    exit_code: int = None
    timed_out: bool = False
    creation_seconds: float = None  # time sipp took to start every call
    wall_seconds: float = 0.0
    proxy_cpu_seconds: float = 0.0
    caller_cpu_seconds: float = 0.0
    callees_cpu_seconds: float = 0.0
    extra_cpu_seconds: float = 0.0  # other measured processes (event watchers)
    proxy_drops: int = 0
    sipp_drops: int = 0
    load_average: float = 0.0
    proxy_notes: dict = field(default_factory=dict)  # the proxy's own counters of trouble
    passed: bool = False
    reasons: list = field(default_factory=list)

    @property
    def achieved_rate(self):
        """Calls started per second, as sipp managed to start them."""
        if not self.creation_seconds:
            return 0.0
        return self.created / self.creation_seconds

    @property
    def completed_rate(self):
        """Successful calls per second over the time the calls were being started."""
        if not self.creation_seconds:
            return 0.0
        return self.successful / self.creation_seconds

    def per_call_us(self, seconds):
        return seconds / self.successful * 1e6 if self.successful else float("nan")

    @property
    def proxy_us_per_call(self):
        return self.per_call_us(self.proxy_cpu_seconds)

    @property
    def sipp_us_per_call(self):
        return self.per_call_us(self.caller_cpu_seconds + self.callees_cpu_seconds)

    def judge(self, storm_fraction, min_rate_fraction):
        """Zero-failure criteria: the caller finished every call, none failed, retransmissions
        stayed under `storm_fraction` of the calls, and sipp really offered the rate."""
        self.reasons = []
        if self.timed_out:
            self.reasons.append("caller did not finish in time")
        if self.failed:
            self.reasons.append(f"{self.failed} failed calls {self.failures}")
        if self.successful != self.calls:
            self.reasons.append(f"{self.successful}/{self.calls} calls successful")
        retransmissions = self.retransmissions_caller + self.retransmissions_callees
        if retransmissions > storm_fraction * self.calls:
            self.reasons.append(f"retransmission storm ({retransmissions})")
        if self.achieved_rate < min_rate_fraction * self.rate:
            self.reasons.append(f"sipp offered only {self.achieved_rate:.0f} calls/s")
        if self.exit_code not in (0, None) and not self.reasons:
            self.reasons.append(f"sipp exit code {self.exit_code}")
        self.passed = not self.reasons
        return self.passed

    def summary(self):
        """One line for the console log."""
        verdict = "PASS" if self.passed else "FAIL"
        line = (f"{self.proxy:8} {self.rate:5d} cps  {verdict}  {self.successful}/{self.calls} ok "
                f"{self.failed} failed  retrans {self.retransmissions_caller}/{self.retransmissions_callees}  "
                f"offered {self.achieved_rate:.0f} cps  proxy {self.proxy_us_per_call:.0f} us/call "
                f"({100 * self.proxy_cpu_seconds / max(self.wall_seconds, 1e-9):.0f}% CPU)  "
                f"sipp {self.sipp_us_per_call:.0f} us/call  drops {self.proxy_drops}/{self.sipp_drops}  "
                f"load {self.load_average:.1f}")
        if self.reasons:
            line += "  [" + "; ".join(self.reasons) + "]"
        if self.proxy_notes:
            line += f"  {self.proxy}: {self.proxy_notes}"
        return line

    def to_json(self):
        data = {key: value for key, value in self.__dict__.items()}
        data.update(achieved_rate=round(self.achieved_rate, 1), completed_rate=round(self.completed_rate, 1),
                    proxy_us_per_call=round(self.proxy_us_per_call, 1),
                    sipp_us_per_call=round(self.sipp_us_per_call, 1))
        return data


def load_average():
    with open("/proc/loadavg", encoding="ascii") as loadavg:
        return float(loadavg.read().split()[0])


class Caller:
    """A running sipp caller and the measurements taken when it started."""

    def __init__(self, process, port, stats_path, run, before, started):
        self.process = process
        self.port = port
        self.stats_path = stats_path
        self.run = run
        self.before = before  # Testbed snapshot taken just before it started
        self.started = started

    def stats(self):
        return sipp.SippStats.read(self.stats_path)


class Testbed:
    """Fresh callees and a fresh proxy of one kind, in their own directory."""

    def __init__(self, context, kind, label):
        self.context = context
        self.kind = kind
        self.workdir = context.new_workdir(f"{kind}-{label}")
        names = ["proxy", "core_a", "core_b"]
        self.ports = dict(zip(names, processes.free_udp_ports(len(names))))
        self.callees = []
        self.proxy = None
        self.watchers = []
        self._runs = 0

    def start(self):
        registry = self.context.registry
        for name in ("core_a", "core_b"):
            arguments = sipp.callee_arguments(self.context.scenario_dir, self.ports[name], "callee-" + name)
            self.callees.append(registry.start("sipp callee " + name, arguments, self.workdir, f"callee-{name}.log"))
        for name, callee in zip(("core_a", "core_b"), self.callees):
            if not processes.wait_udp_bound(self.ports[name], 10):
                raise RuntimeError(f"sipp callee {name} did not bind port {self.ports[name]}:\n{callee.log_tail()}")
        if self.kind == "tollgate":
            self.proxy = TollgateProxy(registry, self.workdir, self.ports, self.context.build_dir,
                                       self.context.ruleset_template)
        else:
            self.proxy = KamailioProxy(registry, self.workdir, self.ports, self.context.kamailio_dir,
                                       self.context.options.kamailio_children)
        self.proxy.start()
        time.sleep(PROBE_SETTLE_SECONDS)
        return self

    def add_watchers(self, count, topics):
        """Starts `count` tollgatectl event watchers whose output goes to /dev/null."""
        for index in range(count):
            with open(os.devnull, "wb") as devnull:
                self.watchers.append(self.context.registry.start(
                    f"tollgatectl watcher {index + 1}", self.proxy.watch_arguments(topics), self.workdir,
                    f"watcher-{index + 1}.log", stdout=devnull))
        time.sleep(1.0)
        for watcher in self.watchers:
            if not watcher.running():
                raise RuntimeError(f"event watcher exited at once:\n{watcher.log_tail()}")

    def _snapshot(self, caller_port):
        """CPU seconds, UDP drops and callee retransmissions so far."""
        ports = [self.ports["proxy"], self.ports["core_a"], self.ports["core_b"], caller_port]
        drops = processes.udp_drops(ports)
        return {
            "proxy": self.proxy.cpu_seconds(),
            "callees": sum(callee.cpu_seconds() for callee in self.callees),
            "extra": sum(watcher.cpu_seconds() for watcher in self.watchers),
            "proxy_drops": drops[ports[0]],
            "sipp_drops": sum(drops[port] for port in ports[1:]),
            "callee_retransmissions": sum(
                sipp.SippStats.read(os.path.join(self.workdir, f"callee-{name}{sipp.STATS_FILE_SUFFIX}"))
                .retransmissions for name in ("core_a", "core_b")),
        }

    def start_caller(self, rate, calls, hold_ms, limit=None):
        """Starts a sipp caller: `calls` calls at `rate` calls/s, each held `hold_ms`."""
        self._runs += 1
        name = f"caller-{self._runs}"
        port = processes.free_udp_ports(1)[0]
        arguments = sipp.caller_arguments(self.context.scenario_dir, self.ports["proxy"], port, name, rate, calls,
                                          hold_ms, limit or calls)
        run = CallRun(self.kind, rate, calls, hold_ms)
        before = self._snapshot(port)
        process = self.context.registry.start(f"sipp caller {rate} cps", arguments, self.workdir, name + ".log")
        return Caller(process, port, os.path.join(self.workdir, name + sipp.STATS_FILE_SUFFIX), run, before,
                      time.monotonic())

    def finish_caller(self, caller, timeout_seconds):
        """Waits for the caller (stopping it after `timeout_seconds`) and measures the run."""
        run = caller.run
        exit_code = caller.process.wait(timeout_seconds)
        if exit_code is None:
            run.timed_out = True
            sipp.stop_gracefully(self.context.registry, [caller.process])
            exit_code = caller.process.poll()
        run.wall_seconds = time.monotonic() - caller.started
        # Callees write a statistics row a second: let the row with the last calls land.
        time.sleep(1.2)
        after = self._snapshot(caller.port)
        before = caller.before
        run.exit_code = exit_code
        run.proxy_cpu_seconds = after["proxy"] - before["proxy"]
        run.callees_cpu_seconds = after["callees"] - before["callees"]
        run.extra_cpu_seconds = after["extra"] - before["extra"]
        run.caller_cpu_seconds = caller.process.cpu_seconds()
        run.proxy_drops = after["proxy_drops"] - before["proxy_drops"]
        run.sipp_drops = after["sipp_drops"] - before["sipp_drops"]
        run.retransmissions_callees = after["callee_retransmissions"] - before["callee_retransmissions"]
        run.load_average = load_average()
        run.proxy_notes = self.proxy.diagnostics()
        stats = caller.stats()
        run.created = stats.created
        run.successful = stats.successful
        run.failed = stats.failed
        run.failures = stats.failure_breakdown()
        run.retransmissions_caller = stats.retransmissions
        run.creation_seconds = stats.seconds_until_created(run.calls)
        options = self.context.options
        run.judge(options.storm_fraction, options.min_rate_fraction)
        return run

    def run_calls(self, rate, seconds, hold_ms):
        """`rate` calls/s for `seconds` seconds, bounded by a timeout."""
        calls = int(rate * seconds)
        caller = self.start_caller(rate, calls, hold_ms)
        return self.finish_caller(caller, seconds + hold_ms / 1000 + CALLER_GRACE_SECONDS)

    def stop(self):
        registry = self.context.registry
        registry.stop_many(self.watchers, grace_seconds=5)
        if self.proxy is not None:
            self.proxy.stop()
        sipp.stop_gracefully(registry, self.callees)

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()
        return False
