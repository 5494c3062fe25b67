#!/usr/bin/env bash
# Fetches the public musicnn 0.1.0 wheel (ISC licence; its MSD_musicnn checkpoint is
# Chorus's pretrained encoder) with `pip download --no-deps` into DIR (default
# ~/.cache/chorus/musicnn, outside the repository: no weights are committed), checks its
# SHA-256 and prints the wheel's path. Already there and intact: nothing is downloaded.
#
# Usage: bash scripts/fetch-musicnn.sh [DIR]
#   then: chorus encoder import --from "$(bash scripts/fetch-musicnn.sh)" --model msd-musicnn --out musicnn.encoder
set -euo pipefail
dir="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/chorus/musicnn}"
wheel="$dir/musicnn-0.1.0-py3-none-any.whl"
expected="f38a4890c648c1ddbb141c5d96d2b0a8cfcd36746002d896989f7b88beb65cfa"
mkdir -p "$dir"
if [[ ! -f "$wheel" ]] || [[ "$(sha256sum "$wheel" | cut -d' ' -f1)" != "$expected" ]]; then
    rm -f "$wheel"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps musicnn==0.1.0 -d "$dir" >&2
fi
actual="$(sha256sum "$wheel" | cut -d' ' -f1)"
if [[ "$actual" != "$expected" ]]; then
    echo "fetch-musicnn.sh: $wheel has SHA-256 $actual, expected $expected; not using it" >&2
    rm -f "$wheel"
    exit 1
fi
echo "$wheel"
