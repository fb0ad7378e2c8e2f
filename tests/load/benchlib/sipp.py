"""sipp callers and callees, and the statistics they write.

The scenarios are the project's tests/data/sipp/uac.xml and uas.xml: the built-in `-sn uac` and
`-sn uas` ignore Record-Route. Both sides run with a 4 MiB socket buffer (sipp's 64 KB drops
datagrams above about 1,000 calls/s), without a keyboard and with the screen going to a log
file. Statistics come from sipp's CSV (-trace_stat), one row a second plus a final row.
"""

import os
import signal

SOCKET_BUFFER_BYTES = 4194304
STATS_FILE_SUFFIX = "-stats.csv"


def _epoch(field):
    """sipp writes times as 'date<TAB>time<TAB>epoch'; the epoch is what we need."""
    return float(field.split("\t")[-1])


class SippStats:
    """The rows of a sipp -trace_stat CSV file, with the counters the benchmark reads."""

    def __init__(self, rows):
        self.rows = rows

    @classmethod
    def read(cls, path):
        """Reads the file; rows that sipp is still writing (incomplete) are skipped."""
        try:
            with open(path, encoding="utf-8", errors="replace") as csv:
                lines = csv.read().splitlines()
        except FileNotFoundError:
            return cls([])
        if not lines:
            return cls([])
        header = lines[0].rstrip(";").split(";")
        rows = []
        for line in lines[1:]:
            values = line.rstrip(";").split(";")
            if len(values) >= len(header) - 1:
                rows.append(dict(zip(header, values)))
        return cls(rows)

    def counter(self, name, row=-1):
        """A counter of the last row (or another), 0 when there is no row yet."""
        if not self.rows:
            return 0
        value = self.rows[row].get(name, "0")
        return int(float(value)) if value else 0

    @property
    def created(self):
        return self.counter("TotalCallCreated")

    @property
    def incoming(self):
        return self.counter("IncomingCall(C)")

    @property
    def successful(self):
        return self.counter("SuccessfulCall(C)")

    @property
    def failed(self):
        return self.counter("FailedCall(C)")

    @property
    def current(self):
        return self.counter("CurrentCall")

    @property
    def retransmissions(self):
        return self.counter("Retransmissions(C)")

    def failure_breakdown(self):
        """The non-zero Failed*(C) counters, e.g. {'FailedUnexpectedMessage': 12}."""
        if not self.rows:
            return {}
        breakdown = {}
        for name, value in self.rows[-1].items():
            if name.startswith("Failed") and name.endswith("(C)") and name != "FailedCall(C)":
                count = int(float(value or 0))
                if count:
                    breakdown[name[:-3]] = count
        return breakdown

    def seconds_until_created(self, target):
        """Seconds from sipp's start until it had created `target` calls, interpolated
        between the two rows around that moment; None if it never got there."""
        previous_time, previous_created = None, 0
        for row in self.rows:
            time_now = _epoch(row["CurrentTime"]) - _epoch(row["StartTime"])
            created = int(row["TotalCallCreated"])
            if created >= target:
                if previous_time is None or created == previous_created:
                    return time_now
                share = (target - previous_created) / (created - previous_created)
                return previous_time + share * (time_now - previous_time)
            previous_time, previous_created = time_now, created
        return None


def callee_arguments(scenario_dir, port, name):
    """A sipp callee (UAS) on 127.0.0.1:port that also answers the proxies' OPTIONS probes."""
    return ["sipp", "-sf", os.path.join(scenario_dir, "uas.xml"), "-i", "127.0.0.1", "-p", str(port),
            "-t", "u1", "-aa", "-nostdin", "-buff_size", str(SOCKET_BUFFER_BYTES),
            "-trace_stat", "-stf", name + STATS_FILE_SUFFIX, "-fd", "1"]


def caller_arguments(scenario_dir, proxy_port, port, name, rate, calls, hold_ms, limit):
    """A sipp caller (UAC): `calls` calls at `rate` calls/s through the proxy, each held for
    `hold_ms`, at most `limit` open at once. -pause_msg_ign: a 180 relayed after the 200 by a
    multi-process proxy must not fail the call. Errors go to a size-capped file."""
    return ["sipp", f"127.0.0.1:{proxy_port}", "-sf", os.path.join(scenario_dir, "uac.xml"),
            "-i", "127.0.0.1", "-p", str(port), "-t", "u1", "-nostdin",
            "-buff_size", str(SOCKET_BUFFER_BYTES), "-m", str(calls), "-r", str(rate), "-d", str(hold_ms),
            "-l", str(limit), "-pause_msg_ign", "-trace_stat", "-stf", name + STATS_FILE_SUFFIX, "-fd", "1",
            "-trace_err", "-error_file", name + "-errors.log", "-max_log_size", "1000000"]


def stop_gracefully(registry, group):
    """SIGUSR1 makes sipp stop as if 'q' was typed and write its final statistics row. A callee
    keeps waiting for the OPTIONS probes it auto-answered, which never end, so it gets SIGKILL
    after a short grace; its statistics rows of every second are already on disk."""
    registry.stop_many(group, signal.SIGUSR1, grace_seconds=2)
