package dev.faceanon;

import static dev.faceanon.align.CoverageAssertions.BLACK;
import static dev.faceanon.align.CoverageAssertions.MAGENTA;
import static dev.faceanon.align.CoverageAssertions.assertBoxCovered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.PasteBack;
import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.redact.BlackOut;
import dev.faceanon.redact.FaceRedactor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faces with absurd but finite geometry (boxes far outside the photo, of zero size, larger than the
 * photo by hundreds of orders of magnitude; landmarks at the edge of float32 and beyond) go through
 * every geometry path (alignment, inverse maps, warps, the fallback redactor, paste-back) without an
 * exception: each is a reported per-face outcome, the other faces are processed, and every
 * reported box is covered.
 */
class ExtremeFaceGeometryTest {
    private static final double MAX = Double.MAX_VALUE;
    private static final Face GOOD = SyntheticFaces.face68(SyntheticFaces.placement(50, 0.2, 80, 80));

    static Stream<Face> extremeFaces() {
        List<BoundingBox> boxes = List.of(
                new BoundingBox(1e300, 1e300, 2e300, 2e300),
                new BoundingBox(-1e300, -1e300, 1e300, 1e300),
                new BoundingBox(-MAX, -MAX, MAX, MAX),
                new BoundingBox(-MAX, 100, -MAX / 2, 120),
                new BoundingBox(250, 200, 250, 200),
                new BoundingBox(1e9, 1e9, 1e9, 1e9),
                new BoundingBox(-80, -60, 40, 50),
                new BoundingBox(390, 10, 1e6, 290),
                new BoundingBox(-1e6, 150, 1e6, 151),
                new BoundingBox(399.5, 299.5, 1e308, 1e308));
        List<Face> out = new ArrayList<>();
        for (BoundingBox b : boxes) {
            double cx = b.x1() / 2 + b.x2() / 2;
            double cy = b.y1() / 2 + b.y2() / 2;
            out.add(new Face(b, 0.9, LandmarkScheme.IBUG_68, Collections.nCopies(68, new Point(cx, cy))));
            out.add(new Face(b, 0.9, LandmarkScheme.IBUG_68, GOOD.landmarks()));
            // The template stretched over the box, whatever its size.
            double hw = b.x2() / 2 - b.x1() / 2;
            double hh = b.y2() / 2 - b.y1() / 2;
            out.add(new Face(b, 0.9, LandmarkScheme.IBUG_68, GOOD.landmarks().stream()
                    .map(p -> new Point(cx + (p.x() - 80) / 40 * hw, cy + (p.y() - 80) / 40 * hh)).toList()));
            for (double far : new double[] {1e30, 3.4e38, 1e39, 1e300}) {
                out.add(new Face(b, 0.9, LandmarkScheme.FIVE_POINT, List.of(new Point(-far, -far), new Point(far, -far),
                        new Point(0, 0), new Point(-far / 2, far), new Point(far / 2, far))));
            }
        }
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("extremeFaces")
    void anonymizingReportsTheFaceAndCoversEveryReportedBox(Face extreme) {
        try (FaceModels models = FaceModels.of(FaceBoxCoverageTest.magenta())) {
            for (FaceAnonymizer anonymizer : List.of(models.anonymizer(),
                    models.anonymizer().withPaste(PasteBack.hard()))) {
                AnonymizationResult r = anonymizer.anonymize(FaceBoxCoverageTest.photo(), List.of(GOOD, extreme));
                assertEquals(2, r.faces().size());
                FaceOutcome good = r.faces().stream().filter(o -> o.face() == GOOD).findFirst().orElseThrow();
                assertEquals(FaceOutcome.Action.ANONYMIZED, good.action());
                FaceOutcome bad = r.faces().stream().filter(o -> o.face() == extreme).findFirst().orElseThrow();
                if (bad.action() == FaceOutcome.Action.REDACTED) {
                    assertTrue(bad.reason().startsWith("landmarks cannot be aligned: ")
                            || bad.reason().startsWith("its box lies outside the 400x300 photo"), bad.reason());
                }
                FaceBoxCoverageTest.assertEveryReportedBoxCovered(r);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("extremeFaces")
    void swappingReportsTheFaceAndProcessesTheOthers(Face extreme) {
        BufferedImage photo = FaceBoxCoverageTest.photo();
        try (FaceModels models = FaceModels.of(FaceBoxCoverageTest.magenta())) {
            FaceSwapper swapper = models.swapper();
            SwapResult r = swapper.swap(swapper.identityOf(photo, GOOD), photo, List.of(extreme, GOOD));
            assertEquals(2, r.faces().size());
            for (SwapOutcome o : r.faces()) {
                if (o.action() == SwapOutcome.Action.SWAPPED) {
                    assertBoxCovered(r.image(), o.face().box(), c -> c == MAGENTA, "swapped face " + o.index());
                }
            }
            assertEquals(SwapOutcome.Action.SWAPPED, r.faces().stream().filter(o -> o.face() == GOOD).findFirst()
                    .orElseThrow().action());
        }
    }

    @ParameterizedTest
    @MethodSource("extremeFaces")
    void redactingCoversEveryBoxInThePhoto(Face extreme) {
        BufferedImage out = new FaceRedactor(new BlackOut()).redact(FaceBoxCoverageTest.photo(), List.of(extreme, GOOD));
        assertBoxCovered(out, extreme.box(), c -> c == BLACK, "extreme face");
        assertBoxCovered(out, GOOD.box(), c -> c == BLACK, "good face");
    }
}
