package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directories with entries that cannot be processed, through the command line: each is skipped
 * and named in the summary and the report, and the rest of the batch goes on.
 */
class DirectoryScanCliTest {

    private static FaceAnonCliTest.Run redact(Path faces, Path report, Path in, Path out) {
        return FaceAnonCliTest.run("redact", "--faces", faces.toString(), "--method", "black", "--report",
                report.toString(), in.toString(), "-o", out.toString());
    }

    private static JsonArray skippedInReport(Path report) throws IOException {
        return JsonParser.parseString(Files.readString(report)).getAsJsonObject().getAsJsonArray("skipped");
    }

    @Test
    void aSymbolicLinkLoopIsSkippedWithAWarningAndTheBatchGoesOn(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in/sub"));
        Path faces = FaceAnonCliTest.samples(tmp.resolve("in"), "a.png", "sub/b.png");
        Files.createSymbolicLink(in.resolve("loop"), Path.of(".."));
        Path report = tmp.resolve("report.json");

        FaceAnonCliTest.Run r = redact(faces, report, tmp.resolve("in"), tmp.resolve("out"));

        // A loop hides no image (its target is scanned anyway): a warning, not a failure.
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(Files.isRegularFile(tmp.resolve("out/a.png")));
        assertTrue(Files.isRegularFile(tmp.resolve("out/sub/b.png")));
        assertTrue(r.out().contains("sub/loop: SKIPPED: symbolic link loop"), r.out());
        assertTrue(r.out().contains("2 image(s): 2 written"), r.out());
        assertTrue(r.out().contains("1 entry skipped while scanning: 1 symbolic link loop"), r.out());
        JsonArray skipped = skippedInReport(report);
        assertEquals(1, skipped.size(), skipped.toString());
        JsonObject loop = skipped.get(0).getAsJsonObject();
        assertEquals("sub/loop", loop.get("name").getAsString());
        assertEquals("link-loop", loop.get("reason").getAsString());
        assertEquals(in.resolve("loop").toString(), loop.get("path").getAsString());
    }

    @Test
    void unsupportedFormatsAndBrokenLinksAreCountedByReasonAndListed(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path faces = FaceAnonCliTest.samples(in, "a.png");
        Files.writeString(in.resolve("holiday.webp"), "RIFF....WEBP");
        Files.createDirectories(in.resolve("phone"));
        Files.writeString(in.resolve("phone/IMG_1.HEIC"), "....ftypheic");
        Files.createSymbolicLink(in.resolve("gone.jpg"), in.resolve("deleted.jpg"));
        Files.writeString(in.resolve("notes.txt"), "not an image, not worth a line");
        Files.createSymbolicLink(in.resolve("old-notes.txt"), in.resolve("deleted.txt"));
        Path report = tmp.resolve("report.json");

        FaceAnonCliTest.Run r = redact(faces, report, in, tmp.resolve("out"));

        // Photos the user may believe anonymized were not: the exit code says some inputs were skipped.
        assertEquals(ExitCode.IMAGE_FAILED, r.exit(), r.out() + r.err());
        assertTrue(Files.isRegularFile(tmp.resolve("out/a.png")));
        assertTrue(r.out().contains("holiday.webp: SKIPPED: unsupported format: .webp cannot be read"), r.out());
        assertTrue(r.out().contains("phone/IMG_1.HEIC: SKIPPED: unsupported format: .heic cannot be read"), r.out());
        assertTrue(r.out().contains("gone.jpg: SKIPPED: broken symbolic link"), r.out());
        assertFalse(r.out().contains("notes.txt"), "files that are no image are not worth a line: " + r.out());
        assertTrue(r.out().contains("3 entries skipped while scanning: 1 broken symbolic link, 2 unsupported format"),
                r.out());
        JsonArray skipped = skippedInReport(report);
        assertEquals(List.of("gone.jpg", "holiday.webp", "phone/IMG_1.HEIC"), skipped.asList().stream()
                .map(e -> e.getAsJsonObject().get("name").getAsString()).toList());
        assertEquals(List.of("broken-link", "unsupported-format", "unsupported-format"), skipped.asList().stream()
                .map(e -> e.getAsJsonObject().get("reason").getAsString()).toList());
        assertTrue(skipped.get(1).getAsJsonObject().get("detail").getAsString().contains("convert it"),
                skipped.toString());
    }

    @Test
    void aDirectoryOfUnsupportedImagesSaysWhyNothingWasFound(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("holiday.webp"), "RIFF....WEBP");
        Path faces = Files.writeString(tmp.resolve("f.json"), "{}");

        FaceAnonCliTest.Run r = redact(faces, tmp.resolve("r.json"), in, tmp.resolve("out"));

        assertEquals(ExitCode.ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("faceanon: no images"), r.err());
        assertTrue(r.err().contains("skipped: holiday.webp (unsupported format)"), r.err());
    }

    @Test
    void anOutputDirectoryThatIsOrHoldsTheInputIsRefusedWithTheReason(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path faces = FaceAnonCliTest.samples(in, "a.png");

        FaceAnonCliTest.Run r = redact(faces, tmp.resolve("r.json"), in, in);
        assertEquals(ExitCode.ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("faceanon: the output directory " + in + " is the input directory " + in),
                r.err());
        assertTrue(r.err().contains("every input would be an output"), r.err());

        r = redact(faces, tmp.resolve("r.json"), in, tmp);
        assertEquals(ExitCode.ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("faceanon: the output directory " + tmp + " contains the input directory " + in),
                r.err());

        Path link = Files.createSymbolicLink(tmp.resolve("same"), in);
        r = redact(faces, tmp.resolve("r.json"), in, link);
        assertEquals(ExitCode.ERROR, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("is the input directory"), r.err());
        try (var listing = Files.list(in)) {
            assertEquals(1, listing.count(), "nothing written into the input directory");
        }
    }

    @Test
    void fileNamesAreEscapedWhenPrinted(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        // A file name that would clear the terminal if printed raw.
        String name = "x\u001b[2J.png";
        Path faces = FaceAnonCliTest.samples(in, name);
        Files.writeString(in.resolve("y\u001b[2J.webp"), "RIFF....WEBP");

        FaceAnonCliTest.Run r = redact(faces, tmp.resolve("r.json"), in, tmp.resolve("out"));

        assertEquals(ExitCode.IMAGE_FAILED, r.exit(), r.out() + r.err());
        assertTrue(Files.isRegularFile(tmp.resolve("out").resolve(name)));
        assertTrue(r.out().contains("x\\u001b[2J.png -> "), r.out());
        assertTrue(r.out().contains("y\\u001b[2J.webp: SKIPPED"), r.out());
        assertFalse(r.out().contains("\u001b") || r.err().contains("\u001b"), r.out() + r.err());
    }
}
