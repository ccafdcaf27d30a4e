package dev.faceanon;

import static dev.faceanon.align.CoverageAssertions.assertBoxCovered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.CoverageAssertions;
import dev.faceanon.align.CoverageAssertions.Hostile;
import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.redact.RedactedFace;
import dev.faceanon.redact.RedactedPhoto;
import dev.faceanon.redact.Redaction;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Blur and mosaic, sized to the face, still cover every pixel of every reported box, on every path: the redactor's
 * aligned crops and box squares, and the anonymizer's fallback. The photo is a checkerboard of two colours, so a
 * covered pixel is a mixture of both and an untouched one is either colour exactly; that holds for the weakest
 * strengths accepted and for faces smaller than the cells.
 */
class RedactionCoverageTest {
    private static final int RED = 0xC83228;
    private static final int BLUE = 0x2832C8;

    private static final Face GOOD = SyntheticFaces.face68(SyntheticFaces.placement(50, 0.2, 80, 80));
    private static final Face TARGET = SyntheticFaces.face68(SyntheticFaces.placement(60, -0.1, 220, 170));

    static Stream<Arguments> redactionsAndHostileFaces() {
        List<Arguments> out = new ArrayList<>();
        // The weakest strengths accepted: the smallest cells and σ mix least.
        for (Redaction r : List.of(Pixelate.withCellsAcrossFace(Pixelate.MAX_CELLS_ACROSS_FACE),
                GaussianBlur.withSigmaPerFace(GaussianBlur.MIN_SIGMA_PER_FACE))) {
            out.add(Arguments.of(r, new Hostile("fitting landmarks", TARGET)));
            for (Hostile h : CoverageAssertions.hostileVariants(TARGET)) {
                out.add(Arguments.of(r, h));
            }
        }
        return out.stream();
    }

    static List<Redaction> redactions() {
        return List.of(new Pixelate(), Pixelate.withCellsAcrossFace(Pixelate.MAX_CELLS_ACROSS_FACE),
                new GaussianBlur(), GaussianBlur.withSigmaPerFace(GaussianBlur.MIN_SIGMA_PER_FACE));
    }

    /** A one-pixel checkerboard of red and blue. */
    static RgbImage checkerboard(int width, int height) {
        byte[] rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int c = (x + y) % 2 == 0 ? RED : BLUE;
                rgb[(y * width + x) * 3] = (byte) (c >> 16);
                rgb[(y * width + x) * 3 + 1] = (byte) (c >> 8);
                rgb[(y * width + x) * 3 + 2] = (byte) c;
            }
        }
        return RgbImage.of(width, height, rgb);
    }

    /**
     * Far from both colours: an untouched pixel is one of them exactly, a redacted one an average of both (and of the
     * white the crop holds beyond the photo's edge).
     */
    static final IntPredicate MIXED = rgb -> distance(rgb, RED) > 40 && distance(rgb, BLUE) > 40;

    private static int distance(int a, int b) {
        return Math.abs((a >> 16 & 0xFF) - (b >> 16 & 0xFF)) + Math.abs((a >> 8 & 0xFF) - (b >> 8 & 0xFF))
                + Math.abs((a & 0xFF) - (b & 0xFF));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("redactionsAndHostileFaces")
    void theRedactorMixesEveryPixelOfEveryBox(Redaction redaction, Hostile h) {
        RgbImage photo = checkerboard(400, 300);
        RedactedPhoto r = new FaceRedactor(redaction).redactAll(photo, List.of(GOOD, h.face()));
        assertEquals(RedactedFace.Area.ALIGNED_CROP, r.faces().get(0).area());
        BufferedImage image = BufferedImageConverter.toBufferedImage(r.image());
        assertTrue(assertBoxCovered(image, GOOD.box(), MIXED, "good face") > 1500);
        assertBoxCovered(image, h.face().box(), MIXED, h + " (" + r.faces().get(1).area() + ")");
        assertEquals(photo.rgb(399, 0), r.image().rgb(399, 0), "far from every face");
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("redactionsAndHostileFaces")
    void theAnonymizersFallbackMixesEveryPixelOfEveryBox(Redaction redaction, Hostile h) {
        BufferedImage photo = BufferedImageConverter.toBufferedImage(checkerboard(400, 300));
        try (FaceModels models = FaceModels.of(FaceBoxCoverageTest.magenta())) {
            // Every face too small to generate: the alignable ones fall back on their model-size crops.
            AnonymizationResult r = models.anonymizer().withFallback(redaction).withMinimumFaceSize(100_000)
                    .anonymize(photo, List.of(GOOD, h.face()));
            assertEquals(2, r.redactedCount(), r.faces().toString());
            for (FaceOutcome o : r.faces()) {
                assertBoxCovered(r.image(), o.face().box(), MIXED, h + ", face " + o.index() + " (" + o.reason() + ")");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("redactions")
    void aFaceSmallerThanACellIsStillMixed(Redaction redaction) {
        // Boxes of a pixel or less: the cells (two photo pixels at least) and σ (one at least) still reach past
        // the pixel into its neighbours, which here are always the other colour.
        RgbImage strip = checkerboard(300, 9);
        for (double x : new double[] {10, 151, 298.8}) {
            Face dot = new Face(new BoundingBox(x, 4, x + 0.25, 4), 0.9, LandmarkScheme.IBUG_68,
                    Collections.nCopies(68, new Point(x, 4)));
            RedactedPhoto r = new FaceRedactor(redaction).redactAll(strip, List.of(dot));
            assertEquals(RedactedFace.Area.BOX_SQUARE, r.faces().get(0).area());
            assertBoxCovered(BufferedImageConverter.toBufferedImage(r.image()), dot.box(), MIXED, "dot at " + x);
            assertEquals(strip.rgb(200, 4), r.image().rgb(200, 4));
        }
        // And a whole face a few pixels wide, aligned.
        Face tiny = SyntheticFaces.face68(SyntheticFaces.placement(5, 0.1, 150, 4.5));
        RgbImage out = new FaceRedactor(redaction).redact(strip, List.of(tiny));
        assertBoxCovered(BufferedImageConverter.toBufferedImage(out), tiny.box(), MIXED, "5-px face");
    }

    @Test
    void blackOutStaysBlack() {
        // The black-out is unchanged: black over the crop, whatever the face's size.
        RgbImage out = new FaceRedactor(new BlackOut()).redact(checkerboard(400, 300), List.of(GOOD, TARGET));
        BufferedImage image = BufferedImageConverter.toBufferedImage(out);
        assertBoxCovered(image, GOOD.box(), rgb -> rgb == 0, "good face");
        assertBoxCovered(image, TARGET.box(), rgb -> rgb == 0, "target face");
    }
}
