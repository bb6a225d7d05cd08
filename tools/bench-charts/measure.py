#!/usr/bin/env python3
"""Times the chart endpoints and the chart-drawing pages of a running duplistatus: p50 and p90 of 50
GETs each after 5 warm-up GETs, and the server's CPU time per GET (from /proc/PID/stat).

Usage: measure.py BASE_URL SERVER_PID   (standard library only; loopback only)
"""

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


def cpu_ms(pid):
    """User plus system CPU time of process `pid`, in milliseconds."""
    return cpu_seconds(pid) * 1000


def main():
    base, pid = sys.argv[1], int(sys.argv[2])
    # The dashboard reuses a rendering while nothing changed; a different filter each GET defeats it.
    fresh = lambda i: "/?view=cards&q=srv" + "%20" * i
    pages = [
        ("aggregated, all time, by day (`?startDate=2020-01-01`)", "/api/chart-data/aggregated?startDate=2020-01-01"),
        ("aggregated, default (last 365 days), by day", "/api/chart-data/aggregated"),
        ("aggregated, all time, by week", "/api/chart-data/aggregated?startDate=2020-01-01&bucket=week"),
        ("aggregated, all time, by month", "/api/chart-data/aggregated?startDate=2020-01-01&bucket=month"),
        ("one server, all time, by day", "/api/chart-data/server/srv-0?startDate=2020-01-01"),
        ("one job, all time, by day", "/api/chart-data/server/srv-0/backup/job-0?startDate=2020-01-01"),
        ("dashboard (30-day side charts), rendered for each GET", fresh),
        ("server page, one job, range All", "/servers/srv-0?job=job-0&range=all"),
    ]
    print("| request | bytes | p50 ms | p90 ms | server CPU ms per GET |")
    print("|---|---:|---:|---:|---:|")
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
