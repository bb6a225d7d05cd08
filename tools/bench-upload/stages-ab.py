#!/usr/bin/env python3
"""Runs builds of bench-upload in turn and prints the medians of their report-reading stages.

    python3 tools/bench-upload/stages-ab.py ROUNDS [--iterations N] OLD/bench-upload NEW/bench-upload...

Each round runs every binary once (`BINARY 1000`: 1000 iterations per stage, or N, itself the
median of 5 rounds), alternating so a shared machine's load falls on all of them alike. For each
body it prints, per binary, the median over the rounds of decode, map and encode, and of their
sum, then the fastest round of each stage (on a noisy machine the load only adds, so the fastest
is the steadier figure; "repeated values, containers' room" in docs/performance.md): the
part of an upload spent reading the report and writing the run's body (the commit stage, wall time
of one writer, is left out). How docs/performance.md compares two builds ("the tenth round").
"""

import statistics
import subprocess
import sys

STAGES = ("decode", "map", "encode")


def run(binary, iterations):
    """The stage figures of one run, by body: {body: {stage: µs}}."""
    output = subprocess.run([binary, str(iterations)], check=True, capture_output=True, text=True).stdout
    header, figures = None, {}
    for line in output.splitlines():
        if not line.startswith("|") or line.startswith("|---"):
            continue
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells))
        figures[row["body"]] = {stage: float(row[stage]) for stage in STAGES}
    if not figures:
        sys.exit("stages-ab: %s printed no table" % binary)
    return figures


def main():
    arguments = sys.argv[1:]
    iterations = 1000
    if len(arguments) > 2 and arguments[1] == "--iterations":
        iterations = int(arguments[2])
        del arguments[1:3]
    if len(arguments) < 2:
        sys.exit("usage: stages-ab.py ROUNDS [--iterations N] BINARY...")
    rounds, binaries = int(arguments[0]), arguments[1:]
    results = {binary: [] for binary in binaries}
    for round_number in range(rounds):
        for binary in binaries:
            results[binary].append(run(binary, iterations))
        print("round %d of %d done" % (round_number + 1, rounds), file=sys.stderr)
    bodies = list(results[binaries[0]][0])
    print("medians of %d alternating rounds, µs per upload: decode, map, encode, their sum" % rounds)
    for body in bodies:
        print(body)
        for binary in binaries:
            medians = [statistics.median(run[body][stage] for run in results[binary]) for stage in STAGES]
            total = statistics.median(sum(run[body][stage] for stage in STAGES) for run in results[binary])
            print("  %-40s %s  sum %.1f" % (binary, "  ".join("%6.1f" % value for value in medians), total))
        for binary in binaries:
            fastest = [min(run[body][stage] for run in results[binary]) for stage in STAGES]
            print("  %-40s %s  (fastest round)" % (binary, "  ".join("%6.1f" % value for value in fastest)))


if __name__ == "__main__":
    main()
