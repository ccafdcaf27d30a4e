package dev.faceanon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-built images of every standard type, with pixel values whose conversion is known. */
class BufferedImageConverterTest {

    private final BufferedImageConverter converter = new BufferedImageConverter();

    private static BufferedImage withPixel(int type, int... samples) {
        BufferedImage image = new BufferedImage(2, 1, type);
        image.getRaster().setPixel(1, 0, samples);
        return image;
    }

    private void assertPixel(BufferedImage image, int r, int g, int b) {
        RgbImage rgb = converter.toRgbImage(image);
        assertEquals(image.getWidth(), rgb.width());
        assertEquals(image.getHeight(), rgb.height());
        assertEquals(String.format("%02x%02x%02x", r, g, b), String.format("%06x", rgb.rgb(1, 0)));
    }

    @Test
    void eightBitColourTypesKeepTheirSamples() {
        assertPixel(withPixel(BufferedImage.TYPE_INT_RGB, 250, 64, 3), 250, 64, 3);
        assertPixel(withPixel(BufferedImage.TYPE_INT_BGR, 250, 64, 3), 250, 64, 3);
        assertPixel(withPixel(BufferedImage.TYPE_3BYTE_BGR, 250, 64, 3), 250, 64, 3);
    }

    @Test
    void alphaIsDroppedNotComposited() {
        assertPixel(withPixel(BufferedImage.TYPE_INT_ARGB, 250, 64, 3, 0), 250, 64, 3);
        assertPixel(withPixel(BufferedImage.TYPE_4BYTE_ABGR, 250, 64, 3, 77), 250, 64, 3);
    }

    @Test
    void premultipliedSamplesAreUnpremultipliedWithTruncation() {
        // 255 * 64 / 128 = 127.5 -> 127; 255 * 32 / 128 = 63.75 -> 63; 255 * 200 / 128 clips to 255.
        assertPixel(withPixel(BufferedImage.TYPE_INT_ARGB_PRE, 64, 32, 200, 128), 127, 63, 255);
        assertPixel(withPixel(BufferedImage.TYPE_4BYTE_ABGR_PRE, 64, 32, 200, 128), 127, 63, 255);
        // Fully transparent pixels keep what is stored, as Pillow's RGBa conversion does.
        assertPixel(withPixel(BufferedImage.TYPE_INT_ARGB_PRE, 5, 6, 7, 0), 5, 6, 7);
    }

    @Test
    void greyIsReplicatedWithoutJavasGammaCurve() {
        BufferedImage grey = withPixel(BufferedImage.TYPE_BYTE_GRAY, 128);
        assertPixel(grey, 128, 128, 128);
        // Java's own conversion treats this grey space as linear and brightens mid-grey.
        assertNotEquals(128, grey.getRGB(1, 0) & 0xFF);
        assertPixel(withPixel(BufferedImage.TYPE_USHORT_GRAY, 0x12FF), 0x12, 0x12, 0x12);
    }

    @Test
    void packedSixteenBitRgbScalesLikePillow() {
        // 565: 16 * 255 / 31 = 131.6 -> 131, 33 * 255 / 63 = 133.6 -> 133, 1 * 255 / 31 = 8.2 -> 8.
        assertPixel(withPixel(BufferedImage.TYPE_USHORT_565_RGB, 16, 33, 1), 131, 133, 8);
        assertPixel(withPixel(BufferedImage.TYPE_USHORT_565_RGB, 31, 63, 0), 255, 255, 0);
        assertPixel(withPixel(BufferedImage.TYPE_USHORT_555_RGB, 31, 0, 16), 255, 0, 131);
    }

    @Test
    void indexedImagesUseTheirPalette() {
        byte[] r = {0, (byte) 200, 7};
        byte[] g = {0, 100, 8};
        byte[] b = {0, 50, 9};
        IndexColorModel palette = new IndexColorModel(8, 3, r, g, b);
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        indexed.getRaster().setSample(1, 0, 0, 1);
        assertPixel(indexed, 200, 100, 50);
        indexed.getRaster().setSample(1, 0, 0, 2);
        assertPixel(indexed, 7, 8, 9);
        // An index beyond the palette (a malformed file) gives black, not an exception.
        indexed.getRaster().setSample(1, 0, 0, 200);
        assertPixel(indexed, 0, 0, 0);

        assertPixel(withPixel(BufferedImage.TYPE_BYTE_BINARY, 1), 255, 255, 255);
        assertPixel(withPixel(BufferedImage.TYPE_BYTE_BINARY, 0), 0, 0, 0);
    }

