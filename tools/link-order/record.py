#!/usr/bin/env python3
"""Records which code the release server runs from start until it idles, and writes it to
tools/link-order/duplistatus.order, the list lld places first in the binary's .text
(Package.swift passes it as --symbol-ordering-file). docs/performance.md ("Idle memory: the
start-up code together") says why and what it measured.

    sudo python3 tools/link-order/record.py [--rounds 4]    # record the list again
    python3 tools/link-order/record.py --check              # how much of it the release binary has

Recording needs root: it sets the read-ahead of the disk holding .build to 0 while it runs
(restored on exit, also on SIGTERM and SIGHUP) and writes build files as root. Each round links
the binary with the current list in a new random order, flushes the binary and drops it from the
page cache, starts it on an empty data directory, asks /api/health once, waits, and reads which
pages of .text are resident. Without read-ahead, and with nothing of the file cached, a page is
resident only if the server ran code on it, so the input sections on those pages are the next
round's list. The granularity is a page: a section that only shares a page with code that ran
stays in the list unless a shuffle puts it on a page of its own.

SwiftPM does not see the list as an input of the link: after changing it, delete
.build/release/duplistatus (this tool does) so the next release build links again.
"""
import argparse
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ORDER = os.path.join(ROOT, "tools", "link-order", "duplistatus.order")
BINARY = os.path.join(ROOT, ".build", "release", "duplistatus")
PAGE = 4096
# Input sections of .text in a link map: address, size, then "object:(section)".
INPUT = re.compile(r"^\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s+\d+ {9}(\S.*):\((\.text[^)]*)\)$")
SYMBOL = re.compile(r"^\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+\d+ {17}(\S+)$")


def write_order(names):
    with open(ORDER, "w") as out:
        out.write("".join(name + "\n" for name in names))


