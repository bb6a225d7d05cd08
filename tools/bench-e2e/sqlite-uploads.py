#!/usr/bin/env python3
"""SQLite's rate for the bodies `upload-ab.sh` uploads: the 10k preset's rows inserted as the Node
duplistatus stores an upload (its schema, WAL, synchronous=FULL, one transaction per upload), the
first 2,000 by one writer and the next 8,000 by 16, as `upload-ab.sh` sends them over one and 16
connections. docs/performance.md ("what HTTP and a durable commit alone cost") runs it just before
and after `upload-ab.sh`, so both see the same disk:

    python3 tools/bench-e2e/sqlite-uploads.py [DIRECTORY]

The database is made in a temporary directory under DIRECTORY (default: the system's) and removed
afterwards.
"""
import os
import sys
import tempfile

import nodedb
import workload

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def main():
    files = workload.newest_files(os.path.join(ROOT, ".build-e2e"), "10k")
    if files is None:
        sys.exit("sqlite-uploads: no workload files; run bash tools/bench-e2e/run.sh 10k first")
    rows = os.path.join(files, "rows.jsonl")
    with tempfile.TemporaryDirectory(dir=sys.argv[1] if len(sys.argv) > 1 else None) as directory:
        path = os.path.join(directory, "node.db")
        nodedb.create(path)
        for start, count, writers in ((0, 2_000, 1), (2_000, 8_000, 16)):
            result = nodedb.insert_per_upload(path, nodedb.read_rows(rows, start, count), writers)
            print("SQLite, %2d writer(s): %d uploads, %.1f/s, p50 %.3f ms, p99 %.3f ms"
                  % (writers, result["uploads"], result["per_second"], result["p50_ms"], result["p99_ms"]))


if __name__ == "__main__":
    main()
