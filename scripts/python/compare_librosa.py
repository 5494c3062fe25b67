"""Compares `chorus features --wav` with librosa 0.11 on varied signals.

For each signal and each mel fmax a model may use (8000 Hz, today's front end;
11025 Hz, models made before band limiting): the same float32 samples go to
both sides (written as a 32-bit float WAV, or a real clip read by libsndfile
on both sides); chorus writes its segments as .npy (with `--mel-fmax F
--band-limit none`: the low-pass is part of decoding, not of the features, and
is checked by the Swift tests), librosa computes
melspectrogram(y=seg, sr=22050, n_fft=2048, hop_length=512, n_mels=128, fmax=F)
then power_to_db(S, ref=np.max) for each 66150-sample segment. The check
passes when, over all signals, the max absolute difference is at most
0.05 dB and every signal's mean absolute difference at most 0.005 dB.

Usage: compare_librosa.py CHORUS_BINARY WORK_DIR [REAL_AUDIO_DIR [PER_LABEL]]
(PER_LABEL: the first N files of each label folder of REAL_AUDIO_DIR; 0 for all.)
"""
import glob
import os
import subprocess
import sys

import librosa
import numpy as np
import soundfile

SR = 22050
SEGMENT = 66150
MAX_LIMIT = 0.05
MEAN_LIMIT = 0.005
FMAXES = (8000, 11025)


def synthetic_signals(rng):
    """Noise, chirps, tones, silence with a click, and mixes: 6 s each (2 segments)."""
    n = 2 * SEGMENT
    t = np.arange(n) / SR
    signals = {}
    signals["white-noise"] = rng.uniform(-1, 1, n)
    signals["quiet-pink-ish-noise"] = np.cumsum(rng.normal(0, 1e-3, n)) * 1e-2
    signals["linear-chirp"] = 0.8 * np.sin(2 * np.pi * (20 * t + (11000 - 20) / (2 * t[-1]) * t**2))
    signals["log-chirp"] = 0.5 * np.sin(2 * np.pi * 50 * t[-1] / np.log(200) * (np.exp(np.log(200) * t / t[-1]) - 1))
    signals["tone-440"] = 0.5 * np.sin(2 * np.pi * 440 * t)
    signals["tone-10k"] = 0.3 * np.sin(2 * np.pi * 10000 * t)
    signals["tones-chord"] = sum(0.2 * np.sin(2 * np.pi * f * t) for f in (110, 220, 330, 523.25, 1760))
    click = np.zeros(n)
    click[SEGMENT // 2] = 1.0
    click[SEGMENT + 1234] = -0.5
    signals["silence-with-click"] = click
    signals["silence"] = np.zeros(n)
    decay = np.exp(-((t % 0.5) * 8))
    signals["tone-bursts-in-noise"] = 0.6 * decay * np.sin(2 * np.pi * 660 * t) + rng.normal(0, 1e-3, n)
    signals["square-wave"] = 0.4 * np.sign(np.sin(2 * np.pi * 97 * t))
    return {name: np.asarray(y, dtype=np.float32) for name, y in signals.items()}


def librosa_segments(y, fmax):
    """librosa's features of every whole segment of y."""
    out = []
    for s in range(len(y) // SEGMENT):
        seg = y[s * SEGMENT:(s + 1) * SEGMENT]
        S = librosa.feature.melspectrogram(y=seg, sr=SR, n_fft=2048, hop_length=512, n_mels=128, fmax=fmax)
        out.append(librosa.power_to_db(S, ref=np.max))
    return np.stack(out)


def chorus_segments(chorus, path, npy, fmax):
    subprocess.run([chorus, "features", "--quiet", "--wav", path, "--npy", npy, "--mel-fmax", str(fmax),
                    "--band-limit", "none"], check=True, stdout=subprocess.DEVNULL)
    return np.load(npy)


def compare(name, chorus, path, y, work):
    return [(f"{name} (fmax {fmax})", compare_one(f"{name} (fmax {fmax})", chorus, path, y, work, fmax)) for fmax in FMAXES]


def compare_one(name, chorus, path, y, work, fmax):
    ours = chorus_segments(chorus, path, os.path.join(work, "out.npy"), fmax)
    theirs = librosa_segments(y, fmax)
    if ours.shape != theirs.shape:
        print(f"FAIL {name}: shape {ours.shape} vs librosa {theirs.shape}")
        return None
    diff = np.abs(ours.astype(np.float64) - theirs.astype(np.float64))
    print(f"{name:52s} segments {ours.shape[0]:3d}  max {diff.max():.5f} dB  mean {diff.mean():.6f} dB")
    return diff.max(), diff.mean()


def main():
    chorus, work = sys.argv[1], sys.argv[2]
    real_dir = sys.argv[3] if len(sys.argv) > 3 else ""
    rng = np.random.default_rng(20250101)
    results = []
    for name, y in synthetic_signals(rng).items():
        path = os.path.join(work, name + ".wav")
        soundfile.write(path, y, SR, subtype="FLOAT")
        results += compare(name, chorus, path, y, work)
    per_label = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    real = []
    if real_dir:
        for label in sorted(os.listdir(real_dir)):
            files = sorted(glob.glob(os.path.join(real_dir, label, "*.*")))
            real += files[:per_label] if per_label > 0 else files
    for path in real:
        y, sr = soundfile.read(path, dtype="float32", always_2d=True)
        if sr != SR:
            continue  # the reference comparison is defined at 22050 Hz
        y = y.mean(axis=1).astype(np.float32) if y.shape[1] > 1 else y[:, 0]
        results += compare(os.path.relpath(path, real_dir), chorus, path, y, work)
    failed = [name for name, r in results if r is None or r[0] > MAX_LIMIT or r[1] > MEAN_LIMIT]
    measured = [r for _, r in results if r is not None]
    overall_max = max(r[0] for r in measured)
    overall_mean = float(np.mean([r[1] for r in measured]))
    print(f"signals {len(results)} (real clips {len(real)}): max |diff| {overall_max:.5f} dB (limit {MAX_LIMIT}), "
          f"mean |diff| {overall_mean:.6f} dB (limit {MEAN_LIMIT} per signal)")
    if failed:
        print("FAILED: " + ", ".join(failed))
        sys.exit(1)
    print("librosa comparison passed")


if __name__ == "__main__":
    main()
