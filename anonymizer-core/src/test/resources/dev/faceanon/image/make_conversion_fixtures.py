#!/usr/bin/python3
"""Writes the image-conversion fixtures read by BufferedImageConverterFixtureTest.

Run with Debian's Pillow (apt-get install python3-pil; /usr/bin/python3), from any directory:

    /usr/bin/python3 make_conversion_fixtures.py

Outputs go to conversion/ beside this script and are committed; the Java tests never need Pillow.
Each source file is written either by Pillow or, for formats Pillow cannot write (16-bit PNG,
sub-byte grey PNG, 16-bit BMP), by the small encoders below. The expected result of each source is
what the official code does to its input: Image.open(f).convert("RGB"), saved as <name>.rgb.png.
conversion/cases.tsv lists: source file, expected file, and a note; its first line records the
Pillow version.

Exception, on purpose: Pillow 9.4 opens a 16-bit grey PNG as mode "I" and convert("RGB") clips
every value above 255 to white. The Java converter keeps the high byte instead, as Pillow does for
16-bit grey+alpha; so gray16.png is expected to equal Pillow's conversion of gray_alpha16.png,
which holds the same grey samples.

premultiplied.raw holds RGBa samples (premultiplied alpha, 4 bytes per pixel, 64x64); its
expected result is Pillow's Image.frombytes("RGBa", ...).convert("RGB").
"""

import random
import struct
import zlib
from pathlib import Path

import PIL
from PIL import Image

OUT = Path(__file__).resolve().parent / "conversion"
RNG = random.Random(20240611)


