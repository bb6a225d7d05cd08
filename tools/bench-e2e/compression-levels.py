#!/usr/bin/env python3
"""Ratio and speed of zlib levels on one plain log, cut as the store cuts it: blocks of whole
lines of about 64 KiB, each a raw deflate stream plus 32 bytes of gzip framing.

    python3 tools/bench-e2e/compression-levels.py LOG.jsonl [LEVEL ...]     (default: 1 3 6)

docs/decisions.md quotes it for a 64 MiB log of the 10k preset (BENCH_E2E_KEEP=1 keeps one).
"""
import sys
import time
import zlib

BLOCK = 64 << 10


def blocks(data):
    start = 0
    while start < len(data):
        cut = data.rfind(b"\n", start, start + BLOCK)
        if cut < start:
            cut = data.find(b"\n", start + BLOCK)
            cut = len(data) - 1 if cut < 0 else cut
        yield data[start:cut + 1]
        start = cut + 1


def main():
    data = open(sys.argv[1], "rb").read()
    for level in [int(x) for x in sys.argv[2:]] or [1, 3, 6]:
        started = time.perf_counter()
        size = 0
        for block in blocks(data):
            stream = zlib.compressobj(level, zlib.DEFLATED, -15)
            size += len(stream.compress(block) + stream.flush()) + 32
        seconds = time.perf_counter() - started
        print("level %d: %d -> %d bytes, %.1fx, %.0f MB/s" % (level, len(data), size, len(data) / size,
                                                            len(data) / seconds / 1e6))


if __name__ == "__main__":
    main()
