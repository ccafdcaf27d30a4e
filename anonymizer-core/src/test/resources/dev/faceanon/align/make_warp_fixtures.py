#!/usr/bin/python3
"""Writes the OpenCV fixtures read by AffineWarpFixtureTest and OpenCvArithmeticFixtureTest.

Run with Debian's OpenCV and numpy (apt-get install python3-opencv; /usr/bin/python3), from any
directory:

    /usr/bin/python3 make_warp_fixtures.py

Outputs go to warp/ beside this script and are committed; the Java tests never need OpenCV.
Sources are generated from a seeded PRNG and simple formulas and saved as 8-bit RGB PNGs (lossless).

warp/cases.tsv, one warp per line:
  source file, kind, out width, out height, border 0xRRGGBB, six matrix coefficients (repr of the
  float64 values), expected file
  kind LINEAR_CROP:     cv2.warpAffine(src, M, (w, h), flags=INTER_LINEAR, borderValue=border)
                        (M is the source->output matrix, inverted inside OpenCV: the official crop)
  kind NEAREST_INVERSE: cv2.warpAffine(src, M, (w, h), flags=WARP_INVERSE_MAP|INTER_NEAREST,
                        borderMode=BORDER_CONSTANT, borderValue=border) (the official paste-back)
warp/arithmetic.tsv, one computation per line:
  svd    a00 a01 a10 a11 (float32) -> numpy.linalg.svd: u00 u01 u10 u11 s0 s1 v00 v01 v10 v11 (float32)
  affine x0 y0 x1 y1 x2 y2 X0 Y0 X1 Y1 X2 Y2 (float32) -> cv2.getAffineTransform: 6 float64
  invert 6 float64 -> cv2.invertAffineTransform: 6 float64
The first line of each file records the versions.
"""

import math
import random
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

OUT = Path(__file__).resolve().parent / "warp"


def noise(width, height, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (height, width, 3), dtype=np.uint8)


def smooth(width, height):
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    r = 127.5 + 127.5 * np.sin(x / 7.0) * np.cos(y / 5.0)
    g = 255.0 * x / max(1, width - 1)
    b = 255.0 * ((x + 2 * y) % 23) / 22.0
    return np.clip(np.stack([r, g, b], axis=2).round(), 0, 255).astype(np.uint8)


def save(array, name):
    Image.fromarray(array, "RGB").save(OUT / name)
    return name


def similarity(scale, angle, tx, ty):
    c, s = scale * math.cos(angle), scale * math.sin(angle)
    return np.array([[c, -s, tx], [s, c, ty]], dtype=np.float64)


def fmt(values):
    return "\t".join(repr(float(v)) for v in values)


def main():
    OUT.mkdir(exist_ok=True)
    rng = random.Random(20260226)
    sources = {
        "noise_61x47.png": noise(61, 47, 1),
        "smooth_80x64.png": smooth(80, 64),
        "noise_9x13.png": noise(9, 13, 2),
    }
    for name, array in sources.items():
        save(array, name)
    lines = ["# OpenCV %s numpy %s: source\tkind\twidth\theight\tborder\tm00\tm01\tm02\tm10\tm11\tm12\texpected"
             % (cv2.__version__, np.__version__)]
    n = 0
    for name, src in sources.items():
        h, w = src.shape[:2]
        for k in range(6):
            scale = rng.choice([0.37, 0.9, 1.0, 2.3, 5.0]) * rng.uniform(0.9, 1.1)
            angle = rng.uniform(-math.pi, math.pi) if k else 0.0
            size = rng.choice([17, 32, 48, 64])
            # Centre the square on a random point of the source, sometimes near or past its edge.
            cx, cy = rng.uniform(-0.2 * w, 1.2 * w), rng.uniform(-0.2 * h, 1.2 * h)
            m = similarity(scale, angle, 0, 0)
            m[:, 2] = [size / 2 - (m[0, 0] * cx + m[0, 1] * cy), size / 2 - (m[1, 0] * cx + m[1, 1] * cy)]
            if k == 5:
                m[:, 2] = np.round(m[:, 2] * 4) / 4
            border = rng.choice([0xFFFFFF, 0x000000, 0x3366CC])
            bv = ((border >> 16) & 255, (border >> 8) & 255, border & 255)
            crop = cv2.warpAffine(src, m, (size, size), flags=cv2.INTER_LINEAR, borderValue=bv)
            expected = save(crop, "linear_%02d.png" % n)
            lines.append("\t".join([name, "LINEAR_CROP", str(size), str(size), "0x%06X" % border, fmt(m.ravel()),
                                    expected]))
            back = cv2.warpAffine(crop, m, (w, h), flags=cv2.WARP_INVERSE_MAP | cv2.INTER_NEAREST,
                                  borderMode=cv2.BORDER_CONSTANT, borderValue=bv)
            expected = save(back, "nearest_%02d.png" % n)
            lines.append("\t".join(["linear_%02d.png" % n, "NEAREST_INVERSE", str(w), str(h), "0x%06X" % border,
                                    fmt(m.ravel()), expected]))
            n += 1
    (OUT / "cases.tsv").write_text("\n".join(lines) + "\n")

    npr = np.random.default_rng(7)
    arith = ["# OpenCV %s numpy %s: kind\tinputs...\toutputs..." % (cv2.__version__, np.__version__)]
    for k in range(300):
        a = (npr.standard_normal((2, 2)) * npr.choice([0.01, 1.0, 30.0])).astype(np.float32)
        if k % 5 == 0:
            a[1, 0] = 0
        if k % 7 == 0:
            t, s = npr.uniform(-3.2, 3.2), npr.uniform(0.5, 3)
            a = (s * np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])
                 @ np.diag([1, npr.uniform(0.3, 1)])).astype(np.float32)
        if k % 11 == 0:
            a = -a.T
        u, s, v = np.linalg.svd(a)
        arith.append("svd\t" + fmt(a.ravel()) + "\t" + fmt(u.ravel()) + "\t" + fmt(s) + "\t" + fmt(v.ravel()))
    for k in range(100):
        src = (npr.uniform(-50, 600, (3, 2))).astype(np.float32)
        size = float(npr.choice([512, 256, 160, 100]))
        dst = np.float32([(0, 0), (size, 0), (size, size)]) if k % 2 else npr.uniform(-10, 600, (3, 2)).astype(np.float32)
        m = cv2.getAffineTransform(src, dst)
        arith.append("affine\t" + fmt(src.ravel()) + "\t" + fmt(dst.ravel()) + "\t" + fmt(m.ravel()))
        inv = cv2.invertAffineTransform(m)
        arith.append("invert\t" + fmt(m.ravel()) + "\t" + fmt(inv.ravel()))
    (OUT / "arithmetic.tsv").write_text("\n".join(arith) + "\n")


if __name__ == "__main__":
    main()
