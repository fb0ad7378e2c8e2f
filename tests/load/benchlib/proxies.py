"""The two proxies under test, started fresh in a directory of their own.

Both listen on 127.0.0.1 over UDP and relay to the same two sipp callees (core A first, core B
on failure). Each proxy's configuration is a template in tests/load with @NAME@ placeholders
that are filled in here. CPU time covers every process of the proxy (Kamailio's workers and
timer processes included) and every thread (tollgated's SIP and control threads).
"""

import json
import os
import re
import shutil
import socket
import subprocess
import time
import uuid

from . import processes


PLACEHOLDER = re.compile(r"@[A-Z][A-Z0-9_]*@")


class ProxyError(Exception):
    """A proxy could not be prepared or started (a set-up failure, not a measurement)."""


def fill_template(source, target, values):
    """Copies `source` to `target`, replacing every @NAME@ by values[NAME]; refuses leftovers."""
    with open(source, encoding="utf-8") as template:
        text = template.read()
    for name, value in values.items():
        text = text.replace(f"@{name}@", str(value))
    leftover = PLACEHOLDER.search(text)
    if leftover:
        raise ProxyError(f"{source}: placeholder {leftover.group(0)} was not filled in")
    with open(target, "w", encoding="utf-8") as filled:
        filled.write(text)


def sip_answer_code(port, timeout_seconds):
    """Sends OPTIONS to 127.0.0.1:port until a response arrives; returns its status code or
    None. Both proxies answer a carrier's OPTIONS with 503 Options Reply: that proves the SIP
    socket and the routing logic are live."""
    deadline = time.monotonic() + timeout_seconds
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        local_port = probe.getsockname()[1]
        probe.settimeout(0.2)
        while time.monotonic() < deadline:
            token = uuid.uuid4().hex
            request = (f"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n"
                       f"Via: SIP/2.0/UDP 127.0.0.1:{local_port};branch=z9hG4bK{token}\r\n"
                       f"Max-Forwards: 70\r\n"
                       f"From: <sip:readiness@127.0.0.1>;tag={token[:8]}\r\n"
                       f"To: <sip:127.0.0.1:{port}>\r\n"
                       f"Call-ID: readiness-{token}\r\n"
                       f"CSeq: 1 OPTIONS\r\n"
                       f"Content-Length: 0\r\n\r\n")
            try:
                probe.sendto(request.encode("ascii"), ("127.0.0.1", port))
                answer = probe.recv(65536).decode("utf-8", errors="replace")
            except (socket.timeout, ConnectionRefusedError):
                continue
            if answer.startswith("SIP/2.0 "):
                return int(answer.split()[1])
    return None


class Proxy:
    """Common life cycle: prepare the files, start, wait until it answers SIP, measure, stop."""

    name = ""

    def __init__(self, registry, workdir, ports):
        self.registry = registry
        self.workdir = workdir
        self.ports = ports  # keys: proxy, core_a, core_b
        self.process = None

    @property
    def pid(self):
        return self.process.pid

    def cpu_seconds(self):
        return processes.tree_cpu_seconds(self.process.pid)

    def rss_bytes(self):
        return sum(processes.rss_bytes(member) for member in processes.descendants(self.process.pid))

    def wait_ready(self, timeout_seconds=20):
        code = sip_answer_code(self.ports["proxy"], timeout_seconds)
        if code is None:
            raise ProxyError(f"{self.name} did not answer OPTIONS on 127.0.0.1:{self.ports['proxy']} within "
                             f"{timeout_seconds} s; its log ends with:\n{self.process.log_tail()}")
        if not self.process.running():
            raise ProxyError(f"{self.name} exited during start-up:\n{self.process.log_tail()}")

    def stop(self):
        if self.process is not None:
            self.registry.stop(self.process, grace_seconds=15)

    def log_tail(self, lines=20):
        return self.process.log_tail(lines) if self.process is not None else ""