def png(path, width, height, bit_depth, colour_type, rows):
    """A minimal PNG encoder (filter 0) for the bit depths Pillow cannot write."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9))
                     + chunk(b"IEND", b""))


def bmp16(path, width, height, masks, pixels):
    """A 16-bit BI_BITFIELDS BMP (bottom-up rows, padded to 4 bytes)."""
    stride = (width * 2 + 3) // 4 * 4
    body = bytearray()
    for y in reversed(range(height)):
        row = b"".join(struct.pack("<H", p) for p in pixels[y * width:(y + 1) * width])
        body += row + b"\x00" * (stride - len(row))
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 16, 3, len(body), 2835, 2835, 0, 0)
    info += struct.pack("<III", *masks)
    offset = 14 + len(info)
    path.write_bytes(b"BM" + struct.pack("<IHHI", offset + len(body), 0, 0, offset) + info + bytes(body))


def samples16(n):
    """16-bit values covering both bytes: extremes, byte boundaries and random values."""
    fixed = [0, 1, 255, 256, 257, 511, 32767, 32768, 65279, 65280, 65534, 65535]
    return fixed + [RNG.randrange(65536) for _ in range(n - len(fixed))]


def write_sources():
    cases = []
    w, h = 24, 16

    def rand_bytes(n):
        return bytes(RNG.randrange(256) for _ in range(n))

    Image.frombytes("L", (w, h), rand_bytes(w * h)).save(OUT / "gray8.png")
    cases.append(("gray8.png", "8-bit grey (ImageIO TYPE_BYTE_GRAY)"))
    Image.frombytes("LA", (w, h), rand_bytes(w * h * 2)).save(OUT / "gray_alpha8.png")
    cases.append(("gray_alpha8.png", "8-bit grey + alpha"))
    Image.frombytes("RGBA", (w, h), rand_bytes(w * h * 4)).save(OUT / "rgba8.png")
    cases.append(("rgba8.png", "8-bit RGBA, alpha dropped"))
    Image.frombytes("RGB", (w, h), rand_bytes(w * h * 3)).save(OUT / "rgb8.png")
    cases.append(("rgb8.png", "8-bit RGB"))
    Image.frombytes("RGB", (w, h), rand_bytes(w * h * 3)).save(OUT / "rgb24.bmp")
    cases.append(("rgb24.bmp", "24-bit BMP"))

    palette = rand_bytes(256 * 3)
    p = Image.frombytes("P", (w, h), rand_bytes(w * h))
    p.putpalette(palette)
    p.save(OUT / "palette8.png")
    cases.append(("palette8.png", "8-bit palette"))
    p.save(OUT / "palette8_trns.png", transparency=bytes(RNG.randrange(256) for _ in range(256)))
    cases.append(("palette8_trns.png", "8-bit palette with tRNS alpha, ignored"))
    p4 = Image.frombytes("P", (w, h), bytes(RNG.randrange(16) for _ in range(w * h)))
    p4.putpalette(palette[:48])
    p4.save(OUT / "palette4.png", bits=4)
    cases.append(("palette4.png", "4-bit palette"))
    Image.frombytes("1", (w, h), rand_bytes(w * h // 8)).save(OUT / "bilevel.png")
    cases.append(("bilevel.png", "1-bit"))

    for bits in (1, 2, 4):
        per_row = w * bits // 8
        png(OUT / f"gray{bits}.png", w, h, bits, 0, [rand_bytes(per_row) for _ in range(h)])
        cases.append((f"gray{bits}.png", f"{bits}-bit grey, scaled v*255/(2^bits-1)"))

    grey = samples16(w * h)
    png(OUT / "gray16.png", w, h, 16, 0,
        [b"".join(struct.pack(">H", v) for v in grey[y * w:(y + 1) * w]) for y in range(h)])
    cases.append(("gray16.png", "16-bit grey: high byte (deliberately not Pillow's clip to 255)"))
    png(OUT / "gray_alpha16.png", w, h, 16, 4,
        [b"".join(struct.pack(">HH", v, RNG.randrange(65536)) for v in grey[y * w:(y + 1) * w]) for y in range(h)])
    cases.append(("gray_alpha16.png", "16-bit grey + alpha: high byte"))
    rgb16 = [samples16(w * h) for _ in range(3)]
    png(OUT / "rgb16.png", w, h, 16, 2,
        [b"".join(struct.pack(">HHH", rgb16[0][i], rgb16[1][i], rgb16[2][i]) for i in range(y * w, (y + 1) * w))
         for y in range(h)])
    cases.append(("rgb16.png", "16-bit RGB: high byte"))
    png(OUT / "rgba16.png", w, h, 16, 6,
        [b"".join(struct.pack(">HHHH", rgb16[2][i], rgb16[0][i], rgb16[1][i], RNG.randrange(65536))
                  for i in range(y * w, (y + 1) * w)) for y in range(h)])
    cases.append(("rgba16.png", "16-bit RGBA: high byte, alpha dropped"))

    # Every 5- and 6-bit level appears: pixel x carries level x in the 6-bit field and x % 32 in the
    # 5-bit fields; the other rows mix random values.
    bw, bh = 64, 4
    rgb565 = [((x % 32) << 11) | (x << 5) | (31 - x % 32) for x in range(bw)]
    rgb565 += [RNG.randrange(65536) for _ in range(bw * (bh - 1))]
    bmp16(OUT / "rgb565.bmp", bw, bh, (0xF800, 0x07E0, 0x001F), rgb565)
    cases.append(("rgb565.bmp", "16-bit 565 BMP, scaled v*255/31 and v*255/63"))
    rgb555 = [((x % 32) << 10) | ((31 - x % 32) << 5) | (x // 2) for x in range(bw)]
    rgb555 += [RNG.randrange(32768) for _ in range(bw * (bh - 1))]
    bmp16(OUT / "rgb555.bmp", bw, bh, (0x7C00, 0x03E0, 0x001F), rgb555)
    cases.append(("rgb555.bmp", "16-bit 555 BMP, scaled v*255/31"))

    cmyk = rand_bytes(w * h * 4)
    Image.frombytes("CMYK", (w, h), cmyk).save(OUT / "cmyk.tif", compression=None)
    cases.append(("cmyk.tif", "8-bit CMYK TIFF, Pillow's uncorrected formula"))

    # Premultiplied RGBa: every alpha level, colour samples both below and above alpha.
    pw = ph = 64
    raw = bytearray()
    for i in range(pw * ph):
        a = i % 256
        raw += bytes((RNG.randrange(a + 1), RNG.randrange(256), min(255, a + RNG.randrange(8)), a))
    (OUT / "premultiplied.raw").write_bytes(bytes(raw))
    return cases, Image.frombytes("RGBa", (pw, ph), bytes(raw)).convert("RGB")


def main():
    OUT.mkdir(exist_ok=True)
    cases, premultiplied = write_sources()
    lines = [f"# Pillow {PIL.__version__}: source\texpected\tnote"]
    for name, note in cases:
        stem = name.rsplit(".", 1)[0]
        source = "gray_alpha16.png" if name == "gray16.png" else name
        expected = f"{stem}.rgb.png"
        Image.open(OUT / source).convert("RGB").save(OUT / expected)
        lines.append(f"{name}\t{expected}\t{note}")
    premultiplied.save(OUT / "premultiplied.rgb.png")
    lines.append("premultiplied.raw\tpremultiplied.rgb.png\tRGBa 64x64 raw samples, unpremultiplied 255*v/a")
    (OUT / "cases.tsv").write_text("\n".join(lines) + "\n")
    print(f"Pillow {PIL.__version__}: {len(lines) - 1} cases in {OUT}")


if __name__ == "__main__":
    main()
