#!/usr/bin/python3
"""Writes a TorchScript archive with the layers, attribute names and size of face-alignment's
2DFAN4 and random weights, so that the landmark step can be timed, and the Java network checked
at full width, without the published file (2DFAN4-cd938726ad.zip, about 92 MB), which cannot be
downloaded here. The work of a forward pass depends only on the shapes.

Run with Debian's torch (apt-get install python3-torch):

    /usr/bin/python3 make_random_fan.py OUTPUT.zip [EXPECTED.f32]

The network is the one of the test fixtures (anonymizer-djl/src/test/resources/dev/faceanon/djl/
detect/make_fan_fixtures.py, imported from there) at the published widths, traced and saved by
torch.jit.save as the published file was. With EXPECTED.f32, the script also writes the heatmaps
[1, 68, 64, 64] that torch computes from the archive for the fixtures' recipe input, as
little-endian float32, for dev.faceanon.bench.FanArchiveParity. The script prints the parameter
count and the file size, to be compared with the published file's.
"""

import os
import sys
from pathlib import Path

import numpy as np
import torch

FIXTURES = Path(__file__).resolve().parents[2] / "anonymizer-djl/src/test/resources/dev/faceanon/djl/detect"
sys.path.insert(0, str(FIXTURES))
import make_fan_fixtures as fan  # noqa: E402


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit("usage: make_random_fan.py OUTPUT.zip [EXPECTED.f32]")
    torch.set_grad_enabled(False)
    net = fan.randomized(1, 2017)
    example = fan.fan_input()
    traced = torch.jit.trace(net, example)
    traced.save(sys.argv[1])
    if len(sys.argv) == 3:
        heatmaps = torch.jit.load(sys.argv[1])(example).numpy()
        assert heatmaps.shape == (1, fan.LANDMARKS, 64, 64), heatmaps.shape
        np.asarray(heatmaps, dtype="<f4").tofile(sys.argv[2])
    params = sum(p.numel() for p in net.parameters())
    buffers = sum(b.numel() for b in net.buffers())
    size = os.path.getsize(sys.argv[1])
    print(f"2DFAN4 graph, random weights: {params} parameters, {buffers} buffer values, {size} bytes -> {sys.argv[1]}")


if __name__ == "__main__":
    main()
