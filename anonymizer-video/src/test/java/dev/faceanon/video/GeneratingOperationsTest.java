package dev.faceanon.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.CancellationToken;
import dev.faceanon.CancelledException;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceSwapper;
import dev.faceanon.IdentityFace;
import dev.faceanon.align.PixelRect;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.identity.KeepGallery;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.NoiseKind;
import dev.faceanon.noise.SeededNoiseSource;
import dev.faceanon.image.BufferedImageConverter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AnonymizeFaces} and {@link SwapFaces} with a stand-in backend: one identity per track (the
 * same initial noise in every frame, different between tracks), fail closed per frame, cancellation.
 */
class GeneratingOperationsTest {
    private static final int W = 200;
    private static final int H = 120;
    private static final int FRAMES = 6;

    /** Two faces: track 1 larger, on the left; track 2 on the right; both drift right by 2 px per frame. */
    private static Face big(int f) {
        return VideoProcessorTest.square(20 + 2 * f, 30, 50);
    }

    private static Face small(int f) {
        return VideoProcessorTest.square(120 + 2 * f, 40, 40);
    }

    private static List<RgbImage> frames() {
        List<RgbImage> frames = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            frames.add(MemoryFrames.frame(W, H, 70, 30 + 2 * f, 40, 30));
        }
        return frames;
    }

    private static Map<Integer, List<Face>> faces(boolean both) {
        Map<Integer, List<Face>> faces = new HashMap<>();
        for (int f = 0; f < FRAMES; f++) {
            faces.put(f, both ? List.of(small(f), big(f)) : List.of(big(f)));
        }
        return faces;
    }

    private static VideoResult run(FrameOperation op, Map<Integer, List<Face>> faces, MemoryFrames.Sink[] sink,
            VideoCallOptions options) throws IOException {
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, FRAMES), frames());
        sink[0] = new MemoryFrames.Sink(source);
        return VideoProcessor.builder(op, FaceFinder.supplied(faces)).build().process(source, sink[0], options);
    }

    private static boolean boxIs(RgbImage image, BoundingBox box, int rgb) {
        PixelRect r = PixelRect.ofBox(box, image.width(), image.height());
        for (int y = r.top(); y < r.bottom(); y++) {
            for (int x = r.left(); x < r.right(); x++) {
                if (image.rgb(x, y) != rgb) {
                    return false;
                }
            }
        }
        return true;
    }

    private static final int GENERATED = RecordingBackend.R << 16 | RecordingBackend.G << 8 | RecordingBackend.B;

    @Test
    void eachTrackKeepsOneSeedAndSoOneInitialNoiseInEveryFrame() throws IOException {
        RecordingBackend backend = new RecordingBackend(n -> null);
        try (FaceModels models = FaceModels.of(backend)) {
            AnonymizeFaces op = AnonymizeFaces.of(models.anonymizer(DiffusionConfig.builder().seed(42).build())
                    .withMinimumFaceSize(1));
            MemoryFrames.Sink[] sink = new MemoryFrames.Sink[1];

            VideoResult r = run(op, faces(true), sink, VideoCallOptions.defaults());

            assertTrue(r.allAsked(), r.fallbacks().toString());
            assertEquals(2 * FRAMES, backend.initialNoise.size());
            // Per frame the larger face (track 2: found second in each frame's list) comes first.
            float[] track1 = new SeededNoiseSource(op.trackSeed(1)).next(NoiseKind.INITIAL_LATENTS,
                    RecordingBackend.NOISE_SHAPE);
            float[] track2 = new SeededNoiseSource(op.trackSeed(2)).next(NoiseKind.INITIAL_LATENTS,
                    RecordingBackend.NOISE_SHAPE);
            for (int f = 0; f < FRAMES; f++) {
                assertArrayEquals(track2, backend.initialNoise.get(2 * f), "the big face's noise in frame " + f);
                assertArrayEquals(track1, backend.initialNoise.get(2 * f + 1), "the small face's noise in frame " + f);
                assertTrue(boxIs(sink[0].written.get(f), big(f).box(), GENERATED), "frame " + f);
                assertTrue(boxIs(sink[0].written.get(f), small(f).box(), GENERATED), "frame " + f);
            }
            assertFalse(RecordingBackend.same(track1, track2), "two tracks, two identities");
            // The seeds derive from the configured seed: another run gives the same identities.
            AnonymizeFaces again = AnonymizeFaces.of(models.anonymizer(DiffusionConfig.builder().seed(42).build()));
            assertEquals(op.trackSeed(1), again.trackSeed(1));
        }
    }

    @Test
    void aFrameInWhichAFaceCannotBeGeneratedGetsItRedactedAndReported() throws IOException {
        // Generations 2 and 3 (frames 2 and 3 of the one face) fail.
        RecordingBackend backend = new RecordingBackend(n -> n == 2 || n == 3 ? new RuntimeException("boom") : null);
        try (FaceModels models = FaceModels.of(backend)) {
            MemoryFrames.Sink[] sink = new MemoryFrames.Sink[1];

            VideoResult r = run(AnonymizeFaces.of(models.anonymizer().withMinimumFaceSize(1)), faces(false), sink,
                    VideoCallOptions.defaults());

            for (int f = 0; f < FRAMES; f++) {
                int expected = f == 2 || f == 3 ? 0 : GENERATED;
                assertTrue(boxIs(sink[0].written.get(f), big(f).box(), expected), "frame " + f);
            }
            assertEquals(1, r.fallbacks().size(), r.fallbacks().toString());
            FallbackSpan span = r.fallbacks().get(0);
            assertEquals(1, span.trackId());
            assertEquals(2, span.firstFrame());
            assertEquals(3, span.lastFrame());
            assertEquals(TrackedFaceOutcome.Action.REDACTED, span.action());
            assertTrue(span.reason().contains("boom"), span.reason());
            assertEquals(2, r.tracks().get(0).fellBack());
        }
    }

    @Test
    void aFaceTooSmallToGenerateIsRedactedInThatFrame() throws IOException {
        try (FaceModels models = FaceModels.of(new RecordingBackend(n -> null))) {
            MemoryFrames.Sink[] sink = new MemoryFrames.Sink[1];
            VideoResult r = run(AnonymizeFaces.of(models.anonymizer().withMinimumFaceSize(1000)), faces(false), sink,
                    VideoCallOptions.defaults());
            assertEquals(FRAMES, r.fallbackFrames());
            assertTrue(r.fallbacks().get(0).reason().startsWith("too small"), r.fallbacks().toString());
            for (int f = 0; f < FRAMES; f++) {
                assertTrue(boxIs(sink[0].written.get(f), big(f).box(), 0), "frame " + f);
            }
        }
    }

    @Test
    void cancellingDuringAGenerationStopsTheRun() {
        CancellationToken token = new CancellationToken();
        RecordingBackend backend = new RecordingBackend(n -> {
            if (n == 2) {
                token.cancel();
            }
            return null;
        });
        try (FaceModels models = FaceModels.of(backend)) {
            MemoryFrames.Sink[] sink = new MemoryFrames.Sink[1];
            assertThrows(CancelledException.class, () -> run(AnonymizeFaces.of(models.anonymizer()
                    .withMinimumFaceSize(1)), faces(false), sink, VideoCallOptions.builder().cancellation(token)
                    .build()));
            assertEquals(2, sink[0].written.size(), "the frame being generated is not written");
            assertFalse(sink[0].finished);
        }
    }

    @Test
    void aFaceMatchingTheKeepGalleryIsKeptInEveryFrameAndReportedSo() throws IOException {
        RecordingBackend backend = new RecordingBackend(n -> null);
        try (FaceModels models = FaceModels.of(backend, new CellRecognizer())) {
            KeepGallery keep = KeepGallery.builder(new CellRecognizer())
                    .add("the presenter", BufferedImageConverter.toBufferedImage(frames().get(0)), List.of(big(0)))
                    .build();
            MemoryFrames.Sink[] sink = new MemoryFrames.Sink[1];

            VideoResult r = run(AnonymizeFaces.of(models.anonymizer().withMinimumFaceSize(1).keeping(keep)),
                    faces(false), sink, VideoCallOptions.defaults());

            assertTrue(r.allAsked(), r.fallbacks().toString());
            assertEquals(FRAMES, r.tracks().get(0).kept());
            assertEquals(0, backend.initialNoise.size(), "nothing generated");
            for (int f = 0; f < FRAMES; f++) {
                assertEquals(frames().get(f), sink[0].written.get(f), "frame " + f + " left as it was");
            }
        }
    }

    @Test
    void aSwapKeepsOneSeedPerTrackAndLeavesAFaceItCannotSwapAsItWas() throws IOException {
        RecordingBackend backend = new RecordingBackend(n -> n == 3 ? new RuntimeException("boom") : null);
        try (FaceModels models = FaceModels.of(backend)) {
            FaceSwapper swapper = models.swapper(DiffusionConfig.builder().seed(3).build()).withMinimumFaceSize(1);
            IdentityFace identity = swapper.identityOf(BufferedImageConverter.toBufferedImage(frames().get(0)),
                    big(0));
            MemoryFrames.Sink[] sink = new MemoryFrames.Sink[1];

            VideoResult r = run(new SwapFaces(swapper, identity), faces(false), sink, VideoCallOptions.defaults());

            for (int f = 0; f < FRAMES; f++) {
                if (f == 3) {
                    assertEquals(frames().get(3), sink[0].written.get(3), "left as it was");
                } else {
                    assertTrue(boxIs(sink[0].written.get(f), big(f).box(), GENERATED), "frame " + f);
                }
            }
            assertEquals(List.of(new FallbackSpan(1, 3, 3, TrackedFaceOutcome.Action.UNCHANGED,
                    r.fallbacks().get(0).reason())), r.fallbacks());
            for (int f = 1; f < FRAMES; f++) {
                assertArrayEquals(backend.initialNoise.get(0), backend.initialNoise.get(f));
            }
        }
    }
}
