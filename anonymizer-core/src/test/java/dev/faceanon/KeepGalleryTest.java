package dev.faceanon;

import static dev.faceanon.align.CoverageAssertions.MAGENTA;
import static dev.faceanon.align.CoverageAssertions.assertBoxCovered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.align.PixelRect;
import dev.faceanon.align.SyntheticFaces;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.GalleryMatch;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.spi.GenerationRequest;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keep galleries: the largest face of each reference photo, described once; a face matching an entry is left as it
 * was, byte for byte, and reported with the entry and the distance; every other face is processed.
 */
class KeepGalleryTest {
    private static final Face SMALL = SyntheticFaces.face68(SyntheticFaces.placement(70, 0.1, 110, 140));
    private static final Face LARGE = SyntheticFaces.face68(SyntheticFaces.placement(90, -0.2, 290, 150));

    private static BufferedImage photo() {
        return IdentityFailClosedTest.photo();
    }

    private static KeepGallery galleryOf(StandInRecognizer recognizer, Face face) {
        return KeepGallery.builder(recognizer).add("consented.png", photo(), List.of(face)).build();
    }

    @Test
    void theDistancesOfThisTestSeparateTheTwoFaces() {
        StandInRecognizer r = new StandInRecognizer();
        RgbImage p = new BufferedImageConverter().toRgbImage(photo());
        double d = r.describe(p, SMALL).distanceTo(r.describe(p, LARGE));
        assertTrue(d > 1, "the two faces are different people to the stand-in recognizer: " + d);
    }

    @Test
    void aFaceInTheGalleryIsLeftAsItWasAndTheOtherIsAnonymized() {
        StandInRecognizer recognizer = new StandInRecognizer();
        KeepGallery gallery = galleryOf(recognizer, LARGE);
        StandInBackend backend = new StandInBackend(IdentityFailClosedTest::magenta);
        try (FaceModels models = FaceModels.of(backend, recognizer)) {
            BufferedImage p = photo();
            AnonymizationResult r = models.anonymizer().keeping(gallery).anonymize(p, List.of(SMALL, LARGE));
            assertEquals(1, backend.requests.size(), "the kept face is not generated");
            FaceOutcome kept = r.faces().stream().filter(o -> o.face() == LARGE).findFirst().orElseThrow();
            assertEquals(FaceOutcome.Action.KEPT, kept.action());
            GalleryMatch match = kept.kept().orElseThrow();
            assertEquals("consented.png", match.name());
            assertEquals(0, match.distance(), 1e-9, "the same pixels");
            assertEquals("matches keep gallery entry \"consented.png\" (distance 0.00)", kept.reason());
            assertTrue(kept.audit().isEmpty());
            assertEquals(1, r.keptCount());
            PixelRect box = PixelRect.ofBox(LARGE.box(), p.getWidth(), p.getHeight());
            for (int y = box.top(); y < box.bottom(); y++) {
                for (int x = box.left(); x < box.right(); x++) {
                    assertEquals(p.getRGB(x, y), r.image().getRGB(x, y), "kept face changed at " + x + "," + y);
                }
            }
            FaceOutcome other = r.faces().stream().filter(o -> o.face() == SMALL).findFirst().orElseThrow();
            assertEquals(FaceOutcome.Action.ANONYMIZED, other.action());
            assertBoxCovered(r.image(), SMALL.box(), c -> c == MAGENTA, "the face not in the gallery");
        }
    }

    @Test
    void aPhotoWhoseFacesAreAllKeptComesBackAsItWas() {
        StandInRecognizer recognizer = new StandInRecognizer();
        KeepGallery gallery = KeepGallery.builder(recognizer).add("a", photo(), List.of(SMALL))
                .add("b", photo(), List.of(LARGE)).build();
        StandInBackend backend = new StandInBackend(IdentityFailClosedTest::magenta);
        try (FaceModels models = FaceModels.of(backend, recognizer)) {
            BufferedImage p = photo();
            AnonymizationResult r = models.anonymizer().keeping(gallery).anonymize(p, List.of(SMALL, LARGE));
            assertSame(p, r.image());
            assertEquals(List.of("a", "b"), r.faces().stream().map(o -> o.kept().orElseThrow().name()).toList());
            SwapResult s = models.swapper().keeping(gallery).swap(models.swapper().identityOf(p, LARGE), p,
                    List.of(SMALL, LARGE));
            assertSame(p, s.image());
            assertEquals(2, s.keptCount());
            assertEquals(0, backend.requests.size());
        }
    }

