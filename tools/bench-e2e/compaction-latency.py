#!/usr/bin/env python3
"""Upload and read latency while the store compacts (or writes a snapshot), against the same
server idle: spec store.md §4 asks for a write p99 during compaction of at most twice the idle one.

For each binary in turn (ROUNDS times, alternating), a copy of DATA_DIR is served with
`--fsync always`, the scrub after the open is waited out, and uploads (the 10k preset's bodies)
go out at a fixed RATE per second from four keep-alive connections, while a fifth connection GETs
/api/dashboard at 20 per second. After IDLE seconds the operation is started
(`POST /api/admin/database/maintenance`), and the load goes on until it has answered, and 2 s
more. The idle window is from the second second of load to half a second before the operation. Latencies are taken from when each request was due, so a request that had to wait for an
earlier one on its connection counts that wait too. Printed per round: the operation's seconds,
how far the server's resident memory rose above its level before (sampled every 0.1 s), the
longest hold of the state lock and longest flush the server logged for its compaction, and for
uploads and dashboard GETs the p50/p99/max in the idle window and during the operation, with the
p99 ratio; at the end, per binary, the median upload p99 ratio.

    swift run -c release gen-fleet /tmp/fleet1m 1000000    # once: a 1M store
    bash tools/bench-e2e/run.sh 10k                          # once: the workload files
    python3 tools/bench-e2e/compaction-latency.py [--operation compact|snapshot] [--rate 200]
        [--idle 10] ROUNDS DATA_DIR BINARY...
"""
import argparse
import glob
import http.client
import math
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "bench-common"))
from node_sqlite import pct  # noqa: E402
import workload  # noqa: E402
from server import BenchError, Server  # noqa: E402

UPLOAD_CONNECTIONS = 4
DASHBOARD_RATE = 20


def bodies():
    """The 10k preset's upload bodies, in order (the newest workload files)."""
    directory = workload.newest_files(os.path.join(HERE, "..", "..", ".build-e2e"), "10k")
    if directory is None:
        raise BenchError("no workload files: run `bash tools/bench-e2e/run.sh 10k` once")
    lines = []
    for name in sorted(glob.glob(os.path.join(directory, "c*-*.jsonl"))):
        with open(name, "rb") as file:
            lines += [line.rstrip(b"\n") for line in file if line.strip()]
    return lines


class Load:
    """Requests due at a fixed rate over keep-alive connections; each latency is (when it was due,
    seconds from due to answered)."""

    def __init__(self, server, rate, connections, request):
        self.server, self.rate, self.connections, self.request = server, rate, connections, request
        self.samples, self.errors = [], []
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.next_index = 0
        self.started = time.perf_counter()
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(connections)]
        for thread in self.threads:
            thread.start()

    def take(self):
        with self.lock:
            index = self.next_index
            self.next_index += 1
        return index, self.started + index / self.rate

    def run(self):
        conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=120)
        while not self.stopping.is_set():
            index, due = self.take()
            wait = due - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            method, path, body = self.request(index)
            try:
                conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
                response = conn.getresponse()
                response.read()
                failure = None if response.status < 300 else "answered %d" % response.status
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection(self.server.host, self.server.port, timeout=120)
                failure = "failed: %s" % error
            answered = time.perf_counter()
            with self.lock:
                if failure:
                    self.errors.append("%s %s %s" % (method, path, failure))
                self.samples.append((due, answered - due))
        conn.close()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join()
        if self.errors:
            raise BenchError("%d requests failed, the first: %s" % (len(self.errors), self.errors[0]))

    def window(self, start, end):
        """p50, p99 and max in ms of the requests due in [start, end)."""
        times = sorted(latency * 1000 for due, latency in self.samples if start <= due < end)
        if not times:
            return None
        return {"n": len(times), "p50": pct(times, 50), "p99": pct(times, 99), "max": times[-1]}


