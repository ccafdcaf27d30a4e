package dev.faceanon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.AffineTransform2D;
import dev.faceanon.align.FaceExtractor;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.PasteMask;
import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.align.WholeFaceAlignment;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.ImageTooSmallException;
import dev.faceanon.image.RgbImage;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-the-wild flow of {@link FaceAnonymizer} with a {@link StandInBackend} whose behaviour each
 * test chooses (invert the crop, fail, honour cancellation): ordering, paste-back, and failing closed.
 */
class FaceAnonymizerPhotoTest {
    private static final int MODEL = StandInBackend.MODEL;

    private static BufferedImage photo() {
        BufferedImage p = new BufferedImage(400, 300, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 300; y++) {
            for (int x = 0; x < 400; x++) {
                int v = 60 + (x * 7 + y * 3) % 120;
                p.setRGB(x, y, v << 16 | (v / 2) << 8 | (200 - v / 3));
            }
        }
        return p;
    }

    private static Face face(double side, double angle, double cx, double cy) {
        return SyntheticFaces.face68(SyntheticFaces.placement(side, angle, cx, cy));
    }

    private static int rgb(BufferedImage image, double x, double y) {
        return image.getRGB((int) Math.round(x), (int) Math.round(y)) & 0xffffff;
    }

    private static Point centre(Face f) {
        AffineTransform2D m = WholeFaceAlignment.imageToCrop(f, MODEL).inverse();
        return m.apply(new Point(MODEL / 2.0, MODEL * 0.55));
    }

