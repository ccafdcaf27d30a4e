package dev.faceanon.video.track;

import dev.faceanon.align.PixelRect;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Follows faces over the frames of a video (SORT-style): each track has a constant-velocity Kalman
 * filter on its box; the detections of a frame are matched to the tracks by the overlap of their
 * boxes with the tracks' predicted boxes (greedily, largest intersection over union first, at
 * least {@link TrackerSettings#minIou()}); an unmatched detection starts a track, and a track not
 * detected for more than {@link TrackerSettings#maxAge()} frames ends.
 *
 * <p>A face is reported in every frame its track covers: detected, interpolated between two
 * detections (a face the detector missed in a few frames is still covered there), predicted for
 * up to {@code maxAge} frames after its last detection, and backfilled for up to
 * {@link TrackerSettings#lookAhead()} frames before its first. Every detection counts: there is no
 * confirmation period that would leave a real face uncovered.
 *
 * <p>Use: {@link #detected} for the detection frames, in increasing order; {@link #facesAt} for a
 * frame once every detection frame up to {@code lookAhead} frames after it has been given, in
 * increasing order. Not thread-safe.
 */
public final class FaceTracker {
    private final TrackerSettings settings;
    private final List<Track> tracks = new ArrayList<>();
    private int nextId = 1;
    private int lastDetectionFrame = -1;
    private int tracksStarted;

    /**
     * @param settings how faces are followed
     */
    public FaceTracker(TrackerSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return the settings */
    public TrackerSettings settings() {
        return settings;
    }

    /** @return how many tracks were started so far */
    public int tracksStarted() {
        return tracksStarted;
    }

    /**
     * Takes the detections of one frame.
     *
     * @param frame the frame index, above every frame given before
     * @param faces the faces the detector found there (possibly none)
     * @throws IllegalArgumentException if the frame is not after the last one given
     */
    public void detected(int frame, List<Face> faces) {
        Objects.requireNonNull(faces, "faces");
        if (frame <= lastDetectionFrame) {
            throw new IllegalArgumentException("detection frames must increase: " + frame + " after "
                    + lastDetectionFrame);
        }
        lastDetectionFrame = frame;
        List<Track> live = new ArrayList<>();
        for (Track t : tracks) {
            if (!t.ended() && frame - t.lastDetected() > settings.maxAge()) {
                t.end();
            }
            if (!t.ended()) {
                live.add(t);
            }
        }
        List<Match> candidates = new ArrayList<>();
        for (Track t : live) {
            BoundingBox predicted = t.predictedBox(frame);
            for (int d = 0; d < faces.size(); d++) {
                double iou = predicted.iou(faces.get(d).box());
                if (iou >= settings.minIou()) {
                    candidates.add(new Match(t, d, iou));
                }
            }
        }
        candidates.sort(Comparator.comparingDouble(Match::iou).reversed()
                .thenComparingInt(m -> m.track().id()).thenComparingInt(Match::detection));
        boolean[] taken = new boolean[faces.size()];
        List<Track> matched = new ArrayList<>();
        for (Match m : candidates) {
            if (!taken[m.detection()] && !matched.contains(m.track())) {
                taken[m.detection()] = true;
                matched.add(m.track());
                m.track().detected(frame, faces.get(m.detection()));
            }
        }
        for (int d = 0; d < faces.size(); d++) {
            if (!taken[d]) {
                tracks.add(new Track(nextId++, frame, faces.get(d)));
                tracksStarted++;
            }
        }
    }

    private record Match(Track track, int detection, double iou) {}

    /**
     * @param frame a frame whose look-ahead window has been detected
     * @param width the frame's columns
     * @param height the frame's rows
     * @return every tracked face that covers at least one pixel of the frame, by track id
     */
    public List<TrackedFace> facesAt(int frame, int width, int height) {
        List<TrackedFace> out = new ArrayList<>();
        for (Track t : tracks) {
            Optional<TrackedFace> f = t.at(frame, settings);
            if (f.isPresent() && !PixelRect.ofBox(f.get().face().box(), width, height).isEmpty()) {
                out.add(f.get());
            }
        }
        out.sort(Comparator.comparingInt(TrackedFace::trackId));
        return out;
    }

    /**
     * Frees what no later query needs: {@link #facesAt} will only be asked for this frame or later.
     *
     * @param frame the earliest frame still to be asked for
     */
    public void forgetBefore(int frame) {
        for (Iterator<Track> it = tracks.iterator(); it.hasNext();) {
            Track t = it.next();
            if (t.ended() && t.lastDetected() + settings.maxAge() < frame) {
                it.remove();
            } else {
                t.forgetBefore(frame, settings.smoothingRadius());
            }
        }
    }
}
