#!/usr/bin/env python3
"""Groups the samples of a `perf record -g` profile of the server by what they were doing.

Reads `perf script -F comm,tid,ip,sym` output on stdin. Each sample goes to the first group one of
whose patterns matches a frame of its stack (so a sample in the parser under the mapper counts as
parsing), and the script prints each group's share; `--frame REGEX` also prints the share of
samples with a matching frame anywhere on the stack (e.g. `--frame swift_task_switch`).
docs/performance.md ("Upload CPU: the third round") quotes its output for an upload profile:

    UPLOAD_AB_PERF=/tmp/profiles bash tools/bench-e2e/upload-ab.sh 1 none 16 BINARY
    perf script -i /tmp/profiles/1.data -F comm,tid,ip,sym | python3 tools/bench-e2e/profile-stacks.py

`--within REGEX` prints instead where the samples under a frame spend their own time, with their
counts (e.g. the parser's, in a profile of `bench-upload`; "the fourth round"). `--open` prints
instead, for a profile of a store opening, each of the two busiest threads' samples by what they
were doing (`OPEN_GROUPS`; "Restart: the ninth round"). `--callees REGEX` prints instead, of
the samples under a frame, what that frame was calling (the frame inside its outermost match, with
counts: how a function's time splits among the functions it calls; "the tenth round").
`--innermost REGEX` prints instead,
for the samples of one group (`--group`, default the Hummingbird one), the innermost frame matching
REGEX on each stack: which of our functions they ran under (e.g. `'\$s6Server'`: which middleware;
"what HTTP and a durable commit alone cost"). `--sleeps UPLOADS` reads instead a profile of the
scheduler's switches (`perf record -e sched:sched_switch -g`) and prints, per upload, where each
thread went to sleep ("where a durable upload sleeps"). `--thread REGEX`, with any of them, keeps
only the samples of threads whose name matches (`qos`: Swift's pool; `NIO`: the event loops).
"""

import argparse
import io
import re
import sys

# In order: the first group with a matching frame takes the sample.
GROUPS = [
    ("parsing the report", r"ReportJSONParser"),
    ("mapping the report", r"UploadParser\S*map|DuplicatiReportMapper"),
    ("writing the run's and logs' bodies", r"canonicalBody"),
    ("other record bodies (JSONEncoder)", r"WriteBatchV3put"),
    ("commit thread", r"Committer"),
    ("the rest of ingest", r"BackupStoreV6ingest"),
    ("notification hand-off", r"NewRunNotifier"),
    ("the upload handler (answer, receipt)", r"UploadController"),
    ("Hummingbird: routing, middleware, request and answer", r"Hummingbird|Middleware"),
    ("NIO: sockets, HTTP parsing, event loops", r"NIOPosix|NIOCore"),
    ("Swift Concurrency", r"swift_job_run|swift_task"),
    ("other (allocator, kernel without user frames)", r""),
]

# The same for the threads that open a store (`SnapshotFile.readPipelined`); a sample whose innermost
# frame has no symbol is mostly zlib inflating the snapshot (Debian's libz is stripped).
OPEN_GROUPS = [
    ("parsing entry lines", r"EntryParser|JSONScanner"),
    ("putting entries (key table, summaries, indexes, aggregates)", r"CollectionIndex|applyLoaded"),
    ("line checksums", r"crc32|isIntact"),
    ("no symbols, innermost (zlib's inflate)", None),
    ("other", r""),
]


def samples(lines):
    """Each sample's thread (its header line: the thread's name, then its id) and frames, innermost first."""
    thread, frames = None, []
    for line in lines:
        if not line.strip():
            if frames:
                yield thread, frames
            frames = []
        elif line[0] in " \t":
            parts = line.strip().split(None, 1)
            frames.append(parts[1] if len(parts) > 1 else "?")
        else:
            if frames:
                yield thread, frames
            thread, frames = line.split(), []
    if frames:
        yield thread, frames


