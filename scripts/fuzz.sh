#!/usr/bin/env bash
# Builds the libFuzzer targets in FuzzTesting/ (release, address sanitizer)
# and runs each for SECONDS (default 60) from a copy of its committed seed
# corpus, then prints executions and crashes per fuzzer. Crash inputs are kept
# in .build/fuzz/<fuzzer>/crashes/. Exit status is non-zero if any fuzzer crashed.
#
#   scripts/fuzz.sh [SECONDS]          run every fuzzer
#   FUZZERS="FuzzFramer" scripts/fuzz.sh 30
#   scripts/fuzz.sh --write-seeds      regenerate FuzzTesting/Corpus from the real encoders
#
# The fuzz targets exist only with CHORUS_FUZZ=1 (see Package.swift). lld is
# used because gold fails on the sanitizer-instrumented objects.
set -euo pipefail
cd "$(dirname "$0")/.."

ALL="FuzzFramer FuzzSecureAggMessages FuzzFederationMessages FuzzModelFile FuzzFeatureCache FuzzReportVerifier"
FUZZERS=${FUZZERS:-$ALL}
export CHORUS_FUZZ=1
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld)

for fuzzer in $FUZZERS; do
    swift build "${flags[@]}" --product "$fuzzer" 2>&1 | grep -v "^warning: '.*': Source files for target" | tail -3
done
bin=$(swift build "${flags[@]}" --show-bin-path)

if [[ ${1:-} == --write-seeds ]]; then
    for fuzzer in $FUZZERS; do
        rm -rf "FuzzTesting/Corpus/$fuzzer"
        "$bin/$fuzzer" --write-seeds "FuzzTesting/Corpus/$fuzzer"
        echo "$fuzzer: $(ls "FuzzTesting/Corpus/$fuzzer" | wc -l) seeds"
    done
    exit 0
fi

seconds=${1:-60}
status=0
printf '%-24s %12s %8s\n' fuzzer executions crashes
for fuzzer in $FUZZERS; do
    work=.build/fuzz/$fuzzer
    rm -rf "$work/corpus"
    mkdir -p "$work/corpus" "$work/crashes"
    cp FuzzTesting/Corpus/"$fuzzer"/* "$work/corpus/"
    # -fork keeps fuzzing after a crash so one run reports every distinct crasher.
    "$bin/$fuzzer" "$work/corpus" -max_total_time="$seconds" -fork=1 -ignore_crashes=1 \
        -artifact_prefix="$work/crashes/" -print_final_stats=1 >"$work/log" 2>&1 || true
    # Progress lines start with "#<executions>" (also in -fork mode, where the final stats are absent).
    executions=$(grep -Eo '^#[0-9]+' "$work/log" | tail -1 | tr -d '#' || true)
    crashes=$(find "$work/crashes" -type f | wc -l)
    printf '%-24s %12s %8s\n' "$fuzzer" "${executions:-?}" "$crashes"
    [[ $crashes == 0 ]] || status=1
done
exit $status