class TollgateProxy(Proxy):
    """tollgated with tests/load/tollgate-edge.json imported into a fresh database."""

    name = "tollgate"

    def __init__(self, registry, workdir, ports, build_dir, ruleset_template):
        super().__init__(registry, workdir, ports)
        self.daemon = os.path.join(build_dir, "daemon", "tollgated")
        self.ctl = os.path.join(build_dir, "cli", "tollgatectl")
        self.ruleset_template = ruleset_template
        self.database = os.path.join(workdir, "tollgate.db")
        self.control_socket = os.path.join(workdir, "control.sock")

    def start(self):
        ruleset = os.path.join(self.workdir, "tollgate-edge.json")
        fill_template(self.ruleset_template, ruleset,
                      {"CORE_A_PORT": self.ports["core_a"], "CORE_B_PORT": self.ports["core_b"]})
        imported = subprocess.run([self.daemon, "--db", self.database, "--import", ruleset, "--comment",
                                   "load benchmark"], cwd=self.workdir, capture_output=True, text=True,
                                  timeout=60, check=False)
        if imported.returncode != 0:
            raise ProxyError(f"tollgated --import failed ({imported.returncode}): "
                             f"{imported.stdout}{imported.stderr}")
        self.process = self.registry.start(
            "tollgated",
            [self.daemon, "--db", self.database, "--control", self.control_socket, "--listen",
             f"sip:127.0.0.1:{self.ports['proxy']};transport=udp", "--log-level", "warning"],
            self.workdir, "tollgated.log")
        self.wait_ready()

    def control(self, *arguments, timeout_seconds=30):
        """Runs tollgatectl --json against this daemon and returns the parsed answer."""
        answer = subprocess.run([self.ctl, "--socket", self.control_socket, "--json", *arguments],
                                capture_output=True, text=True, timeout=timeout_seconds, check=False)
        if answer.returncode != 0:
            raise ProxyError(f"tollgatectl {' '.join(arguments)} failed ({answer.returncode}): "
                             f"{answer.stdout}{answer.stderr}")
        return json.loads(answer.stdout)

    def diagnostics(self):
        """Counters that explain failures: 503s of the overload guard, failovers, timeouts."""
        try:
            counters = self.control("stats", "show", timeout_seconds=10).get("counters", {})
        except (ProxyError, ValueError, subprocess.TimeoutExpired) as problem:
            return {"error": str(problem)[:200]}
        wanted = ("overloadRejected", "failovers", "finalReplyTimeouts", "requestsDropped", "internalErrors")
        return {name: counters[name] for name in wanted if counters.get(name)}

    def watch_arguments(self, topics):
        return [self.ctl, "--socket", self.control_socket, "--json", "events", "watch", *topics]


class KamailioProxy(Proxy):
    """Kamailio in the foreground (-DD -E) with tests/load/kamailio/kamailio.cfg."""

    name = "kamailio"
    # Kamailio's transactions and dialogs live in this pre-sized pool. At 1,500 calls/s it held
    # about 240 MB, at 2,000 about 390 MB (tm keeps each transaction 5 s after it ends): with
    # 256 MB it ran out of memory at 1,500 calls/s and answered "500 No error" instead of
    # collapsing on CPU. 2 GB keeps memory out of the comparison.
    SHARED_MEMORY_MB = 2048
    PRIVATE_MEMORY_MB = 16

    def __init__(self, registry, workdir, ports, config_dir, children):
        super().__init__(registry, workdir, ports)
        self.config_dir = config_dir
        self.children = children
        self.binary = shutil.which("kamailio") or "/usr/sbin/kamailio"

    def start(self):
        config = os.path.join(self.workdir, "kamailio.cfg")
        fill_template(os.path.join(self.config_dir, "kamailio.cfg"), config,
                      {"PROXY_PORT": self.ports["proxy"], "RUN_DIR": self.workdir, "CHILDREN": self.children})
        fill_template(os.path.join(self.config_dir, "dispatcher.list"),
                      os.path.join(self.workdir, "dispatcher.list"),
                      {"CORE_A_PORT": self.ports["core_a"], "CORE_B_PORT": self.ports["core_b"]})
        checked = subprocess.run([self.binary, "-c", "-f", config], cwd=self.workdir, capture_output=True,
                                 text=True, timeout=60, check=False)
        if checked.returncode != 0:
            raise ProxyError(f"kamailio -c refused {config}:\n{checked.stdout}{checked.stderr}")
        self.control_socket = os.path.join(self.workdir, "kamailio_ctl")
        self.process = self.registry.start(
            "kamailio",
            [self.binary, "-f", config, "-DD", "-E", "-m", str(self.SHARED_MEMORY_MB), "-M",
             str(self.PRIVATE_MEMORY_MB), "-Y", self.workdir, "-P", os.path.join(self.workdir, "kamailio.pid")],
            self.workdir, "kamailio.log")
        self.wait_ready()

    def diagnostics(self):
        """Stateless 5xx replies (dispatcher found no destination), transactions that ended in
        5xx, and the dispatcher's view of the destinations (A = active, I = inactive, P/X =
        probing)."""
        notes = {}
        try:
            statistics = subprocess.run(["kamcmd", "-s", f"unix:{self.control_socket}", "stats.get_statistics",
                                         "sl:5xx_replies", "tmx:5xx_transactions"], capture_output=True, text=True,
                                        timeout=10, check=False).stdout
            for line in statistics.splitlines():
                name, _, value = line.partition(" = ")
                if value.strip() not in ("", "0"):
                    notes[name.strip()] = int(value)
            destinations = subprocess.run(["kamcmd", "-s", f"unix:{self.control_socket}", "dispatcher.list"],
                                          capture_output=True, text=True, timeout=10, check=False).stdout
            flags = [line.split(":", 1)[1].strip() for line in destinations.splitlines() if "FLAGS:" in line]
            if any(not flag.startswith("A") for flag in flags):
                notes["dispatcher_flags"] = "/".join(flags)
        except (OSError, ValueError, subprocess.TimeoutExpired) as problem:
            notes["error"] = str(problem)[:200]
        return notes
