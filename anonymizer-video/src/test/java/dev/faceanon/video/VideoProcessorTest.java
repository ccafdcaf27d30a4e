package dev.faceanon.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.CancellationToken;
import dev.faceanon.CancelledException;
import dev.faceanon.align.PixelRect;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import dev.faceanon.redact.BlackOut;
import dev.faceanon.video.track.TrackSource;
import dev.faceanon.video.track.TrackedFace;
import dev.faceanon.video.track.TrackerSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The frame pipeline on frames in memory: coverage across detector gaps and before a late first
 * detection, the look-ahead bound, detection runs, progress, cancellation, flicker, fallback
 * reports, and the checks on sources and operations.
 */
class VideoProcessorTest {
    private static final int W = 120;
    private static final int H = 90;
    private static final int SIDE = 24;

    /** The face square's top-left corner in frame f: moving right and down. */
    private static int fx(int f) {
        return 10 + 3 * f;
    }

    private static int fy(int f) {
        return 20 + f;
    }

    static Face square(int x, int y, int s) {
        return new Face(new BoundingBox(x, y, x + s, y + s), 1, LandmarkScheme.FIVE_POINT, List.of(
                new Point(x + 0.3 * s, y + 0.35 * s), new Point(x + 0.7 * s, y + 0.35 * s),
                new Point(x + 0.5 * s, y + 0.55 * s), new Point(x + 0.35 * s, y + 0.75 * s),
                new Point(x + 0.65 * s, y + 0.75 * s)));
    }

