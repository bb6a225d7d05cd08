#!/usr/bin/env python3
"""What one flush costs the kernel on this machine's disk: appends SIZE bytes to a file in DIR and
calls fdatasync, COUNT times for each size, and prints the system and user CPU and the wall time
per call. docs/performance.md ("Where `--fsync always` adds its CPU") compares it with the
flushes `upload-ab.sh` counts per upload.

    python3 tools/bench-e2e/fsync-cost.py [--dir DIR] [--count 1500] [SIZE...]   # default 7500 20000 60000
"""
import argparse
import os
import resource
import tempfile
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=".build-e2e", help="where the file is written (the disk the data directory is on)")
    parser.add_argument("--count", type=int, default=1500, help="appends and flushes per size")
    parser.add_argument("sizes", type=int, nargs="*", default=[7500, 20000, 60000], help="bytes per append")
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.dir) as directory:
        for size in args.sizes:
            path = os.path.join(directory, "flushes")
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            line = b"x" * (size - 1) + b"\n"
            before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
            for _ in range(args.count):
                os.write(descriptor, line)
                os.fdatasync(descriptor)
            after, ended = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
            os.close(descriptor)
            os.unlink(path)
            print("%6d bytes: %5.1f µs system + %4.1f µs user CPU, %6.1f µs wall per append and fdatasync" % (
                size,
                (after.ru_stime - before.ru_stime) / args.count * 1e6,
                (after.ru_utime - before.ru_utime) / args.count * 1e6,
                (ended - started) / args.count * 1e6,
            ))


if __name__ == "__main__":
    main()
