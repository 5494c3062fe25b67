#!/usr/bin/env bash
# `chorus bench features` against librosa on the same clips in the same run:
# the 20 synthetic clips of `chorus synth --clips-per-genre 2 --seconds 30
# --seed 1` (200 segments), decoded before timing on both sides. Prints both
# speeds and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/librosa-venv.sh

swift build -c release --product chorus >/dev/null
chorus="$(swift build -c release --show-bin-path)/chorus"
"$chorus" synth --quiet --out "$work/corpus" --clips-per-genre 2 --seconds 30 --seed 1 >/dev/null
"$python" scripts/python/bench_librosa.py "$chorus" "$work/corpus"
