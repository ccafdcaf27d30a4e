package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import dev.faceanon.batch.TestImages;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line end to end on what needs no model weights: redaction with caller-supplied faces
 * over directories, bad files among good ones, unwritable outputs, exit codes, usage errors.
 */
class FaceAnonCliTest {

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        CommandLine cli = FaceAnonCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    /** Writes the sample photo under each name in {@code dir} and a faces file listing them all. */
    static Path samples(Path dir, String... names) throws IOException {
        SamplePhoto sample = SamplePhoto.create();
        Map<String, List<dev.faceanon.face.Face>> faces = new java.util.HashMap<>();
        for (String name : names) {
            ImageFiles.write(sample.image(), dir.resolve(name));
            faces.put(name, sample.faces());
        }
        Path file = dir.getParent().resolve(dir.getFileName() + "-faces.json");
        FacesFile.write(file, faces);
        return file;
    }

    @Test
    void redactProcessesADirectoryAndSkipsTheBadFiles(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.createDirectories(in.resolve("sub"));
        Path faces = samples(in, "a.png", "sub/b.jpg");
        Path corrupt = Files.writeString(in.resolve("sub/corrupt.jpg"), "not a jpeg");
        String hashA = TestImages.sha256(in.resolve("a.png"));
        Path out = tmp.resolve("out");
        Path report = tmp.resolve("report.json");

        Run r = run("redact", "--faces", faces.toString(), "--method", "black", "--report", report.toString(),
                in.toString(), "-o", out.toString());

        assertEquals(ExitCode.IMAGE_FAILED, r.exit(), r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("a.png")));
        assertTrue(Files.isRegularFile(out.resolve("sub/b.jpg")));
        assertFalse(Files.exists(out.resolve("sub/corrupt.jpg")));
        assertTrue(r.out().contains("sub/corrupt.jpg: FAILED, skipped: not a readable image"), r.out());
        assertTrue(r.out().contains("3 image(s): 2 written (0 without a face), 1 failed; 6 face(s): 6 as asked"), r.out());
        assertEquals(hashA, TestImages.sha256(in.resolve("a.png")), "input modified");
        assertEquals("not a jpeg", Files.readString(corrupt));

        // Black-out: the pixel at each face's nose is black, the sky above the faces is untouched.
        BufferedImage result = TestImages.read(out.resolve("a.png"));
        BufferedImage original = TestImages.read(in.resolve("a.png"));
        for (dev.faceanon.face.Face f : SamplePhoto.create().faces()) {
            dev.faceanon.face.Point nose = f.landmarks().get(2);
            assertEquals(0, result.getRGB((int) nose.x(), (int) nose.y()) & 0xffffff);
        }
        assertEquals(original.getRGB(5, 5), result.getRGB(5, 5));

