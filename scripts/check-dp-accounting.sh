#!/usr/bin/env bash
# Compares chorus's RDP and PLD accountants with Google's dp-accounting 0.6.0
# over scripts/check_dp_accounting.py's grid (RDP within 0.1%, PLD within 1%).
# Installs dp-accounting into a throwaway virtual environment. Extra arguments
# (e.g. --full) go to the Python script.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product chorus >/dev/null
chorus="$(swift build -c release --show-bin-path)/chorus"

venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check dp-accounting==0.6.0
"$venv/bin/python" scripts/check_dp_accounting.py "$chorus" "$@"
