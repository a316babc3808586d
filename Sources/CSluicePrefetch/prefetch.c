// The target's one function lives in include/sluice_prefetch.h, inline; this
// file exists because SwiftPM builds a C target only when it has a source.
#include "sluice_prefetch.h"
