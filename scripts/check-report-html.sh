#!/usr/bin/env bash
# Renders a privacy report's HTML page in a real browser (headless Chromium)
# and asserts that it rendered: the charts' SVG elements are in the DOM and
# the screenshot is not blank.
#
# Usage: scripts/check-report-html.sh REPORT.jsonl [COORDINATOR_KEY]
set -euo pipefail
cd "$(dirname "$0")/.."

report=${1:?usage: scripts/check-report-html.sh REPORT.jsonl [COORDINATOR_KEY]}
bash scripts/install-deps.sh chromium
chorus=$(swift build -c release --show-bin-path)/chorus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

key=()
if [[ $# -ge 2 ]]; then key=(--coordinator-key "$2"); fi
"$chorus" report html "$report" "${key[@]}" --out "$work/report.html"
browser=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1800)
"${browser[@]}" --screenshot="$work/report.png" "file://$work/report.html" 2>/dev/null
"${browser[@]}" --dump-dom "file://$work/report.html" 2>/dev/null >"$work/dom.html"
python3 scripts/check_rendered_report.py "$work/dom.html" "$work/report.png"
