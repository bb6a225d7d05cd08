#!/usr/bin/env python3
"""The server's CPU per upload as the end-to-end bench measures it, for bodies of two presets.

    python3 tools/bench-e2e/cpu-per-upload.py ROUNDS BINARY

Each round serves an empty directory with `--fsync none` once per case and sends it, over 16
connections, the 10k preset's 8,000 bodies, the 100k preset's first 8,000 and its first 20,000
(the bench's own `--fsync none` window), through the bench's `upload()` (server CPU time ÷
uploads). It tells whether a difference between `upload-ab.sh` (the 10k preset, 8,000 uploads)
and `run.sh 100k` (20,000 of the 100k preset) lies in the bodies, the count or the moment
(docs/performance.md, "the end-to-end bench at 100k on 21a3ade"). Needs the workload files of
`bash tools/bench-e2e/run.sh 10k` and `bash tools/bench-e2e/run.sh 100k`.
"""

import glob
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from server import Server, upload  # noqa: E402


def preset_files(preset):
    """The newest complete workload directory of `preset`."""
    found = [path for path in sorted(glob.glob(".build-e2e/files-%s-*" % preset))
             if os.path.exists(os.path.join(path, "complete"))]
    if not found:
        sys.exit("cpu-per-upload: no workload files; run bash tools/bench-e2e/run.sh %s first" % preset)
    return os.path.join(found[-1], "c16")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: cpu-per-upload.py ROUNDS BINARY")
    rounds, binary = int(sys.argv[1]), sys.argv[2]
    # wrk's two threads each send up to the limit from their own file.
    cases = [("10k preset, all 8,000", preset_files("10k"), None),
             ("100k preset, first 8,000", preset_files("100k"), 4000),
             ("100k preset, first 20,000", preset_files("100k"), 10000)]
    work = tempfile.mkdtemp(prefix="cpu-per-upload.")
    try:
        for round_number in range(rounds):
            for name, prefix, limit in cases:
                data = os.path.join(work, "data")
                shutil.rmtree(data, ignore_errors=True)
                server = Server(binary, data, "none", os.path.join(work, "server.log"))
                try:
                    time.sleep(2)
                    result = upload(server, prefix, 2, 16, limit)
                finally:
                    server.stop()
                print("round %d  %-27s %6d uploads  %6.1f µs CPU each  %7.0f/s"
                      % (round_number + 1, name, result["uploads"], result["cpu_us_per_upload"],
                         result["per_second"]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
