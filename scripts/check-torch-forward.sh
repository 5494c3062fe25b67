#!/usr/bin/env bash
# Reference check of the CNN's forward pass and model-file format against PyTorch:
# trains a default CNN for one epoch on a tiny synthesized corpus, predicts one clip
# with `chorus predict`, and has scripts/check_torch_forward.py rebuild the same network
# from the model file (checksum included) and compare probabilities. Not part of CI:
# torch is a multi-gigabyte download.
#
# Usage: bash scripts/check-torch-forward.sh [VENV_DIR]   (default: ./.venv-torch)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/torch-env.sh "${1:-.venv-torch}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$chorus" synth --out "$work/corpus" --clips-per-genre 2 --seconds 6 --seed 5 --quiet >/dev/null
"$chorus" train --data "$work/corpus" --out "$work/model.chorus" --epochs 1 --validation-fraction 0 \
    --test-fraction 0 --quiet >/dev/null
clip="$work/corpus/blues/blues.00000.wav"
"$chorus" features --wav "$clip" --npy "$work/segments.npy" --quiet >/dev/null
"$chorus" predict --model "$work/model.chorus" "$clip" --json --quiet > "$work/predict.json"
"$python" scripts/check_torch_forward.py "$work/model.chorus" "$work/segments.npy" "$work/predict.json"