    private static List<RgbImage> movingFace(int n) {
        List<RgbImage> frames = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            frames.add(MemoryFrames.frame(W, H, 90, fx(f), fy(f), SIDE));
        }
        return frames;
    }

    /** Faces in every frame but the missed ones. */
    private static Map<Integer, List<Face>> detections(int n, int... missed) {
        Map<Integer, List<Face>> faces = new HashMap<>();
        outer:
        for (int f = 0; f < n; f++) {
            for (int m : missed) {
                if (m == f) {
                    continue outer;
                }
            }
            faces.put(f, List.of(square(fx(f), fy(f), SIDE)));
        }
        return faces;
    }

    private static boolean boxBlack(RgbImage image, BoundingBox box) {
        PixelRect r = PixelRect.ofBox(box, image.width(), image.height());
        for (int y = r.top(); y < r.bottom(); y++) {
            for (int x = r.left(); x < r.right(); x++) {
                if (image.rgb(x, y) != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static VideoResult run(VideoProcessor p, MemoryFrames.Source source, MemoryFrames.Sink sink)
            throws IOException {
        return p.process(source, sink, VideoCallOptions.defaults());
    }

    @Test
    void aFaceTheDetectorMissesInSomeFramesIsRedactedInEveryFrame() throws IOException {
        int n = 20;
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        MemoryFrames.Sink sink = new MemoryFrames.Sink(source);
        VideoProcessor p = VideoProcessor.builder(new RedactFaces(new BlackOut()),
                FaceFinder.supplied(detections(n, 4, 5, 12))).build();

        VideoResult r = run(p, source, sink);

        assertTrue(sink.finished);
        assertEquals(n, sink.written.size());
        for (int f = 0; f < n; f++) {
            BoundingBox box = square(fx(f), fy(f), SIDE).box();
            assertTrue(boxBlack(sink.written.get(f), box), "face uncovered in frame " + f);
            // The corner far from the face is untouched.
            assertEquals(movingFace(n).get(f).rgb(W - 1, 0), sink.written.get(f).rgb(W - 1, 0));
        }
        assertEquals(List.of(new TrackReport(1, 0, n - 1, n, n - 3, 3, 0, 0, 0, 0, square(fx(0), fy(0), SIDE).box())),
                r.tracks());
        assertTrue(r.allAsked(), r.fallbacks().toString());
        assertEquals(n, r.frames());
    }

    @Test
    void aFaceFirstDetectedLateIsCoveredInTheFramesBeforeWithinTheLookAhead() throws IOException {
        int n = 14;
        Map<Integer, List<Face>> late = detections(n);
        for (int f = 0; f < 9; f++) {
            late.remove(f);
        }
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        MemoryFrames.Sink sink = new MemoryFrames.Sink(source);
        VideoProcessor p = VideoProcessor.builder(new RedactFaces(new BlackOut()), FaceFinder.supplied(late))
                .tracking(TrackerSettings.builder().lookAhead(4).build()).build();

        VideoResult r = run(p, source, sink);

        for (int f = 5; f < 9; f++) {
            // Backfilled with the first detection's box, grown by 5 % per frame; the face moved 3 px per frame,
            // so the box of frame 9 covers the face's pixels of frame f only partly: the grown box is what is promised.
            assertTrue(boxBlack(sink.written.get(f), grown(9 - f)), "frame " + f + " not backfilled");
        }
        assertEquals(movingFace(n).get(4), sink.written.get(4), "frame 4 is beyond the look-ahead of 4");
        assertEquals(List.of(new TrackReport(1, 5, n - 1, n - 5, n - 9, 0, 0, 4, 0, 0, grown(4))), r.tracks());
    }

    /** The box of the face's first detection in frame 9, grown by 5 % of its side per frame of distance. */
    private static BoundingBox grown(int distance) {
        BoundingBox first = square(fx(9), fy(9), SIDE).box();
        double g = 0.05 * distance / 2 * SIDE;
        return new BoundingBox(first.x1() - g, first.y1() - g, first.x2() + g, first.y2() + g);
    }

    @Test
    void aFaceThatVanishesIsCoveredOverItsGrowingPredictedBoxAsAsked() throws IOException {
        int n = 24;
        Map<Integer, List<Face>> seen = detections(n);
        for (int f = 10; f < n; f++) {
            seen.remove(f);
        }
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        MemoryFrames.Sink sink = new MemoryFrames.Sink(source);
        VideoProcessor p = VideoProcessor.builder(new RedactFaces(new BlackOut()), FaceFinder.supplied(seen))
                .tracking(TrackerSettings.builder().maxAge(12).growthPerFrame(0.1).build()).build();

        VideoResult r = run(p, source, sink);

        // Predicted for 12 frames: the box grows to twice the face, beyond what an aligned crop covers, and the
        // square around it is redacted: the region the face may have moved to, as asked.
        assertTrue(r.allAsked(), r.fallbacks().toString());
        assertEquals(12, r.tracks().get(0).predicted());
        for (int f = 10; f < 22; f++) {
            assertTrue(boxBlack(sink.written.get(f), square(fx(f), fy(f), SIDE).box()), "frame " + f);
        }
        assertEquals(movingFace(n).get(23), sink.written.get(23), "the track ended after its maximum age");
    }

    @Test
    void framesAreWrittenLookAheadFramesAfterTheyAreRead() throws IOException {
        int n = 15;
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        MemoryFrames.Sink sink = new MemoryFrames.Sink(source);
        VideoProcessor p = VideoProcessor.builder(new RedactFaces(new BlackOut()), FaceFinder.supplied(Map.of()))
                .tracking(TrackerSettings.builder().lookAhead(5).build()).build();

        run(p, source, sink);

        List<Integer> expected = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            expected.add(Math.min(n, f + 5 + 1));
        }
        assertEquals(expected, sink.readWhenWritten);
    }

    @Test
    void theDetectorRunsOnEveryNthFrameAndOnTheLast() throws IOException {
        int n = 11;
        List<Integer> asked = new ArrayList<>();
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        MemoryFrames.Sink sink = new MemoryFrames.Sink(source);
        Map<Integer, List<Face>> all = detections(n);
        VideoProcessor p = VideoProcessor.builder(new RedactFaces(new BlackOut()), (frame, image) -> {
            asked.add(frame);
            return all.get(frame);
        }).tracking(TrackerSettings.builder().detectEvery(4).build()).build();

        VideoResult r = run(p, source, sink);

        assertEquals(List.of(0, 4, 8, 10), asked);
        for (int f = 0; f < n; f++) {
            assertTrue(boxBlack(sink.written.get(f), square(fx(f), fy(f), SIDE).box()), "frame " + f);
        }
        assertEquals(4, r.tracks().get(0).detected());
        assertEquals(7, r.tracks().get(0).interpolated());
    }

    @Test
    void progressCountsFramesAndEstimatesTheTimeLeft() throws IOException {
        int n = 6;
        AtomicLong now = new AtomicLong();
        List<VideoProgress> events = new ArrayList<>();
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        MemoryFrames.Sink sink = new MemoryFrames.Sink(source);
        // Each frame's faces take two seconds; nothing else takes time.
        FrameOperation slow = work -> {
            now.addAndGet(Duration.ofSeconds(2).toNanos());
            return new RedactFaces(new BlackOut()).apply(work);
        };
        VideoProcessor p = VideoProcessor.builder(slow, FaceFinder.supplied(detections(n))).clock(now::get).build();

        VideoResult r = p.process(source, sink, VideoCallOptions.builder().progress(events::add).build());

        assertEquals(n, events.size());
        for (int k = 1; k <= n; k++) {
            VideoProgress e = events.get(k - 1);
            assertEquals(k, e.framesDone());
            assertEquals(n, e.totalFrames().getAsLong());
            assertEquals(Duration.ofSeconds(2L * k), e.elapsed());
            assertEquals(0.5, e.framesPerSecond(), 1e-12);
            assertEquals(Optional.of(Duration.ofSeconds(2L * (n - k))), e.remaining());
        }
        assertEquals(Duration.ofSeconds(2L * n), r.times().faces());
        assertEquals(1.0, r.times().share(r.times().faces()), 1e-12);
    }

    @Test
    void aCancelledRunStopsAndLeavesItsSinkUnfinished() {
        int n = 30;
        CancellationToken token = new CancellationToken();
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        MemoryFrames.Sink sink = new MemoryFrames.Sink(source);
        VideoProcessor p = VideoProcessor.builder(new RedactFaces(new BlackOut()), FaceFinder.supplied(detections(n)))
                .build();
        VideoCallOptions options = VideoCallOptions.builder().cancellation(token).progress(e -> {
            if (e.framesDone() == 3) {
                token.cancel();
            }
        }).build();

        assertThrows(CancelledException.class, () -> p.process(source, sink, options));

        assertFalse(sink.finished);
        assertEquals(3, sink.written.size());
        assertTrue(source.read < n, "reading stopped");
    }

    @Test
    void flickerIsTheMeanChangeInsideFaceBoxesOfOutputAndInput() throws IOException {
        int n = 5;
        List<RgbImage> still = new ArrayList<>();
        for (int f = 0; f < n; f++) {
            still.add(MemoryFrames.frame(W, H, 100, 20, 20, 10));
        }
        Map<Integer, List<Face>> faces = new HashMap<>();
        for (int f = 0; f < n; f++) {
            faces.put(f, List.of(square(20, 20, 10)));
        }
        // The face's box (11 x 11 pixels, edges included) is filled with 0 and 255 alternately.
        FrameOperation blink = work -> {
            byte[] rgb = work.image().toByteArray();
            for (int y = 20; y <= 30; y++) {
                for (int x = 20; x <= 30; x++) {
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * W + x) * 3 + c] = (byte) (work.frame() % 2 == 0 ? 0 : 255);
                    }
                }
            }
            return new FrameResult(RgbImage.of(W, H, rgb), work.faces().stream()
                    .map(f -> new TrackedFaceOutcome(f, TrackedFaceOutcome.Action.REDACTED, true, "")).toList());
        };
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), still);
        VideoProcessor p = VideoProcessor.builder(blink, FaceFinder.supplied(faces)).build();

        VideoResult r = run(p, source, new MemoryFrames.Sink(source));

        assertEquals(new FlickerReport(n - 1, 0, 255), r.flicker());
        assertEquals(255, r.flicker().added(), 0);
    }

    @Test
    void framesInWhichATrackFellBackAreListedAsSpans() throws IOException {
        int n = 10;
        FrameOperation failing = work -> {
            RgbImage redacted = new RedactFaces(new BlackOut()).apply(work).image();
            List<TrackedFaceOutcome> out = new ArrayList<>();
            for (TrackedFace f : work.faces()) {
                boolean fails = work.frame() >= 2 && work.frame() <= 4 || work.frame() == 7;
                out.add(new TrackedFaceOutcome(f, TrackedFaceOutcome.Action.REDACTED, !fails,
                        fails ? "too small in frame " + work.frame() : ""));
            }
            return new FrameResult(redacted, out);
        };
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        VideoProcessor p = VideoProcessor.builder(failing, FaceFinder.supplied(detections(n))).build();

        VideoResult r = run(p, source, new MemoryFrames.Sink(source));

        assertEquals(List.of(new FallbackSpan(1, 2, 4, TrackedFaceOutcome.Action.REDACTED, "too small in frame 2"),
                new FallbackSpan(1, 7, 7, TrackedFaceOutcome.Action.REDACTED, "too small in frame 7")), r.fallbacks());
        assertEquals(4, r.tracks().get(0).fellBack());
        assertEquals(4, r.fallbackFrames());
        assertFalse(r.allAsked());
    }

    @Test
    void anOperationThatDropsAFaceIsRefused() {
        int n = 3;
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        VideoProcessor p = VideoProcessor.builder(work -> new FrameResult(work.image(), List.of()),
                FaceFinder.supplied(detections(n))).build();

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> run(p, source, new MemoryFrames.Sink(source)));
        assertTrue(e.getMessage().contains("every face needs one"), e.getMessage());
    }

    @Test
    void aDamagedSourceIsRefusedUnlessDamageIsAccepted() throws IOException {
        int n = 4;
        List<String> damage = List.of("corrupt macroblock");
        MemoryFrames.Source refused = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n), damage);
        VideoProcessor strict = VideoProcessor.builder(new RedactFaces(new BlackOut()), FaceFinder.supplied(Map.of()))
                .build();
        VideoFormatException e = assertThrows(VideoFormatException.class,
                () -> run(strict, refused, new MemoryFrames.Sink(refused)));
        assertTrue(e.getMessage().contains("corrupt macroblock") && e.getMessage().contains("accept damaged"),
                e.getMessage());

        MemoryFrames.Source accepted = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n), damage);
        VideoProcessor lenient = VideoProcessor.builder(new RedactFaces(new BlackOut()), FaceFinder.supplied(Map.of()))
                .acceptDamaged(true).build();
        assertEquals(damage, run(lenient, accepted, new MemoryFrames.Sink(accepted)).damage());
    }

    @Test
    void aVideoWithoutFramesOrWithFramesOfAnotherSizeIsRefused() {
        VideoProcessor p = VideoProcessor.builder(new RedactFaces(new BlackOut()), FaceFinder.supplied(Map.of()))
                .build();
        MemoryFrames.Source empty = new MemoryFrames.Source(MemoryFrames.info(W, H, 0), List.of());
        assertThrows(VideoFormatException.class, () -> run(p, empty, new MemoryFrames.Sink(empty)));
        MemoryFrames.Source lying = new MemoryFrames.Source(MemoryFrames.info(W + 2, H, 3), movingFace(3));
        VideoFormatException e = assertThrows(VideoFormatException.class,
                () -> run(p, lying, new MemoryFrames.Sink(lying)));
        assertTrue(e.getMessage().contains("frame 0 is 120x90, not 122x90"), e.getMessage());
    }

    @Test
    void aLookAheadBeyondTheMemoryBoundIsRefusedBeforeAnyFrameIsRead() {
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, 3), movingFace(3));
        VideoProcessor p = VideoProcessor.builder(new RedactFaces(new BlackOut()), FaceFinder.supplied(Map.of()))
                .tracking(TrackerSettings.builder().lookAhead(100).build()).maxBufferedBytes(W * H * 3 * 50L).build();
        VideoException e = assertThrows(VideoException.class, () -> run(p, source, new MemoryFrames.Sink(source)));
        assertTrue(e.getMessage().contains("look-ahead of 100 frames"), e.getMessage());
        assertEquals(0, source.read);
    }

    @Test
    void everyTrackedFaceIsHandedToTheOperationWithItsSource() throws IOException {
        int n = 8;
        List<TrackSource> seen = new ArrayList<>();
        MemoryFrames.Source source = new MemoryFrames.Source(MemoryFrames.info(W, H, n), movingFace(n));
        VideoProcessor p = VideoProcessor.builder(work -> {
            work.faces().forEach(f -> seen.add(f.source()));
            return new RedactFaces(new BlackOut()).apply(work);
        }, FaceFinder.supplied(detections(n, 3))).build();

        run(p, source, new MemoryFrames.Sink(source));

        assertEquals(List.of(TrackSource.DETECTED, TrackSource.DETECTED, TrackSource.DETECTED,
                TrackSource.INTERPOLATED, TrackSource.DETECTED, TrackSource.DETECTED, TrackSource.DETECTED,
                TrackSource.DETECTED), seen);
    }
}
