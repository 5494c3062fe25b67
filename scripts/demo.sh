#!/usr/bin/env bash
# README's first command: installs what is missing, builds Chorus in release
# mode, synthesizes the built-in corpus and runs a whole federation on this
# machine (a coordinator and 40 participants over mutual TLS 1.3 on loopback)
# with secure aggregation and differential privacy on, printing accuracy and
# epsilon per round; then verifies the signed privacy report and renders it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
swift build -c release
chorus=$(swift build -c release --show-bin-path)/chorus
out=${CHORUS_DEMO_DIR:-demo-run}
rm -rf "$out"

# 40 participants, each round a Poisson sample of about half of them; each
# clips its update to norm 1, adds its share of discrete Gaussian noise
# (z = 0.8 for the sum), quantizes and masks it. The coordinator refuses any
# round that would take epsilon (delta 1e-5) past 16.
"$chorus" simulate --participants 40 --rounds 10 --out "$out" \
    --architecture small --clips-per-genre 8 \
    --secagg on --dp on --sampling-rate 0.5 --noise-multiplier 0.8 --clip 1 \
    --epsilon-budget 16 --delta 1e-5 --epochs 2 --quiet

"$chorus" report html "$out/privacy-report.jsonl" --coordinator-key "$out/coordinator/signing.pub" \
    --out "$out/privacy-report.html" --quiet
echo
echo "model           $out/model.chorus"
echo "privacy report  $out/privacy-report.jsonl"
echo "report page     $out/privacy-report.html"
echo "verify it as an auditor would:"
echo "  $chorus audit verify $out/privacy-report.jsonl --coordinator-key $out/coordinator/signing.pub"
"$chorus" audit verify "$out/privacy-report.jsonl" --coordinator-key "$out/coordinator/signing.pub"
