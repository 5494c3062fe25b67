#!/usr/bin/env bash
# Runs `chorus bench privacy` with dp-accounting 0.6.0 as the reference: installs
# it into a throwaway virtual environment and passes that Python to the bench.
# Extra arguments (e.g. --json) go to the bench.
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product chorus >/dev/null
chorus="$(swift build -c release --show-bin-path)/chorus"

venv="$(mktemp -d)/venv"
trap 'rm -rf "$(dirname "$venv")"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check dp-accounting==0.6.0
"$chorus" bench privacy --python "$venv/bin/python" "$@"
