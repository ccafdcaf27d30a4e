package dev.faceanon.examples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.faceanon.FaceAnonException;
import dev.faceanon.batch.FaceReport;
import dev.faceanon.batch.SkippedEntry;
import dev.faceanon.text.UntrustedText;
import dev.faceanon.video.FallbackSpan;
import dev.faceanon.video.StageTimes;
import dev.faceanon.video.TrackReport;
import dev.faceanon.video.VideoResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The summary of a batch: one line per image as it finishes, totals at the end, an optional JSON
 * report for scripts, and the exit code. Only names, counts, boxes and reasons are printed, never
 * image content.
 */
final class BatchSummary {
    private final PrintWriter out;

    BatchSummary(PrintWriter out) {
        this.out = out;
    }

    /** One line per entry of a scanned directory that will not be processed, before the images. */
    void printSkipped(List<SkippedEntry> skipped) {
        skipped.forEach(s -> line(s.describe()));
        out.flush();
    }

    void printImage(ImageOutcome o) {
        String name = o.item().name();
        if (o.video().isPresent()) {
            printVideo(o, o.video().get());
        } else if (!o.ok()) {
            line(name + ": FAILED, skipped: " + o.error().get());
        } else if (o.faces().isEmpty()) {
            line(name + " -> " + o.item().output() + ": no face found, written unchanged");
        } else {
            line(name + " -> " + o.item().output() + ": " + o.faces().size() + " face(s)");
            for (FaceReport f : o.faces()) {
                line("  " + f.describe());
            }
        }
        if (!o.damage().isEmpty()) {
            line("  warning: damaged input, written as decoded (--accept-damaged): the decoder reports "
                    + o.damage().stream().map(s -> UntrustedText.quote(s, '"')).collect(Collectors.joining(", ")));
        }
        out.flush();
    }

    /** A video: its frames, each track and the frames in which it fell back, flicker, and where the time went. */
    private void printVideo(ImageOutcome o, VideoResult v) {
        line(o.item().name() + " -> " + o.item().output() + ": " + v.frames() + " frames, " + (v.tracks().isEmpty()
                ? "no face found" : v.tracks().size() + " track(s)"));
        for (int i = 0; i < v.tracks().size(); i++) {
            TrackReport t = v.tracks().get(i);
            FaceReport f = o.faces().get(i);
            line(String.format(Locale.ROOT, "  track %d: frames %d-%d (%d detected, %d interpolated, %d predicted,"
                    + " %d backfilled): %s%s", t.trackId(), t.firstFrame(), t.lastFrame(), t.detected(),
                    t.interpolated(), t.predicted(), t.backfilled(), f.action(), f.reason().isEmpty() ? ""
                            : "; fell back in " + t.fellBack() + " frame(s): " + f.reason()));
        }
        if (v.flicker().pairs() > 0) {
            line(String.format(Locale.ROOT, "  flicker in the face regions: %.1f in the output, %.1f in the input"
                    + " (mean change between frames, 0-255)", v.flicker().output(), v.flicker().input()));
        }
        StageTimes t = v.times();
        double seconds = t.total().toNanos() / 1e9;
        line(String.format(Locale.ROOT, "  %.1f s, %.2f frames/s: decoding %.0f %%, detection %.0f %%, tracking"
                + " %.0f %%, faces %.0f %%, encoding %.0f %%", seconds, seconds > 0 ? v.frames() / seconds : 0,
                100 * t.share(t.decoding()), 100 * t.share(t.detection()), 100 * t.share(t.tracking()),
                100 * t.share(t.faces()), 100 * t.share(t.encoding())));
    }

    /** Names and paths come from the disk and may hold control characters: escaped, never sent to the terminal. */
    private void line(String text) {
        out.println(UntrustedText.escape(text));
    }

