#!/usr/bin/python3
"""Writes the 2DFAN4 fixtures read by the tests of dev.faceanon.djl.detect.

Run with Debian's torch (apt-get install python3-torch), from any directory:

    /usr/bin/python3 make_fan_fixtures.py

The outputs are committed; the Java tests never need Python. The library never runs the code of a
TorchScript archive: it reads the archive's tensors as data and computes 2DFAN4 with its own Java
network. These fixtures check both halves: that the reader finds every tensor under the name the
Java network asks for, in an archive written by torch.jit.save of torch 1.x (the published
2DFAN4-cd938726ad.zip is a traced module saved by torch 1.x), and that the Java network computes
what the module computes.

The network is written from the published description of FAN (Bulat and Tzimiropoulos, "How far
are we from solving the 2D & 3D face alignment problem?", ICCV 2017) as face-alignment configures
it for 2DFAN4, under the attribute names of face-alignment's published module (which a traced
archive keeps): a 7x7 stride-2 stem `conv1`/`bn1`, residual blocks `conv2`, `conv3`, `conv4`
around a 2x2 average pool, then four stacks `m{i}` (an hourglass of depth 4, blocks `b1_{level}`,
`b2_{level}`, `b3_{level}` and `b2_plus_1` at the bottom), each followed by `top_m_{i}`, the 1x1
`conv_last{i}` with `bn_end{i}` and ReLU, the 68-channel head `l{i}`, and between stacks the 1x1
re-injections `bl{i}` (features) and `al{i}` (heatmaps). A residual block ("ConvBlock") is the
multi-scale block of the paper: three bias-free 3x3 convolutions to out/2, out/4 and out/4
channels, each after batch norm and ReLU, concatenated, plus the input or, when the width
changes, a `downsample` Sequential (batch norm, ReLU, bias-free 1x1 convolution).

Sizes. The published network has about 24 M parameters (92 MB); the committed fixture divides
every width by WIDTH_DIVISOR (68 heatmaps stay 68), as the S3FD fixture does. The full-width
parameter names and shapes go to a manifest.

Files:
  fan_manifest.json      key -> shape of the full-width network's tensors (num_batches_tracked included)
  fan_w16.zip            the reduced-width network, random weights and batch-norm statistics, traced
                         and saved by torch.jit.save as a TorchScript archive
  fan_w16_expected.json  heatmap shape, sum and per-landmark argmax for the recipe input
  fan_w16_heatmaps.f32   every 11th heatmap value (flat index % 11 == 0), little-endian float32
  fan_attack.zip         a scripted module whose __setstate__ creates the file named by the string
                         constant FACEANON_ATTACK_TARGET_PLACEHOLDER of its code and fills it, which
                         libtorch runs when it loads the archive; its pickled state is a tuple.
                         The tests replace the placeholder with a temporary path.
  fan_attack_dict.zip    the same attack in a module whose pickled state is a plain attribute dict
                         ({'weight': ones(2)}), so that its data looks like any module's
"""

import json
import sys
from pathlib import Path
from typing import Dict, Tuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

OUT = Path(__file__).resolve().parent
WIDTH_DIVISOR = 16
STACKS = 4
DEPTH = 4
LANDMARKS = 68


class ConvBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.bn1 = nn.BatchNorm2d(cin)
        self.conv1 = nn.Conv2d(cin, cout // 2, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout // 2)
        self.conv2 = nn.Conv2d(cout // 2, cout // 4, 3, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(cout // 4)
        self.conv3 = nn.Conv2d(cout // 4, cout // 4, 3, padding=1, bias=False)
        self.downsample = None
        if cin != cout:
            self.downsample = nn.Sequential(nn.BatchNorm2d(cin), nn.ReLU(True), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        a = self.conv1(F.relu(self.bn1(x)))
        b = self.conv2(F.relu(self.bn2(a)))
        c = self.conv3(F.relu(self.bn3(b)))
        skip = x if self.downsample is None else self.downsample(x)
        return torch.cat((a, b, c), 1) + skip


class HourGlass(nn.Module):
    def __init__(self, depth, features):
        super().__init__()
        self.depth = depth
        for level in range(depth, 0, -1):
            self.add_module("b1_" + str(level), ConvBlock(features, features))
            self.add_module("b2_" + str(level), ConvBlock(features, features))
            if level == 1:
                self.add_module("b2_plus_" + str(level), ConvBlock(features, features))
            self.add_module("b3_" + str(level), ConvBlock(features, features))

    def level(self, level, x):
        upper = self._modules["b1_" + str(level)](x)
        low = self._modules["b2_" + str(level)](F.avg_pool2d(x, 2, stride=2))
        if level > 1:
            low = self.level(level - 1, low)
        else:
            low = self._modules["b2_plus_" + str(level)](low)
        low = self._modules["b3_" + str(level)](low)
        return upper + F.interpolate(low, scale_factor=2.0, mode="nearest")

    def forward(self, x):
        return self.level(self.depth, x)


class Fan(nn.Module):
    def __init__(self, divisor):
        super().__init__()
        w = lambda c: c // divisor
        features = w(256)
        self.conv1 = nn.Conv2d(3, w(64), 7, stride=2, padding=3)
        self.bn1 = nn.BatchNorm2d(w(64))
        self.conv2 = ConvBlock(w(64), w(128))
        self.conv3 = ConvBlock(w(128), w(128))
        self.conv4 = ConvBlock(w(128), features)
        for i in range(STACKS):
            self.add_module("m" + str(i), HourGlass(DEPTH, features))
            self.add_module("top_m_" + str(i), ConvBlock(features, features))
            self.add_module("conv_last" + str(i), nn.Conv2d(features, features, 1))
            self.add_module("bn_end" + str(i), nn.BatchNorm2d(features))
            self.add_module("l" + str(i), nn.Conv2d(features, LANDMARKS, 1))
            if i < STACKS - 1:
                self.add_module("bl" + str(i), nn.Conv2d(features, features, 1))
                self.add_module("al" + str(i), nn.Conv2d(LANDMARKS, features, 1))

    def forward(self, x):
        x = F.relu(self.bn1(self.conv1(x)))
        x = F.avg_pool2d(self.conv2(x), 2, stride=2)
        previous = self.conv4(self.conv3(x))
        heatmaps = previous
        for i in range(STACKS):
            ll = self._modules["top_m_" + str(i)](self._modules["m" + str(i)](previous))
            ll = F.relu(self._modules["bn_end" + str(i)](self._modules["conv_last" + str(i)](ll)))
            heatmaps = self._modules["l" + str(i)](ll)
            if i < STACKS - 1:
                previous = previous + self._modules["bl" + str(i)](ll) + self._modules["al" + str(i)](heatmaps)
        return heatmaps


def randomized(divisor, seed):
    """Random weights and batch-norm statistics, so that no layer is an identity."""
    torch.manual_seed(seed)
    net = Fan(divisor).eval()
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
                m.num_batches_tracked.fill_(7)
    return net


class Attack(nn.Module):
    """Harmless when its code is not run; libtorch runs __setstate__ while loading it."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(2))

    @torch.jit.export
    def __getstate__(self) -> Tuple[torch.Tensor, bool]:
        return (self.weight, self.training)

    @torch.jit.export
    def __setstate__(self, state: Tuple[torch.Tensor, bool]) -> None:
        self.training = state[1]
        written = torch.from_file("FACEANON_ATTACK_TARGET_PLACEHOLDER", shared=True, size=8, dtype=torch.uint8).fill_(65)
        # Used, so that the compiler keeps the write.
        self.weight = state[0] + written.float().sum() * 0.0

    def forward(self, x):
        return x * self.weight.sum()


class AttackDict(nn.Module):
    """Pickled like a plain module (an attribute dict); libtorch still runs its __setstate__."""

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(2))

    @torch.jit.export
    def __getstate__(self) -> Dict[str, torch.Tensor]:
        return {"weight": self.weight}

    @torch.jit.export
    def __setstate__(self, state: Dict[str, torch.Tensor]) -> None:
        written = torch.from_file("FACEANON_ATTACK_TARGET_PLACEHOLDER", shared=True, size=8, dtype=torch.uint8).fill_(65)
        self.weight = state["weight"] + written.float().sum() * 0.0
        self.training = False

    def forward(self, x):
        return x * self.weight.sum()


def fan_input():
    """A recipe the Java test rebuilds: value(c, y, x) = ((x*7 + y*3 + c*50) % 256) / 255."""
    c, y, x = np.mgrid[0:3, 0:256, 0:256]
    return torch.from_numpy(((x * 7 + y * 3 + c * 50) % 256).astype(np.float32)).div(255.0).unsqueeze(0)


def main():
    torch.set_grad_enabled(False)
    full = Fan(1)
    manifest = {k: list(v.shape) for k, v in full.state_dict().items()}
    (OUT / "fan_manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")

    net = randomized(WIDTH_DIVISOR, 2017)
    traced = torch.jit.trace(net, fan_input())
    traced.save(str(OUT / "fan_w16.zip"))
    hm = torch.jit.load(str(OUT / "fan_w16.zip"))(fan_input()).numpy()
    assert hm.shape == (1, LANDMARKS, 64, 64), hm.shape
    np.asarray(hm.reshape(-1)[::11], dtype="<f4").tofile(OUT / "fan_w16_heatmaps.f32")
    (OUT / "fan_w16_expected.json").write_text(json.dumps({
        "widthDivisor": WIDTH_DIVISOR, "shape": list(hm.shape), "sampleEvery": 11,
        "sum": float(hm.astype(np.float64).sum()),
        "argmax": [int(np.argmax(hm[0, j])) for j in range(LANDMARKS)]}) + "\n")

    torch.jit.script(Attack()).save(str(OUT / "fan_attack.zip"))
    torch.jit.script(AttackDict()).save(str(OUT / "fan_attack_dict.zip"))
    print("fan_w16: sum", float(hm.astype(np.float64).sum()), file=sys.stderr)


if __name__ == "__main__":
    main()
