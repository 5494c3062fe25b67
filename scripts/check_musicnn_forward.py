"""NumPy-only reference of Chorus's musicnn encoder (Sources/ML/Encoder): reads the
MSD_musicnn TensorFlow 1 checkpoint straight from the musicnn 0.1.0 wheel with its own
minimal LevelDB-table and protobuf reader (no TensorFlow), computes musicnn's front end
(16 kHz, every file through Chorus's 7200 Hz low-pass, centred 512-point STFT with zero padding, hop 256, 96 Slaney mel bands,
log10(10000 x + 1), 187-frame patches) and the network in float64, and compares the
embeddings (pooled max/mean features interleaved per channel, then the penultimate layer)
with those `chorus encoder embed` wrote.

Usage:
  check_musicnn_forward.py resample IN.wav OUT.wav     16-bit 16 kHz copy (FFT resampling)
  check_musicnn_forward.py compare WHEEL CLIP.wav EMBEDDINGS.npy [...pairs]
Exits non-zero if any embedding differs by more than 1e-4 relative (max |difference| over
the largest |value|, per patch, for the pooled features and for the penultimate layer)."""
import struct
import sys
import wave
import zipfile

import numpy as np

SR, N_FFT, HOP, N_MELS, FRAMES = 16000, 512, 256, 96, 187
TOLERANCE = 1e-4


# --- checkpoint: LevelDB table of BundleEntryProto, raw float32 data file -----------------
def varint(b, o):
    value = shift = 0
    while True:
        c = b[o]
        o += 1
        value |= (c & 0x7F) << shift
        shift += 7
        if c < 0x80:
            return value, o


def table_block(b, offset, size):
    assert b[offset + size] == 0, "compressed blocks are not expected in a checkpoint index"
    data = b[offset:offset + size]
    restarts = struct.unpack_from("<I", data, size - 4)[0]
    end, o, key, out = size - 4 - 4 * restarts, 0, b"", []
    while o < end:
        shared, o = varint(data, o)
        unshared, o = varint(data, o)
        length, o = varint(data, o)
        key = key[:shared] + data[o:o + unshared]
        o += unshared
        out.append((key.decode(), data[o:o + length]))
        o += length
    return out


def table_entries(b):
    footer = b[-48:]
    assert struct.unpack_from("<Q", footer, 40)[0] == 0xDB4775248B80FB57, "not a LevelDB table"
    o = 0
    for _ in range(2):
        _, o = varint(footer, o)
    index_offset, o = varint(footer, o)
    index_size, o = varint(footer, o)
    entries = []
    for _, handle in table_block(b, index_offset, index_size):
        offset, p = varint(handle, 0)
        size, p = varint(handle, p)
        entries += table_block(b, offset, size)
    return entries


def bundle_entry(v):
    entry, o = {"shape": []}, 0
    while o < len(v):
        tag, o = varint(v, o)
        field, wire = tag >> 3, tag & 7
        if wire == 0:
            entry[field], o = varint(v, o)
        elif wire == 5:
            o += 4
        elif wire == 2:
            length, o = varint(v, o)
            sub, o = v[o:o + length], o + length
            if field == 2:  # TensorShapeProto: repeated dim { size = 1 }
                p = 0
                while p < len(sub):
                    _, p = varint(sub, p)
                    dim_length, p = varint(sub, p)
                    dim, p, q = sub[p:p + dim_length], p + dim_length, 0
                    while q < len(dim):
                        dim_tag, q = varint(dim, q)
                        value, q = varint(dim, q)
                        if dim_tag >> 3 == 1:
                            entry["shape"].append(value)
        else:
            raise ValueError(f"wire type {wire}")
    return entry


def read_checkpoint(wheel, folder="MSD_musicnn"):
    with zipfile.ZipFile(wheel) as archive:
        index = archive.read(f"musicnn/{folder}/.index")
        data = archive.read(f"musicnn/{folder}/.data-00000-of-00001")
    tensors = {}
    for name, value in table_entries(index):
        if not name or "Adam" in name:
            continue
        e = bundle_entry(value)
        assert e.get(1) == 1, f"{name}: not float32"
        offset, size = e.get(4, 0), e[5]
        tensors[name] = np.frombuffer(data[offset:offset + size], "<f4").reshape(e["shape"]).astype(np.float64)
    return tensors


# --- front end -------------------------------------------------------------------------
def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    return np.where(f >= 1000, 15 + np.log(np.maximum(f, 1e-10) / 1000) / (np.log(6.4) / 27), f / (200 / 3))


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    return np.where(m >= 15, 1000 * np.exp(np.log(6.4) / 27 * (m - 15)), m * 200 / 3)