    @Test
    void aPhotoWithoutFacesComesBackUnchangedWithAnEmptyReport() {
        try (FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert))) {
            BufferedImage p = photo();
            AnonymizationResult r = models.anonymizer().anonymize(p, List.of());
            assertSame(p, r.image());
            assertTrue(r.faces().isEmpty());
            assertTrue(r.allAnonymized());
        }
    }

    @Test
    void everyFaceChangesAndNothingOutsideTheCropSquaresDoes() {
        StandInBackend backend = new StandInBackend(StandInBackend::invert);
        List<Face> faces = List.of(face(90, 0, 110, 130), face(60, 0.5, 290, 140), face(70, -0.3, 330, 230));
        try (FaceModels models = FaceModels.of(backend)) {
            BufferedImage p = photo();
            AnonymizationResult r = models.anonymizer().anonymize(p, faces);
            assertEquals(3, r.faces().size());
            assertTrue(r.allAnonymized());
            assertEquals(List.of(0, 1, 2), backend.faceIndices, "one generation per face, in processing order");
            // Processing order is ascending crop size: the 60-px face first.
            assertEquals(faces.get(1), r.faces().get(0).face());
            for (Face f : faces) {
                Point c = centre(f);
                assertNotEquals(rgb(p, c.x(), c.y()), rgb(r.image(), c.x(), c.y()), "face centre unchanged");
            }
            List<PasteMask> masks = new ArrayList<>();
            for (Face f : faces) {
                masks.add(PasteBack.feathered().mask(WholeFaceAlignment.imageToCrop(f, MODEL), MODEL, 400, 300));
            }
            int outside = 0;
            for (int y = 0; y < 300; y++) {
                for (int x = 0; x < 400; x++) {
                    final int fx = x;
                    final int fy = y;
                    if (masks.stream().allMatch(m -> m.alpha(fx, fy) == 0)) {
                        outside++;
                        assertEquals(p.getRGB(x, y), r.image().getRGB(x, y), "changed outside the faces at " + x + "," + y);
                    }
                }
            }
            assertTrue(outside > 50_000, "most of the photo lies outside the squares: " + outside);
        }
    }

    @Test
    void tooSmallFacesAreRedactedAndReported() {
        try (FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert))) {
            Face tiny = face(8, 0, 200, 150);
            AnonymizationResult r = models.anonymizer().anonymize(photo(), List.of(tiny, face(80, 0, 100, 120)));
            assertFalse(r.allAnonymized());
            assertEquals(1, r.redactedCount());
            FaceOutcome o = r.faces().stream().filter(f -> f.face() == tiny).findFirst().orElseThrow();
            assertEquals(FaceOutcome.Action.REDACTED, o.action());
            assertTrue(o.reason().startsWith("too small"), o.reason());
            Point c = centre(tiny);
            assertEquals(0, rgb(r.image(), c.x(), c.y()), "black-out over the tiny face");
        }
    }

    @Test
    void aFailedGenerationIsRedactedNotLeftUntouched() {
        try (FaceModels models = FaceModels.of(new StandInBackend(req -> {
            throw new IllegalStateException("out of memory on the device");
        }))) {
            Face f = face(80, 0, 150, 140);
            AnonymizationResult r = models.anonymizer().anonymize(photo(), List.of(f));
            FaceOutcome o = r.faces().get(0);
            assertEquals(FaceOutcome.Action.REDACTED, o.action());
            assertTrue(o.reason().contains("IllegalStateException"), o.reason());
            Point c = centre(f);
            assertEquals(0, rgb(r.image(), c.x(), c.y()));
        }
    }

    @Test
    void cancellationRedactsEveryFaceNotYetGenerated() {
        CancellationToken token = new CancellationToken();
        StandInBackend backend = new StandInBackend(req -> {
            if (req.faceIndex() == 1) {
                token.cancel();
            }
            req.cancellation().throwIfCancelled();
            return StandInBackend.invert(req);
        });
        List<Face> faces = List.of(face(50, 0, 80, 80), face(60, 0, 200, 100), face(70, 0, 320, 200));
        try (FaceModels models = FaceModels.of(backend)) {
            AnonymizationResult r = models.anonymizer().anonymize(photo(), faces,
                    CallOptions.builder().cancellation(token).build());
            assertEquals(List.of(FaceOutcome.Action.ANONYMIZED, FaceOutcome.Action.REDACTED,
                    FaceOutcome.Action.REDACTED), r.faces().stream().map(FaceOutcome::action).toList());
            assertEquals("cancelled during generation", r.faces().get(1).reason());
            assertEquals("cancelled before this face was generated", r.faces().get(2).reason());
            assertEquals(List.of(0, 1), backend.faceIndices, "no generation after the cancellation");
        }
    }

    @Test
    void facesWhoseLandmarksCannotBeAlignedAreRedactedAroundTheirBox() {
        List<Point> same = Collections.nCopies(68, new Point(200, 150));
        Face degenerate = new Face(new BoundingBox(180, 130, 220, 170), 0.9, LandmarkScheme.IBUG_68, same);
        try (FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert))) {
            AnonymizationResult r = models.anonymizer().anonymize(photo(), List.of(degenerate));
            assertEquals(FaceOutcome.Action.REDACTED, r.faces().get(0).action());
            assertTrue(r.faces().get(0).reason().contains("cannot be aligned"));
            assertEquals(0, rgb(r.image(), 200, 150));
        }
    }

    @Test
    void anonymizerSettingsAreChecked() {
        try (FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert))) {
            FaceAnonymizer a = models.anonymizer();
            assertThrows(IllegalArgumentException.class, () -> a.withMinimumFaceSize(0));
            assertThrows(NullPointerException.class, () -> a.withFallback(null));
            assertThrows(NullPointerException.class, () -> a.anonymize(null, List.of()));
            assertThrows(NullPointerException.class, () -> a.anonymize(photo(), (List<Face>) null));
            assertThrows(NullPointerException.class, () -> models.anonymizer(null));
        }
    }

    @Test
    void withoutADetectorTheCallerMustSupplyFaces() {
        try (FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert))) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> models.anonymizer().anonymize(photo()));
            assertTrue(e.getMessage().contains("pass the faces"));
        }
    }

    @Test
    void theDetectorOfTheModelsIsUsedAndClosedWithThem() {
        List<Face> faces = List.of(face(80, 0, 150, 140));
        boolean[] closed = {false};
        dev.faceanon.face.FaceDetector detector = new dev.faceanon.face.FaceDetector() {
            @Override
            public List<Face> detect(BufferedImage image) {
                return faces;
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert), detector);
        AnonymizationResult r = models.anonymizer().anonymize(photo());
        assertEquals(1, r.faces().size());
        assertTrue(r.allAnonymized());
        models.close();
        assertTrue(closed[0]);
        assertThrows(IllegalStateException.class, () -> models.anonymizer().anonymize(photo()));
    }

    @Test
    void alignedFacesOfAnySizeComeBackInTheirSize() {
        try (FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert))) {
            BufferedImage in = new BufferedImage(100, 90, BufferedImage.TYPE_BYTE_GRAY);
            BufferedImage out = models.anonymizer().anonymizeAligned(in);
            assertEquals(100, out.getWidth());
            assertEquals(90, out.getHeight());
            // Black in, inverted: nearly white out (up to the Lanczos round trip).
            assertTrue((out.getRGB(50, 45) & 0xff) > 240);
            assertEquals(MODEL, new FaceExtractor(MODEL).cropSize());
            assertEquals(100, BufferedImageConverter.toBufferedImage(RgbImage.of(100, 1, new byte[300])).getWidth());
        }
    }

    @Test
    void alignedCropsBelowEightPixelsAreRefusedAsDocumented() {
        StandInBackend backend = new StandInBackend(StandInBackend::invert);
        try (FaceModels models = FaceModels.of(backend)) {
            FaceAnonymizer a = models.anonymizer();
            FaceSwapper s = models.swapper();
            BufferedImage ok = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);
            for (int[] size : new int[][] {{1, 1}, {7, 100}, {100, 7}}) {
                BufferedImage small = new BufferedImage(size[0], size[1], BufferedImage.TYPE_3BYTE_BGR);
                ImageTooSmallException e = assertThrows(ImageTooSmallException.class, () -> a.anonymizeAligned(small));
                assertEquals("image of " + size[0] + "x" + size[1] + " is too small: both sides must be at least 8"
                        + " pixels", e.getMessage());
                assertThrows(ImageTooSmallException.class, () -> s.swap(ok, small));
                assertThrows(ImageTooSmallException.class, () -> s.swap(small, ok));
            }
            assertTrue(backend.requests.isEmpty(), "nothing generated for a refused crop");
            assertEquals(8, a.anonymizeAligned(ok).getWidth());
            assertEquals(8, s.swap(ok, ok).getHeight());
        }
    }

    @Test
    void aFaceWhoseBoxLiesOutsideThePhotoIsReportedAndNothingIsPainted() {
        Face inside = face(80, 0, 150, 140);
        Face outside = new Face(new BoundingBox(1e300, 1e300, 2e300, 2e300), 0.9, LandmarkScheme.IBUG_68,
                inside.landmarks());
        try (FaceModels models = FaceModels.of(new StandInBackend(StandInBackend::invert))) {
            BufferedImage p = photo();
            AnonymizationResult r = models.anonymizer().anonymize(p, List.of(outside, inside));
            assertEquals(List.of(FaceOutcome.Action.ANONYMIZED, FaceOutcome.Action.REDACTED),
                    r.faces().stream().map(FaceOutcome::action).toList());
            assertEquals("its box lies outside the 400x300 photo", r.faces().get(1).reason());
            assertEquals(1, r.redactedCount());
            // Only the inside face's square changed: the outside face painted nothing.
            PasteMask square = PasteBack.feathered().mask(WholeFaceAlignment.imageToCrop(inside, MODEL), MODEL, 400,
                    300);
            for (int y = 0; y < 300; y++) {
                for (int x = 0; x < 400; x++) {
                    if (square.alpha(x, y) == 0) {
                        assertEquals(p.getRGB(x, y), r.image().getRGB(x, y), "changed at " + x + "," + y);
                    }
                }
            }
        }
    }
}
