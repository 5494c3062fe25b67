#!/usr/bin/env bash
# Runs the test suite under the address sanitizer and then the thread
# sanitizer (debug builds, each in its own scratch path so the normal .build
# stays untouched). Any sanitizer report fails the run. Slow: instrumented
# debug builds of the numeric and end-to-end suites take well over 20 minutes
# each on 2 shared cores; use FILTER/SKIP for a quick check of one module.
#
#   scripts/sanitizers.sh                       both sanitizers, whole suite
#   SANITIZERS=thread scripts/sanitizers.sh     one of them
#   SKIP='EndToEnd' scripts/sanitizers.sh       passed to `swift test --skip` (regex),
#                                               for suites too slow in an instrumented debug build
#   FILTER='TransportTests' scripts/sanitizers.sh   passed to `swift test --filter`
set -euo pipefail
cd "$(dirname "$0")/.."

# ASan: also report leaks is off (Foundation and NIO keep process-lifetime caches);
# TSan: exit non-zero at the end if any race was reported.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0:exitcode=66}
# Instrumented debug builds run 10-50x slower: stretch the deadlines the
# end-to-end tests give the coordinator, so they test behaviour, not speed.
export CHORUS_TEST_TIME_SCALE=${CHORUS_TEST_TIME_SCALE:-10}

selection=()
[[ -z ${SKIP:-} ]] || selection+=(--skip "$SKIP")
[[ -z ${FILTER:-} ]] || selection+=(--filter "$FILTER")

status=0
for sanitizer in ${SANITIZERS:-address thread}; do
    echo "== swift test --sanitize=$sanitizer ${selection[*]}"
    start=$SECONDS
    if swift test --sanitize="$sanitizer" --scratch-path ".build/sanitize-$sanitizer" "${selection[@]}"; then
        echo "== $sanitizer: passed in $((SECONDS - start)) s"
    else
        echo "== $sanitizer: FAILED after $((SECONDS - start)) s"
        status=1
    fi
done
exit $status
