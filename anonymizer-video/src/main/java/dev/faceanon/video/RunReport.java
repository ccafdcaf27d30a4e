package dev.faceanon.video;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.video.track.TrackSource;
import dev.faceanon.video.track.TrackedFace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Collects, frame by frame, the {@link TrackReport}s and {@link FallbackSpan}s of a run. */
final class RunReport {

    /** Counts of one track. */
    private static final class Counts {
        int first = -1;
        BoundingBox firstBox;
        int last;
        int frames;
        final Map<TrackSource, Integer> bySource = new EnumMap<>(TrackSource.class);
        int fellBack;
        int kept;
    }

    private final Map<Integer, Counts> tracks = new TreeMap<>();
    private final List<FallbackSpan> spans = new ArrayList<>();
    /** The open span of each track: extended while consecutive frames fall back alike. */
    private final Map<Integer, FallbackSpan> open = new TreeMap<>();

    void add(int frame, List<TrackedFaceOutcome> outcomes) {
        for (TrackedFaceOutcome o : outcomes) {
            TrackedFace f = o.face();
            Counts c = tracks.computeIfAbsent(f.trackId(), id -> new Counts());
            if (c.first < 0) {
                c.first = frame;
                c.firstBox = f.face().box();
            }
            c.last = frame;
            c.frames++;
            c.bySource.merge(f.source(), 1, Integer::sum);
            if (o.action() == TrackedFaceOutcome.Action.KEPT) {
                c.kept++;
            }
            if (!o.asked()) {
                c.fellBack++;
                FallbackSpan span = open.get(f.trackId());
                if (span != null && span.lastFrame() == frame - 1 && span.action() == o.action()) {
                    open.put(f.trackId(), new FallbackSpan(f.trackId(), span.firstFrame(), frame, o.action(),
                            span.reason()));
                } else {
                    close(f.trackId());
                    open.put(f.trackId(), new FallbackSpan(f.trackId(), frame, frame, o.action(), o.reason()));
                }
            }
        }
    }

    private void close(int trackId) {
        FallbackSpan span = open.remove(trackId);
        if (span != null) {
            spans.add(span);
        }
    }

    List<TrackReport> tracks() {
        List<TrackReport> out = new ArrayList<>(tracks.size());
        tracks.forEach((id, c) -> out.add(new TrackReport(id, c.first, c.last, c.frames,
                c.bySource.getOrDefault(TrackSource.DETECTED, 0), c.bySource.getOrDefault(TrackSource.INTERPOLATED, 0),
                c.bySource.getOrDefault(TrackSource.PREDICTED, 0), c.bySource.getOrDefault(TrackSource.BACKFILLED, 0),
                c.fellBack, c.kept, c.firstBox)));
        return out;
    }

    List<FallbackSpan> fallbacks() {
        List<FallbackSpan> out = new ArrayList<>(spans);
        out.addAll(open.values());
        out.sort(Comparator.comparingInt(FallbackSpan::trackId).thenComparingInt(FallbackSpan::firstFrame));
        return out;
    }
}
