#!/usr/bin/env python3
"""p50/p99 of GET /api/backups/ID, on one keep-alive connection, for 200 distinct runs from the
middle of the history (page PAGE, default 100, of 5 runs of the first 40 servers), on a data
directory the bench kept: what reading a run from a compressed log costs. Compare with a copy
whose logs are plain again:

    cp -a .build-e2e/data-kept .build-e2e/data-plain
    (cd .build-e2e/data-plain && for f in log-*.jsonl.gz; do zcat "$f" > "${f%.gz}" && rm "$f"; done)
    python3 tools/bench-e2e/older-run-reads.py BINARY .build-e2e/data-kept [PAGE]
    python3 tools/bench-e2e/older-run-reads.py BINARY .build-e2e/data-plain

(the plain copy gets compressed again by the server's maintenance after a few seconds, with its
plain files kept for the retention hour, which reads still prefer).
"""
import http.client
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import BenchError, Server, get  # noqa: E402


def main():
    binary, data = sys.argv[1], sys.argv[2]
    page_number = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    server = Server(binary, data, "none", "/tmp/older-run-reads.log")
    try:
        server.wait_idle()  # the scrub after an open that loaded a snapshot
        servers = server.get_json("/api/servers")
        servers = servers.get("data", servers) if isinstance(servers, dict) else servers
        ids = []
        for entry in servers[:40]:
            page = server.get_json("/api/servers/%s/backups?page=%d&pageSize=5" % (entry["id"], page_number))["data"]
            ids += [item["id"] for item in page["items"]]
        if not ids:
            raise BenchError("page %d holds no runs: pick a smaller PAGE" % page_number)
        conn = http.client.HTTPConnection(server.host, server.port, timeout=120)
        times = []
        for run_id in ids:
            started = time.perf_counter()
            status, _ = get(server.host, server.port, "/api/backups/" + run_id, conn)
            times.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise BenchError("GET /api/backups/%s answered %d" % (run_id, status))
        times.sort()
        print("%s: %d distinct older runs: p50 %.3f ms, p99 %.3f ms" % (
            os.path.basename(data.rstrip("/")), len(ids), times[len(times) // 2], times[int(len(times) * 0.99)]))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