    @Test
    void sixteenBitChannelsKeepTheHighByte() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(1, 0, new int[] {0xABCD, 0x00FF, 0xFF00, 0x1234});
        assertPixel(new BufferedImage(cm, raster, false, null), 0xAB, 0x00, 0xFF);
    }

    @Test
    void floatingPointSamplesGoThroughColourManagement() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
        raster.setPixel(1, 0, new float[] {1.0f, 0.5f, 0.2f});
        // Java rounds v * 255: 127.5 -> 128, 51.0 -> 51.
        assertPixel(new BufferedImage(cm, raster, false, null), 255, 128, 51);
    }

    @Test
    void subImagesReadTheirOwnWindow() {
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(2, 1, 0x102030);
        image.setRGB(3, 1, 0x405060);
        RgbImage sub = converter.toRgbImage(image.getSubimage(1, 1, 3, 2));
        assertEquals(3, sub.width());
        assertEquals(2, sub.height());
        assertEquals(0x102030, sub.rgb(1, 0));
        assertEquals(0x405060, sub.rgb(2, 0));
        assertEquals(0, sub.rgb(0, 1));
    }

    @Test
    void unconvertibleColourModelsFailWithTheLibrarysException() {
        ColorModel broken = new ColorModel(8) {
            @Override
            public boolean isCompatibleRaster(Raster raster) {
                return true;
            }

            @Override
            public int getRGB(Object inData) {
                throw new IllegalArgumentException("no conversion");
            }

            @Override
            public int getRed(int pixel) {
                throw new IllegalArgumentException("no conversion");
            }

            @Override
            public int getGreen(int pixel) {
                throw new IllegalArgumentException("no conversion");
            }

            @Override
            public int getBlue(int pixel) {
                throw new IllegalArgumentException("no conversion");
            }

            @Override
            public int getAlpha(int pixel) {
                return 255;
            }
        };
        WritableRaster raster = Raster.createBandedRaster(DataBuffer.TYPE_BYTE, 2, 1, 1, null);
        BufferedImage image = new BufferedImage(broken, raster, false, null);
        UnsupportedImageException e = assertThrows(UnsupportedImageException.class, () -> converter.toRgbImage(image));
        assertTrue(e.getMessage().contains("sRGB"), e.getMessage());
    }

    @Test
    void rejectsImagesAboveTheConfiguredLimit() {
        BufferedImageConverter small = new BufferedImageConverter(100);
        assertEquals(100, small.maxPixels());
        assertEquals(100, small.toRgbImage(new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB)).pixelCount());
        ImageTooLargeException e = assertThrows(ImageTooLargeException.class,
                () -> small.toRgbImage(new BufferedImage(11, 10, BufferedImage.TYPE_INT_RGB)));
        assertEquals(11, e.width());
        assertEquals(10, e.height());
        assertEquals(100, e.limit());
        assertTrue(e.getMessage().contains("110 pixels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BufferedImageConverter(0));
        assertThrows(IllegalArgumentException.class, () -> new BufferedImageConverter(RgbImage.MAX_PIXELS + 1));
    }

    @Test
    void roundTripsThroughBothOutputTypes() {
        Random random = new Random(7);
        byte[] samples = new byte[5 * 3 * 3];
        random.nextBytes(samples);
        RgbImage image = RgbImage.of(5, 3, samples);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB}) {
            BufferedImage out = BufferedImageConverter.toBufferedImage(image, type);
            assertEquals(type, out.getType());
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 5; x++) {
                    assertEquals(image.rgb(x, y), out.getRGB(x, y) & 0xFFFFFF);
                }
            }
            assertEquals(image, converter.toRgbImage(out));
        }
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, BufferedImageConverter.toBufferedImage(image).getType());
        assertThrows(IllegalArgumentException.class,
                () -> BufferedImageConverter.toBufferedImage(image, BufferedImage.TYPE_INT_ARGB));
    }
}
