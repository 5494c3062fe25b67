"""Writes Tests/MLTests/Resources/librosa-vectors.json: librosa 0.11 known answers
for the Swift tests (run by scripts/make-librosa-vectors.sh), for each mel fmax a
model may have been trained with: 8000 Hz (today's front end) and 11025 Hz
(models made before band limiting). Under "front_ends", keyed by fmax:

- mel_filterbank: every non-zero weight of filters.mel(sr=22050, n_fft=2048, n_mels=128, fmax=F)
  as [band, bin, weight].
- logmel: for the deterministic segment below, power_to_db(melspectrogram(..., fmax=F), ref=np.max)
  at 400 positions [band, frame, dB] (seeded), plus its full first and last frame.

The segment (66150 samples, float32) is a sum of three tones with a rising
amplitude, a linear chirp and a click, a formula the Swift test reproduces:
  y[n] = 0.3 sin(2π·440 t) + 0.2 sin(2π·1250 t)·(t/3) + 0.1 sin(2π·(100 t + 1500 t²))
         + 0.05 sin(2π·7000 t) ;  y[33075] += 0.5 ;  t = n / 22050, computed in double.
"""
import json
import sys

import librosa
import numpy as np

SR = 22050
n = np.arange(66150)
t = n / SR
y = (0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 1250 * t) * (t / 3)
     + 0.1 * np.sin(2 * np.pi * (100 * t + 1500 * t**2)) + 0.05 * np.sin(2 * np.pi * 7000 * t))
y[33075] += 0.5
y = y.astype(np.float32)

rng = np.random.default_rng(3)
positions = [[int(b), int(f)] for b, f in zip(rng.integers(0, 128, 400), rng.integers(0, 130, 400))]
positions += [[b, 0] for b in range(128)] + [[b, 129] for b in range(128)]

front_ends = {}
for fmax in (8000, 11025):
    mel = librosa.filters.mel(sr=SR, n_fft=2048, n_mels=128, fmax=fmax)
    nonzero = [[int(b), int(k), float(mel[b, k])] for b, k in zip(*np.nonzero(mel))]
    S = librosa.feature.melspectrogram(y=y, sr=SR, n_fft=2048, hop_length=512, n_mels=128, fmax=fmax)
    db = librosa.power_to_db(S, ref=np.max)
    logmel = [[b, f, float(db[b, f])] for b, f in positions]
    front_ends[str(fmax)] = {"mel_filterbank": nonzero, "logmel": logmel}
    print(f"fmax {fmax}: {len(nonzero)} filterbank weights, {len(logmel)} log-mel values")

json.dump({"librosa": librosa.__version__, "front_ends": front_ends}, open(sys.argv[1], "w"), separators=(",", ":"))
