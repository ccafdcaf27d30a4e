package dev.faceanon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code resize/cases.tsv}, produced by Pillow 9.4 with {@code make_resize_fixtures.py}:
 * the Java resampler must reproduce Pillow's output byte for byte.
 */
class PillowResamplerFixtureTest {

    record Case(String source, ResampleFilter filter, int width, int height, String expected) {
        @Override
        public String toString() {
            return source + " " + filter + " -> " + width + "x" + height;
        }
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(FixtureImages.open("resize/cases.tsv"),
                StandardCharsets.UTF_8))) {
            String header = r.readLine();
            assertTrue(header.startsWith("# Pillow "), header);
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t");
                cases.add(new Case(f[0], ResampleFilter.valueOf(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                        f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(cases.size() >= 60, "fixture list looks truncated: " + cases.size());
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPillowByteForByte(Case c) {
        RgbImage source = FixtureImages.readRgb("resize/" + c.source());
        RgbImage expected = FixtureImages.readRgb("resize/" + c.expected());
        assertEquals(c.width(), expected.width());
        assertEquals(c.height(), expected.height());
        RgbImage actual = PillowResampler.resize(source, c.width(), c.height(), c.filter());
        assertSameImage(expected, actual);
    }

    static void assertSameImage(RgbImage expected, RgbImage actual) {
        assertEquals(expected.width(), actual.width(), "width");
        assertEquals(expected.height(), actual.height(), "height");
        byte[] e = expected.toByteArray();
        byte[] a = actual.toByteArray();
        int differing = 0;
        int first = -1;
        int worst = 0;
        for (int i = 0; i < e.length; i++) {
            int d = Math.abs((e[i] & 0xFF) - (a[i] & 0xFF));
            if (d != 0) {
                differing++;
                worst = Math.max(worst, d);
                if (first < 0) {
                    first = i;
                }
            }
        }
        if (differing > 0) {
            int pixel = first / RgbImage.CHANNELS;
            fail(differing + " of " + e.length + " samples differ (worst by " + worst + "), first at x="
                    + pixel % expected.width() + " y=" + pixel / expected.width() + " channel "
                    + first % RgbImage.CHANNELS + ": expected " + (e[first] & 0xFF) + ", got " + (a[first] & 0xFF));
        }
    }
}
