"""Processes the benchmark starts, and what /proc says about them.

Every process is started through a ProcessRegistry, which records its PID and stops it by that
PID (SIGTERM, then SIGKILL after a grace period) when the benchmark ends or is interrupted.
Nothing is ever stopped by name.
"""

import os
import signal
import socket
import subprocess
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def _stat_fields(pid):
    """Fields of /proc/PID/stat after the command name (field 3 onwards), or None if gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            text = stat.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # The command name is in parentheses and may contain spaces or parentheses itself.
    return text[text.rfind(")") + 2:].split()


def _start_time(pid):
    """Start time of a process in clock ticks after boot (stat field 22), or None if gone."""
    fields = _stat_fields(pid)
    return None if fields is None else int(fields[19])


def cpu_seconds(pid):
    """User + system CPU time of one process (all its threads), in seconds; 0 if it is gone."""
    fields = _stat_fields(pid)
    if fields is None:
        return 0.0
    # utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the name.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def descendants(pid):
    """PID and every process below it (Kamailio forks its workers from the main process)."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat_fields(entry)
        if fields is not None:
            children.setdefault(int(fields[1]), []).append(int(entry))
    tree = [pid]
    index = 0
    while index < len(tree):
        tree.extend(children.get(tree[index], []))
        index += 1
    return tree


def tree_cpu_seconds(pid):
    """CPU seconds of a process and all its descendants that are alive now."""
    return sum(cpu_seconds(member) for member in descendants(pid))


def rss_bytes(pid):
    """Resident set size (VmRSS) of a process in bytes, or 0 if it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except FileNotFoundError:
        pass
    return 0


def udp_sockets():
    """Loopback UDP sockets as {port: (receive queue bytes, drops)} from /proc/net/udp."""
    sockets = {}
    with open("/proc/net/udp", encoding="ascii") as table:
        next(table)
        for line in table:
            fields = line.split()
            address, port = fields[1].split(":")
            if address != "0100007F":  # 127.0.0.1, little-endian hex
                continue
            receive_queue = int(fields[4].split(":")[1], 16)
            sockets[int(port, 16)] = (receive_queue, int(fields[12]))
    return sockets


def udp_drops(ports):
    """Datagrams the kernel dropped so far on the loopback UDP sockets bound to these ports."""
    sockets = udp_sockets()
    return {port: sockets.get(port, (0, 0))[1] for port in ports}


def wait_udp_bound(port, timeout_seconds):
    """Waits until something listens on 127.0.0.1:port over UDP."""
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if port in udp_sockets():
            return True
        time.sleep(0.05)
    return False


def free_udp_ports(count):
    """Distinct loopback UDP ports that were free a moment ago (bound, read, released)."""
    holders = []
    try:
        for _ in range(count):
            holder = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            holder.bind(("127.0.0.1", 0))
            holders.append(holder)
        return [holder.getsockname()[1] for holder in holders]
    finally:
        for holder in holders:
            holder.close()


def _signal(pid, signal_number):
    try:
        os.kill(pid, signal_number)
    except ProcessLookupError:
        pass


class ManagedProcess:
    """A process started by the registry: its Popen, its log file and a label for messages."""

    def __init__(self, label, popen, log_path):
        self.label = label
        self.popen = popen
        self.log_path = log_path
        self.rusage = None  # resource usage from wait4, once it has been reaped

    @property
    def pid(self):
        return self.popen.pid

    def running(self):
        return self.poll() is None

    def poll(self):
        """Exit code, or None while it runs. Reaps it with wait4 to keep its CPU time."""
        if self.popen.returncode is not None:
            return self.popen.returncode
        try:
            pid, status, usage = os.wait4(self.pid, os.WNOHANG)
        except ChildProcessError:
            return self.popen.returncode
        if pid == 0:
            return None
        self.rusage = usage
        self.popen.returncode = os.waitstatus_to_exitcode(status)
        return self.popen.returncode

    def wait(self, timeout_seconds):
        """Waits for the exit; returns the exit code or None on timeout (it keeps running)."""
        deadline = time.monotonic() + timeout_seconds
        while time.monotonic() < deadline:
            code = self.poll()
            if code is not None:
                return code
            time.sleep(0.05)
        return self.poll()

    def cpu_seconds(self):
        """CPU time so far; after the exit, the total reported by wait4."""
        if self.rusage is not None:
            return self.rusage.ru_utime + self.rusage.ru_stime
        return cpu_seconds(self.pid)

    def log_tail(self, lines=20):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as log:
                return "".join(log.readlines()[-lines:])
        except FileNotFoundError:
            return ""


class ProcessRegistry:
    """Starts processes, remembers their PIDs and stops them, by PID only."""

    def __init__(self):
        self._processes = []

    def start(self, label, arguments, cwd, log_name, stdout=None):
        """Starts `arguments` in `cwd`, stdout and stderr to cwd/log_name unless given."""
        log_path = os.path.join(cwd, log_name)
        with open(log_path, "wb") as log:
            popen = subprocess.Popen(arguments, cwd=cwd, stdin=subprocess.DEVNULL,
                                     stdout=stdout if stdout is not None else log, stderr=log,
                                     start_new_session=True)
        process = ManagedProcess(label, popen, log_path)
        self._processes.append(process)
        return process

    def stop(self, process, signal_number=signal.SIGTERM, grace_seconds=10):
        """Sends `signal_number` to the process, then SIGKILL if it outlives the grace period."""
        self.stop_many([process], signal_number, grace_seconds)

    def stop_many(self, group, signal_number=signal.SIGTERM, grace_seconds=10):
        """Signals every process of `group` at once, waits for them together, then SIGKILLs
        the survivors. Descendants they leave behind (a Kamailio worker whose parent was
        killed) are killed by the PIDs recorded before the signal."""
        family = []
        for process in group:
            if process.poll() is None:
                family.extend((member, _start_time(member)) for member in descendants(process.pid)[1:])
                _signal(process.pid, signal_number)
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline and any(process.poll() is None for process in group):
            time.sleep(0.05)
        for process in group:
            if process.poll() is None:
                _signal(process.pid, signal.SIGKILL)
                process.wait(5)
        for orphan, started in family:
            # The start time guards against a PID reused since it was recorded.
            if started is not None and _start_time(orphan) == started:
                _signal(orphan, signal.SIGKILL)
        for process in group:
            if process in self._processes:
                self._processes.remove(process)

    def stop_all(self):
        """Stops every process still running, newest first (callers before callees)."""
        for process in reversed(list(self._processes)):
            self.stop(process, grace_seconds=5)
