#!/usr/bin/env bash
# Optional second demo: the pretrained-encoder path on a folder of real clips in the GTZAN layout
# (DIR/<genre>/<genre>.NNNNN.{wav,flac,au}). Fetches the musicnn 0.1.0 wheel (SHA-256 checked,
# cached outside the repository), imports its MSD_musicnn checkpoint as a Chorus encoder, embeds
# every clip (3-s patches at 16 kHz, any input rate), trains a linear head on a split by clip and
# prints its test accuracy. Everything it writes goes to OUT (default ./encoder-run).
#
# Usage: bash scripts/encoder-demo.sh DIR [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:?usage: bash scripts/encoder-demo.sh DIR [OUT] (DIR in the GTZAN layout)}"
out="${2:-encoder-run}"
mkdir -p "$out"
wheel="$(bash scripts/fetch-musicnn.sh)"
swift build -c release --product chorus >/dev/null
chorus="$(swift build -c release --show-bin-path)/chorus"
"$chorus" encoder import --from "$wheel" --model msd-musicnn --out "$out/msd-musicnn.encoder"
"$chorus" features --data "$data" --out "$out/embeddings.cache" --encoder "$out/msd-musicnn.encoder"
"$chorus" train --features "$out/embeddings.cache" --encoder "$out/msd-musicnn.encoder" --architecture linear \
    --out "$out/head.chorus" --epochs 100 --patience 10 --test-fraction 0.2 --validation-fraction 0.1
