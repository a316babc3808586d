#ifndef SLUICE_PREFETCH_H
#define SLUICE_PREFETCH_H

/// Asks the CPU to start loading the cache line at `address` for reading,
/// so that a load a few iterations later does not wait on memory. Swift has
/// no prefetch intrinsic; this header-only function inlines into its callers.
static inline void sluice_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
