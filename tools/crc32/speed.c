// Times zlib's crc32_z against Sources/CCRC32 on a large buffer, report-sized lines and
// snapshot-entry-sized lines, and checks that both give the same values:
//
//     cc -O2 -I Sources/CCRC32/include tools/crc32/speed.c Sources/CCRC32/crc32.c -lz -o /tmp/crc-speed
//     /tmp/crc-speed
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zlib.h>

#include "CCRC32.h"

static double seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int main(void) {
    const size_t total = 64u << 20;
    uint8_t *buffer = malloc(total);
    if (buffer == NULL) return 1;
    uint64_t state = 2026;
    for (size_t index = 0; index < total; index++) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        buffer[index] = (uint8_t)(state >> 56);
    }
    printf("folding on this CPU: %s\n", ccrc32_is_folding() ? "yes" : "no (both columns are zlib)");
    const size_t pieces[] = {total, 7500, 200};
    for (size_t kind = 0; kind < 3; kind++) {
        size_t piece = pieces[kind];
        double best[2] = {1e9, 1e9};
        uint32_t sums[2] = {0, 0};
        for (int round = 0; round < 5; round++) {
            for (int which = 0; which < 2; which++) {
                double start = seconds();
                uint32_t sum = 0;
                for (size_t offset = 0; offset + piece <= total; offset += piece) {
                    sum ^= which == 0 ? (uint32_t)crc32_z(0, buffer + offset, piece) : ccrc32_update(0, buffer + offset, piece);
                }
                double elapsed = seconds() - start;
                if (elapsed < best[which]) best[which] = elapsed;
                sums[which] = sum;
            }
        }
        printf("%8zu-byte pieces: zlib %6.0f MB/s, folded %6.0f MB/s (%.1fx)%s\n", piece, total / best[0] / 1e6,
               total / best[1] / 1e6, best[0] / best[1], sums[0] == sums[1] ? "" : "  VALUES DIFFER");
        if (sums[0] != sums[1]) return 1;
    }
    free(buffer);
    return 0;
}
