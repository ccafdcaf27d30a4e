package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.TestImages;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.testing.RealAstronaut;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faces whose geometry is absurd or whose landmarks do not fit their box, through the command line:
 * each is one reported face, the batch goes on, the exit code says a face fell back, and every box
 * the summary lists is covered in the output.
 */
class FaceGeometryCliTest {

    private static final String[] TINY = {"--model", "tiny-random", "--steps", "2", "--seed", "3"};

    /** A box at 1e300 with its landmarks there too: finite, accepted by the faces file. */
    private static Face absurd() {
        return new Face(new BoundingBox(1e300, 1e300, 2e300, 2e300), 0.9, LandmarkScheme.FIVE_POINT,
                Collections.nCopies(5, new Point(1.5e300, 1.5e300)));
    }

    /** The first sample face with its landmarks moved onto the second face. */
    private static Face landmarksOffItsBox(SamplePhoto sample) {
        Face f = sample.faces().get(0);
        double dx = sample.faces().get(1).box().x1() - f.box().x1();
        return new Face(f.box(), f.score(), f.scheme(), f.landmarks().stream()
                .map(p -> new Point(p.x() + dx, p.y())).toList());
    }

    /** Writes a.png, b.png and c.png (the sample photo); a.png's faces are {@code first}. */
    private static Path batch(Path in, List<Face> first) throws IOException {
        SamplePhoto sample = SamplePhoto.create();
        Files.createDirectories(in);
        for (String name : List.of("a.png", "b.png", "c.png")) {
            ImageFiles.write(sample.image(), in.resolve(name));
        }
        Path faces = in.resolveSibling("faces.json");
        FacesFile.write(faces, Map.of("a.png", first, "b.png", sample.faces(), "c.png", sample.faces()));
        return faces;
    }

    private static void assertBoxBlack(BufferedImage image, BoundingBox b, String what) {
        int checked = 0;
        double bottom = Math.min(image.getHeight() - 1, b.y2() + 0.5);
        double right = Math.min(image.getWidth() - 1, b.x2() + 0.5);
        for (int y = (int) Math.max(0, Math.ceil(b.y1() - 0.5)); y <= bottom; y++) {
            for (int x = (int) Math.max(0, Math.ceil(b.x1() - 0.5)); x <= right; x++) {
                assertEquals(0, image.getRGB(x, y) & 0xFFFFFF, what + " at " + x + "," + y);
                checked++;
            }
        }
        assertTrue(checked > 1000, what + ": " + checked + " pixels");
    }

    @Test
    void redactReportsAnAbsurdBoxAndMisfitLandmarksAndProcessesTheRest(@TempDir Path tmp) throws IOException {
        SamplePhoto sample = SamplePhoto.create();
        Face off = landmarksOffItsBox(sample);
        List<Face> first = new ArrayList<>(List.of(absurd(), off));
        first.addAll(sample.faces().subList(1, 3));
        Path faces = batch(tmp.resolve("in"), first);
        Path out = tmp.resolve("out");
        Path report = tmp.resolve("report.json");

        FaceAnonCliTest.Run r = FaceAnonCliTest.run("redact", "--method", "black", "--faces", faces.toString(),
                "--report", report.toString(), tmp.resolve("in").toString(), "-o", out.toString());

        assertEquals(ExitCode.FACE_FALLBACK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("3 image(s): 3 written (0 without a face), 0 failed; 10 face(s): 8 as asked,"
                + " 2 fell back"), r.out());
        assertTrue(r.out().contains("redacted (black) (its box lies outside the 640x420 photo)"), r.out());
        assertTrue(r.out().contains("redacted (black) (landmarks cannot be aligned: "), r.out());
        assertTrue(r.out().contains("face 1 at (1.00e+300, 1.00e+300) 1.00e+300x1.00e+300"), r.out());
        BufferedImage a = TestImages.read(out.resolve("a.png"));
        assertBoxBlack(a, off.box(), "the box of the face whose landmarks point elsewhere");
        for (Face f : sample.faces()) {
            assertBoxBlack(TestImages.read(out.resolve("c.png")), f.box(), "a face of the last image");
        }
        JsonArray images = JsonParser.parseString(Files.readString(report)).getAsJsonObject().getAsJsonArray("images");
        JsonObject face = images.get(0).getAsJsonObject().getAsJsonArray("faces").get(0).getAsJsonObject();
        assertEquals(false, face.get("asked").getAsBoolean());
        assertEquals("its box lies outside the 640x420 photo", face.get("reason").getAsString());
    }

    @Test
    void anonymizeRedactsAndReportsTheFacesItCannotPlaceAndProcessesTheRest(@TempDir Path tmp) throws IOException {
        SamplePhoto sample = SamplePhoto.create();
        Face off = landmarksOffItsBox(sample);
        List<Face> first = new ArrayList<>(List.of(absurd(), off));
        first.addAll(sample.faces().subList(1, 3));
        Path faces = batch(tmp.resolve("in"), first);
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("anonymize"));
        args.addAll(List.of(TINY));
        args.addAll(List.of("--faces", faces.toString(), tmp.resolve("in").toString(), "-o", out.toString()));

        FaceAnonCliTest.Run r = FaceAnonCliTest.run(args.toArray(String[]::new));

        assertEquals(ExitCode.FACE_FALLBACK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("3 image(s): 3 written (0 without a face), 0 failed; 10 face(s): 8 as asked,"
                + " 2 fell back"), r.out());
        assertTrue(r.out().contains(": redacted (its box lies outside the 640x420 photo)"), r.out());
        assertTrue(r.out().contains(": redacted (landmarks cannot be aligned: "), r.out());
        assertBoxBlack(TestImages.read(out.resolve("a.png")), off.box(), "the face whose landmarks point elsewhere");
        BufferedImage original = sample.image();
        BufferedImage last = TestImages.read(out.resolve("c.png"));
        for (Face f : sample.faces()) {
            Point nose = f.landmarks().get(2);
            assertTrue(original.getRGB((int) nose.x(), (int) nose.y()) != last.getRGB((int) nose.x(), (int) nose.y()),
                    "the last image's faces are anonymized");
        }
    }

    @Test
    void aRealPhotoWithItsRealLandmarksIsAnonymizedAsAsked(@TempDir Path tmp) throws IOException {
        Path real = RealAstronaut.directory();
        Path photo = real.resolve("astronaut.png");
        List<String> args = new ArrayList<>(List.of("anonymize"));
        args.addAll(List.of(TINY));
        args.addAll(List.of("--faces", real.resolve("faces.json").toString(), photo.toString(), "-o",
                tmp.resolve("out").toString()));

        FaceAnonCliTest.Run r = FaceAnonCliTest.run(args.toArray(String[]::new));

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("face 1 at (179, 83) 87x87: anonymized"), r.out());
        BufferedImage before = TestImages.read(photo);
        BufferedImage after = TestImages.read(tmp.resolve("out/astronaut.png"));
        int changed = 0;
        for (int y = 83; y <= 170; y++) {
            for (int x = 179; x <= 266; x++) {
                changed += before.getRGB(x, y) != after.getRGB(x, y) ? 1 : 0;
            }
        }
        assertTrue(changed > 0.95 * 88 * 88, changed + " of the box's pixels changed");
    }
}
