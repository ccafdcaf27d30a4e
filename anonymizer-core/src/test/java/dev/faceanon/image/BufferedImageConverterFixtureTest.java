package dev.faceanon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Files of many pixel formats, decoded by ImageIO and converted, against Pillow 9.4's
 * {@code Image.open(f).convert("RGB")} of the same files ({@code make_conversion_fixtures.py}).
 */
class BufferedImageConverterFixtureTest {

    private static final String PREMULTIPLIED = "premultiplied.raw";

    record Case(String source, String expected, String note) {
        @Override
        public String toString() {
            return source + " (" + note + ")";
        }
    }

    static Stream<Case> fileCases() {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(FixtureImages.open("conversion/cases.tsv"),
                StandardCharsets.UTF_8))) {
            assertTrue(r.readLine().startsWith("# Pillow "));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t");
                if (!f[0].equals(PREMULTIPLIED)) {
                    cases.add(new Case(f[0], f[1], f[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(19, cases.size());
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileCases")
    void convertsLikePillow(Case c) {
        BufferedImage decoded = FixtureImages.read("conversion/" + c.source());
        RgbImage expected = FixtureImages.readRgb("conversion/" + c.expected());
        PillowResamplerFixtureTest.assertSameImage(expected, new BufferedImageConverter().toRgbImage(decoded));
    }

    /** The decoders really hand the converter the layouts the cases are named after. */
    @Test
    void fixturesCoverTheLayoutsImageIoProduces() {
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, FixtureImages.read("conversion/gray8.png").getType());
        assertEquals(BufferedImage.TYPE_USHORT_GRAY, FixtureImages.read("conversion/gray16.png").getType());
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, FixtureImages.read("conversion/rgb8.png").getType());
        assertEquals(BufferedImage.TYPE_4BYTE_ABGR, FixtureImages.read("conversion/rgba8.png").getType());
        assertEquals(BufferedImage.TYPE_BYTE_INDEXED, FixtureImages.read("conversion/palette8.png").getType());
        assertEquals(BufferedImage.TYPE_BYTE_BINARY, FixtureImages.read("conversion/bilevel.png").getType());
        assertEquals(BufferedImage.TYPE_USHORT_565_RGB, FixtureImages.read("conversion/rgb565.bmp").getType());
        assertEquals(BufferedImage.TYPE_USHORT_555_RGB, FixtureImages.read("conversion/rgb555.bmp").getType());
        BufferedImage rgb16 = FixtureImages.read("conversion/rgb16.png");
        assertEquals(BufferedImage.TYPE_CUSTOM, rgb16.getType());
        assertEquals(16, rgb16.getColorModel().getComponentSize(0));
        BufferedImage cmyk = FixtureImages.read("conversion/cmyk.tif");
        assertEquals(ColorSpace.TYPE_CMYK, cmyk.getColorModel().getColorSpace().getType());
        BufferedImage greyAlpha = FixtureImages.read("conversion/gray_alpha8.png");
        assertEquals(ColorSpace.TYPE_GRAY, greyAlpha.getColorModel().getColorSpace().getType());
        assertTrue(greyAlpha.getColorModel().hasAlpha());
    }

    @ParameterizedTest(name = "type {0}")
    @ValueSource(ints = {BufferedImage.TYPE_INT_ARGB_PRE, BufferedImage.TYPE_4BYTE_ABGR_PRE})
    void unpremultipliesLikePillowRgbaMode(int type) throws IOException {
        int side = 64;
        byte[] raw;
        try (InputStream in = FixtureImages.open("conversion/" + PREMULTIPLIED)) {
            raw = in.readAllBytes();
        }
        assertEquals(side * side * 4, raw.length);
        BufferedImage image = new BufferedImage(side, side, type);
        assertTrue(image.isAlphaPremultiplied());
        // Raster samples are stored as given, so the premultiplied values reach the converter unchanged.
        WritableRaster raster = image.getRaster();
        int[] pixel = new int[4];
        for (int i = 0; i < side * side; i++) {
            for (int b = 0; b < 4; b++) {
                pixel[b] = raw[i * 4 + b] & 0xFF;
            }
            raster.setPixel(i % side, i / side, pixel);
        }
        RgbImage expected = FixtureImages.readRgb("conversion/premultiplied.rgb.png");
        PillowResamplerFixtureTest.assertSameImage(expected, new BufferedImageConverter().toRgbImage(image));
    }
}