    /**
     * @param outcomes every image's outcome
     * @param skipped the entries of scanned directories that were not processed
     * @return the exit code ({@link ExitCode})
     */
    int printTotals(List<ImageOutcome> outcomes, List<SkippedEntry> skipped) {
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        long noFace = outcomes.stream().filter(o -> o.ok() && o.faces().isEmpty()).count();
        long faces = outcomes.stream().mapToLong(o -> o.faces().size()).sum();
        long fallbacks = outcomes.stream().flatMap(o -> o.faces().stream()).filter(f -> !f.asked()).count();
        long kept = outcomes.stream().flatMap(o -> o.faces().stream()).filter(f -> f.kept().isPresent()).count();
        long recognisable = outcomes.stream().flatMap(o -> o.faces().stream()).filter(FaceReport::stillMatches)
                .count();
        out.printf("%d image(s): %d written (%d without a face), %d failed; %d face(s): %d as asked, %d fell back%s%n",
                outcomes.size(), outcomes.size() - failed, noFace, failed, faces, faces - fallbacks, fallbacks,
                kept > 0 ? ", " + kept + " kept (keep gallery)" : "");
        if (recognisable > 0) {
            out.println(recognisable + " output face(s) STILL MATCH their input by the identity check: see the"
                    + " faces marked STILL MATCHES above");
        }
        long damaged = outcomes.stream().filter(o -> !o.damage().isEmpty()).count();
        if (damaged > 0) {
            out.println(damaged + " damaged input(s) written as decoded; a face in a damaged part may have gone"
                    + " undetected: check them");
        }
        if (!skipped.isEmpty()) {
            Map<SkippedEntry.Reason, Long> byReason = skipped.stream().collect(Collectors.groupingBy(
                    SkippedEntry::reason, () -> new EnumMap<>(SkippedEntry.Reason.class), Collectors.counting()));
            out.println(skipped.size() + (skipped.size() == 1 ? " entry" : " entries") + " skipped while scanning: "
                    + byReason.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().label())
                            .collect(Collectors.joining(", ")));
        }
        out.flush();
        // A skipped entry that may hold photos counts as a failed image: the user may believe it processed.
        boolean missed = failed > 0 || skipped.stream().anyMatch(s -> s.reason().missesImages());
        return missed ? ExitCode.IMAGE_FAILED : fallbacks > 0 || recognisable > 0 ? ExitCode.FACE_FALLBACK
                : ExitCode.OK;
    }

    /** A video's frames, tracks, fallback spans, flicker and stage times, for the JSON report. */
    private static JsonObject video(VideoResult v) {
        JsonObject video = new JsonObject();
        video.addProperty("frames", v.frames());
        video.addProperty("frameRate", v.input().frameRate().toString());
        JsonArray tracks = new JsonArray();
        for (TrackReport t : v.tracks()) {
            JsonObject track = new JsonObject();
            track.addProperty("track", t.trackId());
            track.addProperty("firstFrame", t.firstFrame());
            track.addProperty("lastFrame", t.lastFrame());
            track.addProperty("frames", t.frames());
            track.addProperty("detected", t.detected());
            track.addProperty("interpolated", t.interpolated());
            track.addProperty("predicted", t.predicted());
            track.addProperty("backfilled", t.backfilled());
            track.addProperty("fellBack", t.fellBack());
            track.addProperty("kept", t.kept());
            tracks.add(track);
        }
        video.add("tracks", tracks);
        JsonArray fallbacks = new JsonArray();
        for (FallbackSpan s : v.fallbacks()) {
            JsonObject span = new JsonObject();
            span.addProperty("track", s.trackId());
            span.addProperty("firstFrame", s.firstFrame());
            span.addProperty("lastFrame", s.lastFrame());
            span.addProperty("action", s.action().name().toLowerCase(Locale.ROOT));
            span.addProperty("reason", s.reason());
            fallbacks.add(span);
        }
        video.add("fallbacks", fallbacks);
        JsonObject flicker = new JsonObject();
        flicker.addProperty("pairs", v.flicker().pairs());
        flicker.addProperty("input", v.flicker().input());
        flicker.addProperty("output", v.flicker().output());
        video.add("flicker", flicker);
        JsonObject seconds = new JsonObject();
        StageTimes t = v.times();
        seconds.addProperty("decoding", t.decoding().toNanos() / 1e9);
        seconds.addProperty("detection", t.detection().toNanos() / 1e9);
        seconds.addProperty("tracking", t.tracking().toNanos() / 1e9);
        seconds.addProperty("faces", t.faces().toNanos() / 1e9);
        seconds.addProperty("encoding", t.encoding().toNanos() / 1e9);
        seconds.addProperty("total", t.total().toNanos() / 1e9);
        video.add("seconds", seconds);
        return video;
    }

    /**
     * @param file where the JSON report will go
     * @throws FaceAnonException if it cannot be written there
     */
    static void checkWritable(Path file) {
        Path target = file.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new FaceAnonException("cannot write the report " + file + ": " + e, e);
        }
        if (Files.isDirectory(target) || (Files.exists(target) && !Files.isWritable(target))
                || !Files.isWritable(target.getParent())) {
            throw new FaceAnonException("cannot write the report " + file + ": not a writable file");
        }
    }

    /**
     * @param outcomes every image's outcome
     * @param skipped the entries of scanned directories that were not processed
     * @param file where to write the JSON report
     */
    static void writeReport(List<ImageOutcome> outcomes, List<SkippedEntry> skipped, Path file) {
        JsonArray images = new JsonArray();
        for (ImageOutcome o : outcomes) {
            JsonObject image = new JsonObject();
            image.addProperty("input", o.item().input().toString());
            image.addProperty("name", o.item().name());
            image.addProperty("output", o.ok() ? o.item().output().toString() : null);
            o.error().ifPresent(e -> image.addProperty("error", e));
            if (!o.damage().isEmpty()) {
                JsonArray damage = new JsonArray();
                o.damage().forEach(damage::add);
                image.add("damage", damage);
            }
            JsonArray faces = new JsonArray();
            for (FaceReport f : o.faces()) {
                faces.add(f.toJson());
            }
            image.add("faces", faces);
            o.video().ifPresent(v -> image.add("video", video(v)));
            images.add(image);
        }
        JsonArray skips = new JsonArray();
        for (SkippedEntry s : skipped) {
            JsonObject entry = new JsonObject();
            entry.addProperty("path", s.path().toString());
            entry.addProperty("name", s.name());
            entry.addProperty("reason", s.reason().code());
            entry.addProperty("detail", s.detail());
            skips.add(entry);
        }
        JsonObject root = new JsonObject();
        root.add("images", images);
        root.add("skipped", skips);
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FaceAnonException("cannot write the report " + file + ": " + e, e);
        }
    }
}