        JsonObject json = JsonParser.parseString(Files.readString(report)).getAsJsonObject();
        assertEquals(3, json.getAsJsonArray("images").size());
        JsonObject failed = json.getAsJsonArray("images").asList().stream().map(e -> e.getAsJsonObject())
                .filter(o -> o.get("name").getAsString().equals("sub/corrupt.jpg")).findFirst().orElseThrow();
        assertTrue(failed.get("output").isJsonNull());
        assertTrue(failed.get("error").getAsString().startsWith("not a readable image"));
    }

    @Test
    void existingOutputsAreKeptUnlessOverwriteIsGiven(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path faces = samples(in, "a.png");
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path existing = Files.writeString(out.resolve("a.png"), "keep me");

        Run r = run("redact", "--faces", faces.toString(), in.resolve("a.png").toString(), "-o", out.toString());
        assertEquals(ExitCode.IMAGE_FAILED, r.exit());
        assertTrue(r.out().contains("exists; use --overwrite"), r.out());
        assertEquals("keep me", Files.readString(existing));

        r = run("redact", "--overwrite", "--faces", faces.toString(), in.resolve("a.png").toString(), "-o",
                out.toString());
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertNotEquals("keep me", new String(Files.readAllBytes(existing), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void anUnwritableOutputIsReportedPerImage(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path faces = samples(in, "a.png", "b.png");
        Path out = Files.createDirectories(tmp.resolve("out"));
        // A directory where the output file of a.png should go: it cannot be replaced by an image.
        Files.createDirectories(out.resolve("a.png"));
        Files.writeString(out.resolve("a.png").resolve("x"), "x");

        Run r = run("redact", "--overwrite", "--faces", faces.toString(), in.toString(), "-o", out.toString());
        assertEquals(ExitCode.IMAGE_FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("a.png: FAILED, skipped: cannot write " + out.resolve("a.png")), r.out());
        assertFalse(r.out().contains("Exception") || r.out().contains(".part"), "internals leak: " + r.out());
        assertTrue(Files.isRegularFile(out.resolve("b.png")));
    }

    @Test
    void anOutputInsideAFileIsReportedNotCrashed(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path faces = samples(in, "a.png");
        Path blocker = Files.writeString(tmp.resolve("blocker"), "x");

        Run r = run("redact", "--faces", faces.toString(), in.resolve("a.png").toString(), "-o",
                blocker.resolve("out.png").toString());
        assertEquals(ExitCode.IMAGE_FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("a.png: FAILED, skipped: "), r.out());
        assertTrue(r.out().contains(blocker.toString()), "the message names the path: " + r.out());
        assertTrue(r.out().contains(blocker + " is a file, not a directory"), r.out());
        assertFalse(r.out().contains("Exception"), "internals leak: " + r.out());
    }

    @Test
    void anImageMissingFromTheFacesFileIsNotPassedThrough(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        samples(in, "a.png");
        Path faces = Files.writeString(tmp.resolve("f.json"), "{}");
        Run r = run("redact", "--faces", faces.toString(), in.toString(), "-o", tmp.resolve("out").toString());
        assertEquals(ExitCode.IMAGE_FAILED, r.exit());
        assertFalse(Files.exists(tmp.resolve("out/a.png")));
        assertTrue(r.out().contains("does not list \"a.png\""), r.out());
    }

    @Test
    void anUnwritableReportIsRefusedBeforeAnyWork(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path faces = samples(in, "a.png");
        Path report = Files.createDirectories(tmp.resolve("report.json"));
        Run r = run("redact", "--faces", faces.toString(), "--report", report.toString(), in.toString(), "-o",
                tmp.resolve("out").toString());
        assertEquals(ExitCode.ERROR, r.exit());
        assertTrue(r.err().startsWith("faceanon: cannot write the report"), r.err());
        assertFalse(Files.exists(tmp.resolve("out/a.png")));
    }

    @Test
    void samplePhotoWritesAPhotoAndItsFaces(@TempDir Path tmp) {
        Run r = run("sample-photo", tmp.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, FacesFile.read(tmp.resolve("faces.json"))
                .facesOf("photo.png", tmp.resolve("photo.png")).size());
    }

    @Test
    void fatalProblemsAreOneLineAndExitCodeOne(@TempDir Path dir) throws IOException {
        Run r = run("anonymize", "--models", dir.toString(), dir.resolve("nope.jpg").toString(), "-o",
                dir.resolve("out").toString());
        assertEquals(ExitCode.ERROR, r.exit());
        assertTrue(r.err().startsWith("faceanon: input not found: "), r.err());

        Path bad = Files.write(dir.resolve("w.safetensors"), new byte[] {1, 2, 3});
        r = run("inspect-weights", bad.toString());
        assertEquals(ExitCode.ERROR, r.exit());
        assertTrue(r.err().startsWith("faceanon: " + bad), r.err());

        assertEquals(ExitCode.ERROR, run("golden-check", dir.toString()).exit());

        Path photo = dir.resolve("photo.png");
        ImageFiles.write(TestImages.pattern(64, 64), photo);
        Path empty = Files.createDirectories(dir.resolve("no-models"));
        // Without the recognizer, whose absence offline is an error of its own (IdentityAuditCliTest).
        r = run("anonymize", "--offline", "--identity-check", "off", "--models", empty.toString(), photo.toString(),
                "-o", dir.resolve("anon").toString());
        assertEquals(ExitCode.ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("faceanon: ") && r.err().contains("face-anon-simple"), r.err());
        assertFalse(Files.exists(dir.resolve("anon")), "nothing is written when the models cannot be loaded");

        Path img = dir.resolve("a.png");
        ImageFiles.write(TestImages.pattern(8, 8), img);
        r = run("redact", "--faces", dir.resolve("none.json").toString(), img.toString(), "-o", dir.resolve("o").toString());
        assertEquals(ExitCode.ERROR, r.exit());
        assertTrue(r.err().startsWith("faceanon: faces file not found"), r.err());
    }

    @Test
    void badCommandLinesAreUsageErrors(@TempDir Path dir) {
        Run r = run("anonymize", "--sampler", "EULER", "a.jpg", "-o", "b");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("--sampler"), r.err());

        r = run("anonymize", "a.jpg");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("--output"), r.err());

        r = run("anonymize", "--steps", "0", "a.jpg", "-o", "b");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("steps"), r.err());

        r = run("anonymize", "--detection-size", "10", "a.jpg", "-o", "b");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("detectionSize"), r.err());

        r = run("anonymize", "--model", "tiny-random", "a.jpg", "-o", "b");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("--faces FILE.json"), r.err());

        r = run("anonymize", "--model", "tiny-random", "--models", dir.toString(), "--aligned", "a.jpg", "-o", "b");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("--models does not apply"), r.err());

        r = run("anonymize", "--model", "huge", "a.jpg", "-o", "b");
        assertEquals(ExitCode.USAGE, r.exit());
        assertTrue(r.err().contains("published or tiny-random"), r.err());
    }
}
