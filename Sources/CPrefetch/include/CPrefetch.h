#ifndef CPREFETCH_H
#define CPREFETCH_H

/// Asks the CPU to bring the cache line at `address` in for a read soon, without waiting for it.
/// A hint only: it never faults, and compilers drop it where the CPU has no such instruction.
static inline void cprefetch_read(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
