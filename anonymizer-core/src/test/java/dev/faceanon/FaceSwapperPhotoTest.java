package dev.faceanon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.AffineTransform2D;
import dev.faceanon.align.DegenerateLandmarksException;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.PasteMask;
import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.align.WholeFaceAlignment;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.NoiseKind;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-the-wild flow of {@link FaceSwapper} with a {@link StandInBackend}. The identity photo is
 * a coordinate ramp (red = x, green = y), so every pixel of a crop tells where in the identity
 * photo it was sampled: the alignment of the identity, and where swapped pixels come from, are
 * checked against the known placement of the synthetic faces rather than against the code under
 * test.
 */
class FaceSwapperPhotoTest {
    private static final int MODEL = StandInBackend.MODEL;
    private static final int TARGET_W = 400;
    private static final int TARGET_H = 300;
    private static final int BLUE = 77;

    /** The largest identity face: template square of 70 px, rotated by 0.3 rad. */
    private static final AffineTransform2D BIG_PLACEMENT = SyntheticFaces.placement(70, 0.3, 150, 140);
    private static final AffineTransform2D SMALL_PLACEMENT = SyntheticFaces.placement(40, -0.2, 60, 70);
    private static final Face BIG = SyntheticFaces.face68(BIG_PLACEMENT);
    private static final Face SMALL = SyntheticFaces.face68(SMALL_PLACEMENT);

