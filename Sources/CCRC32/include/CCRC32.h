#ifndef CCRC32_H
#define CCRC32_H

#include <stddef.h>
#include <stdint.h>

/// The CRC-32 of `length` bytes at `bytes`, continuing from `crc` (0 for a fresh checksum): the
/// same value as zlib's `crc32_z`, computed with carry-less multiplication where the CPU has it.
uint32_t ccrc32_update(uint32_t crc, const uint8_t *bytes, size_t length);

/// Whether `ccrc32_update` folds with carry-less multiplication on this CPU (else it is zlib's).
int ccrc32_is_folding(void);

#endif
