// The hint is an inline function in include/CPrefetch.h, so Swift inlines it at every call; a C
// target needs one source file to build.
#include "CPrefetch.h"
