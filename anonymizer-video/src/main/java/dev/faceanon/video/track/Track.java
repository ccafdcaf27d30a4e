package dev.faceanon.video.track;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One person followed over frames: the detections that make it up and its motion model. */
final class Track {

    /** A detection of the track. */
    private record Detection(int frame, Face face) {}

    private final int id;
    private final int firstFrame;
    private final List<Detection> detections = new ArrayList<>();
    private final BoxFilter motion;
    private boolean ended;

    Track(int id, int frame, Face face) {
        this.id = id;
        this.firstFrame = frame;
        this.detections.add(new Detection(frame, face));
        this.motion = new BoxFilter(frame, face.box());
    }

    int id() {
        return id;
    }

    int lastDetected() {
        return detections.get(detections.size() - 1).frame();
    }

    boolean ended() {
        return ended;
    }

    void end() {
        ended = true;
    }

    /** @return where the motion model expects the face in a later frame */
    BoundingBox predictedBox(int frame) {
        return motion.predict(frame);
    }

    /** @param frame a frame after the last detection */
    void detected(int frame, Face face) {
        detections.add(new Detection(frame, face));
        motion.update(frame, face.box());
    }

    /**
     * @param frame a frame
     * @param s the settings
     * @return the face in that frame as far as the detections so far tell, if the track covers it
     */
    Optional<TrackedFace> at(int frame, TrackerSettings s) {
        int last = lastDetected();
        if (frame < firstFrame) {
            int d = firstFrame - frame;
            if (d > s.lookAhead()) {
                return Optional.empty();
            }
            Face f = FaceMotion.grow(detections.get(0).face(), d, s.growthPerFrame());
            return Optional.of(new TrackedFace(id, frame, f, TrackSource.BACKFILLED, d));
        }
        if (frame > last) {
            int d = frame - last;
            if (d > s.maxAge()) {
                return Optional.empty();
            }
            Face carried = FaceMotion.moveTo(detections.get(detections.size() - 1).face(), motion.predict(frame));
            return Optional.of(new TrackedFace(id, frame, FaceMotion.grow(carried, d, s.growthPerFrame()),
                    TrackSource.PREDICTED, d));
        }
        Face face = observed(frame);
        int r = Math.min(s.smoothingRadius(), Math.min(frame - firstFrame, last - frame));
        if (r > 0) {
            List<Face> window = new ArrayList<>(2 * r + 1);
            for (int g = frame - r; g <= frame + r; g++) {
                window.add(observed(g));
            }
            face = FaceMotion.averageLandmarks(face, window);
        }
        int distance = distanceToDetection(frame);
        return Optional.of(new TrackedFace(id, frame, face, distance == 0 ? TrackSource.DETECTED
                : TrackSource.INTERPOLATED, distance));
    }

    /** The detected or interpolated face in a frame within the detected span (and not forgotten). */
    private Face observed(int frame) {
        int i = indexAtOrBefore(frame);
        Detection a = detections.get(i);
        if (a.frame() == frame) {
            return a.face();
        }
        Detection b = detections.get(i + 1);
        return FaceMotion.interpolate(a.face(), b.face(), (double) (frame - a.frame()) / (b.frame() - a.frame()));
    }

    private int distanceToDetection(int frame) {
        int i = indexAtOrBefore(frame);
        int before = frame - detections.get(i).frame();
        return i + 1 < detections.size() ? Math.min(before, detections.get(i + 1).frame() - frame) : before;
    }

    /** @return the index of the last detection at or before the frame */
    private int indexAtOrBefore(int frame) {
        int lo = 0;
        int hi = detections.size() - 1;
        if (detections.get(0).frame() > frame) {
            throw new IllegalStateException("frame " + frame + " was forgotten by track " + id);
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (detections.get(mid).frame() <= frame) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Drops the detections no query from {@code frame} on needs: every one before the last detection
     * at or before {@code frame - margin}.
     */
    void forgetBefore(int frame, int margin) {
        int keepFrom = frame - margin;
        int drop = 0;
        while (drop + 1 < detections.size() && detections.get(drop + 1).frame() <= keepFrom) {
            drop++;
        }
        detections.subList(0, drop).clear();
    }
}
