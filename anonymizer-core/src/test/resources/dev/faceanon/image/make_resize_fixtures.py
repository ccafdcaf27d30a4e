#!/usr/bin/python3
"""Writes the Pillow resampling fixtures read by PillowResamplerFixtureTest.

Run with Debian's Pillow (apt-get install python3-pil; /usr/bin/python3), from any directory:

    /usr/bin/python3 make_resize_fixtures.py

Outputs go to resize/ beside this script and are committed; the Java tests never need Pillow.
Every source image is generated here from a seeded PRNG and simple formulas, saved as an 8-bit RGB
PNG (lossless), and resized with Image.resize((w, h), filter) using Pillow's defaults (no box, no
reducing_gap). resize/cases.tsv lists: source file, filter name, target width, target height,
expected file. The first line records the Pillow version.
"""

import math
import random
from pathlib import Path

import PIL
from PIL import Image

OUT = Path(__file__).resolve().parent / "resize"

FILTERS = {
    "BOX": Image.Resampling.BOX,
    "BILINEAR": Image.Resampling.BILINEAR,
    "HAMMING": Image.Resampling.HAMMING,
    "BICUBIC": Image.Resampling.BICUBIC,
    "LANCZOS": Image.Resampling.LANCZOS,
}


def noise(width, height, seed):
    rng = random.Random(seed)
    return Image.frombytes("RGB", (width, height), bytes(rng.randrange(256) for _ in range(width * height * 3)))


def checker(width, height):
    """Full-contrast pattern: every neighbour differs by 255 in some channel (exercises clipping)."""
    data = bytearray()
    for y in range(height):
        for x in range(width):
            on = (x + y) % 2 == 0
            data += bytes((255 if on else 0, 0 if on else 255, 255 if (x // 2 + y) % 2 else 0))
    return Image.frombytes("RGB", (width, height), bytes(data))


def pattern(width, height, seed):
    """Smooth gradients, hard edges, thin lines and sparse noise: face-photo-like statistics."""
    rng = random.Random(seed)
    data = bytearray()
    for y in range(height):
        for x in range(width):
            u, v = x / width, y / height
            r = 128 + 100 * math.sin(6.0 * u + 2.0 * v)
            g = 255 * u * v
            b = 40 + 170 * ((x // 23 + y // 17) % 2)
            if x % 37 == 5 or y % 29 == 3:
                r, g, b = 255 - r, 255 - g, 0
            d = rng.randrange(-40, 41) if rng.random() < 0.02 else 0
            data += bytes(max(0, min(255, int(c) + d)) for c in (r, g, b))
    return Image.frombytes("RGB", (width, height), bytes(data))


def main():
    OUT.mkdir(exist_ok=True)
    sources = {
        "noise_47x31": noise(47, 31, 1),
        "noise_13x13": noise(13, 13, 2),
        "pixel_1x1": noise(1, 1, 3),
        "strip_7x1": noise(7, 1, 4),
        "strip_1x9": noise(1, 9, 5),
        "checker_16x12": checker(16, 12),
        "pattern_300x200": pattern(300, 200, 6),
        "pattern_288x288": pattern(288, 288, 7),
        "pattern_229x150": pattern(229, 150, 8),
        "pattern_224x144": pattern(224, 144, 9),
    }
    cases = []
    for f in FILTERS:
        cases += [
            ("noise_47x31", f, 19, 13),     # down, odd factors
            ("noise_47x31", f, 101, 75),    # up, odd factors
            ("noise_47x31", f, 30, 45),     # down in x, up in y
            ("noise_13x13", f, 1, 1),       # everything into one pixel
            ("pixel_1x1", f, 5, 3),         # one pixel everywhere
            ("strip_7x1", f, 3, 4),
            ("strip_1x9", f, 4, 2),
            ("checker_16x12", f, 37, 29),   # up with overshoot to clip
            ("checker_16x12", f, 5, 4),     # down by about 3
            ("pattern_300x200", f, 7, 5),   # large reduction, support ~43 source pixels
            ("pattern_300x200", f, 211, 200),  # only the horizontal pass
            ("pattern_300x200", f, 300, 87),   # only the vertical pass
        ]
    cases += [
        ("pattern_288x288", "BICUBIC", 224, 224),   # CLIP shortest edge from 288
        ("pattern_229x150", "LANCZOS", 224, 144),   # VAE-size floor of a 229x150 input
        ("pattern_224x144", "BICUBIC", 348, 224),   # CLIP shortest edge up from 144
        ("pattern_300x200", "LANCZOS", 256, 256),   # to a square model size, aspect changes
        ("pattern_229x150", "LANCZOS", 231, 151),   # back from a model size, off by one
    ]
    for name, img in sources.items():
        img.save(OUT / f"{name}.png", optimize=True)
    lines = [f"# Pillow {PIL.__version__}: source\tfilter\twidth\theight\texpected"]
    for name, f, w, h in cases:
        expected = f"{name}_{f.lower()}_{w}x{h}.png"
        sources[name].resize((w, h), FILTERS[f]).save(OUT / expected, optimize=True)
        lines.append(f"{name}.png\t{f}\t{w}\t{h}\t{expected}")
    (OUT / "cases.tsv").write_text("\n".join(lines) + "\n")
    print(f"Pillow {PIL.__version__}: {len(sources)} sources, {len(cases)} cases in {OUT}")


if __name__ == "__main__":
    main()
