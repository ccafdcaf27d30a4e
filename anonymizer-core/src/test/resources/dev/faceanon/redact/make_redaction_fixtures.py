#!/usr/bin/python3
"""Writes the OpenCV fixtures read by RedactionFixtureTest.

Run with Debian's OpenCV (apt-get install python3-opencv; /usr/bin/python3), from any directory:

    /usr/bin/python3 make_redaction_fixtures.py

Outputs go to fixtures/ beside this script and are committed; the Java tests never need OpenCV.
Sources are generated from a seeded PRNG and simple formulas and saved as 8-bit RGB PNGs. The
operation is the filter of the official utils/redact_faces.py, which the library's blur runs with
a kernel sized to the face:
  BLUR k:        cv2.GaussianBlur(src, (k, k), 0)
  BLUR_SIGMA s:  cv2.GaussianBlur(src, (0, 0), s), the kernel size from sigma (OpenCV's rule)
fixtures/cases.tsv: source file, operation, parameter, expected file; the first line records the
OpenCV version.
"""

from pathlib import Path

import cv2
import numpy as np
from PIL import Image

OUT = Path(__file__).resolve().parent / "fixtures"


def noise(width, height, seed):
    return np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)


def face_like(size):
    """A smooth synthetic 'face': bright disc, dark eyes and mouth, a gradient background."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float64) / size
    img = np.stack([60 + 120 * x, 90 + 60 * y, 200 - 100 * x * y], axis=2)
    disc = (x - 0.5) ** 2 + (y - 0.55) ** 2 < 0.09
    img[disc] = (225, 190, 160)
    for ex in (0.38, 0.62):
        img[(x - ex) ** 2 + (y - 0.45) ** 2 < 0.002] = (30, 20, 20)
    img[(np.abs(x - 0.5) < 0.1) & (np.abs(y - 0.7) < 0.015)] = (150, 40, 50)
    return img.round().astype(np.uint8)


def main():
    OUT.mkdir(exist_ok=True)
    sources = {
        "face_128.png": face_like(128),
        "noise_53x41.png": noise(53, 41, 3),
        "noise_12x7.png": noise(12, 7, 4),
        "noise_1x5.png": noise(1, 5, 5),
    }
    for name, array in sources.items():
        Image.fromarray(array, "RGB").save(OUT / name)
    lines = ["# OpenCV %s: source\toperation\tparameter\texpected" % cv2.__version__]
    for name, src in sources.items():
        stem = name[:-4]
        for k in (51, 3, 5, 9, 15):
            out = cv2.GaussianBlur(src, (k, k), 0)
            expected = "%s_blur%d.png" % (stem, k)
            Image.fromarray(out, "RGB").save(OUT / expected)
            lines.append("\t".join([name, "BLUR", str(k), expected]))
        for sigma in (0.7, 2.5, 6.3):
            out = cv2.GaussianBlur(src, (0, 0), sigma)
            expected = "%s_sigma%s.png" % (stem, str(sigma).replace(".", "_"))
            Image.fromarray(out, "RGB").save(OUT / expected)
            lines.append("\t".join([name, "BLUR_SIGMA", str(sigma), expected]))
    (OUT / "cases.tsv").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
