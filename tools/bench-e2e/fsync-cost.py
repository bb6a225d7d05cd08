#!/usr/bin/env python3
"""What one flush costs the kernel on this machine's disk: writes SIZE bytes to a file in DIR and
calls fdatasync, COUNT times for each size, and prints the system and user CPU, the wall time and
the times the process slept per call. docs/performance.md ("Where `--fsync always` adds its CPU")
compares it with the flushes `upload-ab.sh` counts per upload.

    python3 tools/bench-e2e/fsync-cost.py [--dir DIR] [--count 1500] [--layout L] [SIZE...]   # default 7500 20000 60000

`--layout append` (the default) appends, as FlatStore's log does: each flush also has to make
the file's new size and its new blocks durable. `--layout in-place` first fills the file with
newlines and flushes it, then writes each SIZE over them from the start: the size and the blocks
are already on disk, so a flush carries only the data. `--layout both` runs the two alternately ("where a durable
upload sleeps"). A sleep is a voluntary context switch (`ru_nvcsw`). The figures vary from run to
run on a shared machine: compare the two in one run.
"""
import argparse
import os
import resource
import tempfile
import time


def measure(path, size, count, layout):
    """Writes and flushes `count` lines of `size` bytes; returns (system µs, user µs, wall µs, sleeps) per call."""
    if layout == "in-place":
        with open(path, "wb") as prepared:
            block = b"\n" * (1 << 20)
            for _ in range(-(-size * count // len(block))):
                prepared.write(block)
            prepared.flush()
            os.fsync(prepared.fileno())
        descriptor = os.open(path, os.O_WRONLY)
    else:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    line = b"x" * (size - 1) + b"\n"
    before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for _ in range(count):
        os.write(descriptor, line)
        os.fdatasync(descriptor)
    after, ended = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    os.close(descriptor)
    os.unlink(path)
    return (
        (after.ru_stime - before.ru_stime) / count * 1e6,
        (after.ru_utime - before.ru_utime) / count * 1e6,
        (ended - started) / count * 1e6,
        (after.ru_nvcsw - before.ru_nvcsw) / count,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=".build-e2e", help="where the file is written (the disk the data directory is on)")
    parser.add_argument("--count", type=int, default=1500, help="writes and flushes per size")
    parser.add_argument("--layout", choices=["append", "in-place", "both"], default="append", help="how each write lands")
    parser.add_argument("sizes", type=int, nargs="*", default=[7500, 20000, 60000], help="bytes per write")
    args = parser.parse_args()
    layouts = ["append", "in-place"] if args.layout == "both" else [args.layout]
    os.makedirs(args.dir, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=args.dir) as directory:
        for size in args.sizes:
            for layout in layouts:
                system, user, wall, sleeps = measure(os.path.join(directory, "flushes"), size, args.count, layout)
                print("%6d bytes, %-8s %5.1f µs system + %4.1f µs user CPU, %6.1f µs wall, %4.2f sleeps per write and fdatasync" % (
                    size, layout + ":", system, user, wall, sleeps,
                ))


if __name__ == "__main__":
    main()
