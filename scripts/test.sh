#!/usr/bin/env bash
# README's second command: installs what is missing and runs the whole test
# suite. Tests run in release mode: the numeric code is what they exercise.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
# Crash points in the release build under test (a release `chorus` built without this has
# none). Exported so the reference checks below reuse the same build instead of rebuilding.
export CHORUS_FAULT_INJECTION=1
swift test -c release
bash scripts/compare-librosa.sh
bash scripts/check-dp-accounting.sh
bash scripts/check-report-html.sh
bash scripts/check-musicnn-forward.sh
