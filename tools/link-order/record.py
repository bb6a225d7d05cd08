#!/usr/bin/env python3
"""Records which code the release server runs from start until it idles, and writes it to
tools/link-order/duplistatus.order, the list lld places first in the binary's .text
(Package.swift passes it as --symbol-ordering-file). docs/performance.md ("Idle memory: the
start-up code together") says why and what it measured.

    sudo python3 tools/link-order/record.py [--rounds 4]

Needs root: it sets the read-ahead of the disk holding .build to 0 while it runs (restored on
exit) and reads /proc/PID/pagemap. Each round links the binary with the current candidates in a
new random order, drops the binary from the page cache, starts it on an empty data directory,
asks /api/health once, waits, and reads which pages of .text are resident. Without read-ahead a
page is resident only if the server ran code on it, so the input sections on those pages are
the candidates of the next round. A section that only shared a page with code that ran drops out
once the shuffle puts it on a page of its own or beside code that does not run.
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


def link(order, link_map):
    """Relinks the release binary with `order` as its ordering file and writes the link map."""
    with open(ORDER, "w") as out:
        out.write("".join(name + "\n" for name in order))
    if os.path.exists(BINARY):
        os.remove(BINARY)  # SwiftPM does not see the ordering file as an input of the link
    subprocess.run(
        ["swift", "build", "-c", "release", "--product", "duplistatus", "-Xlinker", f"-Map={link_map}"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def text_sections(link_map):
    """(address, size, key) of every input section in .text; key is a symbol that names it."""
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
            key = section[len(".text."):] if section.startswith(".text.") else None
            pending = [address, size, key]
            found.append(pending)
            continue
        match = SYMBOL.match(line.rstrip("\n"))
        if match and pending is not None and pending[2] is None:
            pending[2] = match.group(1)
    return [tuple(section) for section in found if section[2] and section[1]]


def read_ahead_file(path):
    """The read_ahead_kb file of the disk that holds `path`."""
    device = os.stat(path).st_dev
    directory = f"/sys/dev/block/{os.major(device)}:{os.minor(device)}"
    for candidate in (directory, os.path.join(directory, "..")):
        queue = os.path.join(candidate, "queue", "read_ahead_kb")
        if os.path.exists(queue):
            return queue
    sys.exit(f"record: no read_ahead_kb for the disk of {path}")


def resident_pages(port):
    """Starts the binary cold, lets it answer /api/health and idle, returns its resident .text offsets."""
    fd = os.open(BINARY, os.O_RDONLY)
    os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    os.close(fd)
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
            sys.exit("record: the server did not answer /api/health")
        time.sleep(6)  # the first maintenance tick and the scrub run in this window
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


def touched(sections, pages):
    """Keys of the sections that overlap a resident page."""
    resident = set(pages)
    return {key for address, size, key in sections
            if any(page in resident for page in range(address // PAGE * PAGE, address + size, PAGE))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--port", type=int, default=9876)
    arguments = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("record: needs root (read_ahead_kb, /proc/PID/pagemap)")
    os.makedirs(os.path.dirname(BINARY), exist_ok=True)
    queue = read_ahead_file(os.path.join(ROOT, ".build"))
    saved = open(queue).read().strip()
    work = tempfile.mkdtemp(prefix="link-order-map-")
    shuffle = random.Random(12)
    candidates = [line.strip() for line in open(ORDER)] if os.path.exists(ORDER) else []
    try:
        with open(queue, "w") as out:
            out.write("0")
        for round_number in range(1, arguments.rounds + 1):
            order = candidates[:]
            shuffle.shuffle(order)
            link_map = os.path.join(work, "link.map")
            link(order, link_map)
            sections = text_sections(link_map)
            pages = resident_pages(arguments.port)
            found = touched(sections, pages)
            size = sum(s for _, s, key in sections if key in found)
            print(f"round {round_number}: {len(pages) * PAGE // 1024} kB of .text resident, "
                  f"{len(found)} sections ({size // 1024} kB) on those pages", flush=True)
            # Code that ran stays; a candidate that did not is dropped; code found outside the
            # ordered part joins (its neighbours there too, until a later round drops them).
            kept = set(candidates)
            candidates = sorted(found if not kept else (kept & found) | (found - kept))
        link(candidates, os.path.join(work, "link.map"))
    finally:
        with open(queue, "w") as out:
            out.write(saved)
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {len(candidates)} names to {os.path.relpath(ORDER, ROOT)}")


if __name__ == "__main__":
    main()
