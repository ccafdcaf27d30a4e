package dev.faceanon.video.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tracker against hand-computed positions: interpolation across missed detections and between
 * detection runs, prediction after the last detection, backfill before the first, identities of
 * crossing faces, landmark smoothing.
 */
class FaceTrackerTest {
    private static final int W = 640;
    private static final int H = 480;
    private static final double EPS = 1e-9;

    /** A 5-point face with its box at (x, y), side s; landmarks at fixed fractions of the box. */
    static Face face(double x, double y, double s) {
        return new Face(new BoundingBox(x, y, x + s, y + s), 0.9, LandmarkScheme.FIVE_POINT, List.of(
                new Point(x + 0.3 * s, y + 0.4 * s), new Point(x + 0.7 * s, y + 0.4 * s),
                new Point(x + 0.5 * s, y + 0.6 * s), new Point(x + 0.35 * s, y + 0.8 * s),
                new Point(x + 0.65 * s, y + 0.8 * s)));
    }

    private static TrackerSettings.Builder exact() {
        return TrackerSettings.builder().smoothingRadius(0);
    }

    private static TrackedFace only(List<TrackedFace> faces) {
        assertEquals(1, faces.size(), faces.toString());
        return faces.get(0);
    }

    private static void assertBox(double x1, double y1, double x2, double y2, BoundingBox b) {
        assertEquals(x1, b.x1(), 1e-6, b.toString());
        assertEquals(y1, b.y1(), 1e-6, b.toString());
        assertEquals(x2, b.x2(), 1e-6, b.toString());
        assertEquals(y2, b.y2(), 1e-6, b.toString());
    }

    @Test
    void framesTheDetectorMissedAreInterpolatedBetweenItsDetections() {
        FaceTracker t = new FaceTracker(exact().build());
        for (int f = 0; f <= 12; f++) {
            t.detected(f, f == 5 || f == 6 ? List.of() : List.of(face(100 + 3 * f, 50, 40)));
        }
        TrackedFace five = only(t.facesAt(5, W, H));
        assertEquals(TrackSource.INTERPOLATED, five.source());
        assertEquals(1, five.distance());
        assertEquals(1, five.trackId(), "one track across the gap");
        // Between (112, 50) at frame 4 and (121, 50) at frame 7: one third of the way.
        assertBox(115, 50, 155, 90, five.face().box());
        assertEquals(115 + 0.3 * 40, five.face().landmarks().get(0).x(), 1e-6);
        TrackedFace six = only(t.facesAt(6, W, H));
        assertBox(118, 50, 158, 90, six.face().box());
        assertEquals(1, six.distance());
        TrackedFace seven = only(t.facesAt(7, W, H));
        assertEquals(TrackSource.DETECTED, seven.source());
        assertEquals(face(121, 50, 40), seven.face());
    }

    @Test
    void framesBetweenDetectionRunsAreInterpolated() {
        FaceTracker t = new FaceTracker(exact().detectEvery(4).build());
        t.detected(0, List.of(face(10, 20, 40)));
        t.detected(4, List.of(face(30, 24, 48)));
        t.detected(8, List.of(face(50, 28, 56)));
        for (int f = 0; f <= 8; f++) {
            TrackedFace tf = only(t.facesAt(f, W, H));
            assertEquals(1, tf.trackId());
            assertEquals(f % 4 == 0 ? TrackSource.DETECTED : TrackSource.INTERPOLATED, tf.source());
            // Every coordinate moves linearly: x1 by 5, y1 by 1, x2 by 7, y2 by 3 per frame.
            assertBox(10 + 5 * f, 20 + f, 50 + 7 * f, 60 + 3 * f, tf.face().box());
        }
    }

