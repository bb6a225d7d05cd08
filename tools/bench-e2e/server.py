"""The duplistatus side of the end-to-end benchmark: starting and stopping the real binary,
uploading with wrk, and timing GETs over loopback. Standard library only (plus the wrk binary).
"""
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench-common"))
from node_sqlite import pct  # noqa: E402
from procfs import cpu_seconds, memory_kb  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
# The longest one upload run may take (seconds) before wrk is stopped and the run fails.
UPLOAD_DEADLINE_SECONDS = int(os.environ.get("E2E_UPLOAD_DEADLINE", "3600"))


class BenchError(Exception):
    """A failed upload, an endpoint that errs, or a server that does not come up."""


class Server:
    """One `duplistatus serve` on a loopback port the kernel picks."""

    def __init__(self, binary, data_dir, fsync, log_path, extra_args=()):
        self.started = time.perf_counter()
        self.log_path = log_path
        with open(log_path, "w") as log:
            self.process = subprocess.Popen(
                [binary, "serve", "--host", "127.0.0.1", "--port", "0", "--data-dir", data_dir, "--fsync", fsync,
                 *extra_args],
                stdout=log, stderr=subprocess.STDOUT)
        self.pid = self.process.pid
        self.base = self.wait_until_healthy()
        self.ready_seconds = time.perf_counter() - self.started
        host, port = urllib.parse.urlsplit(self.base).netloc.split(":")
        self.host, self.port = host, int(port)

    def wait_until_healthy(self, timeout=600):
        """The base URL, once the log names the port and GET /api/health answers 200."""
        base = None
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                raise BenchError("the server exited during start-up:\n" + self.log_tail())
            if base is None:
                with open(self.log_path) as log:
                    found = re.search(r"listening on (http://127\.0\.0\.1:\d+)", log.read())
                base = found.group(1) if found else None
            if base is not None:
                try:
                    host, port = urllib.parse.urlsplit(base).netloc.split(":")
                    conn = http.client.HTTPConnection(host, int(port), timeout=5)
                    conn.request("GET", "/api/health")
                    if conn.getresponse().status == 200:
                        return base
                except OSError:
                    pass
            time.sleep(0.01)
        raise BenchError("/api/health did not answer in %d s:\n%s" % (timeout, self.log_tail()))

    def log_tail(self):
        with open(self.log_path) as log:
            return "".join(log.readlines()[-20:])

    def cpu(self):
        return cpu_seconds(self.pid)

    def memory_mb(self, field):
        return round(memory_kb(self.pid, field) / 1024, 1)

    def wait_idle(self, quiet_seconds=3, limit=300):
        """Waits until the server has used (almost) no CPU for `quiet_seconds` (the store scrubs
        and snapshots in the background after opening and after bulk writes)."""
        previous, quiet = self.cpu(), 0
        for _ in range(limit):
            time.sleep(1)
            now = self.cpu()
            quiet = quiet + 1 if now - previous < 0.05 else 0
            previous = now
            if quiet >= quiet_seconds:
                return

    def stop(self):
        """SIGTERM, then waits for a clean exit (the store writes its snapshot on close)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=300)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise BenchError("the server did not stop within 300 s")
        if code != 0:
            raise BenchError("the server exited with %d:\n%s" % (code, self.log_tail()))

    def get_json(self, path):
        status, body = get(self.host, self.port, path)
        if status != 200:
            raise BenchError("GET %s answered %d: %s" % (path, status, body[:300]))
        return json.loads(body)


def get(host, port, path, conn=None):
    """One GET; (status, body bytes)."""
    own = conn is None
    conn = conn or http.client.HTTPConnection(host, port, timeout=120)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if own:
        conn.close()
    return response.status, body


def upload(server, prefix, threads, connections, limit=None):
    """POSTs the bodies of FILE_PREFIX-k.jsonl with wrk; uploads/s, server CPU per upload, latency."""
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", "24h", "--timeout", "120s", "--latency",
               "-s", os.path.join(HERE, "upload.lua"), server.base, "--", prefix]
    if limit is not None:
        command.append(str(limit))
    cpu_before = server.cpu()
    started = time.perf_counter()
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    # A server that stops answering without failing would otherwise hold the benchmark forever:
    # past the deadline wrk is killed, its output ends, and the missing threads fail the run.
    watchdog = threading.Timer(UPLOAD_DEADLINE_SECONDS, wrk.kill)
    watchdog.start()
    done, failures, lines = 0, [], []
    try:
        for line in wrk.stdout:
            lines.append(line)
            if line.startswith("e2e-failure"):
                failures.append(line.strip())
            if line.startswith("e2e-done"):
                done += 1
                if done == threads:
                    break
        elapsed = time.perf_counter() - started
        cpu = server.cpu() - cpu_before
        wrk.send_signal(signal.SIGINT)  # every thread has stopped; wrk prints its summary on SIGINT
        lines += wrk.stdout.readlines()
        wrk.wait()
    finally:
        watchdog.cancel()
    if done < threads and wrk.returncode == -signal.SIGKILL:
        failures.append("wrk stopped after the %d s deadline (E2E_UPLOAD_DEADLINE)" % UPLOAD_DEADLINE_SECONDS)
    output = "".join(lines)
    totals = [line.split() for line in lines if line.startswith("e2e-done")]
    created = sum(int(fields[2]) for fields in totals)
    failed = sum(int(fields[3]) for fields in totals)
    if done < threads or failed or failures:
        raise BenchError("wrk: %d uploads failed (%s)\n%s" % (failed, "; ".join(failures), output[-2000:]))
    return {"connections": connections, "uploads": created, "seconds": round(elapsed, 3),
            "per_second": round(created / elapsed, 1), "cpu_us_per_upload": round(cpu / max(created, 1) * 1e6, 1),
            "p50_ms": wrk_percentile(output, "50%"), "p99_ms": wrk_percentile(output, "99%")}


def wrk_percentile(output, label):
    """A latency percentile of wrk's --latency table, in ms."""
    found = re.search(r"^\s*%s\s+([\d.]+)(us|ms|s)\s*$" % re.escape(label), output, re.MULTILINE)
    if not found:
        return None
    scale = {"us": 0.001, "ms": 1, "s": 1000}[found.group(2)]
    return round(float(found.group(1)) * scale, 3)


def get_rate(server, path, seconds=5):
    """GET requests/s of `path` with wrk at 16 connections (2 threads)."""
    output = subprocess.run(["wrk", "-t", "2", "-c", "16", "-d", "%ds" % seconds, server.base + path],
                            capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise BenchError("GET %s answered errors under load:\n%s" % (path, output))
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def time_gets(server, path, samples, budget_seconds):
    """p50/p99 of GET `path` on one keep-alive connection, after 3 warm-up GETs; stops early after
    `budget_seconds` (at least 10 samples). Fails on any status but 200."""
    conn = http.client.HTTPConnection(server.host, server.port, timeout=120)
    size = 0
    for _ in range(3):
        status, body = get(server.host, server.port, path, conn)
        if status != 200:
            raise BenchError("GET %s answered %d: %s" % (path, status, body[:300]))
        size = len(body)
    times = []
    deadline = time.perf_counter() + budget_seconds
    while len(times) < samples and (len(times) < 10 or time.perf_counter() < deadline):
        started = time.perf_counter()
        status, body = get(server.host, server.port, path, conn)
        times.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise BenchError("GET %s answered %d" % (path, status))
    conn.close()
    times.sort()
    return {"p50_ms": round(pct(times, 50), 3), "p99_ms": round(pct(times, 99), 3), "n": len(times), "bytes": size}
