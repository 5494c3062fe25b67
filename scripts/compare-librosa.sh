#!/usr/bin/env bash
# Checks that `chorus features` equals librosa 0.11 (melspectrogram with
# n_fft 2048, hop 512, 128 mels, fmax 8000 (today's) and 11025 (models made
# before band limiting), then power_to_db(ref=np.max)): max |diff|
# <= 0.05 dB and mean <= 0.005 dB per signal, on synthetic signals (noise,
# chirps, tones, silence with a click, ...) and on real clips when
# ../shared/data/gtzan-subset exists (REAL_PER_GENRE clips of each genre,
# default 1; 0 for all). Runs in CI from scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/librosa-venv.sh

swift build -c release --product chorus >/dev/null
chorus="$(swift build -c release --show-bin-path)/chorus"
real="${CHORUS_REAL_AUDIO:-../shared/data/gtzan-subset}"
[[ -d "$real" ]] || real=""
"$python" scripts/python/compare_librosa.py "$chorus" "$work" "$real" "${REAL_PER_GENRE:-1}"
