// CRC-32 (zlib's polynomial, reflected) by folding 16-byte blocks with PCLMULQDQ, as described
// in Intel's "Fast CRC Computation for Generic Polynomials Using PCLMULQDQ Instruction" (2009).
//
// Why: every log line, every snapshot entry and every compressed block is checked with CRC-32,
// and Debian's zlib computes it a few words at a time: 826 of 13,225 samples of a profiled open of
// a 1M store (docs/performance.md, "the eighth round"). Folding is 3.4x zlib's speed on long buffers and 2.4x on
// 200-byte lines (tools/crc32/speed.c).
//
// How: the message, with the inverted seed XORed into its first four bytes, is a polynomial M;
// its CRC depends only on M mod P. A 16-byte lane multiplied forward by 128 bits (x^160 and x^96
// mod P for its two halves, reflected) and XORed into the next 16 bytes stays congruent to M;
// from 128 bytes on, four lanes move forward by 512 bits (x^544, x^480) in step and are then
// folded into one. zlib's own CRC of the last 16 folded bytes, then of the bytes after the last
// whole block, gives the result: no Barrett reduction, and every length, seed and alignment ends
// in zlib's code. Lines of 32–127 bytes take the one-lane path, shorter ones go to zlib whole.
// The constants are derived (and the folding checked against zlib) by
// tools/crc32/derive-constants.py.

#include "CCRC32.h"

#include <zlib.h>

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

/// Below this many bytes zlib does it all: a fold would still leave zlib 16 bytes to finish
/// (a judgement, not measured; tools/crc32/speed.c's smallest pieces are 200 bytes).
static const size_t foldingMinimum = 32;

__attribute__((target("pclmul,sse2")))
static inline __m128i fold(__m128i lane, __m128i constants, __m128i next) {
    __m128i low = _mm_clmulepi64_si128(lane, constants, 0x00);
    __m128i high = _mm_clmulepi64_si128(lane, constants, 0x11);
    return _mm_xor_si128(_mm_xor_si128(low, high), next);
}

__attribute__((target("sse2")))
static inline __m128i load(const uint8_t *bytes) {
    return _mm_loadu_si128((const __m128i *)bytes);
}

/// The CRC of `length` bytes (a multiple of 16, at least 32), continuing from `crc`.
__attribute__((target("pclmul,sse2")))
static uint32_t crc32_folded(uint32_t crc, const uint8_t *bytes, size_t length) {
    // Low lane: the constant for the first eight bytes of a lane (the higher powers of x).
    const __m128i by512 = _mm_set_epi64x(0x1c6e41596, 0x154442bd4);
    const __m128i by128 = _mm_set_epi64x(0x0ccaa009e, 0x1751997d0);
    const __m128i seed = _mm_cvtsi32_si128((int)~crc);
    __m128i folded;
    size_t offset;
    if (length >= 128) {
        // Four independent lanes keep the multiplier busy (each product takes several cycles).
        __m128i lane0 = _mm_xor_si128(load(bytes), seed);
        __m128i lane1 = load(bytes + 16);
        __m128i lane2 = load(bytes + 32);
        __m128i lane3 = load(bytes + 48);
        for (offset = 64; offset + 64 <= length; offset += 64) {
            lane0 = fold(lane0, by512, load(bytes + offset));
            lane1 = fold(lane1, by512, load(bytes + offset + 16));
            lane2 = fold(lane2, by512, load(bytes + offset + 32));
            lane3 = fold(lane3, by512, load(bytes + offset + 48));
        }
        folded = fold(fold(fold(lane0, by128, lane1), by128, lane2), by128, lane3);
    } else {
        folded = _mm_xor_si128(load(bytes), seed);
        offset = 16;
    }
    for (; offset < length; offset += 16) folded = fold(folded, by128, load(bytes + offset));
    uint8_t last[16];
    _mm_storeu_si128((__m128i *)last, folded);
    // zlib's crc32(c, ·) starts from ~c: 0xFFFFFFFF makes it the plain remainder of the 16 bytes.
    return (uint32_t)crc32_z(0xFFFFFFFFUL, last, sizeof last);
}

/// 1 with PCLMULQDQ, 0 without; asked once (a racing first call computes the same answer).
static int hasFolding(void) {
    static int known = -1;
    int value = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (value < 0) {
        unsigned int eax, ebx, ecx, edx;
        value = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_PCLMUL) && (edx & bit_SSE2) ? 1 : 0;
        __atomic_store_n(&known, value, __ATOMIC_RELAXED);
    }
    return value;
}
#endif

uint32_t ccrc32_update(uint32_t crc, const uint8_t *bytes, size_t length) {
#if defined(__x86_64__)
    if (length >= foldingMinimum && hasFolding()) {
        size_t whole = length & ~(size_t)15;
        crc = crc32_folded(crc, bytes, whole);
        bytes += whole;
        length -= whole;
    }
#endif
    return (uint32_t)crc32_z(crc, bytes, length);
}

int ccrc32_is_folding(void) {
#if defined(__x86_64__)
    return hasFolding();
#else
    return 0;
#endif
}
