#!/usr/bin/python3
"""Writes a TorchScript module with the layer graph of face-alignment's 2DFAN4 and random weights,
so that the landmark step can be timed without the published file (2DFAN4-cd938726ad.zip, about
92 MB), which cannot be downloaded here. The work of a forward pass depends only on the shapes.

Run with Debian's torch (apt-get install python3-torch):

    /usr/bin/python3 make_random_fan.py OUTPUT.pt

The graph is written from the published description of FAN (Bulat and Tzimiropoulos, "How far are
we from solving the 2D & 3D face alignment problem?", ICCV 2017) as face-alignment configures it
for 2DFAN4: a 7x7 stride-2 stem, three residual blocks and an average pool down to 64x64, then four
stacked hourglasses of depth 4 with 256 features, each followed by a residual block, a 1x1
convolution, a 68-channel 1x1 heatmap head and (between stacks) the 1x1 re-injection of features
and heatmaps. Each residual block is the multi-scale block of the paper: three 3x3 convolutions
(out/2, out/4, out/4 channels, each after batch norm and ReLU) whose outputs are concatenated, plus
a 1x1 projection of the input when the width changes. Input [1, 3, 256, 256], output the last
stack's heatmaps [1, 68, 64, 64]. The script prints the parameter count and the file size, to be
compared with the published file's.
"""

import sys

import torch
import torch.nn.functional as F
from torch import nn

STACKS = 4
DEPTH = 4
FEATURES = 256
LANDMARKS = 68


class Residual(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        half, quarter = cout // 2, cout // 4
        self.bn1, self.conv1 = nn.BatchNorm2d(cin), nn.Conv2d(cin, half, 3, padding=1, bias=False)
        self.bn2, self.conv2 = nn.BatchNorm2d(half), nn.Conv2d(half, quarter, 3, padding=1, bias=False)
        self.bn3, self.conv3 = nn.BatchNorm2d(quarter), nn.Conv2d(quarter, quarter, 3, padding=1, bias=False)
        self.project = None
        if cin != cout:
            self.project = nn.Sequential(nn.BatchNorm2d(cin), nn.ReLU(), nn.Conv2d(cin, cout, 1, bias=False))

    def forward(self, x):
        a = self.conv1(F.relu(self.bn1(x)))
        b = self.conv2(F.relu(self.bn2(a)))
        c = self.conv3(F.relu(self.bn3(b)))
        skip = x if self.project is None else self.project(x)
        return torch.cat([a, b, c], 1) + skip


class Hourglass(nn.Module):
    def __init__(self, depth):
        super().__init__()
        self.upper = Residual(FEATURES, FEATURES)
        self.down = Residual(FEATURES, FEATURES)
        self.inner = Hourglass(depth - 1) if depth > 1 else Residual(FEATURES, FEATURES)
        self.up = Residual(FEATURES, FEATURES)

    def forward(self, x):
        upper = self.upper(x)
        low = self.up(self.inner(self.down(F.avg_pool2d(x, 2, stride=2))))
        return upper + F.interpolate(low, scale_factor=2.0, mode="nearest")


class Fan(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 64, 7, stride=2, padding=3)
        self.stem_bn = nn.BatchNorm2d(64)
        self.res1, self.res2, self.res3 = Residual(64, 128), Residual(128, 128), Residual(128, FEATURES)
        self.hourglasses = nn.ModuleList(Hourglass(DEPTH) for _ in range(STACKS))
        self.after = nn.ModuleList(Residual(FEATURES, FEATURES) for _ in range(STACKS))
        self.last = nn.ModuleList(nn.Conv2d(FEATURES, FEATURES, 1) for _ in range(STACKS))
        self.last_bn = nn.ModuleList(nn.BatchNorm2d(FEATURES) for _ in range(STACKS))
        self.heads = nn.ModuleList(nn.Conv2d(FEATURES, LANDMARKS, 1) for _ in range(STACKS))
        self.feature_back = nn.ModuleList(nn.Conv2d(FEATURES, FEATURES, 1) for _ in range(STACKS - 1))
        self.heatmap_back = nn.ModuleList(nn.Conv2d(LANDMARKS, FEATURES, 1) for _ in range(STACKS - 1))

    def forward(self, x):
        x = F.relu(self.stem_bn(self.stem(x)))
        x = F.avg_pool2d(self.res1(x), 2, stride=2)
        previous = self.res3(self.res2(x))
        heatmaps = previous
        for i in range(STACKS):
            features = self.after[i](self.hourglasses[i](previous))
            features = F.relu(self.last_bn[i](self.last[i](features)))
            heatmaps = self.heads[i](features)
            if i < STACKS - 1:
                previous = previous + self.feature_back[i](features) + self.heatmap_back[i](heatmaps)
        return heatmaps


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_random_fan.py OUTPUT.pt")
    torch.manual_seed(2017)
    net = Fan().eval()
    with torch.no_grad():
        # Random batch-norm statistics, so that no layer is an identity the JIT could fold away.
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.9, 1.1)
        example = torch.rand(1, 3, 256, 256)
        traced = torch.jit.trace(net, example)
        out = traced(example)
    assert tuple(out.shape) == (1, LANDMARKS, 64, 64), out.shape
    traced.save(sys.argv[1])
    params = sum(p.numel() for p in net.parameters())
    buffers = sum(b.numel() for b in net.buffers())
    print(f"2DFAN4 graph, random weights: {params} parameters, {buffers} buffer values -> {sys.argv[1]}")


if __name__ == "__main__":
    main()
