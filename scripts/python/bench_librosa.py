"""Times librosa 0.11 and `chorus bench features` on the same clips.

librosa: melspectrogram(y=seg, sr=22050, n_fft=2048, hop_length=512, n_mels=128)
then power_to_db(S, ref=np.max) for every 66150-sample segment, one process
as librosa is normally used; median of 3 runs after a warm-up. It is timed
twice, with numpy's BLAS threads as installed and with OPENBLAS_NUM_THREADS=1
(threaded BLAS spins badly on a busy 2-core machine), and the faster is the
reference, so the ratio is never flattered. chorus: its own benchmark (median
of 5 runs, all cores) on the same folder.

Usage: bench_librosa.py CHORUS_BINARY CLIP_DIR
       bench_librosa.py --librosa-only CLIP_DIR   (prints librosa's segments/s)
"""
import glob
import json
import os
import statistics
import subprocess
import sys
import time

import librosa
import numpy as np
import soundfile

SEGMENT = 66150


def librosa_features(segments):
    return [librosa.power_to_db(librosa.feature.melspectrogram(y=s, sr=22050, n_fft=2048, hop_length=512,
                                                               n_mels=128), ref=np.max) for s in segments]


def load_segments(clip_dir):
    segments = []
    for path in sorted(glob.glob(os.path.join(clip_dir, "*", "*.wav"))):
        y, _ = soundfile.read(path, dtype="float32")
        segments += [y[i * SEGMENT:(i + 1) * SEGMENT] for i in range(len(y) // SEGMENT)]
    return segments


def time_librosa(clip_dir):
    segments = load_segments(clip_dir)
    librosa_features(segments[:5])  # warm-up (imports, caches)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        librosa_features(segments)
        times.append(time.perf_counter() - start)
    return len(segments) / statistics.median(times)


def librosa_rate_in_subprocess(clip_dir, environment):
    out = subprocess.run([sys.executable, __file__, "--librosa-only", clip_dir], check=True,
                         capture_output=True, text=True, env={**os.environ, **environment}).stdout
    return float(out)


def main():
    if sys.argv[1] == "--librosa-only":
        print(time_librosa(sys.argv[2]))
        return
    chorus, clip_dir = sys.argv[1], sys.argv[2]
    segments = load_segments(clip_dir)
    threaded = librosa_rate_in_subprocess(clip_dir, {})
    single = librosa_rate_in_subprocess(clip_dir, {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
    librosa_rate = max(threaded, single)
    print(f"librosa with BLAS threads as installed: {threaded:.0f} segments/s; with one BLAS thread: {single:.0f}")
    out = subprocess.run([chorus, "bench", "features", "--data", clip_dir, "--json"], check=True,
                         capture_output=True, text=True).stdout
    result = json.loads(out)
    if result["segments"] != len(segments):
        sys.exit(f"chorus timed {result['segments']} segments, librosa {len(segments)}")
    print(f"segments: {len(segments)}")
    print(f"librosa 0.11:          {librosa_rate:8.0f} segments/s")
    print(f"chorus (1 thread):     {result['single_thread_segments_per_s']:8.0f} segments/s "
          f"(x{result['single_thread_segments_per_s'] / librosa_rate:.1f} librosa)")
    print(f"chorus ({result['threads']} threads):    {result['segments_per_s']:8.0f} segments/s "
          f"(x{result['segments_per_s'] / librosa_rate:.1f} librosa)")
    print(json.dumps({"librosa_segments_per_s": librosa_rate, "segments_per_s": result["segments_per_s"],
                      "single_thread_segments_per_s": result["single_thread_segments_per_s"],
                      "ratio": result["segments_per_s"] / librosa_rate}))


if __name__ == "__main__":
    main()
