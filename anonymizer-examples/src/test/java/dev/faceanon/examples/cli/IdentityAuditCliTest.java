package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.RealPhoto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The identity audit through the command line with the tiny random-weight model and the real recognizer: on the
 * real photo every output face is audited (the tiny model's output is noise, which no longer matches her, so the
 * fail-closed check passes it after one generation), the summary and the JSON report carry the distances and
 * seeds; a missing recognizer offline is one clear line; {@code --identity-check off} needs none.
 */
class IdentityAuditCliTest {
    /** The astronaut photo and a faces file for it. */
    private static Path setUp(Path tmp) throws IOException {
        Files.copy(RealPhoto.astronautFile(), tmp.resolve("astronaut.png"));
        Path faces = tmp.resolve("faces.json");
        FacesFile.write(faces, Map.of("astronaut.png", List.of(RealPhoto.astronautFace())));
        return faces;
    }

    private static FaceAnonCliTest.Run run(String command, boolean tiny, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(List.of(args));
        return tiny ? TinyRandomCliTest.run(all) : FaceAnonCliTest.run(all.toArray(String[]::new));
    }

    private static JsonObject firstFace(Path report) throws IOException {
        return JsonParser.parseString(Files.readString(report)).getAsJsonObject().getAsJsonArray("images").get(0)
                .getAsJsonObject().getAsJsonArray("faces").get(0).getAsJsonObject();
    }