    @Test
    void aTrackIsPredictedAtItsVelocityAfterItsLastDetectionThenEnds() {
        TrackerSettings s = exact().maxAge(6).growthPerFrame(0.05).build();
        FaceTracker t = new FaceTracker(s);
        for (int f = 0; f <= 10; f++) {
            t.detected(f, List.of(face(100 + 4 * f, 200 - 2 * f, 50)));
        }
        for (int f = 11; f <= 20; f++) {
            t.detected(f, List.of());
        }
        TrackedFace p = only(t.facesAt(13, W, H));
        assertEquals(TrackSource.PREDICTED, p.source());
        assertEquals(3, p.distance());
        BoundingBox b = p.face().box();
        // The centre moves on at (4, -2) per frame: from (165, 205) at frame 10 to (177, 199) at frame 13.
        assertEquals(177, (b.x1() + b.x2()) / 2, 0.5);
        assertEquals(199, (b.y1() + b.y2()) / 2, 0.5);
        // Grown by 5 % per frame of distance: 50 · 1.15.
        assertEquals(57.5, b.width(), 0.5);
        assertEquals(1, only(t.facesAt(16, W, H)).trackId(), "covered up to max age");
        assertTrue(t.facesAt(17, W, H).isEmpty(), "ended after max age");
    }

    @Test
    void aReturnAfterMoreThanMaxAgeStartsANewTrack() {
        FaceTracker t = new FaceTracker(exact().maxAge(3).lookAhead(1).build());
        t.detected(0, List.of(face(100, 100, 40)));
        t.detected(1, List.of());
        t.detected(2, List.of());
        t.detected(3, List.of());
        t.detected(4, List.of());
        t.detected(5, List.of(face(100, 100, 40)));
        assertEquals(1, only(t.facesAt(3, W, H)).trackId());
        assertEquals(TrackSource.PREDICTED, only(t.facesAt(3, W, H)).source());
        TrackedFace back = only(t.facesAt(5, W, H));
        assertEquals(2, back.trackId());
        assertEquals(TrackSource.DETECTED, back.source());
        // Frame 4: too old for track 1, backfilled by track 2.
        TrackedFace four = only(t.facesAt(4, W, H));
        assertEquals(2, four.trackId());
        assertEquals(TrackSource.BACKFILLED, four.source());
        assertEquals(2, t.tracksStarted());
    }

    @Test
    void aLateFirstDetectionIsBackfilledWithinTheLookAhead() {
        TrackerSettings s = exact().lookAhead(4).growthPerFrame(0.1).build();
        FaceTracker t = new FaceTracker(s);
        for (int f = 0; f < 10; f++) {
            t.detected(f, List.of());
        }
        t.detected(10, List.of(face(200, 100, 60)));
        assertTrue(t.facesAt(5, W, H).isEmpty(), "beyond the look-ahead");
        for (int f = 6; f < 10; f++) {
            TrackedFace b = only(t.facesAt(f, W, H));
            assertEquals(TrackSource.BACKFILLED, b.source());
            int d = 10 - f;
            assertEquals(d, b.distance());
            double half = 60 * (1 + 0.1 * d) / 2;
            assertBox(230 - half, 130 - half, 230 + half, 130 + half, b.face().box());
            assertEquals(face(200, 100, 60).landmarks(), b.face().landmarks());
        }
    }

    @Test
    void growthStopsAtTwiceTheSize() {
        FaceTracker t = new FaceTracker(exact().lookAhead(40).growthPerFrame(0.2).build());
        t.detected(30, List.of(face(300, 200, 20)));
        assertEquals(40, only(t.facesAt(0, W, H)).face().box().width(), EPS);
    }

    @Test
    void crossingFacesKeepTheirTracks() {
        FaceTracker t = new FaceTracker(exact().build());
        // A moves right, B moves left a little lower; their boxes overlap while they pass.
        for (int f = 0; f <= 30; f++) {
            List<Face> faces = new ArrayList<>(List.of(face(100 + 10 * f, 100, 60), face(400 - 10 * f, 130, 60)));
            if (f % 2 == 1) {
                faces = List.of(faces.get(1), faces.get(0));
            }
            t.detected(f, faces);
        }
        assertEquals(2, t.tracksStarted(), "no track lost or created while passing");
        for (int f = 0; f <= 30; f++) {
            List<TrackedFace> faces = t.facesAt(f, W, H);
            assertEquals(2, faces.size());
            assertEquals(100 + 10 * f, faces.get(0).face().box().x1(), EPS, "track 1 is A in frame " + f);
            assertEquals(400 - 10 * f, faces.get(1).face().box().x1(), EPS, "track 2 is B in frame " + f);
        }
    }

