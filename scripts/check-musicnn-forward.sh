#!/usr/bin/env bash
# Reference check of the pretrained encoder (CI): imports MSD_musicnn from the musicnn
# wheel (scripts/fetch-musicnn.sh, SHA-256 checked) with `chorus encoder import`, embeds
# three synthesized clips (16 kHz copies) with `chorus encoder embed`, and has
# scripts/check_musicnn_forward.py (NumPy only, its own checkpoint reader, float64)
# compute the same embeddings from the wheel; they must agree to 1e-4 relative.
set -euo pipefail
cd "$(dirname "$0")/.."
wheel="$(bash scripts/fetch-musicnn.sh)"
swift build -c release --product chorus >/dev/null
chorus="$(swift build -c release --show-bin-path)/chorus"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check numpy
python="$work/venv/bin/python"

"$chorus" encoder import --from "$wheel" --model msd-musicnn --out "$work/msd.encoder" --quiet >/dev/null
"$chorus" synth --out "$work/corpus" --clips-per-genre 1 --seconds 6 --seed 11 --quiet >/dev/null
pairs=()
for genre in classical metal reggae; do
    "$python" scripts/check_musicnn_forward.py resample "$work/corpus/$genre/$genre.00000.wav" "$work/$genre-16k.wav"
    "$chorus" encoder embed --encoder "$work/msd.encoder" --wav "$work/$genre-16k.wav" --npy "$work/$genre.npy" --quiet >/dev/null
    pairs+=("$work/$genre-16k.wav" "$work/$genre.npy")
done
"$python" scripts/check_musicnn_forward.py compare "$wheel" "${pairs[@]}"
