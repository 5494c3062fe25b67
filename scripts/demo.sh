#!/usr/bin/env bash
# README's first command: installs what is missing, builds Chorus in release
# mode, synthesizes the built-in corpus and runs a whole federation on this
# machine (a coordinator and 100 participants over mutual TLS 1.3 on loopback)
# with secure aggregation and differential privacy on, printing accuracy and
# epsilon per round; then verifies the signed privacy report and renders it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
swift build -c release
chorus=$(swift build -c release --show-bin-path)/chorus
out=${CHORUS_DEMO_DIR:-demo-run}
rm -rf "$out"

# 100 participants (one synthetic clip each), all in every round. Each trains
# a linear classifier on per-band statistics of its log-mel segments (2,650
# parameters: DP noise grows with the model's size, so the CNN would drown in
# it) for 5 local epochs, clips its update to norm 0.5, adds its share of
# discrete Gaussian noise (z = 1.9 for the sum), quantizes and masks it. The
# coordinator refuses any round that would take epsilon (delta 1e-5) past 8.
"$chorus" simulate --participants 100 --rounds 14 --out "$out" \
    --architecture linear --clips-per-genre 13 \
    --secagg on --dp on --sampling-rate 1 --noise-multiplier 1.9 --clip 0.5 \
    --epsilon-budget 8 --delta 1e-5 --epochs 5 --learning-rate 0.1 --cosine-floor 0.1 --quiet

"$chorus" report html "$out/privacy-report.jsonl" --coordinator-key "$out/coordinator/signing.pub" \
    --out "$out/privacy-report.html" --quiet
echo
echo "model           $out/model.chorus"
echo "privacy report  $out/privacy-report.jsonl"
echo "report page     $out/privacy-report.html"
echo "verify it as an auditor would:"
echo "  $chorus audit verify $out/privacy-report.jsonl --coordinator-key $out/coordinator/signing.pub"
"$chorus" audit verify "$out/privacy-report.jsonl" --coordinator-key "$out/coordinator/signing.pub"
