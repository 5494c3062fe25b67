#!/usr/bin/env bash
# Regenerates Tests/MLTests/Resources/librosa-vectors.json, the librosa known
# answers the Swift tests check (see scripts/python/make_librosa_vectors.py).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/librosa-venv.sh
"$python" scripts/python/make_librosa_vectors.py Tests/MLTests/Resources/librosa-vectors.json
