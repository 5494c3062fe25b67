#!/usr/bin/env bash
# Runs `chorus bench privacy` with dp-accounting 0.6.0 as its reference.
# Extra arguments (e.g. --json) go to the bench.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/dp-accounting-env.sh
"$chorus" bench privacy --python "$python" "$@"