def only_threads(lines, pattern):
    """The lines of the samples whose header line (the thread's name, then its id) matches `pattern`."""
    keep = False
    for line in lines:
        if line.strip() and line[0] not in " \t":
            keep = bool(pattern.search(line.rsplit(None, 1)[0]))
        if keep or not line.strip():
            yield line


def stacks(lines):
    """Each sample's frames, innermost first."""
    for _, frames in samples(lines):
        yield frames


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frame", action="append", default=[], help="also print the share of stacks with this frame")
    parser.add_argument(
        "--within",
        help="instead, of the samples with a frame matching this, the share each innermost frame (self time) takes",
    )
    parser.add_argument(
        "--callees",
        help="instead, of the samples with a frame matching this, the frame its outermost match was calling",
    )
    parser.add_argument(
        "--innermost",
        help="instead, of the samples of --group, the innermost frame matching this on each stack",
    )
    hummingbird = next(name for name, _ in GROUPS if name.startswith("Hummingbird"))
    parser.add_argument("--group", default=hummingbird, help="the group --innermost looks at")
    parser.add_argument("--thread", help="only the samples of threads whose name matches this (e.g. 'qos': Swift's pool)")
    parser.add_argument("--open", action="store_true", help="instead, the two busiest threads' samples by OPEN_GROUPS")
    parser.add_argument(
        "--sleeps",
        type=int,
        metavar="UPLOADS",
        help="instead, for a profile of sched:sched_switch, where each thread went to sleep, per UPLOADS",
    )
    args = parser.parse_args()
    if args.thread:
        sys.stdin = io.StringIO("".join(only_threads(sys.stdin, re.compile(args.thread))))
    compiled = [(name, re.compile(pattern)) for name, pattern in GROUPS]
    if args.open:
        open_threads()
        return
    if args.sleeps is not None:
        if args.sleeps < 1:
            sys.exit("profile-stacks: --sleeps takes the number of uploads the profile covers")
        sleeps(args.sleeps)
        return
    if args.within:
        within_self(re.compile(args.within))
        return
    if args.callees:
        callees(re.compile(args.callees))
        return
    if args.innermost:
        innermost(compiled, args.group, re.compile(args.innermost))
        return
    extra = [(pattern, re.compile(pattern)) for pattern in args.frame]
    counts = {name: 0 for name, _ in GROUPS}
    extra_counts = {pattern: 0 for pattern, _ in extra}
    total = 0
    for frames in stacks(sys.stdin):
        total += 1
        counts[group_of(frames, compiled)] += 1
        for pattern, compiled_pattern in extra:
            extra_counts[pattern] += any(compiled_pattern.search(frame) for frame in frames)
    if not total:
        sys.exit("profile-stacks: no samples on stdin")
    print("%d samples" % total)
    for name, count in sorted(counts.items(), key=lambda item: -item[1]):
        print("%6.1f %%  %s" % (100 * count / total, name))
    for pattern, count in extra_counts.items():
        print("%6.1f %%  %6d  stacks with a frame matching %s" % (100 * count / total, count, pattern))


def group_of(frames, compiled):
    """The first group with a frame on this stack."""
    return next(name for name, pattern in compiled if not pattern.pattern or any(pattern.search(f) for f in frames))


def innermost(compiled, group, pattern):
    """Prints, for the samples of `group`, how many have each frame as their innermost match of `pattern`."""
    counts = {}
    total = 0
    for frames in stacks(sys.stdin):
        total += 1
        if group_of(frames, compiled) != group:
            continue
        frame = next((f for f in frames if pattern.search(f)), "(none)")
        counts[frame] = counts.get(frame, 0) + 1
    print("%d samples, %d in %s; the innermost frame matching %s:" % (total, sum(counts.values()), group, pattern.pattern))
    for frame, count in sorted(counts.items(), key=lambda item: -item[1])[:25]:
        print("%6d  %s" % (count, frame[:110]))


