#ifndef SLUICE_PREFETCH_H
#define SLUICE_PREFETCH_H

/// What Swift cannot say to the CPU, as header-only functions that inline into their callers.

/// Asks the CPU to start loading the cache line at `address` for reading,
/// so that a load a few iterations later does not wait on memory. Swift has
/// no prefetch intrinsic.
static inline void sluice_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

/// The number of `cuts[0 ..< count - 1]` (ascending) that are <= `value`: a
/// binary search whose steps are conditional moves. A value's bin is as hard
/// to predict as the value, and Swift's optimizer turns the same select back
/// into a branch; `__builtin_unpredictable` keeps it a move.
static inline long sluice_bin_of(const float *cuts, long count, float value) {
    long base = 0, length = count - 1;
    if (length <= 0) return 0;
    while (length > 1) {
        long half = length >> 1;
        base = __builtin_unpredictable(cuts[base + half - 1] <= value) ? base + half : base;
        length -= half;
    }
    return base + (cuts[base] <= value);
}

#endif
