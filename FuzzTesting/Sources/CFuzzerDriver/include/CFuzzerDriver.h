#ifndef CHORUS_FUZZER_DRIVER_H
#define CHORUS_FUZZER_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/// Runs libFuzzer's driver (command-line flags, corpus, mutation loop) on
/// `test_one_input`. The fuzzers are SwiftPM executables, whose `main` SwiftPM
/// aliases to the module's own entry point, so they call the driver from there
/// instead of linking libFuzzer's `main`.
int chorus_fuzzer_run(int argc, char **argv, int (*test_one_input)(const uint8_t *data, size_t size));

#endif
