package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.ImageSeeds;
import dev.faceanon.batch.TestImages;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain through the command line, offline, on the tiny random-weight model: a generated
 * photo with caller-supplied faces is anonymized end to end, the output and the summary are written,
 * the input is untouched. Four steps keep it to seconds.
 */
class TinyRandomCliTest {

    private static final String[] FAST = {"--model", "tiny-random", "--steps", "4", "--seed", "7"};

    /** Runs a command with the tiny model, four steps and seed 7: the command's name first, then its arguments. */
    static FaceAnonCliTest.Run run(List<String> args) {
        List<String> all = new ArrayList<>(List.of(args.get(0)));
        all.addAll(List.of(FAST));
        all.addAll(args.subList(1, args.size()));
        return FaceAnonCliTest.run(all.toArray(String[]::new));
    }

    @Test
    void aGeneratedPhotoIsAnonymizedEndToEnd(@TempDir Path tmp) throws IOException {
        assertEquals(0, FaceAnonCliTest.run("sample-photo", tmp.resolve("demo").toString()).exit());
        Path photo = tmp.resolve("demo/photo.png");
        String before = TestImages.sha256(photo);
        Path out = tmp.resolve("out");
        Path report = tmp.resolve("report.json");

        FaceAnonCliTest.Run r = run(List.of("anonymize", "--faces", tmp.resolve("demo/faces.json").toString(),
                "--report", report.toString(), photo.toString(), "-o", out.toString()));

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("NOT a real face"), r.err());
        assertTrue(r.err().contains("[1/1] photo.png"), r.err());
        assertTrue(r.out().contains("3 face(s): 3 as asked, 0 fell back"), r.out());
        assertEquals(before, TestImages.sha256(photo), "input modified");

