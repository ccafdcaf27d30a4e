package dev.faceanon.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Objects;

/**
 * Converts between {@link BufferedImage} of any type and {@link RgbImage}.
 *
 * <p><b>Into RGB</b>, the rule is what the official code does to its input,
 * {@code PIL.Image.convert("RGB")}, applied to the samples as stored (Pillow ignores embedded
 * colour profiles, and so does this converter for RGB, grey and CMYK images):
 * <ul>
 *   <li><b>alpha</b> is dropped, not composited: a transparent pixel keeps its stored colour.
 *       Premultiplied images ({@code TYPE_INT_ARGB_PRE}, {@code TYPE_4BYTE_ABGR_PRE}) are first
 *       unpremultiplied the way Pillow converts mode RGBa ({@code 255 * v / a}, truncated).</li>
 *   <li><b>grey</b> (8-bit, and grey + alpha) is replicated to R = G = B. Java's own
 *       {@code getRGB} would apply a linear-to-sRGB curve to {@code TYPE_BYTE_GRAY}; Pillow does
 *       not.</li>
 *   <li><b>palette</b> images are looked up in their palette (indices beyond it give black).</li>
 *   <li><b>fewer than 8 bits</b> per channel (565/555 RGB, 1/2/4-bit grey) scale as
 *       {@code v * 255 / (2^bits - 1)}, truncated, Pillow's unpacking rule.</li>
 *   <li><b>16 bits</b> per channel keep the high byte, as Pillow decodes 16-bit RGB, RGBA and
 *       grey + alpha PNGs. Pillow 9.4 opens a 16-bit grey PNG without alpha as a 32-bit integer
 *       image whose {@code convert("RGB")} clips every value above 255 to white, which destroys the
 *       image; this converter deliberately uses the high byte there too.</li>
 *   <li><b>CMYK</b> uses Pillow's uncorrected formula {@code (255 - K) * (255 - ink) / 255}.</li>
 *   <li>anything else (other colour spaces, floating-point or signed samples, custom colour
 *       models) goes through Java's colour management ({@link ColorModel#getRGB(Object)}).</li>
 * </ul>
 *
 * <p><b>Size limit.</b> Images with more than {@link #maxPixels()} pixels are rejected with
 * {@link ImageTooLargeException} before anything is allocated.
 *
 * <p>Immutable and thread-safe.
 */
public final class BufferedImageConverter {

    /** Default pixel limit: 8192 × 8192 (about 200 MB of RGB samples). */
    public static final long DEFAULT_MAX_PIXELS = 8192L * 8192L;

    private final long maxPixels;

    /** A converter with the {@link #DEFAULT_MAX_PIXELS default} pixel limit. */
    public BufferedImageConverter() {
        this(DEFAULT_MAX_PIXELS);
    }

