#ifndef SLUICE_MEMORY_H
#define SLUICE_MEMORY_H

#if defined(__GLIBC__)
#include <malloc.h>
#endif

/// Gives the memory malloc holds free back to the system (glibc's malloc_trim), so that the resident
/// size counts what is live; does nothing elsewhere.
static inline void sluice_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

#endif
