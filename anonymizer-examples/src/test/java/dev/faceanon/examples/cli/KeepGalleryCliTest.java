package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.RealPhoto;
import dev.faceanon.batch.TestImages;
import dev.faceanon.djl.recognition.FaceApiRecognizer;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --keep DIR}: on a photo with two faces, one of them in the gallery, that face comes out byte for byte as
 * it went in and is reported as kept with the entry and the distance; the other is processed. Also for redact and
 * swap, and a gallery that cannot be used is an error naming the file.
 */
class KeepGalleryCliTest {
    /** The test photo's premise, checked with the recognizer the CLI loads. */
    @Test
    void theTwoFacesAreDifferentPeopleAndBothAreFacesToTheRecognizer() {
        RealPhoto.TwoFaces two = RealPhoto.twoFaces();
        RgbImage photo = new BufferedImageConverter().toRgbImage(two.image());
        byte[] grey = new byte[photo.width() * photo.height() * 3];
        Arrays.fill(grey, (byte) 128);
        RgbImage blank = RgbImage.of(photo.width(), photo.height(), grey);
        try (FaceApiRecognizer r = FaceApiRecognizer.load()) {
            FaceDescriptor astronaut = r.describe(photo, two.astronaut());
            FaceDescriptor other = r.describe(photo, two.other());
            double apart = astronaut.distanceTo(other);
            double otherToBlank = other.distanceTo(r.describe(blank, two.other()));
            System.out.printf("two faces: %.3f apart; the second %.3f from a blank%n", apart, otherToBlank);
            assertTrue(apart > 0.6, "different people: " + apart);
            assertTrue(otherToBlank > 0.6, "a face to the recognizer: " + otherToBlank);
            // In the composed photo the astronaut is described exactly as in her own photo.
            assertEquals(0, astronaut.distanceTo(r.describe(new BufferedImageConverter().toRgbImage(
                    RealPhoto.astronaut()), RealPhoto.astronautFace())), 1e-6);
        }
    }

    /** The two-face photo in {@code in/}, the astronaut's own photo in {@code keep/}, and a faces file for both. */
    private static Path setUp(Path tmp) throws IOException {
        RealPhoto.TwoFaces two = RealPhoto.twoFaces();
        Files.createDirectories(tmp.resolve("in"));
        Files.createDirectories(tmp.resolve("keep"));
        ImageFiles.write(two.image(), tmp.resolve("in/two.png"));
        Files.copy(RealPhoto.astronautFile(), tmp.resolve("keep/astronaut.png"));
        Path faces = tmp.resolve("faces.json");
        FacesFile.write(faces, Map.of("two.png", List.of(two.astronaut(), two.other()),
                "astronaut.png", List.of(RealPhoto.astronautFace())));
        return faces;
    }

    private static FaceAnonCliTest.Run run(String command, boolean tiny, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        return tiny ? TinyRandomCliTest.run(all) : FaceAnonCliTest.run(all.toArray(String[]::new));
    }

    private static void assertBoxUnchanged(BufferedImage before, BufferedImage after, BoundingBox box) {
        for (int y = (int) box.y1(); y <= (int) Math.ceil(box.y2()); y++) {
            for (int x = (int) box.x1(); x <= (int) Math.ceil(box.x2()); x++) {
                assertEquals(before.getRGB(x, y), after.getRGB(x, y), "kept face changed at " + x + "," + y);
            }
        }
    }

    private static long changedPixels(BufferedImage before, BufferedImage after, BoundingBox box) {
        long changed = 0;
        for (int y = (int) box.y1(); y < (int) box.y2(); y++) {
            for (int x = (int) box.x1(); x < (int) box.x2(); x++) {
                if (before.getRGB(x, y) != after.getRGB(x, y)) {
                    changed++;
                }
            }
        }
        return changed;
    }

    private static JsonArray faces(Path report) throws IOException {
        return JsonParser.parseString(Files.readString(report)).getAsJsonObject().getAsJsonArray("images").get(0)
                .getAsJsonObject().getAsJsonArray("faces");
    }

    private static JsonObject kept(JsonArray faces) {
        for (var f : faces) {
            if (f.getAsJsonObject().get("action").getAsString().equals("kept")) {
                return f.getAsJsonObject();
            }
        }
        throw new AssertionError("no kept face in " + faces);
    }

    private void assertKeptAndProcessed(Path tmp, FaceAnonCliTest.Run r, Path output) throws IOException {
        RealPhoto.TwoFaces two = RealPhoto.twoFaces();
        BufferedImage before = TestImages.read(tmp.resolve("in/two.png"));
        BufferedImage after = TestImages.read(output);
        assertBoxUnchanged(before, after, two.astronaut().box());
        long changed = changedPixels(before, after, two.other().box());
        BoundingBox o = two.other().box();
        assertTrue(changed > 0.9 * (o.x2() - o.x1()) * (o.y2() - o.y1()), "the other face is processed: " + changed);
        assertTrue(r.out().contains(": kept (matches keep gallery entry \"astronaut.png\" (distance 0.00))"), r.out());
        JsonObject kept = kept(faces(tmp.resolve("report.json")));
        assertEquals("astronaut.png", kept.getAsJsonObject("kept").get("entry").getAsString());
        assertEquals(0, kept.getAsJsonObject("kept").get("distance").getAsDouble(), 1e-6);
        assertTrue(kept.get("asked").getAsBoolean());
        assertTrue(r.err().contains("keep gallery of 1 reference photo(s)"), r.err());
    }

