package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.Point;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Videos through the command line: a clip of the sample photo's three drawn faces drifting across the
 * frame, made by the ffmpeg command line; faces supplied per frame with frames the "detector" missed.
 */
class VideoCliTest {
    private static final int W = 320;
    private static final int H = 210;
    private static final int FRAMES = 10;
    private static final List<Integer> MISSED = List.of(3, 4);

    @TempDir
    static Path dir;
    private static Path clip;
    private static final List<List<Face>> FACES = new ArrayList<>();

    @BeforeAll
    static void makeClip() throws IOException, InterruptedException {
        SamplePhoto sample = SamplePhoto.create();
        Path frames = Files.createDirectories(dir.resolve("frames"));
        for (int f = 0; f < FRAMES; f++) {
            double dx = 2.0 * f;
            BufferedImage frame = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = frame.createGraphics();
            g.drawImage(sample.image(), new AffineTransform(0.5, 0, 0, 0.5, dx, 0), null);
            g.dispose();
            ImageIO.write(frame, "png", frames.resolve(String.format(Locale.ROOT, "%03d.png", f)).toFile());
            FACES.add(sample.faces().stream().map(face -> scaled(face, dx)).toList());
        }
        clip = dir.resolve("clip.mp4");
        ffmpeg("-framerate", "10", "-i", frames.resolve("%03d.png").toString(), "-f", "lavfi", "-i",
                "sine=frequency=300:duration=1", "-map", "0:v", "-map", "1:a", "-c:v", "libx264", "-crf", "12",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-metadata", "location=+48.8577+002.2950/", clip.toString());
    }

    private static Face scaled(Face f, double dx) {
        BoundingBox b = f.box();
        return new Face(new BoundingBox(0.5 * b.x1() + dx, 0.5 * b.y1(), 0.5 * b.x2() + dx, 0.5 * b.y2()), f.score(),
                f.scheme(), f.landmarks().stream().map(p -> new Point(0.5 * p.x() + dx, 0.5 * p.y())).toList());
    }

    private static byte[] ffmpeg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertEquals(0, p.waitFor(), String.join(" ", command));
        return out.toByteArray();
    }