def mel_filters():
    edges = mel_to_hz(np.linspace(0, hz_to_mel(SR / 2), N_MELS + 2))
    bins = np.arange(N_FFT // 2 + 1) * SR / N_FFT
    rising = (bins[None, :] - edges[:-2, None]) / (edges[1:-1] - edges[:-2])[:, None]
    falling = (edges[2:, None] - bins[None, :]) / (edges[2:] - edges[1:-1])[:, None]
    return np.maximum(0, np.minimum(rising, falling)) * (2 / (edges[2:] - edges[:-2]))[:, None]


def log_mel(samples):
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    padded = np.pad(samples.astype(np.float64), N_FFT // 2)
    frames = 1 + len(samples) // HOP
    stack = np.stack([padded[i * HOP:i * HOP + N_FFT] * window for i in range(frames)])
    power = np.abs(np.fft.rfft(stack, axis=1)) ** 2
    return np.log10(10000 * power @ mel_filters().T + 1)  # [frames, 96]


def patches(samples):
    spectrogram = log_mel(samples)
    count = (len(spectrogram) - FRAMES) // FRAMES + 1 if len(spectrogram) >= FRAMES else 0
    return [spectrogram[i * FRAMES:(i + 1) * FRAMES] for i in range(count)]


# --- network ---------------------------------------------------------------------------
def batch_norm(x, t, name):
    g, b = t[f"{name}/gamma"], t[f"{name}/beta"]
    m, v = t[f"{name}/moving_mean"], t[f"{name}/moving_variance"]
    return g * (x - m) / np.sqrt(v + 1e-3) + b


def conv(x, t, name, pad):
    """One-input-channel conv of x [time, width], zero-padded in time, valid in width: ReLU output [time', width', filters]."""
    kernel, bias = t[f"{name}/kernel"], t[f"{name}/bias"]
    kt, kf, _, filters = kernel.shape
    x = np.pad(x, ((pad[0], pad[1]), (0, 0)))
    windows = np.lib.stride_tricks.sliding_window_view(x, (kt, kf))  # [time', width', kt, kf]
    out = windows.reshape(*windows.shape[:2], kt * kf) @ kernel.reshape(kt * kf, filters) + bias
    return np.maximum(out, 0)


def same(k):
    return ((k - 1) // 2, k // 2)


def forward(patch, t):
    x = batch_norm(patch, t, "batch_normalization")
    front = []
    for index, (layer, pad) in enumerate([("conv2d", (3, 3)), ("conv2d_1", (3, 3)), ("conv2d_2", same(128)),
                                          ("conv2d_3", same(64)), ("conv2d_4", same(32))]):
        front.append(batch_norm(conv(x, t, layer, pad), t, f"batch_normalization_{index + 1}").max(axis=1))
    maps = [np.concatenate(front, axis=1)]
    for index in range(3):
        out = batch_norm(conv(maps[-1], t, f"conv2d_{index + 5}", (3, 3))[:, 0, :], t, f"batch_normalization_{index + 6}")
        maps.append(out + maps[-1] if index > 0 else out)
    features = np.concatenate(maps, axis=1)  # [187, 753]
    pooled = np.stack([features.max(axis=0), features.mean(axis=0)], axis=1).reshape(-1)  # [max_c, mean_c] per channel
    dense = np.maximum(batch_norm(pooled, t, "batch_normalization_9") @ t["dense/kernel"] + t["dense/bias"], 0)
    return pooled, batch_norm(dense, t, "batch_normalization_10")


# --- audio -----------------------------------------------------------------------------
def read_wav(path):
    with wave.open(path) as w:
        assert w.getsampwidth() == 2, f"{path}: expected 16-bit PCM"
        rate, channels = w.getframerate(), w.getnchannels()
        pcm = np.frombuffer(w.readframes(w.getnframes()), "<i2").reshape(-1, channels)
    return rate, pcm.astype(np.float64).mean(axis=1) / 32768


def resample(source, target):
    rate, x = read_wav(source)
    n = len(x) * SR // rate
    assert n * rate == len(x) * SR, "clip length must convert to a whole number of 16 kHz samples"
    spectrum = np.fft.rfft(x)[: n // 2 + 1]
    y = np.fft.irfft(spectrum, n) * n / len(x)
    pcm = np.clip(np.round(y * 32768), -32768, 32767).astype("<i2")
    with wave.open(target, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(SR)
        w.writeframes(pcm.tobytes())


def band_limit(x):
    """Chorus's encoder reads every file through a 7200 Hz low-pass (AudioEncoder.bandLimitHertz),
    16 kHz ones included. At 16 kHz that is Resampler.swift's kernel at scale 1: a sinc cut at 0.9 of
    the Nyquist frequency, 32 zero crossings each side, Kaiser beta 9, the input taken as zero
    outside its range. Restated here from that description, in float64."""
    rolloff, crossings, beta = 0.9, 32, 9.0
    half = crossings / rolloff
    n = np.arange(-int(half), int(half) + 1)
    kernel = rolloff * np.sinc(rolloff * n) * np.i0(beta * np.sqrt(1 - (n / half) ** 2)) / np.i0(beta)
    return np.convolve(x, kernel, mode="same")


def compare(wheel, pairs):
    t = read_checkpoint(wheel)
    worst, failures = 0.0, 0
    for clip, npy in pairs:
        rate, samples = read_wav(clip)
        assert rate == SR, f"{clip}: expected {SR} Hz (make it with `resample`)"
        chorus = np.load(npy)
        reference = [np.concatenate(forward(p, t)) for p in patches(band_limit(samples))]
        if len(reference) != len(chorus):
            print(f"{clip}: {len(chorus)} patches from chorus, {len(reference)} from the reference")
            failures += 1
            continue
        for index, (ours, theirs) in enumerate(zip(chorus, reference)):
            for part, sl in (("pooled", slice(0, 1506)), ("penultimate", slice(1506, None))):
                error = np.max(np.abs(ours[sl] - theirs[sl])) / np.max(np.abs(theirs[sl]))
                worst = max(worst, error)
                if not error <= TOLERANCE:
                    print(f"{clip} patch {index} {part}: relative difference {error:.2e} > {TOLERANCE}")
                    failures += 1
    print(f"musicnn embeddings: {len(pairs)} clips, largest relative difference {worst:.2e} (tolerance {TOLERANCE})")
    return failures == 0


if __name__ == "__main__":
    if sys.argv[1] == "resample":
        resample(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "compare":
        rest = sys.argv[3:]
        sys.exit(0 if compare(sys.argv[2], list(zip(rest[::2], rest[1::2]))) else 1)
    else:
        sys.exit(__doc__)
