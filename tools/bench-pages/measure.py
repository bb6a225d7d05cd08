#!/usr/bin/env python3
"""Times pages of a running duplistatus: p50 and p90 of 50 GETs each after 5 warm-up GETs, and
the server's CPU time per GET (from /proc/PID/stat), which other load on the machine disturbs less
than wall time.

Usage: measure.py BASE_URL CONFIGURATION RUNS JOBS SERVER_PID   (standard library only; loopback only)
"""

import json
import os
import statistics
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench-common"))
from procfs import cpu_seconds  # noqa: E402


def get(url):
    start = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        body = response.read()
    return (time.perf_counter() - start) * 1000, len(body)


def upload(base, index):
    """Posts one new run of srv-0's job-0 (the generic report format), newer than any stored."""
    begin = time.time() + 3600 + index * 60
    stamp = lambda seconds: time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
    body = json.dumps({
        "server": {"name": "server-0", "id": "srv-0"},
        "backup": {"name": "job-0", "status": "success", "startTime": stamp(begin), "endTime": stamp(begin + 30),
                   "duration": 30, "files": 10_000, "size": 1 << 30, "storageUsed": 3 << 29, "uploadedSize": 1 << 20,
                   "versions": 3},
    }).encode()
    request = urllib.request.Request(base + "/api/upload", data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        response.read()


def cpu_ms(pid):
    """User plus system CPU time of process `pid`, in milliseconds."""
    return cpu_seconds(pid) * 1000


def main():
    base, configuration, runs, jobs, pid = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    with urllib.request.urlopen(base + "/api/servers/srv-0/backups?pageSize=1", timeout=60) as response:
        run_id = json.loads(response.read())["data"]["items"][0]["id"]
    # Paths may depend on the GET's number: a filter that matches every job, with a different
    # number of trailing blanks each time, makes the dashboard render afresh on every GET.
    fresh = lambda view: lambda i: f"/?view={view}&q=srv" + "%20" * i
    pages = [
        ("dashboard `/` (cards), reused rendering", "/?view=cards"),
        ("dashboard (cards), rendered for each GET", fresh("cards")),
        ("dashboard, table view, reused rendering", "/?view=table"),
        ("dashboard, table view, rendered for each GET", fresh("table")),
        ("server page `/servers/srv-0`", "/servers/srv-0"),
        ("server page, one job, range All", "/servers/srv-0?job=job-0&range=all"),
        ("server page, history page 100", "/servers/srv-0?page=100"),
        ("run page", f"/servers/srv-0/runs/{urllib.request.quote(run_id, safe='')}"),
        ("settings", "/settings"),
    ]
    print(f"{runs} runs over {jobs} jobs, {configuration} build; ms per GET over loopback, 50 GETs after 5 warm-up")
    print("| page | bytes | p50 ms | p90 ms | server CPU ms per GET |")
    print("|---|---:|---:|---:|---:|")
    # The first dashboards after start render every card and row: one sample each.
    for view in ("cards", "table"):
        before = cpu_ms(pid)
        elapsed, size = get(base + f"/?view={view}")
        print(f"| dashboard ({view}), first rendering after start | {size} | {elapsed:.1f} | – | {cpu_ms(pid) - before:.1f} |")
    # The common fresh case: one upload since the last GET changes one server's card (one row).
    for view in ("cards", "table"):
        samples, cpu = [], 0.0
        for i in range(55):
            upload(base, i if view == "cards" else 100 + i)
            before = cpu_ms(pid)
            elapsed, size = get(base + f"/?view={view}")
            if i >= 5:
                samples.append(elapsed)
                cpu += cpu_ms(pid) - before
        samples.sort()
        print(f"| dashboard ({view}) after one upload | {size} | {statistics.median(samples):.1f} | {samples[44]:.1f} | {cpu / 50:.1f} |")
    for label, path in pages:
        at = path if callable(path) else (lambda i, path=path: path)
        for i in range(5):
            get(base + at(100 + i))
        samples = []
        size = 0
        before = cpu_ms(pid)
        for i in range(50):
            elapsed, size = get(base + at(i))
            samples.append(elapsed)
        cpu = (cpu_ms(pid) - before) / 50
        samples.sort()
        print(f"| {label} | {size} | {statistics.median(samples):.1f} | {samples[44]:.1f} | {cpu:.1f} |")


if __name__ == "__main__":
    main()
