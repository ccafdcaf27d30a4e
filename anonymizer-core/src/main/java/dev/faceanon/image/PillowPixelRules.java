package dev.faceanon.image;

/**
 * Pillow 9.4's integer rules for turning samples of other formats into 8-bit RGB, checked against
 * Pillow itself by the fixtures of {@code make_conversion_fixtures.py}.
 */
final class PillowPixelRules {

    private PillowPixelRules() {
    }

    /**
     * Rescales an unsigned sample of {@code bits} bits to 8 bits. Fewer bits scale up with
     * truncation, {@code v * 255 / (2^bits - 1)}, as Pillow unpacks 5- and 6-bit RGB (BGR;15,
     * BGR;16) and 1/2/4-bit grey. More bits keep the most significant 8, as Pillow decodes 16-bit
     * PNG and TIFF colour channels.
     *
     * @param value the sample, its low {@code bits} bits significant
     * @param bits 1..32
     * @return 0..255
     */
    static int toEightBits(int value, int bits) {
        if (bits == 8) {
            return value & 0xFF;
        }
        if (bits > 8) {
            return (value >>> (bits - 8)) & 0xFF;
        }
        int max = (1 << bits) - 1;
        return (value & max) * 255 / max;
    }

    /**
     * Pillow's CMYK to RGB conversion (no colour management): each channel is {@code (255 - K)}
     * reduced by the ink, {@code nk - round(ink * nk / 255)}, with Pillow's exact integer rounding of
     * the product.
     *
     * @param ink C, M or Y, 0..255
     * @param black K, 0..255
     * @return the R, G or B sample
     */
    static int cmykToRgb(int ink, int black) {
        int nk = 255 - black;
        int t = ink * nk + 128;
        return nk - (((t >> 8) + t) >> 8);
    }

    /**
     * Pillow's conversion of premultiplied samples back to straight colour (mode RGBa to RGB):
     * {@code 255 * v / alpha} truncated and clipped; fully transparent pixels keep their samples.
     *
     * @param value a premultiplied sample, 0..255
     * @param alpha the pixel's alpha, 0..255
     * @return the straight sample
     */
    static int unpremultiply(int value, int alpha) {
        if (alpha == 0 || alpha == 255) {
            return value;
        }
        return Math.min(255, 255 * value / alpha);
    }
}
