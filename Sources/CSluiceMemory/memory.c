// The shim is all in its header; SwiftPM needs a source file for a C target.
#include "sluice_memory.h"
