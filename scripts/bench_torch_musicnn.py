"""PyTorch reference for `chorus bench encoder`: musicnn's MSD_musicnn network (weights read
from the wheel by check_musicnn_forward.py's own checkpoint reader) as torch modules, checked
against that script's NumPy forward pass on one patch, then timed as Chorus times it: seeded
random 187x96 patches in log10(10000 x + 1)'s range, embedded one at a time and as one batch of
all of them (PyTorch's best mode: one [B, 1, 187, 96] tensor through each layer), the two modes
alternating repeat by repeat after one warm-up each, median of repeats. Prints one JSON object.

Usage: python bench_torch_musicnn.py WHEEL [THREADS] [PATCHES] [REPEATS]"""
import json
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
import check_musicnn_forward as reference  # noqa: E402


def tensors(checkpoint):
    return {name: torch.from_numpy(np.asarray(value, dtype=np.float32)) for name, value in checkpoint.items()}


def batch_norm(x, t, name, shape):
    g, b = t[f"{name}/gamma"].view(shape), t[f"{name}/beta"].view(shape)
    m, v = t[f"{name}/moving_mean"].view(shape), t[f"{name}/moving_variance"].view(shape)
    return g * (x - m) / torch.sqrt(v + 1e-3) + b


def conv_relu(x, t, name, pad):
    """x [B, 1, time, width]; zero padding in time, valid in width: [B, filters, time', width']."""
    kernel = t[f"{name}/kernel"]  # [kt, kf, 1, filters]
    weight = kernel.permute(3, 2, 0, 1).contiguous()
    return F.relu(F.conv2d(F.pad(x, (0, 0, pad[0], pad[1])), weight, t[f"{name}/bias"]))


def forward(patches, t):
    """patches [B, 187, 96] -> (pooled [B, 1506], penultimate [B, 200])."""
    x = batch_norm(patches, t, "batch_normalization", (1, 1, -1)).unsqueeze(1)
    front = []
    for index, (layer, pad) in enumerate([("conv2d", (3, 3)), ("conv2d_1", (3, 3)), ("conv2d_2", reference.same(128)),
                                          ("conv2d_3", reference.same(64)), ("conv2d_4", reference.same(32))]):
        out = batch_norm(conv_relu(x, t, layer, pad), t, f"batch_normalization_{index + 1}", (1, -1, 1, 1))
        front.append(out.amax(dim=3))  # [B, filters, time]
    maps = [torch.cat(front, dim=1)]
    for index in range(3):
        out = conv_relu(maps[-1].transpose(1, 2).unsqueeze(1), t, f"conv2d_{index + 5}", (3, 3))[:, :, :, 0]
        out = batch_norm(out, t, f"batch_normalization_{index + 6}", (1, -1, 1))
        maps.append(out + maps[-1] if index > 0 else out)
    features = torch.cat(maps, dim=1)  # [B, 753, 187]
    pooled = torch.stack([features.amax(dim=2), features.mean(dim=2)], dim=2).reshape(features.shape[0], -1)
    dense = F.relu(batch_norm(pooled, t, "batch_normalization_9", (1, -1)) @ t["dense/kernel"] + t["dense/bias"])
    return pooled, batch_norm(dense, t, "batch_normalization_10", (1, -1))


def main():
    wheel = sys.argv[1]
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 16
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 5
    torch.set_num_threads(threads)
    checkpoint = reference.read_checkpoint(wheel)
    t = tensors(checkpoint)
    generator = np.random.default_rng(1)
    patches = [torch.from_numpy(3 * generator.random((187, 96), dtype=np.float32)) for _ in range(count)]
    with torch.no_grad():
        pooled, penultimate = forward(patches[0].unsqueeze(0), t)
        want_pooled, want_penultimate = reference.forward(patches[0].numpy().astype(np.float64), checkpoint)
        got = np.concatenate([pooled[0].numpy(), penultimate[0].numpy()])
        want = np.concatenate([want_pooled, want_penultimate])
        error = float(np.max(np.abs(got - want)) / np.max(np.abs(want)))
        assert error < 1e-4, f"PyTorch and NumPy forward passes differ by {error} (relative to the largest value)"

        batch = torch.stack(patches)

        def one_at_a_time():
            return sum(float(torch.cat(forward(p.unsqueeze(0), t), dim=1).sum()) for p in patches)

        def batched():
            return float(torch.cat(forward(batch, t), dim=1).sum())

        one_at_a_time(), batched()
        rates, batched_rates = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            checksum = one_at_a_time()
            rates.append(count / (time.perf_counter() - start))
            start = time.perf_counter()
            batched_checksum = batched()
            batched_rates.append(count / (time.perf_counter() - start))
    print(json.dumps({"torch_version": torch.__version__, "threads": threads, "patches": count,
                      "segments_per_s": statistics.median(rates),
                      "batched_segments_per_s": statistics.median(batched_rates),
                      "max_relative_error_vs_numpy": error, "checksum": checksum,
                      "batched_checksum": batched_checksum}))


if __name__ == "__main__":
    main()
