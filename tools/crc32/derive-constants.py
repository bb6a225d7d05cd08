#!/usr/bin/env python3
"""Derives the folding constants of Sources/CCRC32/crc32.c and checks the folding against zlib.

    python3 tools/crc32/derive-constants.py

CRC-32 as zlib computes it is reflected: the first byte's lowest bit is the highest power of x.
Loaded little-endian, a 16-byte lane's first eight bytes hold the higher powers. Moving a lane
forward by D bits multiplies its first half by x^(D+32) mod P and its second by x^(D-32) mod P,
each constant bit-reflected in 32 bits and shifted left once (a carry-less product of two
reflected operands lands one bit low). The script models the C code with Python integers,
compares it with zlib.crc32 on random lengths, seeds and contents, and prints the constants.
"""

import random
import zlib

POLYNOMIAL = 0x104C11DB7  # x^32 + x^26 + … + 1, normal (not reflected) form
LOW64 = (1 << 64) - 1


def power_mod(exponent):
    """x^exponent mod P, normal form."""
    value = 1 << exponent
    degree = POLYNOMIAL.bit_length() - 1
    while value.bit_length() - 1 >= degree:
        value ^= POLYNOMIAL << (value.bit_length() - 1 - degree)
    return value


def folding_constant(exponent):
    """The reflected constant that multiplies a lane half by x^exponent."""
    return int(format(power_mod(exponent), "032b")[::-1], 2) << 1


def carryless(a, b):
    product = 0
    while b:
        if b & 1:
            product ^= a
        a <<= 1
        b >>= 1
    return product


def fold(lane, constants, following):
    low, high = constants
    return carryless(lane & LOW64, low) ^ carryless(lane >> 64, high) ^ following


BY512 = (folding_constant(544), folding_constant(480))
BY128 = (folding_constant(160), folding_constant(96))


def crc32_folded(data, seed):
    """The C code's result: whole 16-byte blocks folded (four lanes over whole 64-byte blocks
    first when there are at least 128 bytes), zlib for the 16 folded bytes and the tail."""
    whole = len(data) & ~15
    if whole < 32:
        return zlib.crc32(data, seed)
    block = bytearray(data[:whole])
    inverted = ~seed & 0xFFFFFFFF
    for index in range(4):
        block[index] ^= (inverted >> (8 * index)) & 0xFF

    def lane_at(offset):
        return int.from_bytes(block[offset : offset + 16], "little")

    if whole >= 128:
        lanes = [lane_at(16 * n) for n in range(4)]
        offset = 64
        while offset + 64 <= whole:
            lanes = [fold(lanes[n], BY512, lane_at(offset + 16 * n)) for n in range(4)]
            offset += 64
        folded = fold(fold(fold(lanes[0], BY128, lanes[1]), BY128, lanes[2]), BY128, lanes[3])
    else:
        folded, offset = lane_at(0), 16
    while offset < whole:
        folded = fold(folded, BY128, lane_at(offset))
        offset += 16
    crc = zlib.crc32(folded.to_bytes(16, "little"), 0xFFFFFFFF)
    return zlib.crc32(data[whole:], crc)


def main():
    rng = random.Random(2026)
    for _ in range(500):
        data = rng.randbytes(rng.randint(0, 600))
        seed = rng.getrandbits(32)
        assert crc32_folded(data, seed) == zlib.crc32(data, seed), (len(data), seed)
    print("folding matches zlib.crc32 on 500 random buffers of 0-600 bytes")
    print("by 512 bits: low 0x%x (x^544), high 0x%x (x^480)" % BY512)
    print("by 128 bits: low 0x%x (x^160), high 0x%x (x^96)" % BY128)


if __name__ == "__main__":
    main()
