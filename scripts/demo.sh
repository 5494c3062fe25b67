#!/usr/bin/env bash
# README's first command: installs what is missing, builds Chorus in release
# mode and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
swift build -c release
chorus=$(swift build -c release --show-bin-path)/chorus

"$chorus" --help
