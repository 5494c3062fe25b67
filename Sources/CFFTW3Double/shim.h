#pragma once
// Double-precision FFTW (libfftw3), used by the PLD accountant for its
// convolutions; CFFTW3 links the single-precision library for audio.
#include <fftw3.h>