    /** 256×256, red = x, green = y, constant blue. */
    private static BufferedImage identityPhoto() {
        BufferedImage p = new BufferedImage(256, 256, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                p.setRGB(x, y, x << 16 | y << 8 | BLUE);
            }
        }
        return p;
    }

    /** A photo whose blue channel never equals {@link #BLUE}, so swapped pixels are recognisable. */
    private static BufferedImage targetPhoto() {
        BufferedImage p = new BufferedImage(TARGET_W, TARGET_H, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < TARGET_H; y++) {
            for (int x = 0; x < TARGET_W; x++) {
                int v = 60 + (x * 7 + y * 3) % 120;
                p.setRGB(x, y, v << 16 | (v / 2) << 8 | (200 + v % 50));
            }
        }
        return p;
    }

    private static Face face(double side, double angle, double cx, double cy) {
        return SyntheticFaces.face68(SyntheticFaces.placement(side, angle, cx, cy));
    }

    /** Three target faces whose crop squares do not overlap. */
    private static List<Face> targetFaces() {
        return List.of(face(40, 0, 70, 80), face(45, 0.4, 320, 80), face(50, -0.2, 200, 220));
    }

    /** A detector that answers by photo instance. */
    private static FaceDetector detector(Map<BufferedImage, List<Face>> answers) {
        return image -> answers.getOrDefault(image, List.of());
    }

    private static Map<BufferedImage, List<Face>> answers(BufferedImage a, List<Face> fa, BufferedImage b,
            List<Face> fb) {
        Map<BufferedImage, List<Face>> m = new IdentityHashMap<>();
        m.put(a, fa);
        m.put(b, fb);
        return m;
    }

    /**
     * Where crop pixel (i, j) of a face placed by {@code placement} samples the photo: the inverse
     * of {@link WholeFaceAlignment#templateToCropFraction}, then the placement.
     */
    private static Point photoPointOfCropPixel(AffineTransform2D placement, double i, double j) {
        double side = 1 / (2 * (WholeFaceAlignment.PADDING * Math.sqrt(2) + 0.5));
        double u = 0.5 + (i / MODEL - 0.5) / side;
        double v = 0.5 + (j / MODEL - 0.5 - WholeFaceAlignment.UPWARD_SHIFT * side) / side;
        return placement.apply(new Point(u, v));
    }

    /** Asserts that a crop of the ramp photo was cut along the face placed by {@code placement}. */
    private static void assertCropAlignedOn(AffineTransform2D placement, RgbImage crop) {
        byte[] px = crop.toByteArray();
        int checked = 0;
        for (int j = 0; j < MODEL; j++) {
            for (int i = 0; i < MODEL; i++) {
                Point p = photoPointOfCropPixel(placement, i, j);
                if (p.x() < 1 || p.y() < 1 || p.x() > 254 || p.y() > 254) {
                    continue;
                }
                int o = (j * MODEL + i) * 3;
                assertEquals(p.x(), px[o] & 0xff, 1.5, "red (photo x) at crop " + i + "," + j);
                assertEquals(p.y(), px[o + 1] & 0xff, 1.5, "green (photo y) at crop " + i + "," + j);
                assertEquals(BLUE, px[o + 2] & 0xff, "blue at crop " + i + "," + j);
                checked++;
            }
        }
        assertTrue(checked > MODEL * MODEL / 2, "most of the crop lies inside the identity photo: " + checked);
    }

    private static Point cropCentreInPhoto(Face f) {
        return WholeFaceAlignment.imageToCrop(f, MODEL).inverse().apply(new Point(MODEL / 2.0, MODEL * 0.55));
    }

    private static int rgb(BufferedImage image, Point p) {
        return image.getRGB((int) Math.round(p.x()), (int) Math.round(p.y())) & 0xffffff;
    }

    private static PasteMask featheredMask(Face f) {
        return PasteBack.feathered().mask(WholeFaceAlignment.imageToCrop(f, MODEL), MODEL, TARGET_W, TARGET_H);
    }

    /** Asserts that every pixel outside all the masks kept its value, and returns how many there are. */
    private static int assertUnchangedOutside(BufferedImage before, BufferedImage after, List<PasteMask> masks) {
        int outside = 0;
        for (int y = 0; y < before.getHeight(); y++) {
            for (int x = 0; x < before.getWidth(); x++) {
                final int fx = x;
                final int fy = y;
                if (masks.stream().allMatch(m -> m.alpha(fx, fy) == 0)) {
                    outside++;
                    assertEquals(before.getRGB(x, y), after.getRGB(x, y), "changed at " + x + "," + y);
                }
            }
        }
        return outside;
    }

    @Test
    void theIdentityIsTheLargestDetectedFaceAlignedAsTheOfficialPipelineAlignsIt() {
        BufferedImage idPhoto = identityPhoto();
        FaceDetector detector = detector(answers(idPhoto, List.of(SMALL, BIG), targetPhoto(), List.of()));
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity), detector)) {
            IdentityFace identity = models.swapper().identityOf(idPhoto);
            assertSame(BIG, identity.face());
            assertEquals(MODEL, identity.cropSize());
            assertCropAlignedOn(BIG_PLACEMENT, identity.alignedCrop());
            assertEquals(identity.alignedCrop(), new BufferedImageConverter().toRgbImage(identity.crop()));
        }
    }

    @Test
    void everyTargetFaceGetsTheIdentityInASwapRequestAndNothingOutsideTheSquaresChanges() {
        StandInBackend backend = new StandInBackend(GenerationRequest::identity);
        BufferedImage idPhoto = identityPhoto();
        BufferedImage target = targetPhoto();
        List<Face> faces = targetFaces();
        try (FaceModels models = FaceModels.of(backend, detector(answers(idPhoto, List.of(BIG), target, faces)))) {
            FaceSwapper swapper = models.swapper();
            SwapResult r = swapper.swap(swapper.identityOf(idPhoto), target);
            assertEquals(3, r.faces().size());
            assertTrue(r.allSwapped());
            assertEquals(0, r.unchangedCount());
            assertEquals(List.of(0, 1, 2), backend.faceIndices);
            // Processing order is ascending crop size.
            assertEquals(faces, r.faces().stream().map(SwapOutcome::face).toList());
            for (GenerationRequest req : backend.requests) {
                assertEquals(GenerationMode.SWAP, req.mode());
                assertCropAlignedOn(BIG_PLACEMENT, req.identity());
            }
            for (Face f : faces) {
                // Inside the face the swapped pixel is the identity photo's pixel at the same
                // aligned position: crop position in the target, mapped back through the identity.
                Point p = cropCentreInPhoto(f);
                Point c = WholeFaceAlignment.imageToCrop(f, MODEL).apply(new Point(Math.round(p.x()), Math.round(p.y())));
                Point source = photoPointOfCropPixel(BIG_PLACEMENT, c.x(), c.y());
                int got = rgb(r.image(), p);
                assertEquals(source.x(), got >> 16, 2.5, "red");
                assertEquals(source.y(), got >> 8 & 0xff, 2.5, "green");
                assertEquals(BLUE, got & 0xff, "blue");
            }
            List<PasteMask> masks = faces.stream().map(FaceSwapperPhotoTest::featheredMask).toList();
            assertTrue(assertUnchangedOutside(target, r.image(), masks) > 80_000);
        }
    }

    @Test
    void aSingleFaceIsPastedWithTheFeatheredPasteByDefaultAndTheHardPasteOnRequest() {
        BufferedImage idPhoto = identityPhoto();
        BufferedImage target = targetPhoto();
        Face f = face(60, 0.25, 190, 150);
        BufferedImageConverter converter = new BufferedImageConverter();
        AffineTransform2D m = WholeFaceAlignment.imageToCrop(f, MODEL);
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity))) {
            FaceSwapper swapper = models.swapper();
            IdentityFace identity = swapper.identityOf(idPhoto, BIG);
            RgbImage feathered = converter.toRgbImage(swapper.swap(identity, target, List.of(f)).image());
            assertEquals(PasteBack.feathered().paste(converter.toRgbImage(target), identity.alignedCrop(), m), feathered);
            RgbImage hard = converter.toRgbImage(swapper.withPaste(PasteBack.hard()).swap(identity, target, List.of(f))
                    .image());
            assertEquals(PasteBack.hard().paste(converter.toRgbImage(target), identity.alignedCrop(), m), hard);
            assertNotEquals(feathered, hard);
        }
    }

    @Test
    void aFaceThatCannotBeSwappedIsLeftAsItWasAndReportedWhileTheOthersAreSwapped() {
        StandInBackend backend = new StandInBackend(req -> {
            if (req.faceIndex() == 1) {
                throw new IllegalStateException("out of memory on the device");
            }
            return req.identity();
        });
        BufferedImage target = targetPhoto();
        List<Face> faces = targetFaces();
        try (FaceModels models = FaceModels.of(backend)) {
            FaceSwapper swapper = models.swapper();
            SwapResult r = swapper.swap(swapper.identityOf(identityPhoto(), BIG), target, faces);
            assertEquals(List.of(SwapOutcome.Action.SWAPPED, SwapOutcome.Action.UNCHANGED, SwapOutcome.Action.SWAPPED),
                    r.faces().stream().map(SwapOutcome::action).toList());
            assertFalse(r.allSwapped());
            assertEquals(1, r.unchangedCount());
            SwapOutcome failed = r.faces().get(1);
            assertSame(faces.get(1), failed.face());
            assertEquals("generation failed: IllegalStateException: out of memory on the device", failed.reason());
            assertEquals(List.of(0, 1, 2), backend.faceIndices, "the faces after the failure are still generated");
            for (int k : new int[] {0, 2}) {
                assertEquals(BLUE, rgb(r.image(), cropCentreInPhoto(faces.get(k))) & 0xff, "face " + k + " swapped");
            }
            // Only the swapped faces' squares may differ: the failed face's square is untouched.
            List<PasteMask> swapped = List.of(featheredMask(faces.get(0)), featheredMask(faces.get(2)));
            assertUnchangedOutside(target, r.image(), swapped);
            assertTrue(featheredMask(faces.get(1)).coveredPixels() > 1000);
        }
    }

    @Test
    void tooSmallAndUnalignableFacesAreLeftAsTheyWereAndReported() {
        List<Point> same = Collections.nCopies(68, new Point(330, 230));
        Face degenerate = new Face(new BoundingBox(310, 210, 350, 250), 0.9, LandmarkScheme.IBUG_68, same);
        Face tiny = face(8, 0, 60, 250);
        Face normal = face(50, 0, 150, 120);
        BufferedImage target = targetPhoto();
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity))) {
            FaceSwapper swapper = models.swapper();
            SwapResult r = swapper.swap(swapper.identityOf(identityPhoto(), BIG), target,
                    List.of(degenerate, tiny, normal));
            assertEquals(3, r.faces().size());
            SwapOutcome tinyOutcome = r.faces().get(0);
            assertSame(tiny, tinyOutcome.face());
            assertEquals(SwapOutcome.Action.UNCHANGED, tinyOutcome.action());
            assertTrue(tinyOutcome.reason().startsWith("too small: crop square of"), tinyOutcome.reason());
            assertEquals(SwapOutcome.Action.SWAPPED, r.faces().get(1).action());
            SwapOutcome unalignable = r.faces().get(2);
            assertSame(degenerate, unalignable.face());
            assertEquals(2, unalignable.index());
            assertTrue(unalignable.reason().startsWith("landmarks cannot be aligned: clustered"), unalignable.reason());
            assertUnchangedOutside(target, r.image(), List.of(featheredMask(normal)));
            // A lower minimum lets the tiny face through.
            SwapResult lower = swapper.withMinimumFaceSize(5).swap(swapper.identityOf(identityPhoto(), BIG), target,
                    List.of(tiny));
            assertTrue(lower.allSwapped());
        }
    }

    @Test
    void anIdentityPhotoWithoutAUsableFaceIsAnActionableError() {
        BufferedImage idPhoto = identityPhoto();
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity),
                detector(Map.of()))) {
            FaceSwapper swapper = models.swapper();
            NoFaceFoundException none = assertThrows(NoFaceFoundException.class, () -> swapper.identityOf(idPhoto));
            assertTrue(none.getMessage().startsWith("no face found in the identity photo"), none.getMessage());
            assertTrue(none.getMessage().contains("identityOf(photo, face)"), none.getMessage());
            assertInstanceOf(FaceAnonException.class, none);

            NoFaceFoundException small = assertThrows(NoFaceFoundException.class,
                    () -> swapper.identityOf(idPhoto, face(8, 0, 100, 100)));
            assertTrue(small.getMessage().startsWith("the given identity face is too small"), small.getMessage());
            assertTrue(small.getMessage().contains("minimum of 24"), small.getMessage());

            Face degenerate = new Face(new BoundingBox(90, 90, 110, 110), 0.9, LandmarkScheme.IBUG_68,
                    Collections.nCopies(68, new Point(100, 100)));
            NoFaceFoundException flat = assertThrows(NoFaceFoundException.class,
                    () -> swapper.identityOf(idPhoto, degenerate));
            assertTrue(flat.getMessage().contains("landmarks cannot be aligned"), flat.getMessage());
            assertInstanceOf(DegenerateLandmarksException.class, flat.getCause());
        }
    }

    @Test
    void cancellationThrowsAndStopsGenerating() {
        CancellationToken token = new CancellationToken();
        StandInBackend backend = new StandInBackend(req -> {
            if (req.faceIndex() == 1) {
                token.cancel();
            }
            req.cancellation().throwIfCancelled();
            return req.identity();
        });
        try (FaceModels models = FaceModels.of(backend)) {
            FaceSwapper swapper = models.swapper();
            IdentityFace identity = swapper.identityOf(identityPhoto(), BIG);
            CallOptions options = CallOptions.builder().cancellation(token).build();
            CancelledException e = assertThrows(CancelledException.class,
                    () -> swapper.swap(identity, targetPhoto(), targetFaces(), options));
            assertEquals("cancelled through its CancellationToken", e.getMessage());
            assertEquals(List.of(0, 1), backend.faceIndices, "no generation after the cancellation");
        }
    }

    @Test
    void callerGivenFacesNeedNoDetector() {
        StandInBackend backend = new StandInBackend(GenerationRequest::identity);
        BufferedImage target = targetPhoto();
        Face only = targetFaces().get(2);
        try (FaceModels models = FaceModels.of(backend)) {
            FaceSwapper swapper = models.swapper();
            // The smaller face on purpose: the caller's choice wins over "largest".
            IdentityFace identity = swapper.identityOf(identityPhoto(), SMALL);
            assertSame(SMALL, identity.face());
            assertCropAlignedOn(SMALL_PLACEMENT, identity.alignedCrop());
            SwapResult r = swapper.swap(identity, target, List.of(only));
            assertEquals(1, r.faces().size());
            assertSame(only, r.faces().get(0).face());
            assertEquals(1, backend.requests.size());
            assertCropAlignedOn(SMALL_PLACEMENT, backend.requests.get(0).identity());
            assertUnchangedOutside(target, r.image(), List.of(featheredMask(only)));
            assertThrows(UnsupportedOperationException.class, () -> swapper.identityOf(identityPhoto()));
            assertThrows(UnsupportedOperationException.class, () -> swapper.swap(identity, target));
        }
    }

    @Test
    void aTargetWithoutFacesComesBackUnchangedWithAnEmptyReport() {
        BufferedImage idPhoto = identityPhoto();
        BufferedImage target = targetPhoto();
        StandInBackend backend = new StandInBackend(GenerationRequest::identity);
        try (FaceModels models = FaceModels.of(backend, detector(answers(idPhoto, List.of(BIG), target, List.of())))) {
            FaceSwapper swapper = models.swapper();
            SwapResult r = swapper.swap(swapper.identityOf(idPhoto), target);
            assertSame(target, r.image());
            assertTrue(r.faces().isEmpty());
            assertTrue(r.allSwapped());
            assertTrue(backend.requests.isEmpty());
        }
    }

    /** A backend whose output is the identity crop plus the noise it draws, scaled. */
    private static RgbImage noisy(GenerationRequest req) {
        float[] n = req.noise().next(NoiseKind.INITIAL_LATENTS, new long[] {MODEL * MODEL * 3L});
        byte[] px = req.identity().toByteArray();
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) Math.max(0, Math.min(255, Math.round((px[i] & 0xff) + 30 * n[i])));
        }
        return RgbImage.of(MODEL, MODEL, px);
    }

    private static byte[] pixels(BufferedImage image) {
        return new BufferedImageConverter().toRgbImage(image).toByteArray();
    }

    @Test
    void theSameSeedGivesTheSameSwapAndEachFaceTheNoiseTheAnonymizerGivesItsPosition() {
        BufferedImage idPhoto = identityPhoto();
        BufferedImage target = targetPhoto();
        List<Face> faces = targetFaces();
        Map<Integer, Float> swapNoise = Collections.synchronizedMap(new java.util.HashMap<>());
        Map<Integer, Float> anonNoise = Collections.synchronizedMap(new java.util.HashMap<>());
        try (FaceModels models = FaceModels.of(new StandInBackend(req -> {
            float first = req.noise().next(NoiseKind.VAE_POSTERIOR, new long[] {1})[0];
            (req.mode() == GenerationMode.SWAP ? swapNoise : anonNoise).put(req.faceIndex(), first);
            return noisy(req);
        }))) {
            DiffusionConfig seven = DiffusionConfig.builder().seed(7).build();
            FaceSwapper swapper = models.swapper(seven);
            IdentityFace identity = swapper.identityOf(idPhoto, BIG);
            byte[] a = pixels(swapper.swap(identity, target, faces).image());
            List<Float> first = List.of(swapNoise.get(0), swapNoise.get(1), swapNoise.get(2));
            byte[] b = pixels(swapper.swap(identity, target, faces).image());
            assertArrayEquals(a, b, "same seed, same photo");
            assertEquals(3, new java.util.HashSet<>(first).size(), "each face draws its own noise");

            models.anonymizer(seven).anonymize(target, faces);
            assertEquals(anonNoise, swapNoise, "per-face noise as the anonymizer derives it");

            byte[] c = pixels(models.swapper(DiffusionConfig.builder().seed(8).build()).swap(identity, target, faces)
                    .image());
            int differing = 0;
            for (int i = 0; i < a.length; i++) {
                differing += a[i] != c[i] ? 1 : 0;
            }
            assertTrue(differing > 1000, "another seed, another result: " + differing + " samples differ");
        }
    }

    @Test
    void argumentsAndResultsAreChecked() {
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity));
                FaceModels larger = FaceModels.of(new StandInBackend(2 * MODEL, GenerationRequest::identity))) {
            FaceSwapper swapper = models.swapper();
            IdentityFace identity = swapper.identityOf(identityPhoto(), BIG);
            BufferedImage target = targetPhoto();
            assertThrows(IllegalArgumentException.class, () -> swapper.withMinimumFaceSize(0));
            assertThrows(NullPointerException.class, () -> swapper.withPaste(null));
            assertThrows(NullPointerException.class, () -> swapper.identityOf(null, BIG));
            assertThrows(NullPointerException.class, () -> swapper.identityOf(identityPhoto(), null));
            assertThrows(NullPointerException.class, () -> swapper.swap((IdentityFace) null, target, List.of()));
            assertThrows(NullPointerException.class, () -> swapper.swap(identity, null, List.of()));
            assertThrows(NullPointerException.class, () -> swapper.swap(identity, target, (List<Face>) null));
            assertThrows(NullPointerException.class, () -> swapper.swap(identity, target, List.of(), null));
            IllegalArgumentException otherSize = assertThrows(IllegalArgumentException.class,
                    () -> larger.swapper().swap(identity, target, targetFaces()));
            assertTrue(otherSize.getMessage().contains("aligned at 64 px"), otherSize.getMessage());
            assertEquals(2 * MODEL, larger.swapper().identityOf(identityPhoto(), BIG).cropSize());

            assertThrows(IllegalArgumentException.class,
                    () -> new SwapOutcome(0, BIG, SwapOutcome.Action.UNCHANGED, ""));
            assertThrows(IllegalArgumentException.class,
                    () -> new SwapOutcome(0, BIG, SwapOutcome.Action.SWAPPED, "why"));
            assertThrows(IllegalArgumentException.class,
                    () -> new SwapOutcome(-1, BIG, SwapOutcome.Action.SWAPPED, ""));
            List<SwapOutcome> list = new ArrayList<>(List.of(new SwapOutcome(0, BIG, SwapOutcome.Action.SWAPPED, "")));
            SwapResult r = new SwapResult(target, list);
            list.clear();
            assertEquals(1, r.faces().size(), "the report is a copy");
            assertThrows(NullPointerException.class, () -> new SwapResult(null, List.of()));
        }
    }
}