def link(order, link_map):
    """Relinks the release binary with `order` as its ordering file and writes the link map."""
    write_order(order)
    if os.path.exists(BINARY):
        os.remove(BINARY)  # SwiftPM does not see the ordering file as an input of the link
    subprocess.run(
        ["swift", "build", "-c", "release", "--product", "duplistatus", "-Xlinker", f"-Map={link_map}"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def text_sections(link_map):
    """(address, size, name) of every input section in .text that lld can order by a symbol name."""
    found, pending = [], None
    in_text = False
    for line in open(link_map, errors="replace"):
        if re.match(r"^\s+[0-9a-f]+\s+[0-9a-f]+\s+[0-9a-f]+\s+\d+ \.", line):
            in_text = line.rstrip().endswith(" .text")
            continue
        if not in_text:
            continue
        match = INPUT.match(line.rstrip("\n"))
        if match:
            address, size, section = int(match.group(1), 16), int(match.group(2), 16), match.group(4)
            # A function section is named by its function; a whole-file .text by its first symbol.
            name = section[len(".text."):] if section.startswith(".text.") else None
            pending = [address, size, name]
            found.append(pending)
            continue
        match = SYMBOL.match(line.rstrip("\n"))
        if match and pending is not None and pending[2] is None:
            pending[2] = match.group(1)
    # Sections of private labels (.L…, some with spaces) have no symbol lld could find them by.
    return [tuple(s) for s in found if s[1] and s[2] and not s[2].startswith(".L") and " " not in s[2]]


def read_ahead_file(path):
    """The read_ahead_kb file of the disk that holds `path`."""
    device = os.stat(path).st_dev
    directory = f"/sys/dev/block/{os.major(device)}:{os.minor(device)}"
    for candidate in (directory, os.path.join(directory, "..")):
        queue = os.path.join(candidate, "queue", "read_ahead_kb")
        if os.path.exists(queue):
            return queue
    sys.exit(f"record: no read_ahead_kb for the disk of {path} (a block device is needed, not overlayfs)")


def drop_from_page_cache(path):
    """Writes `path` out, asks the kernel to forget its pages, and checks that it did."""
    fd = os.open(path, os.O_RDONLY)
    os.fsync(fd)  # the kernel drops only clean pages, and lld has just written the file
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
    cached = subprocess.run(["fincore", "--bytes", "--noheadings", "--output", "RES", path],
                            capture_output=True, text=True, check=True).stdout.strip()
    if int(cached or 0) > 64 * PAGE:
        sys.exit(f"record: {cached} bytes of the binary stayed in the page cache")


def resident_pages(port):
    """Starts the binary cold, lets it answer /api/health and idle, returns its resident .text offsets."""
    drop_from_page_cache(BINARY)
    data = tempfile.mkdtemp(prefix="link-order-")
    server = subprocess.Popen(
        [BINARY, "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", data],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1).read()
                break
            except OSError:
                time.sleep(0.05)
        else:
            sys.exit(f"record: the server did not answer /api/health on port {port}")
        time.sleep(6)  # the first maintenance ticks run in this window
        pages = []
        name = os.path.realpath(BINARY)
        maps = [line.split() for line in open(f"/proc/{server.pid}/maps")]
        mine = [m for m in maps if len(m) >= 6 and os.path.realpath(m[5]) == name]
        base = min(int(m[0].split("-")[0], 16) for m in mine if int(m[2], 16) == 0)
        with open(f"/proc/{server.pid}/pagemap", "rb") as pagemap:
            for m in mine:
                if "x" not in m[1]:
                    continue
                low, high = (int(x, 16) for x in m[0].split("-"))
                for address in range(low, high, PAGE):
                    pagemap.seek(address // PAGE * 8)
                    if struct.unpack("<Q", pagemap.read(8))[0] >> 63:
                        pages.append(address - base)
        return pages
    finally:
        server.send_signal(signal.SIGINT)
        server.wait()
        shutil.rmtree(data, ignore_errors=True)


def on_resident_pages(sections, pages):
    """Names of the sections that overlap a resident page."""
    resident = set(pages)
    return {name for address, size, name in sections
            if any(page in resident for page in range(address // PAGE * PAGE, address + size, PAGE))}


def check():
    """Prints how many of the list's names the release binary defines: a list recorded before
    large changes names functions that were renamed or are gone, and their code is not ordered."""
    names = [line.strip() for line in open(ORDER) if line.strip()]
    symbols = subprocess.run(["nm", "--defined-only", "--format=just-symbols", BINARY],
                             capture_output=True, text=True, check=True).stdout.split()
    found = len(set(names) & set(symbols))
    print(f"{found} of {len(names)} names ({100 * found // max(len(names), 1)} %) are in {os.path.relpath(BINARY, ROOT)}")


def record(rounds, port):
    if os.geteuid() != 0:
        sys.exit("record: needs root (read_ahead_kb); --check does not")
    os.makedirs(os.path.dirname(BINARY), exist_ok=True)
    queue = read_ahead_file(os.path.join(ROOT, ".build"))
    saved = open(queue).read().strip()
    print(f"read-ahead of {queue}: {saved} kB, 0 while recording", flush=True)
    original = open(ORDER).read() if os.path.exists(ORDER) else ""
    candidates = original.split()
    work = tempfile.mkdtemp(prefix="link-order-map-")
    shuffle = random.Random(12)
    finished = False
    # SIGTERM and SIGHUP end the run through the finally below, which restores the read-ahead.
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, lambda *_: sys.exit("record: stopped"))
    try:
        with open(queue, "w") as out:
            out.write("0")
        for round_number in range(1, rounds + 1):
            order = candidates[:]
            shuffle.shuffle(order)
            link_map = os.path.join(work, "link.map")
            link(order, link_map)
            sections = text_sections(link_map)
            pages = resident_pages(port)
            kept = on_resident_pages(sections, pages)
            candidates = sorted(kept)
            size = sum(s for _, s, name in sections if name in kept)
            print(f"round {round_number}: {len(pages) * PAGE // 1024} kB of .text resident, "
                  f"{len(candidates)} sections ({size // 1024} kB) on those pages", flush=True)
        link(candidates, os.path.join(work, "link.map"))
        finished = True
    finally:
        with open(queue, "w") as out:
            out.write(saved)
        shutil.rmtree(work, ignore_errors=True)
        if not finished:
            with open(ORDER, "w") as out:
                out.write(original)  # not a half-shuffled list
    print(f"wrote {len(candidates)} names to {os.path.relpath(ORDER, ROOT)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--port", type=int, default=9876)
    parser.add_argument("--check", action="store_true", help="compare the list with the release binary's symbols")
    arguments = parser.parse_args()
    if arguments.check:
        check()
    else:
        record(arguments.rounds, arguments.port)


if __name__ == "__main__":
    main()