    @Test
    void landmarksAreSmoothedOverTimeAndBoxesAreNot() {
        FaceTracker t = new FaceTracker(TrackerSettings.builder().smoothingRadius(1).build());
        // Static face, landmarks jittering by +-3 px in x from frame to frame.
        for (int f = 0; f <= 6; f++) {
            double j = f % 2 == 0 ? 3 : -3;
            Face base = face(100, 100, 50);
            List<Point> jittered = base.landmarks().stream().map(p -> new Point(p.x() + j, p.y())).toList();
            t.detected(f, List.of(new Face(base.box(), 0.9, base.scheme(), jittered)));
        }
        // Frame 3: the mean of -3, +3, -3 over frames 2..4 is +1 (from frame 3's -3).
        TrackedFace three = only(t.facesAt(3, W, H));
        assertEquals(100 + 0.3 * 50 + 1, three.face().landmarks().get(0).x(), 1e-9);
        assertEquals(face(100, 100, 50).box(), three.face().box());
        // Frame 0: no frame before it, so no window; raw landmarks.
        assertEquals(100 + 0.3 * 50 + 3, only(t.facesAt(0, W, H)).face().landmarks().get(0).x(), 1e-9);
    }

    @Test
    void facesWhollyOutsideTheFrameAreLeftOut() {
        FaceTracker t = new FaceTracker(exact().build());
        t.detected(0, List.of(face(-100, 10, 50), face(10, 10, 50)));
        List<TrackedFace> faces = t.facesAt(0, W, H);
        assertEquals(1, faces.size());
        assertEquals(2, faces.get(0).trackId());
    }

    @Test
    void forgettingOldFramesChangesNoAnswer() {
        TrackerSettings s = TrackerSettings.builder().detectEvery(3).smoothingRadius(2).lookAhead(6).build();
        FaceTracker kept = new FaceTracker(s);
        FaceTracker forgetting = new FaceTracker(s);
        List<List<TrackedFace>> a = new ArrayList<>();
        List<List<TrackedFace>> b = new ArrayList<>();
        int next = 0;
        for (int f = 0; f <= 60; f += 3) {
            List<Face> faces = f % 9 == 6 ? List.of() : List.of(face(50 + 2 * f, 60 + f % 7, 40 + f % 5));
            kept.detected(f, faces);
            forgetting.detected(f, faces);
            for (; next + s.lookAhead() <= f; next++) {
                a.add(kept.facesAt(next, W, H));
                b.add(forgetting.facesAt(next, W, H));
                forgetting.forgetBefore(next + 1);
            }
        }
        assertEquals(a, b);
        assertTrue(a.stream().allMatch(l -> l.size() == 1), "the face is covered in every frame");
    }

    @Test
    void detectionFramesMustIncrease() {
        FaceTracker t = new FaceTracker(TrackerSettings.defaults());
        t.detected(3, List.of());
        assertThrows(IllegalArgumentException.class, () -> t.detected(3, List.of()));
    }

    @Test
    void settingsThatWouldLeaveFacesUncoveredAreRefused() {
        IllegalArgumentException age = assertThrows(IllegalArgumentException.class,
                () -> TrackerSettings.builder().detectEvery(5).maxAge(4).build());
        assertTrue(age.getMessage().contains("maxAge (4) must be at least detectEvery (5)"), age.getMessage());
        IllegalArgumentException ahead = assertThrows(IllegalArgumentException.class,
                () -> TrackerSettings.builder().detectEvery(5).lookAhead(4).build());
        assertTrue(ahead.getMessage().contains("lookAhead"), ahead.getMessage());
        TrackerSettings derived = TrackerSettings.builder().detectEvery(10).build();
        assertEquals(20, derived.maxAge());
        assertEquals(10, derived.lookAhead());
        assertNotEquals(Set.of(), Set.of(derived));
    }
}
