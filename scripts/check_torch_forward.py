"""Reads a Chorus model file (format versions 1 to 4 with the image front end, see Sources/ML/Network/ModelFile.swift),
verifies its SHA-256, loads its parameters into the same CNN in PyTorch and compares
PyTorch's mean class probabilities over a clip's segments with `chorus predict`'s.

Usage: check_torch_forward.py MODEL SEGMENTS.npy PREDICT.json"""
import hashlib
import json
import struct
import sys

import numpy as np
import torch
from torch import nn


def read_model(path):
    data = open(path, "rb").read()
    assert data[:8] == b"CHORUSNN", "bad magic"
    assert hashlib.sha256(data[:-32]).digest() == data[-32:], "checksum mismatch"
    offset = 8

    def take(fmt):
        nonlocal offset
        values = struct.unpack_from("<" + fmt, data, offset)
        offset += struct.calcsize("<" + fmt)
        return values

    (version,) = take("I")
    assert version in (1, 2, 3, 4), version
    height, width, blocks = take("III")
    channels = take("I" * blocks)
    (dense,) = take("I")
    (dropout,) = take("f")
    classes, groups = take("II")
    if version >= 2:
        front_end, bands_per_group = take("II")
        assert (front_end, bands_per_group) == (0, 0), "only the image front end is rebuilt here"
    if version == 4:
        take("dd")  # the features' mel fmax and band limit: the segments come from `chorus features`
    names = []
    for _ in range(classes):
        (length,) = take("H")
        names.append(data[offset:offset + length].decode())
        offset += length
    (count,) = take("Q")
    parameters = np.frombuffer(data, dtype="<f4", count=count, offset=offset)
    assert offset + 4 * count + 32 == len(data), "size"
    return dict(height=height, width=width, channels=channels, dense=dense, dropout=dropout,
                classes=classes, groups=groups, names=names, parameters=parameters)


def build(model):
    layers, previous, h, w = [], 1, model["height"], model["width"]
    for out in model["channels"]:
        layers.append(nn.Conv2d(previous, out, 3, padding=1))
        if model["groups"]:
            layers.append(nn.GroupNorm(model["groups"], out))
        layers += [nn.ReLU(), nn.MaxPool2d(2)]
        previous, h, w = out, h // 2, w // 2
    layers += [nn.Flatten(), nn.Linear(previous * h * w, model["dense"]), nn.ReLU(),
               nn.Dropout(model["dropout"]), nn.Linear(model["dense"], model["classes"])]
    network = nn.Sequential(*layers)
    flat, offset = torch.from_numpy(model["parameters"].copy()), 0
    for tensor in network.parameters():  # state_dict order: weight then bias, layer by layer
        tensor.data.copy_(flat[offset:offset + tensor.numel()].view_as(tensor))
        offset += tensor.numel()
    assert offset == flat.numel(), (offset, flat.numel())
    return network.eval()


def main():
    model = read_model(sys.argv[1])
    segments = torch.from_numpy(np.load(sys.argv[2]).astype(np.float32))[:, None]
    chorus = json.load(open(sys.argv[3]))["predictions"][0]["probabilities"]
    with torch.no_grad():
        probabilities = torch.softmax(build(model)((segments + 40) / 40), dim=1).mean(0).numpy()
    difference = max(abs(float(p) - chorus[name]) for name, p in zip(model["names"], probabilities))
    print(json.dumps({"parameters": int(model["parameters"].size), "segments": int(segments.shape[0]),
                      "max_abs_difference": difference}))
    # float32 forward passes in different summation orders: 1e-4 on probabilities.
    if difference > 1e-4:
        sys.exit(f"PyTorch and Chorus disagree: max |Δp| = {difference}")


if __name__ == "__main__":
    main()