    @Test
    void aSwapLeavesTheFaceInTheGalleryAsItWas() {
        StandInRecognizer recognizer = new StandInRecognizer();
        KeepGallery gallery = galleryOf(recognizer, SMALL);
        try (FaceModels models = FaceModels.of(new StandInBackend(IdentityFailClosedTest::magenta), recognizer)) {
            BufferedImage p = photo();
            FaceSwapper swapper = models.swapper().keeping(gallery);
            SwapResult r = swapper.swap(swapper.identityOf(p, LARGE), p, List.of(SMALL, LARGE));
            SwapOutcome kept = r.faces().stream().filter(o -> o.face() == SMALL).findFirst().orElseThrow();
            assertEquals(SwapOutcome.Action.KEPT, kept.action());
            assertEquals("consented.png", kept.kept().orElseThrow().name());
            assertEquals(SwapOutcome.Action.SWAPPED, r.faces().stream().filter(o -> o.face() == LARGE).findFirst()
                    .orElseThrow().action());
        }
    }

    @Test
    void theLargestFaceOfAReferencePhotoIsTheEntry() {
        StandInRecognizer recognizer = new StandInRecognizer();
        KeepGallery gallery = KeepGallery.builder(recognizer).detector(image -> List.of(SMALL, LARGE))
                .add("group photo", photo()).build();
        RgbImage p = new BufferedImageConverter().toRgbImage(photo());
        assertEquals(0, gallery.match(recognizer.describe(p, LARGE)).orElseThrow().distance(), 1e-9);
        assertTrue(gallery.match(recognizer.describe(p, SMALL)).isEmpty(), "the bystander is not kept");
    }

    @Test
    void aReferencePhotoWithoutAFaceIsAnErrorNamingIt() {
        KeepGallery.Builder b = KeepGallery.builder(new StandInRecognizer()).detector(image -> List.of());
        NoFaceFoundException e = assertThrows(NoFaceFoundException.class, () -> b.add("holiday/beach.jpg", photo()));
        assertTrue(e.getMessage().contains("no face found in the reference photo \"holiday/beach.jpg\""),
                e.getMessage());
        Face outside = SyntheticFaces.face68(SyntheticFaces.placement(40, 0, -500, -500));
        NoFaceFoundException e2 = assertThrows(NoFaceFoundException.class,
                () -> b.add("off.jpg", photo(), List.of(outside)));
        assertTrue(e2.getMessage().contains("\"off.jpg\" cannot be described"), e2.getMessage());
    }

    @Test
    void aReferenceFaceTheRecognizerDoesNotTellFromABlankIsRefused() {
        BufferedImage grey = BufferedImageConverter.toBufferedImage(SyntheticFaces.uniform(400, 300, 0x808080));
        NoFaceFoundException e = assertThrows(NoFaceFoundException.class, () -> KeepGallery.builder(
                new StandInRecognizer()).add("drawing.png", grey, List.of(SMALL)));
        assertTrue(e.getMessage().contains("does not tell the face of the reference photo \"drawing.png\" from a"
                + " featureless image"), e.getMessage());
    }

