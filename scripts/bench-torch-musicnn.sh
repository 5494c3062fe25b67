#!/usr/bin/env bash
# Runs `chorus bench encoder` and the same musicnn network in PyTorch
# (scripts/bench_torch_musicnn.py, weights from the same wheel, checked against the
# NumPy forward pass) in one session, alternating them twice so both see the same
# machine load, and prints segments per second and the ratios, two ways: patches
# one at a time, and all PATCHES together (Chorus a patch per core, PyTorch one
# batch through each layer, both on 2 threads). Not part of CI: torch is a
# multi-gigabyte download.
#
# Usage: bash scripts/bench-torch-musicnn.sh [VENV_DIR] [PATCHES] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/torch-env.sh "${1:-.venv-torch}"
patches="${2:-16}"
repeats="${3:-5}"
wheel="$(bash scripts/fetch-musicnn.sh)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$chorus" encoder import --from "$wheel" --model msd-musicnn --out "$work/msd.encoder" --quiet >/dev/null

results=()
for round in 1 2; do
    results+=("$("$chorus" bench encoder --encoder "$work/msd.encoder" --patches "$patches" --repeats "$repeats" --threads 2 --json --quiet)")
    results+=("$(OMP_NUM_THREADS=2 "$python" scripts/bench_torch_musicnn.py "$wheel" 2 "$patches" "$repeats")")
done

"$python" - "${results[@]}" <<'PY'
import json, sys
runs = [json.loads(s) for s in sys.argv[1:]]
chorus, torch = runs[0::2], runs[1::2]
assert all(r["batched_max_relative_difference"] < 1e-4 for r in chorus), "Chorus's batched embeddings differ from its one-at-a-time ones"
for key, way in [("segments_per_s", "one at a time"), ("batched_segments_per_s", f"{chorus[0]['patches']} together")]:
    c, t = max(r[key] for r in chorus), max(r[key] for r in torch)
    print(f"musicnn (MSD_musicnn), 3-s patches {way}: chorus {c:.2f}/s, PyTorch {torch[0]['torch_version']} "
          f"({torch[0]['threads']} threads) {t:.2f}/s, ratio {c / t:.2f} (best of 2 alternating runs)")
print(json.dumps({"chorus": chorus, "pytorch": torch}))
PY