        BufferedImage original = TestImages.read(photo);
        BufferedImage result = TestImages.read(out.resolve("photo.png"));
        assertEquals(original.getWidth(), result.getWidth());
        for (Face f : SamplePhoto.create().faces()) {
            Point nose = f.landmarks().get(2);
            assertNotEquals(original.getRGB((int) nose.x(), (int) nose.y()), result.getRGB((int) nose.x(),
                    (int) nose.y()), "face at " + f.box() + " unchanged");
        }
        // Far from every face (the paste squares are about twice the face boxes), nothing changes.
        for (int[] p : new int[][] {{5, 5}, {630, 10}, {320, 410}, {5, 410}}) {
            assertEquals(original.getRGB(p[0], p[1]), result.getRGB(p[0], p[1]), "changed at " + p[0] + "," + p[1]);
        }
        JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        JsonObject image = json.getAsJsonArray("images").get(0).getAsJsonObject();
        assertEquals(3, image.getAsJsonArray("faces").size());
        assertEquals("anonymized", image.getAsJsonArray("faces").get(0).getAsJsonObject().get("action").getAsString());
    }

    @Test
    void aFaceTooSmallToAnonymizeIsRedactedAndTheExitCodeSaysSo(@TempDir Path tmp) throws IOException {
        SamplePhoto sample = SamplePhoto.create();
        Path photo = tmp.resolve("p.png");
        ImageFiles.write(sample.image(), photo);
        // A 10-pixel face in the sky: below the minimum size, so it must be redacted (black by default).
        Face tiny = new Face(new BoundingBox(300, 20, 310, 30), 1, LandmarkScheme.FIVE_POINT, List.of(
                new Point(302, 23), new Point(308, 23), new Point(305, 25), new Point(303, 28), new Point(307, 28)));
        List<Face> faces = new ArrayList<>(sample.faces());
        faces.add(tiny);
        Path facesFile = tmp.resolve("f.json");
        FacesFile.write(facesFile, Map.of("p.png", faces));

        FaceAnonCliTest.Run r = run(List.of("anonymize", "--faces", facesFile.toString(), photo.toString(), "-o",
                tmp.resolve("o.png").toString()));

        assertEquals(ExitCode.FACE_FALLBACK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(": redacted ("), r.out());
        assertTrue(r.out().contains("4 face(s): 3 as asked, 1 fell back"), r.out());
        assertEquals(0, TestImages.read(tmp.resolve("o.png")).getRGB(305, 25) & 0xffffff, "tiny face not blacked out");
    }

    @Test
    void alignedCropsAreAnonymizedWithoutAnyFaces(@TempDir Path tmp) throws IOException {
        Path crops = Files.createDirectories(tmp.resolve("crops"));
        ImageFiles.write(TestImages.pattern(128, 128), crops.resolve("a.png"));
        ImageFiles.write(TestImages.pattern(96, 96), crops.resolve("b.jpg"));

        FaceAnonCliTest.Run r = run(List.of("anonymize", "--aligned", crops.toString(), "-o",
                tmp.resolve("out").toString()));

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertEquals(128, TestImages.read(tmp.resolve("out/a.png")).getWidth());
        assertEquals(96, TestImages.read(tmp.resolve("out/b.jpg")).getWidth(), "a crop keeps its size");
    }

    @Test
    void anIdentityIsSwappedIntoEveryFace(@TempDir Path tmp) throws IOException {
        SamplePhoto sample = SamplePhoto.create();
        Path identity = tmp.resolve("id.png");
        Path target = tmp.resolve("target.png");
        ImageFiles.write(sample.image(), identity);
        ImageFiles.write(sample.image(), target);
        Path facesFile = tmp.resolve("f.json");
        FacesFile.write(facesFile, Map.of("id.png", sample.faces().subList(0, 1), "target.png", sample.faces()));

        FaceAnonCliTest.Run r = run(List.of("swap", "--identity", identity.toString(), "--faces",
                facesFile.toString(), target.toString(), "-o", tmp.resolve("out").toString()));

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("3 face(s): 3 as asked"), r.out());
        assertFalse(Files.exists(tmp.resolve("out/id.png")));
        BufferedImage swapped = TestImages.read(tmp.resolve("out/target.png"));
        Point nose = sample.faces().get(1).landmarks().get(2);
        assertNotEquals(sample.image().getRGB((int) nose.x(), (int) nose.y()),
                swapped.getRGB((int) nose.x(), (int) nose.y()));
    }

    @Test
    void aJobSeedGivesEachImageTheSeedItsNameDerivesAndThatSeedReproducesIt(@TempDir Path tmp) throws IOException {
        SamplePhoto sample = SamplePhoto.create();
        Path in = Files.createDirectories(tmp.resolve("in/sub"));
        ImageFiles.write(sample.image(), tmp.resolve("in/a.png"));
        ImageFiles.write(sample.image(), in.resolve("b.png"));
        Path facesFile = tmp.resolve("f.json");
        FacesFile.write(facesFile, Map.of("a.png", sample.faces(), "sub/b.png", sample.faces()));
        Path report = tmp.resolve("report.json");
        String[] model = {"--model", "tiny-random", "--steps", "2", "--faces", facesFile.toString()};

        List<String> batch = new ArrayList<>(List.of("anonymize", "--job-seed", "42", "--report", report.toString()));
        batch.addAll(List.of(model));
        batch.addAll(List.of(tmp.resolve("in").toString(), "-o", tmp.resolve("out").toString()));
        FaceAnonCliTest.Run r = FaceAnonCliTest.run(batch.toArray(String[]::new));

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        long seedB = ImageSeeds.of(42, "sub/b.png");
        for (var image : JsonParser.parseString(Files.readString(report)).getAsJsonObject().getAsJsonArray("images")) {
            String name = image.getAsJsonObject().get("name").getAsString();
            for (var face : image.getAsJsonObject().getAsJsonArray("faces")) {
                assertEquals(ImageSeeds.of(42, name), face.getAsJsonObject().get("seed").getAsLong(), name);
            }
        }
        byte[] a = Files.readAllBytes(tmp.resolve("out/a.png"));
        byte[] b = Files.readAllBytes(tmp.resolve("out/sub/b.png"));
        assertFalse(java.util.Arrays.equals(a, b), "one photo under two names gets two seeds, so two new faces");

        List<String> alone = new ArrayList<>(List.of("anonymize", "--seed", Long.toString(seedB)));
        alone.addAll(List.of(model));
        alone.addAll(List.of(in.resolve("b.png").toString(), "-o", tmp.resolve("alone").toString()));
        // Alone, b.png is named by its file name: list it so in a faces file of its own.
        FacesFile.write(facesFile, Map.of("b.png", sample.faces()));
        assertEquals(ExitCode.OK, FaceAnonCliTest.run(alone.toArray(String[]::new)).exit());
        assertTrue(java.util.Arrays.equals(b, Files.readAllBytes(tmp.resolve("alone/b.png"))),
                "the reported seed reproduces the image alone");

        FaceAnonCliTest.Run both = FaceAnonCliTest.run("anonymize", "--seed", "1", "--job-seed", "2", "--model",
                "tiny-random", "--faces", facesFile.toString(), in.toString(), "-o", tmp.resolve("x").toString());
        assertEquals(ExitCode.USAGE, both.exit(), both.err());
        assertTrue(both.err().contains("use one of them"), both.err());
    }
}
