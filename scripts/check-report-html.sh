#!/usr/bin/env bash
# Renders a privacy report's HTML page in a real browser (headless Chromium)
# and asserts that it rendered: the charts' SVG elements are in the DOM and
# the screenshot is not blank.
#
# Usage: scripts/check-report-html.sh [REPORT.jsonl [COORDINATOR_KEY]]
# Without a report, a small federation (4 participants, 2 rounds, secure
# aggregation and DP on) is simulated to write one.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh chromium
swift build -c release
chorus=$(swift build -c release --show-bin-path)/chorus
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ $# -ge 1 ]]; then
    report=$1
    key=()
    if [[ $# -ge 2 ]]; then key=(--coordinator-key "$2"); fi
else
    "$chorus" simulate --participants 4 --rounds 2 --architecture small --clips-per-genre 5 \
        --noise-multiplier 1 --epsilon-budget 100 --out "$work/run" --quiet >/dev/null
    report=$work/run/privacy-report.jsonl
    key=(--coordinator-key "$work/run/coordinator/signing.pub")
fi
"$chorus" report html "$report" "${key[@]}" --out "$work/report.html"
browser=(chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,1800)
"${browser[@]}" --screenshot="$work/report.png" "file://$work/report.html" 2>/dev/null
"${browser[@]}" --dump-dom "file://$work/report.html" 2>/dev/null >"$work/dom.html"
python3 scripts/check_rendered_report.py "$work/dom.html" "$work/report.png"
