package dev.faceanon.examples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.faceanon.FaceAnonException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    void printImage(ImageOutcome o) {
        if (!o.ok()) {
            out.println(o.item().name() + ": FAILED, skipped: " + o.error().get());
        } else if (o.faces().isEmpty()) {
            out.println(o.item().name() + " -> " + o.item().output() + ": no face found, written unchanged");
        } else {
            out.println(o.item().name() + " -> " + o.item().output() + ": " + o.faces().size() + " face(s)");
            for (FaceReport f : o.faces()) {
                out.println("  " + f.describe());
            }
        }
        out.flush();
    }

    /**
     * @param outcomes every image's outcome
     * @return the exit code ({@link ExitCode})
     */
    int printTotals(List<ImageOutcome> outcomes) {
        long failed = outcomes.stream().filter(o -> !o.ok()).count();
        long noFace = outcomes.stream().filter(o -> o.ok() && o.faces().isEmpty()).count();
        long faces = outcomes.stream().mapToLong(o -> o.faces().size()).sum();
        long fallbacks = outcomes.stream().flatMap(o -> o.faces().stream()).filter(f -> !f.asked()).count();
        out.printf("%d image(s): %d written (%d without a face), %d failed; %d face(s): %d as asked, %d fell back%n",
                outcomes.size(), outcomes.size() - failed, noFace, failed, faces, faces - fallbacks, fallbacks);
        out.flush();
        return failed > 0 ? ExitCode.IMAGE_FAILED : fallbacks > 0 ? ExitCode.FACE_FALLBACK : ExitCode.OK;
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
     * @param file where to write the JSON report
     */
    static void writeReport(List<ImageOutcome> outcomes, Path file) {
        JsonArray images = new JsonArray();
        for (ImageOutcome o : outcomes) {
            JsonObject image = new JsonObject();
            image.addProperty("input", o.item().input().toString());
            image.addProperty("name", o.item().name());
            image.addProperty("output", o.ok() ? o.item().output().toString() : null);
            o.error().ifPresent(e -> image.addProperty("error", e));
            JsonArray faces = new JsonArray();
            for (FaceReport f : o.faces()) {
                JsonObject face = new JsonObject();
                face.addProperty("index", f.index());
                JsonArray box = new JsonArray();
                box.add(f.box().x1());
                box.add(f.box().y1());
                box.add(f.box().x2());
                box.add(f.box().y2());
                face.add("box", box);
                face.addProperty("action", f.action());
                face.addProperty("asked", f.asked());
                if (!f.reason().isEmpty()) {
                    face.addProperty("reason", f.reason());
                }
                faces.add(face);
            }
            image.add("faces", faces);
            images.add(image);
        }
        JsonObject root = new JsonObject();
        root.add("images", images);
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
