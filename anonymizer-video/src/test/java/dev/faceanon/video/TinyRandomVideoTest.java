package dev.faceanon.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.FaceModels;
import dev.faceanon.FaceSwapper;
import dev.faceanon.ModelOptions;
import dev.faceanon.ModelVariant;
import dev.faceanon.Precision;
import dev.faceanon.align.PixelRect;
import dev.faceanon.face.Face;
import dev.faceanon.image.RgbImage;
import dev.faceanon.sampling.SamplerKind;
import dev.faceanon.video.ffmpeg.FfmpegBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on the tiny random-weight model (its output is not a face, but every stage runs):
 * a generated clip of the real astronaut photo, faces supplied per frame with detector gaps,
 * anonymized and swapped through ffmpeg; every frame's face region changes, the rest does not.
 */
class TinyRandomVideoTest {
    private static final int W = 240;
    private static final int H = 180;
    private static final int FRAMES = 8;
    private static final DiffusionConfig FAST = DiffusionConfig.builder().sampler(SamplerKind.DPM_SOLVER_PP_2M)
            .steps(2).seed(5).build();

    @TempDir
    static Path dir;
    private static Footage.Clip clip;
    private static FaceModels models;

    @BeforeAll
    static void setUp() throws IOException {
        clip = Footage.clip(dir, "astronaut.mp4", W, H, FRAMES, false, true, 0);
        models = FaceModels.load(ModelOptions.builder().variant(ModelVariant.TINY_RANDOM).device("cpu")
                .precision(Precision.FLOAT32).build());
    }

    @AfterAll
    static void tearDown() {
        models.close();
    }

    private static double meanDifference(RgbImage a, RgbImage b, PixelRect r) {
        long sum = 0;
        for (int y = r.top(); y < r.bottom(); y++) {
            for (int x = r.left(); x < r.right(); x++) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(a.sample(x, y, c) - b.sample(x, y, c));
                }
            }
        }
        return (double) sum / (r.area() * 3);
    }

    private static void assertFacesChangedAndRestKept(Path input, Path output) {
        List<RgbImage> before = Tools.frames(input, W, H);
        List<RgbImage> after = Tools.frames(output, W, H);
        assertEquals(FRAMES, after.size());
        for (int f = 0; f < FRAMES; f++) {
            Face face = clip.faces().get(f).get(0);
            double inFace = meanDifference(before.get(f), after.get(f), PixelRect.ofBox(face.box(), W, H));
            assertTrue(inFace > 15, "frame " + f + ": the face changed by " + inFace + " only");
            double corner = meanDifference(before.get(f), after.get(f), new PixelRect(W - 40, H - 40, W, H));
            assertTrue(corner < 5, "frame " + f + ": the corner changed by " + corner);
        }
    }

    @Test
    void aClipIsAnonymizedFrameByFrameThroughTheMissedFrames() throws IOException {
        Path output = dir.resolve("anonymized.mp4");
        AtomicInteger steps = new AtomicInteger();
        VideoProcessor p = VideoProcessor.builder(AnonymizeFaces.of(models.anonymizer(FAST)),
                FaceFinder.supplied(VideoFilesTest.detections(clip, List.of(3, 4)))).backend(FfmpegBackend.fromPath())
                .build();

        VideoResult r = p.process(clip.file(), output, VideoCallOptions.builder()
                .faceProgress(e -> steps.incrementAndGet()).build());

        assertTrue(r.allAsked(), r.fallbacks().toString());
        assertEquals(List.of(new TrackReport(1, 0, FRAMES - 1, FRAMES, FRAMES - 2, 2, 0, 0, 0, 0,
                clip.faces().get(0).get(0).box())), r.tracks());
        assertTrue(steps.get() >= FRAMES * 2, "denoising progress of every face: " + steps.get());
        assertTrue(r.flicker().pairs() == FRAMES - 1 && r.flicker().output() > r.flicker().input(),
                "random weights flicker, and the report says so: " + r.flicker());
        assertTrue(r.times().faces().compareTo(r.times().encoding()) > 0, r.times().toString());
        assertFacesChangedAndRestKept(clip.file(), output);
        assertEquals(Tools.audioPackets(clip.file()), Tools.audioPackets(output));
    }

    @Test
    void aStillFaceGetsTheSameGeneratedFaceInEveryFrameWhereAFreshSeedPerFrameFlickers() throws IOException {
        int n = 4;
        RgbImage still = new dev.faceanon.image.BufferedImageConverter().toRgbImage(clip.frames().get(0));
        List<RgbImage> frames = java.util.Collections.nCopies(n, still);
        java.util.Map<Integer, List<Face>> faces = new java.util.HashMap<>();
        for (int f = 0; f < n; f++) {
            faces.put(f, List.of(clip.faces().get(0).get(0)));
        }
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), frames);
        VideoResult perTrack = VideoProcessor.builder(AnonymizeFaces.of(models.anonymizer(FAST)),
                FaceFinder.supplied(faces)).build().process(source, new MemoryFrames.Sink(source),
                VideoCallOptions.defaults());

        // The same crop and the same initial noise in every frame: the same generated face.
        assertEquals(new FlickerReport(n - 1, 0, 0), perTrack.flicker());

        // Without a seed per track every frame draws new noise: the face changes from frame to frame.
        DiffusionConfig unseeded = DiffusionConfig.builder().sampler(SamplerKind.DPM_SOLVER_PP_2M).steps(2).build();
        FrameOperation freshNoise = work -> {
            var r = models.anonymizer(unseeded).anonymize(
                    dev.faceanon.image.BufferedImageConverter.toBufferedImage(work.image()),
                    work.faces().stream().map(t -> t.face()).toList());
            return new FrameResult(new dev.faceanon.image.BufferedImageConverter().toRgbImage(r.image()),
                    work.faces().stream().map(t -> new TrackedFaceOutcome(t, TrackedFaceOutcome.Action.ANONYMIZED,
                            true, "")).toList());
        };
        MemoryFrames.Source again = new MemoryFrames.Source(MemoryFrames.info(W, H, n), frames);
        VideoResult perFrame = VideoProcessor.builder(freshNoise, FaceFinder.supplied(faces)).build()
                .process(again, new MemoryFrames.Sink(again), VideoCallOptions.defaults());
        assertTrue(perFrame.flicker().output() > 5, perFrame.flicker().toString());
    }

    @Test
    void anIdentityIsSwappedIntoEveryFrame() throws IOException {
        Path output = dir.resolve("swapped.mp4");
        FaceSwapper swapper = models.swapper(FAST);
        SwapFaces swap = new SwapFaces(swapper, swapper.identityOf(Footage.astronaut(), Footage.astronautFace()));
        VideoProcessor p = VideoProcessor.builder(swap, FaceFinder.supplied(VideoFilesTest.detections(clip,
                List.of(5)))).backend(FfmpegBackend.fromPath()).build();

        VideoResult r = p.process(clip.file(), output);

        assertTrue(r.allAsked(), r.fallbacks().toString());
        assertFacesChangedAndRestKept(clip.file(), output);
    }
}