def within_self(pattern):
    """Prints, of the samples with a frame matching `pattern`, the shares of their innermost frames."""
    selves = {}
    total = 0
    for frames in stacks(sys.stdin):
        if any(pattern.search(frame) for frame in frames):
            total += 1
            selves[frames[0]] = selves.get(frames[0], 0) + 1
    if not total:
        sys.exit("profile-stacks: no samples with a frame matching %s" % pattern.pattern)
    print("%d samples with a frame matching %s; their innermost frames:" % (total, pattern.pattern))
    for frame, count in sorted(selves.items(), key=lambda item: -item[1])[:15]:
        print("%6.1f %%  %6d  %s" % (100 * count / total, count, frame[:110]))


def callees(pattern):
    """Prints, of the samples with a frame matching `pattern`, how many were in each frame that the
    outermost match called ("(self)" when the match itself was running)."""
    counts = {}
    total = 0
    for frames in stacks(sys.stdin):
        matches = [index for index, frame in enumerate(frames) if pattern.search(frame)]
        if not matches:
            continue
        total += 1
        outermost = matches[-1]
        callee = frames[outermost - 1] if outermost > 0 else "(self)"
        counts[callee] = counts.get(callee, 0) + 1
    if not total:
        sys.exit("profile-stacks: no samples with a frame matching %s" % pattern.pattern)
    print("%d samples with a frame matching %s; what its outermost match was calling:" % (total, pattern.pattern))
    for frame, count in sorted(counts.items(), key=lambda item: -item[1])[:25]:
        print("%6d  %s" % (count, frame[:110]))


def open_threads():
    """Prints the sample count of every thread, then the two busiest ones' samples by OPEN_GROUPS."""
    compiled = [(name, None if pattern is None else re.compile(pattern)) for name, pattern in OPEN_GROUPS]
    per_thread = {}
    for header, frames in samples(sys.stdin):
        thread = header[-1]
        for name, pattern in compiled:
            if pattern is None:
                matched = frames[0] == "[unknown]"
            else:
                matched = not pattern.pattern or any(pattern.search(frame) for frame in frames)
            if matched:
                break
        counts = per_thread.setdefault(thread, {group: 0 for group, _ in OPEN_GROUPS})
        counts[name] += 1
    if not per_thread:
        sys.exit("profile-stacks: no samples on stdin")
    busiest = sorted(per_thread.items(), key=lambda item: -sum(item[1].values()))
    print("%d samples on %d threads" % (sum(sum(c.values()) for _, c in busiest), len(busiest)))
    for thread, counts in busiest[:2]:
        print("thread %s: %d samples" % (thread, sum(counts.values())))
        for group, count in sorted(counts.items(), key=lambda item: -item[1]):
            print("%8d  %s" % (count, group))


# Frames of the scheduler itself, above the place a thread went to sleep.
SCHEDULER = re.compile(r"^(__schedule|schedule\w*|io_schedule\w*|preempt_schedule\w*|__traceiter\w*|__switch_to\w*)$")


def sleeps(uploads):
    """Prints, for a profile of `sched:sched_switch` events, how often each thread (a pool's
    threads, `#N`, together) went to sleep at each place: the first frames below the scheduler's,
    per upload."""
    counts = {}
    for header, frames in samples(sys.stdin):
        name = re.sub(r"#\d+$", "#N", " ".join(header[:-1]))
        place = " < ".join(frame[:44] for frame in [f for f in frames if not SCHEDULER.search(f)][:4])
        counts[(name, place)] = counts.get((name, place), 0) + 1
    if not counts:
        sys.exit("profile-stacks: no samples on stdin")
    print("%d times a thread slept, %.2f an upload; per upload, where:" % (sum(counts.values()), sum(counts.values()) / uploads))
    for (name, place), count in sorted(counts.items(), key=lambda item: -item[1])[:20]:
        print("%6.2f  %-16s %s" % (count / uploads, name, place))


if __name__ == "__main__":
    main()
