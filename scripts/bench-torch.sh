#!/usr/bin/env bash
# Runs `chorus bench train` and the same workload in PyTorch (scripts/bench_torch.py)
# in one session, alternating them twice so both see the same machine load, and
# prints the throughput ratios. Not part of CI: torch is a multi-gigabyte download.
#
# Usage: bash scripts/bench-torch.sh [VENV_DIR]   (default: ./.venv-torch, created if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/torch-env.sh "${1:-.venv-torch}"

results=()
for round in 1 2; do
    results+=("$("$chorus" bench train --json --quiet)")
    results+=("$(OMP_NUM_THREADS=2 "$python" scripts/bench_torch.py 2)")
done

"$python" - "${results[@]}" <<'PY'
import json, sys
runs = [json.loads(s) for s in sys.argv[1:]]
chorus, torch = runs[0::2], runs[1::2]
best = lambda rs, k: max(r[k] for r in rs)
print(f"PyTorch {torch[0]['torch_version']}, {torch[0]['threads']} threads; Chorus on OpenBLAS, {chorus[0]['threads']} threads")
print(f"{'':10}{'chorus':>10}{'pytorch':>10}{'ratio':>8}   (best of 2 alternating runs)")
for key, name in [("train_samples_per_s", "train/s"), ("infer_samples_per_s", "infer/s"), ("sgemm_gflops", "sgemm GF")]:
    c, t = best(chorus, key), best(torch, key)
    print(f"{name:10}{c:10.1f}{t:10.1f}{c / t:8.2f}")
print(f"chorus training at {100 * best(chorus, 'train_fraction_of_sgemm'):.1f}% of its own sgemm rate")
print(json.dumps({"chorus": chorus, "pytorch": torch}))
PY