    @Test
    void theRealFaceIsAnonymizedAndAuditedEndToEnd(@TempDir Path tmp) throws IOException {
        Path faces = setUp(tmp);
        Path report = tmp.resolve("report.json");
        FaceAnonCliTest.Run r = run("anonymize", true, "--faces", faces.toString(), "--report", report.toString(),
                tmp.resolve("astronaut.png").toString(), "-o", tmp.resolve("out.png").toString());

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("face 1 at (179, 83) 87x87: anonymized; identity check: no longer matches its"
                + " input (distance "), r.out());
        JsonObject face = firstFace(report);
        JsonObject identity = face.getAsJsonObject("identity");
        assertEquals("changed", identity.get("verdict").getAsString());
        double distance = identity.get("distance").getAsDouble();
        assertTrue(distance > 0.6, "noise is not her: " + distance);
        assertEquals(0.6, identity.get("threshold").getAsDouble());
        // The fail-closed check ran: one generation, its documented seed (the first SplitMix64 output of --seed 7).
        JsonArray tries = identity.getAsJsonArray("tries");
        assertEquals(1, tries.size());
        JsonObject first = tries.get(0).getAsJsonObject();
        assertEquals(1, first.get("try").getAsInt());
        assertEquals(new SplittableRandom(7).nextLong(), first.get("seed").getAsLong());
        assertEquals(distance, first.get("distance").getAsDouble(), 1e-9, "nothing changed after the check");
    }

    @Test
    void aSwapReportsTheDistanceToTheTargetAndToTheIdentity(@TempDir Path tmp) throws IOException {
        Path faces = setUp(tmp);
        Path report = tmp.resolve("report.json");
        Path target = tmp.resolve("target.png");
        Files.copy(RealPhoto.astronautFile(), target);
        FacesFile.write(faces, Map.of("astronaut.png", List.of(RealPhoto.astronautFace()), "target.png",
                List.of(RealPhoto.astronautFace())));
        FaceAnonCliTest.Run r = run("swap", true, "--identity", tmp.resolve("astronaut.png").toString(), "--faces",
                faces.toString(), "--report", report.toString(), target.toString(), "-o",
                tmp.resolve("out.png").toString());

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        JsonObject identity = firstFace(report).getAsJsonObject("identity");
        assertEquals("changed", identity.get("verdict").getAsString());
        // Identity and target are the same person here; noise is neither.
        assertTrue(identity.get("distanceToIdentity").getAsDouble() > 0.6, identity.toString());
        assertTrue(r.out().contains("from the identity face"), r.out());
    }

    @Test
    void aRedactedFaceIsAuditedToo(@TempDir Path tmp) throws IOException {
        Path faces = setUp(tmp);
        Path report = tmp.resolve("report.json");
        FaceAnonCliTest.Run r = run("redact", false, "--method", "black", "--faces", faces.toString(), "--report",
                report.toString(), tmp.resolve("astronaut.png").toString(), "-o", tmp.resolve("out.png").toString());
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        JsonObject identity = firstFace(report).getAsJsonObject("identity");
        assertEquals("changed", identity.get("verdict").getAsString());
        assertTrue(identity.getAsJsonArray("tries").isEmpty());
    }

    @Test
    void theSamplePhotosDrawnFacesGetNoVerdict(@TempDir Path tmp) throws IOException {
        assertEquals(0, FaceAnonCliTest.run("sample-photo", tmp.resolve("demo").toString()).exit());
        FaceAnonCliTest.Run r = run("anonymize", true, "--faces", tmp.resolve("demo/faces.json").toString(),
                tmp.resolve("demo/photo.png").toString(), "-o", tmp.resolve("out").toString());
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertEquals(3, r.out().split("identity check: not measured \\(the recognizer does not tell this face from"
                + " a featureless image", -1).length - 1, r.out());
        assertFalse(r.err().contains("(try 2)"), "drawn faces are not generated again: " + r.err());
    }

    @Test
    void invalidIdentityOptionsAreUsageErrors(@TempDir Path tmp) throws IOException {
        Path faces = setUp(tmp);
        String in = tmp.resolve("astronaut.png").toString();
        String out = tmp.resolve("o.png").toString();
        FaceAnonCliTest.Run swap = run("swap", true, "--identity", in, "--identity-check", "fail-closed", "--faces",
                faces.toString(), in, "-o", out);
        assertEquals(ExitCode.USAGE, swap.exit(), swap.err());
        assertTrue(swap.err().contains("fail-closed applies to anonymize only"), swap.err());
        FaceAnonCliTest.Run threshold = run("anonymize", true, "--identity-threshold", "0", "--faces",
                faces.toString(), in, "-o", out);
        assertEquals(ExitCode.USAGE, threshold.exit(), threshold.err());
        FaceAnonCliTest.Run retries = run("anonymize", true, "--identity-retries", "11", "--faces", faces.toString(),
                in, "-o", out);
        assertEquals(ExitCode.USAGE, retries.exit(), retries.err());
        FaceAnonCliTest.Run mode = run("redact", false, "--identity-check", "sometimes", "--faces", faces.toString(),
                in, "-o", out);
        assertEquals(ExitCode.USAGE, mode.exit(), mode.err());
        assertTrue(mode.err().contains("expected fail-closed, audit or off"), mode.err());
    }

    @Test
    void offlineWithoutTheRecognizerTheToolSaysHowToFetchItOrSwitchTheAuditOff(@TempDir Path home) throws Exception {
        Path faces = setUp(home);
        List<String> args = new ArrayList<>(List.of("anonymize", "--model", "tiny-random", "--steps", "4"));
        args.addAll(List.of("--faces", faces.toString(), home.resolve("astronaut.png").toString(), "-o",
                home.resolve("out.png").toString()));
        Map<String, String> offline = Map.of("HF_HUB_OFFLINE", "1");
        CliProcess.Result missing = CliProcess.run(home, offline, args.toArray(String[]::new));
        assertEquals(ExitCode.ERROR, missing.exit(), missing.err());
        List<String> lines = missing.err().lines().filter(l -> l.startsWith("faceanon: The identity audit")).toList();
        assertEquals(1, lines.size(), missing.err());
        assertTrue(lines.get(0).contains("npm pack @vladmandic/face-api@1.7.15"), lines.get(0));
        assertTrue(lines.get(0).contains("--identity-check off"), lines.get(0));
        assertFalse(missing.err().contains("Exception"), missing.err());
        assertFalse(Files.exists(home.resolve("out.png")));

        args.add(1, "--identity-check");
        args.add(2, "off");
        CliProcess.Result off = CliProcess.run(home, offline, args.toArray(String[]::new));
        assertEquals(ExitCode.OK, off.exit(), off.out() + off.err());
        assertFalse(off.out().contains("identity check"), off.out());
        assertTrue(Files.exists(home.resolve("out.png")));
    }
}
