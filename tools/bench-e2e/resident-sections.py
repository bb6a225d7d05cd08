#!/usr/bin/env python3
"""Which of a running duplistatus binary's ELF sections are resident, in kB: reads the process's
/proc/PID/pagemap (needs root) over the binary's mappings and attributes each present page to the
section holding it. docs/performance.md ("Idle memory") uses it for the .text and .rela.dyn figures.

    python3 tools/bench-e2e/resident-sections.py PID BINARY
"""
import re
import struct
import subprocess
import sys


def sections(binary):
    """(name, address, size) of every allocated section, from readelf."""
    out = subprocess.run(["readelf", "-SW", binary], capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        match = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", line)
        if match and int(match.group(2), 16):
            found.append((match.group(1), int(match.group(2), 16), int(match.group(3), 16)))
    return found


def main():
    pid, binary = int(sys.argv[1]), sys.argv[2]
    name = binary.rsplit("/", 1)[-1]
    maps = [line.split() for line in open(f"/proc/{pid}/maps")]
    mine = [m for m in maps if len(m) >= 6 and m[5].endswith("/" + name)]
    base = min(int(m[0].split("-")[0], 16) for m in mine if int(m[2], 16) == 0)
    table = sections(binary)
    resident = {}
    with open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for mapping in mine:
            start, end = (int(x, 16) for x in mapping[0].split("-"))
            for page in range(start, end, 4096):
                pagemap.seek(page // 4096 * 8)
                if struct.unpack("<Q", pagemap.read(8))[0] >> 63:
                    offset = page - base
                    owner = next((n for n, a, s in table if a <= offset < a + max(s, 1)), "(between sections)")
                    resident[owner] = resident.get(owner, 0) + 4
    sizes = {n: (s + 4095) // 4096 * 4 for n, a, s in table}
    for owner, kb in sorted(resident.items(), key=lambda item: -item[1]):
        print(f"{kb:8d} kB of {sizes.get(owner, 0):8d} kB  {owner}")


if __name__ == "__main__":
    main()
