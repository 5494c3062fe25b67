"""PyTorch reference for `chorus bench train`: the same CNN (DESIGN.md's default,
1x128x130 input, batch 32), the same step (forward, cross-entropy, backward,
SGD with momentum) and the same timing rule (one warm-up step, median of
repeats of 4 steps). Prints one JSON object."""
import json
import statistics
import sys
import time

import torch
from torch import nn


def make_model():
    layers = []
    channels = 1
    for out in (16, 32, 64, 128):
        layers += [nn.Conv2d(channels, out, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
        channels = out
    layers += [nn.Flatten(), nn.Linear(128 * 8 * 8, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 10)]
    return nn.Sequential(*layers)


def measure(step, batch, repeats=5, steps=4):
    step()
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        rates.append(batch * steps / (time.perf_counter() - start))
    return statistics.median(rates)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    batch = 32
    model = make_model()
    parameters = sum(p.numel() for p in model.parameters())
    assert parameters == 622154, parameters
    x = -80 * torch.rand(batch, 1, 128, 130)
    y = torch.arange(batch) % 10
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()

    def train_step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    model.train()
    train = measure(train_step, batch)
    model.eval()

    def infer_step():
        with torch.no_grad():
            torch.softmax(model(x), dim=1)

    infer = measure(infer_step, batch)
    a = torch.rand(1024, 1024)
    b = torch.rand(1024, 1024)
    gemm = measure(lambda: torch.mm(a, b), 1)  # "samples" = products per second
    print(json.dumps({
        "torch_version": torch.__version__, "threads": threads, "parameters": parameters,
        "train_samples_per_s": train, "infer_samples_per_s": infer,
        "sgemm_gflops": gemm * 2 * 1024 ** 3 / 1e9,
    }))


if __name__ == "__main__":
    main()
