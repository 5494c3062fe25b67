#pragma once
#include <zlib.h>

/// `inflateInit2` is a macro Swift cannot call: the same call with the header's version and stream size.
static inline int chorus_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}