    private static JsonObject probe(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-print_format", "json", "-show_streams",
                "-show_format", file.toString()).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor());
        return JsonParser.parseString(json).getAsJsonObject();
    }

    private static long streams(JsonObject probe, String type) {
        long n = 0;
        for (var s : probe.getAsJsonArray("streams")) {
            n += s.getAsJsonObject().get("codec_type").getAsString().equals(type) ? 1 : 0;
        }
        return n;
    }

    /** A faces file listing the clip by frame, without the missed frames; {@code faces} of each frame are used. */
    private static Path facesFile(Path where, String name, int faces) throws IOException {
        JsonObject frames = new JsonObject();
        for (int f = 0; f < FRAMES; f++) {
            if (MISSED.contains(f)) {
                continue;
            }
            JsonArray list = new JsonArray();
            for (Face face : FACES.get(f).subList(0, faces)) {
                JsonObject o = new JsonObject();
                JsonArray box = new JsonArray();
                box.add(face.box().x1());
                box.add(face.box().y1());
                box.add(face.box().x2());
                box.add(face.box().y2());
                o.add("box", box);
                JsonArray marks = new JsonArray();
                for (Point p : face.landmarks()) {
                    JsonArray xy = new JsonArray();
                    xy.add(p.x());
                    xy.add(p.y());
                    marks.add(xy);
                }
                o.add("landmarks", marks);
                list.add(o);
            }
            frames.add(Integer.toString(f), list);
        }
        JsonObject root = new JsonObject();
        root.add(name, frames);
        Path file = where.resolve("faces.json");
        Files.writeString(file, root.toString());
        return file;
    }

    /** Decoded frames of a video (rgb24), as the ffmpeg command line gives them. */
    private static List<byte[]> frames(Path video) throws IOException, InterruptedException {
        byte[] all = ffmpeg("-i", video.toString(), "-vsync", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24",
                "-");
        List<byte[]> frames = new ArrayList<>();
        for (int o = 0; o < all.length; o += W * H * 3) {
            frames.add(java.util.Arrays.copyOfRange(all, o, o + W * H * 3));
        }
        return frames;
    }

    private static double meanDifference(byte[] a, byte[] b, BoundingBox box) {
        long sum = 0;
        int n = 0;
        for (int y = (int) Math.ceil(box.y1()); y <= (int) box.y2(); y++) {
            for (int x = (int) Math.ceil(box.x1()); x <= (int) box.x2(); x++) {
                for (int c = 0; c < 3; c++) {
                    int i = (y * W + x) * 3 + c;
                    sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
                    n++;
                }
            }
        }
        return (double) sum / n;
    }

    private static double meanInside(byte[] frame, BoundingBox box) {
        long sum = 0;
        int n = 0;
        for (int y = (int) Math.ceil(box.y1()) + 2; y <= (int) box.y2() - 2; y++) {
            for (int x = (int) Math.ceil(box.x1()) + 2; x <= (int) box.x2() - 2; x++) {
                for (int c = 0; c < 3; c++) {
                    sum += frame[(y * W + x) * 3 + c] & 0xff;
                    n++;
                }
            }
        }
        return (double) sum / n;
    }

    @Test
    void aVideoIsRedactedInEveryFrameAndTheReportListsItsTracks(@TempDir Path tmp) throws Exception {
        Path faces = facesFile(tmp, "clip.mp4", 3);
        Path report = tmp.resolve("report.json");

        FaceAnonCliTest.Run r = FaceAnonCliTest.run("redact", "--method", "black", "--faces", faces.toString(),
                "--report", report.toString(), clip.toString(), "-o", tmp.resolve("out").toString());

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("clip.mp4 -> ") && r.out().contains(": 10 frames, 3 track(s)"), r.out());
        assertTrue(r.out().contains("track 1: frames 0-9 (8 detected, 2 interpolated, 0 predicted, 0 backfilled):"
                + " redacted (black)"), r.out());
        assertTrue(r.out().contains("1 image(s): 1 written (0 without a face), 0 failed; 3 face(s): 3 as asked"),
                r.out());
        assertTrue(r.err().contains("[1/1] clip.mp4") && r.err().contains("frame 10/10"), r.err());
        Path out = tmp.resolve("out/clip.mp4");
        JsonObject probe = probe(out);
        assertEquals(1, streams(probe, "audio"));
        JsonObject tags = probe.getAsJsonObject("format").getAsJsonObject("tags");
        assertFalse(tags != null && tags.has("location"), "metadata kept: " + tags);
        List<byte[]> frames = frames(out);
        assertEquals(FRAMES, frames.size());
        for (int f = 0; f < FRAMES; f++) {
            for (Face face : FACES.get(f)) {
                assertTrue(meanInside(frames.get(f), face.box()) < 10, "frame " + f + " face " + face.box());
            }
        }
        JsonObject video = JsonParser.parseString(Files.readString(report)).getAsJsonObject().getAsJsonArray("images")
                .get(0).getAsJsonObject().getAsJsonObject("video");
        assertEquals(FRAMES, video.get("frames").getAsInt());
        assertEquals(3, video.getAsJsonArray("tracks").size());
        assertEquals(2, video.getAsJsonArray("tracks").get(0).getAsJsonObject().get("interpolated").getAsInt());
        assertEquals(0, video.getAsJsonArray("fallbacks").size());
        assertTrue(video.getAsJsonObject("seconds").get("total").getAsDouble() > 0);
    }

    @Test
    void directoriesPickUpVideosBesidePhotosAndVideoOptionsApply(@TempDir Path tmp) throws Exception {
        Path in = Files.createDirectories(tmp.resolve("in"));
        ffmpeg("-i", clip.toString(), "-c:v", "mpeg4", "-q:v", "2", "-c:a", "copy", in.resolve("clip.mkv").toString());
        ImageFiles.write(SamplePhoto.create().image(), in.resolve("photo.png"));
        JsonObject root = JsonParser.parseString(Files.readString(facesFile(tmp, "clip.mkv", 1))).getAsJsonObject();
        root.add("photo.png", new JsonArray());
        Path faces = Files.writeString(tmp.resolve("all-faces.json"), root.toString());

        FaceAnonCliTest.Run r = FaceAnonCliTest.run("redact", "--faces", faces.toString(), "--no-audio",
                "--video-format", "mov", in.toString(), "-o", tmp.resolve("out").toString());

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(Files.exists(tmp.resolve("out/photo.png")));
        Path video = tmp.resolve("out/clip.mov");
        assertTrue(Files.exists(video), r.out());
        JsonObject probe = probe(video);
        assertEquals(0, streams(probe, "audio"));
        assertEquals(FRAMES, frames(video).size());
    }

    @Test
    void aVideoIsAnonymizedWithTheTinyRandomModel(@TempDir Path tmp) throws Exception {
        Path faces = facesFile(tmp, "clip.mp4", 1);
        FaceAnonCliTest.Run r = FaceAnonCliTest.run("anonymize", "--model", "tiny-random", "--steps", "2", "--seed",
                "3", "--faces", faces.toString(), clip.toString(), "-o", tmp.resolve("out.mp4").toString());

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("track 1: frames 0-9 (8 detected, 2 interpolated, 0 predicted, 0 backfilled):"
                + " anonymized"), r.out());
        assertTrue(r.out().contains("flicker in the face regions"), r.out());
        List<byte[]> before = frames(clip);
        List<byte[]> after = frames(tmp.resolve("out.mp4"));
        for (int f = 0; f < FRAMES; f++) {
            double changed = meanDifference(before.get(f), after.get(f), FACES.get(f).get(0).box());
            assertTrue(changed > 15, "frame " + f + ": the face changed by " + changed + " only");
            double kept = meanDifference(before.get(f), after.get(f), new BoundingBox(W - 30, H - 30, W - 1, H - 1));
            assertTrue(kept < 5, "frame " + f + ": the corner changed by " + kept);
        }
    }

    @Test
    void aVideoListedAsAnImageInTheFacesFileFailsWithTheReason(@TempDir Path tmp) throws IOException {
        Path faces = Files.writeString(tmp.resolve("faces.json"), "{\"clip.mp4\": []}");
        FaceAnonCliTest.Run r = FaceAnonCliTest.run("redact", "--faces", faces.toString(), clip.toString(), "-o",
                tmp.resolve("out").toString());
        assertEquals(ExitCode.IMAGE_FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("a video needs an object that maps frame numbers to faces"), r.out());
        assertFalse(Files.exists(tmp.resolve("out/clip.mp4")));
    }

    @Test
    void trackerSettingsThatLeaveFacesUncoveredAreAUsageError(@TempDir Path tmp) throws IOException {
        FaceAnonCliTest.Run r = FaceAnonCliTest.run("redact", "--faces", facesFile(tmp, "clip.mp4", 1).toString(),
                "--detect-every", "5", "--max-age", "2", clip.toString(), "-o", tmp.resolve("out").toString());
        assertEquals(ExitCode.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("maxAge (2) must be at least detectEvery (5)"), r.err());
    }
}