    @Test
    void entriesAreNamedOnceAndAGalleryIsNeverEmptyByAccident() {
        KeepGallery.Builder b = KeepGallery.builder(new StandInRecognizer());
        assertThrows(IllegalStateException.class, b::build);
        IllegalStateException noDetector = assertThrows(IllegalStateException.class, () -> b.add("a", photo()));
        assertTrue(noDetector.getMessage().contains("no face detector"), noDetector.getMessage());
        b.add("a", photo(), List.of(SMALL));
        assertThrows(IllegalArgumentException.class, () -> b.add("a", photo(), List.of(LARGE)));
        assertThrows(IllegalArgumentException.class, () -> b.add(" ", photo(), List.of(LARGE)));
        assertThrows(IllegalArgumentException.class, () -> b.threshold(0));
        assertThrows(IllegalArgumentException.class, () -> b.threshold(Double.NaN));
        assertEquals(List.of("a"), b.build().names());
        assertTrue(KeepGallery.empty().isEmpty());
        assertTrue(b.build().toString().contains("1 entries") && !b.build().toString().contains("\"a\""));
    }

    @Test
    void theClosestEntryUnderTheThresholdMatches() {
        float[] zero = new float[FaceDescriptor.LENGTH];
        KeepGallery gallery = KeepGallery.builder(new FaceRecognizer() {
            private int n;

            @Override
            public FaceDescriptor describe(RgbImage image, Face face) {
                float[] v = zero.clone();
                if (image.rgb(0, 0) == 0x808080) {
                    v[1] = 10;   // the featureless image, far from every entry
                } else {
                    v[0] = 0.5f * n++;   // entries at 0, 0.5 and 1.0 along the first axis
                }
                return FaceDescriptor.of(v);
            }

            @Override
            public FaceDescriptor describeCrop(RgbImage crop) {
                throw new UnsupportedOperationException();
            }
        }).threshold(0.3).add("e0", photo(), List.of(SMALL)).add("e1", photo(), List.of(SMALL))
                .add("e2", photo(), List.of(SMALL)).build();
        float[] q = zero.clone();
        q[0] = 0.6f;
        GalleryMatch m = gallery.match(FaceDescriptor.of(q)).orElseThrow();
        assertEquals("e1", m.name());
        assertEquals(0.1, m.distance(), 1e-6);
        q[0] = 1.75f;
        assertTrue(gallery.match(FaceDescriptor.of(q)).isEmpty(), "0.75 from the nearest entry");
        assertEquals(0.3, gallery.threshold());
    }

    @Test
    void aGalleryNeedsTheModelsRecognizer() {
        KeepGallery gallery = galleryOf(new StandInRecognizer(), SMALL);
        try (FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity))) {
            assertThrows(IllegalStateException.class, () -> models.anonymizer().keeping(gallery));
            assertThrows(IllegalStateException.class, () -> models.swapper().keeping(gallery));
            models.anonymizer().keeping(KeepGallery.empty());
        }
    }

    @Test
    void theModelsBuildGalleriesWithTheirOwnRecognizerAndDetector() {
        StandInRecognizer recognizer = new StandInRecognizer();
        FaceModels models = FaceModels.of(new StandInBackend(GenerationRequest::identity), image -> List.of(LARGE),
                recognizer);
        KeepGallery gallery = models.keepGallery().add("me", photo()).build();
        assertEquals(1, gallery.size());
        KeepGallery.Builder later = models.keepGallery();
        models.close();
        assertThrows(IllegalStateException.class, () -> later.add("after close", photo()));
        assertThrows(IllegalStateException.class, models::keepGallery);
    }

    @Test
    void anAlignedCropInTheGalleryIsReturnedAsItCame() {
        StandInRecognizer recognizer = new StandInRecognizer();
        BufferedImage crop = BufferedImageConverter.toBufferedImage(SyntheticFaces.smoothPhoto(96, 96, 9));
        KeepGallery gallery = KeepGallery.builder(recognizer).add("crop", crop, List.of(SyntheticFaces.face68(
                SyntheticFaces.placement(1000, 0, 48, 48)))).build();
        StandInBackend backend = new StandInBackend(IdentityFailClosedTest::magenta);
        try (FaceModels models = FaceModels.of(backend, recognizer)) {
            AlignedAnonymization a = models.anonymizer().keeping(gallery).anonymizeCrop(crop, CallOptions.defaults());
            assertEquals(FaceOutcome.Action.KEPT, a.action());
            assertSame(crop, a.image());
            assertEquals(0, backend.requests.size());
        }
    }
}