    @Test
    void anonymizeKeepsTheFaceInTheGalleryByteForByteAndAnonymizesTheOther(@TempDir Path tmp) throws IOException {
        Path faces = setUp(tmp);
        FaceAnonCliTest.Run r = run("anonymize", true, "--faces", faces.toString(), "--keep",
                tmp.resolve("keep").toString(), "--report", tmp.resolve("report.json").toString(),
                tmp.resolve("in/two.png").toString(), "-o", tmp.resolve("out.png").toString());
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertKeptAndProcessed(tmp, r, tmp.resolve("out.png"));
        assertTrue(r.out().contains("2 face(s): 2 as asked, 0 fell back, 1 kept (keep gallery)"), r.out());
        assertTrue(r.out().contains(": anonymized; identity check: no longer matches its input"), r.out());
    }

    @Test
    void redactKeepsTheFaceInTheGalleryAndRedactsTheOther(@TempDir Path tmp) throws IOException {
        Path faces = setUp(tmp);
        FaceAnonCliTest.Run r = run("redact", false, "--method", "black", "--faces", faces.toString(), "--keep",
                tmp.resolve("keep").toString(), "--report", tmp.resolve("report.json").toString(),
                tmp.resolve("in/two.png").toString(), "-o", tmp.resolve("out.png").toString());
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertKeptAndProcessed(tmp, r, tmp.resolve("out.png"));
        assertTrue(r.out().contains(": redacted (black); identity check: no longer matches its input"), r.out());
    }

    @Test
    void swapKeepsTheFaceInTheGalleryAndSwapsTheOther(@TempDir Path tmp) throws IOException {
        Path faces = setUp(tmp);
        FaceAnonCliTest.Run r = run("swap", true, "--identity", tmp.resolve("keep/astronaut.png").toString(),
                "--faces", faces.toString(), "--keep", tmp.resolve("keep").toString(), "--report",
                tmp.resolve("report.json").toString(), tmp.resolve("in/two.png").toString(), "-o",
                tmp.resolve("out.png").toString());
        assertTrue(r.exit() == ExitCode.OK || r.exit() == ExitCode.FACE_FALLBACK, r.out() + r.err());
        assertKeptAndProcessed(tmp, r, tmp.resolve("out.png"));
        JsonObject swapped = faces(tmp.resolve("report.json")).get(0).getAsJsonObject();
        assertEquals("swapped", swapped.get("action").getAsString());
        assertTrue(swapped.getAsJsonObject("identity").has("distanceToIdentity"), swapped.toString());
    }

    @Test
    void aReferencePhotoWithoutAFaceIsAnErrorNamingIt(@TempDir Path tmp) throws IOException {
        Path faces = setUp(tmp);
        ImageFiles.write(SamplePhoto.create().image(), tmp.resolve("keep/empty-room.png"));
        FacesFile.write(faces, Map.of("two.png", List.of(RealPhoto.twoFaces().astronaut()),
                "astronaut.png", List.of(RealPhoto.astronautFace()), "empty-room.png", List.<Face>of()));
        FaceAnonCliTest.Run r = run("redact", false, "--faces", faces.toString(), "--keep",
                tmp.resolve("keep").toString(), tmp.resolve("in/two.png").toString(), "-o",
                tmp.resolve("out.png").toString());
        assertEquals(ExitCode.ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("no face found in the reference photo \"empty-room.png\""), r.err());
        assertTrue(Files.notExists(tmp.resolve("out.png")), "nothing processed");
    }

    @Test
    void anUnusableGalleryIsAnErrorBeforeAnyImageIsProcessed(@TempDir Path tmp) throws IOException {
        Path faces = setUp(tmp);
        Files.writeString(tmp.resolve("keep/phone.heic"), "not readable here");
        FaceAnonCliTest.Run r = run("redact", false, "--faces", faces.toString(), "--keep",
                tmp.resolve("keep").toString(), tmp.resolve("in/two.png").toString(), "-o",
                tmp.resolve("out.png").toString());
        assertEquals(ExitCode.ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("cannot use \"phone.heic\" (unsupported format"), r.err());

        Path empty = Files.createDirectories(tmp.resolve("none"));
        FaceAnonCliTest.Run none = run("redact", false, "--faces", faces.toString(), "--keep", empty.toString(),
                tmp.resolve("in/two.png").toString(), "-o", tmp.resolve("out.png").toString());
        assertEquals(ExitCode.ERROR, none.exit(), none.out() + none.err());
        assertTrue(none.err().contains("holds no reference photo"), none.err());

        FaceAnonCliTest.Run off = run("redact", false, "--faces", faces.toString(), "--keep", empty.toString(),
                "--identity-check", "off", tmp.resolve("in/two.png").toString(), "-o", tmp.resolve("out.png")
                        .toString());
        assertEquals(ExitCode.USAGE, off.exit(), off.out() + off.err());
        assertTrue(off.err().contains("--keep needs the face recognizer"), off.err());
    }
}