def maintain(server, operation):
    """Runs a maintenance operation through the API and waits for its answer; the largest
    resident size seen meanwhile, in MB."""
    answered = threading.Event()
    peak = [server.memory_mb("VmRSS")]

    def sample():
        while not answered.wait(0.1):
            peak[0] = max(peak[0], server.memory_mb("VmRSS"))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    conn = http.client.HTTPConnection(server.host, server.port, timeout=3600)
    conn.request("POST", "/api/admin/database/maintenance", body=('{"operation":"%s"}' % operation).encode(),
                 headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    body = response.read()
    answered.set()
    sampler.join()
    if response.status != 200:
        raise BenchError("%s answered %d: %s" % (operation, response.status, body[:300]))
    return peak[0]


def pauses(server):
    """What the server logged of its compaction's longest hold of the state lock and longest
    flush of the base ("" for a snapshot, or a build that does not log them)."""
    with open(server.log_path) as log:
        found = [line for line in log if "compaction finished" in line]
    if not found:
        return ""
    values = dict(re.findall(r"(longestLockHoldMs|longestFlushMs)=(\d+)", found[-1]))
    if not values:
        return ""
    return "; longest lock hold %s ms, longest flush %s ms" % (values.get("longestLockHoldMs", "?"),
                                                              values.get("longestFlushMs", "?"))


def one_round(binary, data, work, reports, arguments):
    copy = os.path.join(work, "data")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(data, copy)
    # The copy's pages are still dirty when the server starts, and the kernel writes them back
    # about 30 s later (vm.dirty_expire_centisecs): inside the compaction in some rounds, where
    # every flush then waited behind them.
    os.sync()
    server = Server(binary, copy, "always", os.path.join(work, "server.log"))
    try:
        server.wait_idle()
        uploads = Load(server, arguments.rate, UPLOAD_CONNECTIONS,
                       lambda index: ("POST", "/api/upload", reports[index % len(reports)]))
        dashboard = Load(server, DASHBOARD_RATE, 1, lambda index: ("GET", "/api/dashboard", None))
        time.sleep(arguments.idle)
        before = server.memory_mb("VmRSS")
        began = time.perf_counter()
        peak = maintain(server, arguments.operation)
        ended = time.perf_counter()
        time.sleep(2)
        uploads.stop()
        dashboard.stop()
        idle_start = max(uploads.started, dashboard.started) + 1  # the first second warms up
        idle_end = began - 0.5  # a request due just before may wait for the operation
        result = {"seconds": ended - began, "before_mb": before, "rise_mb": peak - before, "pauses": pauses(server)}
        for name, load in (("upload", uploads), ("dashboard", dashboard)):
            result[name] = (load.window(idle_start, idle_end), load.window(began, ended))
        return result
    finally:
        server.stop()


def describe(window):
    if window is None:
        return "no requests"
    return "p50 %7.2f  p99 %7.2f  max %7.2f ms (n %d)" % (window["p50"], window["p99"], window["max"], window["n"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--operation", choices=("compact", "snapshot"), default="compact",
                        help="the maintenance operation (compact)")
    parser.add_argument("--rate", type=float, default=200, help="uploads per second (200)")
    parser.add_argument("--idle", type=float, default=10, help="seconds of load before the compaction (10)")
    parser.add_argument("rounds", type=int)
    parser.add_argument("data")
    parser.add_argument("binaries", nargs="+")
    arguments = parser.parse_args()
    reports = bodies()
    work = tempfile.mkdtemp(prefix="compaction-latency.")
    ratios = {binary: [] for binary in arguments.binaries}
    try:
        for round_number in range(1, arguments.rounds + 1):
            for binary in arguments.binaries:
                result = one_round(binary, arguments.data, work, reports, arguments)
                print("%s, round %d: %s %.2f s, resident memory %.0f MB before, %+.0f MB at most%s" % (
                    binary, round_number, arguments.operation, result["seconds"], result["before_mb"],
                    result["rise_mb"], result["pauses"]))
                for name in ("upload", "dashboard"):
                    idle, during = result[name]
                    ratio = during["p99"] / idle["p99"] if idle and during else float("nan")
                    if name == "upload":
                        ratios[binary].append(ratio)
                    print("  %-9s idle    %s" % (name, describe(idle)))
                    print("  %-9s during  %s  p99 ratio %.2f" % (name, describe(during), ratio))
                sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for binary, values in ratios.items():
        values = [value for value in values if not math.isnan(value)]
        print("%s: upload p99 during the %s / idle, median of %d: %.2f" % (
            binary, arguments.operation, len(values), statistics.median(values) if values else float("nan")))


if __name__ == "__main__":
    try:
        main()
    except BenchError as error:
        print("compaction-latency: %s" % error, file=sys.stderr)
        sys.exit(1)
