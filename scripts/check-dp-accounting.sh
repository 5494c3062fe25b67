#!/usr/bin/env bash
# Compares chorus's RDP and PLD accountants with Google's dp-accounting 0.6.0
# over scripts/check_dp_accounting.py's grid (RDP within 0.1%, PLD within 1%).
# Extra arguments (e.g. --full) go to the Python script.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/dp-accounting-env.sh
"$python" scripts/check_dp_accounting.py "$chorus" "$@"