    /**
     * @param maxPixels the largest {@code width * height} accepted, 1..{@link RgbImage#MAX_PIXELS}
     * @throws IllegalArgumentException if the limit is out of range
     */
    public BufferedImageConverter(long maxPixels) {
        if (maxPixels < 1 || maxPixels > RgbImage.MAX_PIXELS) {
            throw new IllegalArgumentException("pixel limit must be in 1.." + RgbImage.MAX_PIXELS + ", got "
                    + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /** @return the largest pixel count accepted */
    public long maxPixels() {
        return maxPixels;
    }

    /**
     * @param image any BufferedImage
     * @return its RGB samples, converted as described in the class documentation
     * @throws ImageTooLargeException if the image has more than {@link #maxPixels()} pixels
     * @throws UnsupportedImageException if Java cannot convert the image's colour model to sRGB
     */
    public RgbImage toRgbImage(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        int width = image.getWidth();
        int height = image.getHeight();
        if ((long) width * height > maxPixels) {
            throw new ImageTooLargeException(width, height, maxPixels);
        }
        byte[] out = new byte[RgbImage.sampleCount(width, height)];
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel icm) {
            fromPalette(raster, icm, out);
        } else if (StoredSampleLayout.supports(cm, raster)) {
            new StoredSampleLayout(cm).convert(raster, out);
        } else {
            colourManaged(raster, cm, out);
        }
        return RgbImage.wrap(width, height, out);
    }

    private static void fromPalette(Raster raster, IndexColorModel icm, byte[] out) {
        int[] palette = new int[icm.getMapSize()];
        icm.getRGBs(palette);
        int width = raster.getWidth();
        int[] row = new int[width];
        int o = 0;
        for (int y = 0; y < raster.getHeight(); y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, width, 1, 0, row);
            for (int x = 0; x < width; x++) {
                int index = row[x];
                int rgb = index >= 0 && index < palette.length ? palette[index] : 0;
                out[o++] = (byte) (rgb >> 16);
                out[o++] = (byte) (rgb >> 8);
                out[o++] = (byte) rgb;
            }
        }
    }

    private static void colourManaged(Raster raster, ColorModel cm, byte[] out) {
        Object pixel = null;
        int o = 0;
        try {
            for (int y = 0; y < raster.getHeight(); y++) {
                for (int x = 0; x < raster.getWidth(); x++) {
                    pixel = raster.getDataElements(raster.getMinX() + x, raster.getMinY() + y, pixel);
                    int rgb = cm.getRGB(pixel);
                    out[o++] = (byte) (rgb >> 16);
                    out[o++] = (byte) (rgb >> 8);
                    out[o++] = (byte) rgb;
                }
            }
        } catch (RuntimeException e) {
            throw new UnsupportedImageException("cannot convert an image with colour model "
                    + cm.getClass().getSimpleName() + " (" + cm.getColorSpace().getType() + ") to sRGB: " + e, e);
        }
    }

    /**
     * @param image the image
     * @return a new {@code TYPE_3BYTE_BGR} image with the same pixels
     */
    public static BufferedImage toBufferedImage(RgbImage image) {
        return toBufferedImage(image, BufferedImage.TYPE_3BYTE_BGR);
    }

    /**
     * @param image the image
     * @param imageType {@link BufferedImage#TYPE_3BYTE_BGR} or {@link BufferedImage#TYPE_INT_RGB}
     * @return a new image of that type with the same pixels
     * @throws IllegalArgumentException for other types
     */
    public static BufferedImage toBufferedImage(RgbImage image, int imageType) {
        Objects.requireNonNull(image, "image");
        byte[] src = image.samples();
        BufferedImage out = new BufferedImage(image.width(), image.height(), checkOutputType(imageType));
        DataBuffer buffer = out.getRaster().getDataBuffer();
        if (imageType == BufferedImage.TYPE_3BYTE_BGR) {
            byte[] dst = ((DataBufferByte) buffer).getData();
            for (int i = 0; i < src.length; i += RgbImage.CHANNELS) {
                dst[i] = src[i + 2];
                dst[i + 1] = src[i + 1];
                dst[i + 2] = src[i];
            }
        } else {
            int[] dst = ((DataBufferInt) buffer).getData();
            for (int p = 0, i = 0; p < dst.length; p++, i += RgbImage.CHANNELS) {
                dst[p] = (src[i] & 0xFF) << 16 | (src[i + 1] & 0xFF) << 8 | (src[i + 2] & 0xFF);
            }
        }
        return out;
    }

    private static int checkOutputType(int imageType) {
        if (imageType != BufferedImage.TYPE_3BYTE_BGR && imageType != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("output type must be TYPE_3BYTE_BGR (" + BufferedImage.TYPE_3BYTE_BGR
                    + ") or TYPE_INT_RGB (" + BufferedImage.TYPE_INT_RGB + "), got " + imageType);
        }
        return imageType;
    }

    /**
     * Reads unsigned integer samples of an RGB, grey or CMYK image (with or without alpha) and applies
     * Pillow's rules to them.
     */
    private static final class StoredSampleLayout {
        private final int colourType;
        private final int colours;
        private final int bands;
        private final int[] bits;
        private final boolean alpha;
        private final boolean premultiplied;

        StoredSampleLayout(ColorModel cm) {
            colourType = cm.getColorSpace().getType();
            colours = cm.getNumColorComponents();
            bands = cm.getNumComponents();
            bits = cm.getComponentSize();
            alpha = cm.hasAlpha();
            premultiplied = cm.isAlphaPremultiplied();
        }

        static boolean supports(ColorModel cm, Raster raster) {
            if (!(cm instanceof DirectColorModel || cm instanceof ComponentColorModel)) {
                return false;
            }
            int transfer = raster.getTransferType();
            if (transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT
                    && transfer != DataBuffer.TYPE_INT) {
                return false;
            }
            if (raster.getNumBands() != cm.getNumComponents()) {
                return false;
            }
            int n = cm.getNumColorComponents();
            return switch (cm.getColorSpace().getType()) {
                case ColorSpace.TYPE_RGB -> n == 3;
                case ColorSpace.TYPE_GRAY -> n == 1;
                case ColorSpace.TYPE_CMYK -> n == 4;
                default -> false;
            };
        }

        void convert(Raster raster, byte[] out) {
            int width = raster.getWidth();
            int[] row = new int[width * bands];
            int[] c = new int[colours];
            int o = 0;
            for (int y = 0; y < raster.getHeight(); y++) {
                raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
                for (int x = 0, s = 0; x < width; x++, s += bands) {
                    int a = alpha ? PillowPixelRules.toEightBits(row[s + colours], bits[colours]) : 255;
                    for (int i = 0; i < colours; i++) {
                        int v = PillowPixelRules.toEightBits(row[s + i], bits[i]);
                        c[i] = premultiplied ? PillowPixelRules.unpremultiply(v, a) : v;
                    }
                    switch (colourType) {
                        case ColorSpace.TYPE_GRAY -> {
                            out[o++] = (byte) c[0];
                            out[o++] = (byte) c[0];
                            out[o++] = (byte) c[0];
                        }
                        case ColorSpace.TYPE_CMYK -> {
                            out[o++] = (byte) PillowPixelRules.cmykToRgb(c[0], c[3]);
                            out[o++] = (byte) PillowPixelRules.cmykToRgb(c[1], c[3]);
                            out[o++] = (byte) PillowPixelRules.cmykToRgb(c[2], c[3]);
                        }
                        default -> {
                            out[o++] = (byte) c[0];
                            out[o++] = (byte) c[1];
                            out[o++] = (byte) c[2];
                        }
                    }
                }
            }
        }
    }
}
