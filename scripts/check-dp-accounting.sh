#!/usr/bin/env bash
# Compares chorus's RDP and PLD accountants with Google's dp-accounting 0.6.0 (Poisson and
# fixed-size sampling), and its distributed discrete Gaussian accounting with an independent
# Python implementation of the papers' bounds, over scripts/check_dp_accounting.py's grids
# (RDP within 0.1%, PLD within 1%).
# Extra arguments (e.g. --full) go to the Python script.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/dp-accounting-env.sh
"$python" scripts/check_dp_accounting.py "$chorus" "$@"
