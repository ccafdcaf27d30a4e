package dev.faceanon;

import static dev.faceanon.align.CoverageAssertions.BLACK;
import static dev.faceanon.align.CoverageAssertions.MAGENTA;
import static dev.faceanon.align.CoverageAssertions.assertBoxCovered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import dev.faceanon.testing.RealAstronaut;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every face a result lists has every pixel of its box covered: by the generated face (a stand-in
 * that paints magenta) when it says anonymized or swapped, by the black-out fallback when it says
 * redacted. Landmarks that do not fit their box must not move the covered area off the box, on
 * every path: caller's faces, detector's faces, swap, redaction.
 */
class FaceBoxCoverageTest {
    private static final int W = 400;
    private static final int H = 300;

    /** A face whose landmarks fit its box, far from the hostile ones. */
    private static final Face GOOD = SyntheticFaces.face68(SyntheticFaces.placement(50, 0.2, 80, 80));
    /** The face whose box the hostile variants keep. */
    private static final Face TARGET = SyntheticFaces.face68(SyntheticFaces.placement(60, -0.1, 220, 170));

    static Stream<Hostile> hostile() {
        return CoverageAssertions.hostileVariants(TARGET).stream();
    }

    /** A photo with neither magenta nor black: every covered pixel is recognisable. */
    static BufferedImage photo() {
        BufferedImage p = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int v = 60 + (x * 7 + y * 3) % 120;
                p.setRGB(x, y, v << 16 | (v / 2) << 8 | (200 - v / 3));
            }
        }
        assertTrue(CoverageAssertions.isFreeOfCoverColours(p));
        return p;
    }

    /** A generator that paints the whole crop magenta. */
    static StandInBackend magenta() {
        return new StandInBackend(r -> SyntheticFaces.uniform(r.conditioning().width(), r.conditioning().height(),
                MAGENTA));
    }

    static void assertEveryReportedBoxCovered(AnonymizationResult r) {
        for (FaceOutcome o : r.faces()) {
            if (o.action() == FaceOutcome.Action.ANONYMIZED) {
                // A later redaction over a neighbour's box may paint it black: covered as well.
                assertBoxCovered(r.image(), o.face().box(), c -> c == MAGENTA || c == BLACK, "anonymized face "
                        + o.index());
            } else {
                assertBoxCovered(r.image(), o.face().box(), c -> c == BLACK, "redacted face " + o.index() + " ("
                        + o.reason() + ")");
            }
        }
    }

    private static FaceOutcome outcomeOf(AnonymizationResult r, Face f) {
        return r.faces().stream().filter(o -> o.face() == f).findFirst().orElseThrow();
    }

    @Test
    void theFacesTheVariantsAreBuiltOnAreAnonymizedOverTheirWholeBox() {
        try (FaceModels models = FaceModels.of(magenta())) {
            AnonymizationResult r = models.anonymizer().anonymize(photo(), List.of(GOOD, TARGET));
            assertTrue(r.allAnonymized(), r.faces().toString());
            assertEveryReportedBoxCovered(r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void landmarksThatDoNotFitTheirBoxAreRedactedOverTheBoxAndReported(Hostile h) {
        try (FaceModels models = FaceModels.of(magenta())) {
            AnonymizationResult r = models.anonymizer().anonymize(photo(), List.of(GOOD, h.face()));
            assertEquals(FaceOutcome.Action.ANONYMIZED, outcomeOf(r, GOOD).action());
            FaceOutcome bad = outcomeOf(r, h.face());
            assertEquals(FaceOutcome.Action.REDACTED, bad.action());
            assertTrue(bad.reason().startsWith("landmarks cannot be aligned: "), bad.reason());
            assertEveryReportedBoxCovered(r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void theDetectorsFacesAreCheckedTheSameWay(Hostile h) {
        BufferedImage p = photo();
        try (FaceModels models = FaceModels.of(magenta(), image -> List.of(h.face(), GOOD))) {
            AnonymizationResult r = models.anonymizer().anonymize(p);
            assertEquals(FaceOutcome.Action.REDACTED, outcomeOf(r, h.face()).action());
            assertEveryReportedBoxCovered(r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void aSwapNeverReportsASwapWhereTheBoxWasNotSwapped(Hostile h) {
        BufferedImage p = photo();
        try (FaceModels models = FaceModels.of(magenta())) {
            FaceSwapper swapper = models.swapper();
            SwapResult r = swapper.swap(swapper.identityOf(p, TARGET), p, List.of(GOOD, h.face()));
            for (SwapOutcome o : r.faces()) {
                if (o.face() == GOOD) {
                    assertEquals(SwapOutcome.Action.SWAPPED, o.action());
                    assertBoxCovered(r.image(), o.face().box(), c -> c == MAGENTA, "swapped face");
                } else {
                    assertEquals(SwapOutcome.Action.UNCHANGED, o.action());
                    assertTrue(o.reason().startsWith("landmarks cannot be aligned: "), o.reason());
                }
            }
            NoFaceFoundException e = assertThrows(NoFaceFoundException.class, () -> swapper.identityOf(p, h.face()));
            assertTrue(e.getMessage().contains("landmarks cannot be aligned"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void theRedactorCoversTheBoxNotWhereTheLandmarksPoint(Hostile h) {
        RgbImage p = new BufferedImageConverter().toRgbImage(photo());
        RgbImage out = new FaceRedactor(new BlackOut()).redact(p, List.of(GOOD, h.face()));
        BufferedImage image = BufferedImageConverter.toBufferedImage(out);
        assertBoxCovered(image, GOOD.box(), c -> c == BLACK, "good face");
        assertBoxCovered(image, h.face().box(), c -> c == BLACK, "hostile face");
    }

    @Test
    void aBoxReachingIntoTheFeatherIsStillCoveredWholly() {
        // The sample photo's drawn head, its box raised to just above the hairline: the aligned
        // square covers the box, but the box's top rows lie halfway into the default feather margin.
        double cx = 200;
        double cy = 150;
        double h = 150;
        double w = h * 0.78;
        Face drawn = new Face(new BoundingBox(cx - w / 2, cy - 0.55 * h, cx + w / 2, cy + h / 2), 1,
                LandmarkScheme.FIVE_POINT, List.of(new Point(cx - w * 0.2, cy - h * 0.08),
                        new Point(cx + w * 0.2, cy - h * 0.08), new Point(cx, cy + h * 0.1),
                        new Point(cx - w * 0.17, cy + h * 0.25), new Point(cx + w * 0.17, cy + h * 0.25)));
        try (FaceModels models = FaceModels.of(magenta())) {
            AnonymizationResult r = models.anonymizer().anonymize(photo(), List.of(drawn));
            assertTrue(r.allAnonymized(), r.faces().toString());
            assertBoxCovered(r.image(), drawn.box(), c -> c == MAGENTA, "drawn face");
        }
    }

    @Test
    void aRealFaceWithRealLandmarksIsAnonymizedAndRedactedOverItsWholeBox() {
        BufferedImage photo = RealAstronaut.photo();
        Face face = RealAstronaut.face();
        try (FaceModels models = FaceModels.of(magenta())) {
            AnonymizationResult r = models.anonymizer().anonymize(photo, List.of(face));
            assertTrue(r.allAnonymized(), r.faces().toString());
            assertTrue(assertBoxCovered(r.image(), face.box(), c -> c == MAGENTA, "real face") > 7000);
        }
        BufferedImage redacted = new FaceRedactor(new BlackOut()).redact(photo, List.of(face));
        assertBoxCovered(redacted, face.box(), c -> c == BLACK, "real face");
    }
}
