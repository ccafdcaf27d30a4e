package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and careless faces files through the command line: every one is refused before any
 * image is written, with exit code 1 and one line that names the file and says what is wrong in
 * the user's terms, never in the JSON parser's.
 */
class FacesFileCliTest {

    /** Phrases of the parser's and the JDK's internals that must never reach the user. */
    private static final List<String> INTERNALS = List.of("JsonReader", "Strictness", "Exception", "Malformed",
            "Input length", "gson", "Troubleshooting", "path $", "java.", "\tat ");

    /** The faces of the sample photo as the faces file writes them: a JSON list. */
    private static String sampleFacesJson(Path tmp) throws IOException {
        Path file = tmp.resolve("reference.json");
        FacesFile.write(file, java.util.Map.of("x", SamplePhoto.create().faces()));
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject().get("x").toString();
    }

    private static FaceAnonCliTest.Run redact(Path faces, Path in, Path out) {
        return FaceAnonCliTest.run("redact", "--faces", faces.toString(), "--method", "black", in.toString(), "-o",
                out.toString());
    }

    private static void assertRefusedInUserTerms(FaceAnonCliTest.Run r, Path faces, String expected, String what) {
        assertEquals(ExitCode.ERROR, r.exit(), what + ": " + r.out() + r.err());
        String message = r.err().strip();
        assertFalse(message.contains("\n"), what + ": not one line: " + message);
        assertTrue(message.startsWith("faceanon: "), what + ": " + message);
        assertTrue(message.contains(faces.toString()), what + ": the file is not named: " + message);
        assertTrue(message.contains(expected), what + ": expected '" + expected + "' in: " + message);
        for (String internal : INTERNALS) {
            assertFalse(message.contains(internal), what + ": leaks '" + internal + "': " + message);
        }
    }

    @Test
    void anImageListedTwiceIsRefusedInsteadOfLosingItsFaces(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        ImageFiles.write(SamplePhoto.create().image(), in.resolve("photo.png"));
        String faces = sampleFacesJson(tmp);
        Path file = Files.writeString(tmp.resolve("faces.json"),
                "{\n  \"photo.png\": " + faces + ",\n  \"photo.png\": []\n}");

        FaceAnonCliTest.Run r = redact(file, in, tmp.resolve("out"));

        assertRefusedInUserTerms(r, file, "\"photo.png\" appears twice", "duplicate image");
        assertTrue(r.err().contains("line 3"), r.err());
        assertFalse(Files.exists(tmp.resolve("out/photo.png")), "written although the faces file is ambiguous");
    }

    @Test
    void namesThatDenoteTheSameImageAreOneImage(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in/sub"));
        ImageFiles.write(SamplePhoto.create().image(), in.resolve("a.png"));
        String faces = sampleFacesJson(tmp);
        for (String alias : List.of("sub/./a.png", "sub//a.png", "./sub/a.png", "sub\\\\a.png", "sub/a.png/")) {
            Path file = Files.writeString(tmp.resolve("faces.json"),
                    "{\"sub/a.png\": " + faces + ", \"" + alias + "\": []}");

            FaceAnonCliTest.Run r = redact(file, tmp.resolve("in"), tmp.resolve("out"));

            assertRefusedInUserTerms(r, file, "twice", alias);
            assertTrue(r.err().contains("\"sub/a.png\""), alias + ": " + r.err());
            assertFalse(Files.exists(tmp.resolve("out/sub/a.png")), alias);
        }
        // Alone, such a name finds its image.
        Path file = Files.writeString(tmp.resolve("faces.json"), "{\"sub/./a.png\": " + faces + "}");
        FaceAnonCliTest.Run r = redact(file, tmp.resolve("in"), tmp.resolve("out"));
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("3 face(s): 3 as asked"), r.out());
    }

    @Test
    void anImageFoundUnderTwoOfItsNamesIsNotGuessed(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path photo = in.resolve("photo.png");
        ImageFiles.write(SamplePhoto.create().image(), photo);
        String faces = sampleFacesJson(tmp);
        // Listed by its path as given with its faces, and by its file name without: either could be meant.
        Path file = Files.writeString(tmp.resolve("faces.json"), "{\"" + photo.toString().replace("\\", "\\\\")
                + "\": " + faces + ", \"photo.png\": []}");

        FaceAnonCliTest.Run r = redact(file, photo, tmp.resolve("out"));

        assertEquals(ExitCode.IMAGE_FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("photo.png: FAILED, skipped: the faces file " + file + " lists this image twice"),
                r.out());
        assertFalse(Files.exists(tmp.resolve("out/photo.png")));
    }

    @Test
    void malformedFacesFilesAreRefusedInTheUsersTerms(@TempDir Path tmp) throws IOException {
        Path photo = tmp.resolve("photo.png");
        ImageFiles.write(SamplePhoto.create().image(), photo);
        String faces = sampleFacesJson(tmp);
        String valid = "{\"photo.png\": " + faces + "}";
        String face = "{\"box\": [1, 2, 30, 40], \"landmarks\": [[1,1],[2,1],[1.5,2],[1,3],[2,3]]";
        List<Object[]> cases = new ArrayList<>(List.of(
            new Object[] {"truncated", valid.substring(0, valid.length() / 2).getBytes(StandardCharsets.UTF_8),
                "the JSON ends"},
            new Object[] {"empty", new byte[0], "empty"},
            new Object[] {"invalid UTF-8", new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '[', ']', '}'},
                "not valid UTF-8: an invalid byte sequence starts at byte 2"},
            new Object[] {"trailing garbage", (valid + " x").getBytes(StandardCharsets.UTF_8),
                "after the end of the JSON document"},
            new Object[] {"a second document", (valid + "{}").getBytes(StandardCharsets.UTF_8),
                "after the end of the JSON document"},
            new Object[] {"line comment", ("{\"photo.png\": [] // none\n}").getBytes(StandardCharsets.UTF_8),
                "JSON has no comments"},
            new Object[] {"block comment", ("{/* x */\"photo.png\": []}").getBytes(StandardCharsets.UTF_8),
                "JSON has no comments"},
            new Object[] {"single quotes", "{'photo.png': []}".getBytes(StandardCharsets.UTF_8),
                "double quotes"},
            new Object[] {"unquoted key", "{photo.png: []}".getBytes(StandardCharsets.UTF_8), "double quotes"},
            new Object[] {"NaN", ("{\"photo.png\": [" + face + ", \"score\": NaN}]}").getBytes(StandardCharsets.UTF_8),
                "NaN"},
            new Object[] {"Infinity", ("{\"photo.png\": [{\"box\": [0, 0, Infinity, 9]}]}")
                .getBytes(StandardCharsets.UTF_8), "Infinity"},
            new Object[] {"-Infinity", ("{\"photo.png\": [{\"box\": [-Infinity, 0, 9, 9]}]}")
                .getBytes(StandardCharsets.UTF_8), "Infinity"},
            new Object[] {"huge number", ("{\"photo.png\": [{\"box\": [0, 0, 1" + "0".repeat(400) + ", 9]}]}")
                .getBytes(StandardCharsets.UTF_8), "not a finite number"},
            new Object[] {"huge exponent", ("{\"photo.png\": [{\"box\": [0, 0, 1e99999999999999999999, 9]}]}")
                .getBytes(StandardCharsets.UTF_8), "not a finite number"},
            new Object[] {"deep nesting", ("{\"photo.png\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}")
                .getBytes(StandardCharsets.UTF_8), "nests deeper than 32 levels"},
            new Object[] {"unterminated deep nesting", "[".repeat(1_000_000).getBytes(StandardCharsets.UTF_8),
                "nests deeper than 32 levels"},
            new Object[] {"duplicate field of a face", ("{\"photo.png\": [" + face + ", \"box\": [0, 0, 9, 9]}]}")
                .getBytes(StandardCharsets.UTF_8), "\"photo.png[0].box\" appears twice"},
            new Object[] {"raw control character", "{\"photo\u0001.png\": []}".getBytes(StandardCharsets.UTF_8),
                "control character"},
            new Object[] {"bad escape", "{\"photo\\x.png\": []}".getBytes(StandardCharsets.UTF_8), "escape"},
            new Object[] {"leading zero", ("{\"photo.png\": [{\"box\": [01, 0, 9, 9]}]}")
                .getBytes(StandardCharsets.UTF_8), "number"},
            new Object[] {"missing colon", "{\"photo.png\" []}".getBytes(StandardCharsets.UTF_8), "':'"},
            new Object[] {"trailing comma", "{\"photo.png\": [],}".getBytes(StandardCharsets.UTF_8), "trailing comma"},
            new Object[] {"trailing comma in a list", ("{\"photo.png\": [" + face + "},]}")
                .getBytes(StandardCharsets.UTF_8), "trailing comma"},
            new Object[] {"not an object", "[]".getBytes(StandardCharsets.UTF_8), "must be a JSON object"}));
        for (Object[] c : cases) {
            Path file = Files.write(tmp.resolve("faces.json"), (byte[]) c[1]);
            FaceAnonCliTest.Run r = redact(file, photo, tmp.resolve("out"));
            assertRefusedInUserTerms(r, file, (String) c[2], (String) c[0]);
            assertTrue(c[0].equals("not an object") || r.err().matches("(?s).*line \\d+, column \\d+.*"),
                    c[0] + ": no position: " + r.err());
            assertFalse(Files.exists(tmp.resolve("out")), c[0] + ": written");
        }

        Path huge = tmp.resolve("huge.json");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(FacesFile.MAX_BYTES + 1);
        }
        assertRefusedInUserTerms(redact(huge, photo, tmp.resolve("out")), huge, "larger than 64 MB", "huge file");
        Path directory = Files.createDirectories(tmp.resolve("dir.json"));
        assertRefusedInUserTerms(redact(directory, photo, tmp.resolve("out")), directory, "not a file", "directory");
    }

    @Test
    void aNameWithControlCharactersIsEscapedInMessages(@TempDir Path tmp) throws IOException {
        Path photo = tmp.resolve("photo.png");
        ImageFiles.write(SamplePhoto.create().image(), photo);
        // An escape sequence that would clear the terminal, written as a JSON escape.
        Path file = Files.writeString(tmp.resolve("faces.json"), "{\"\\u001b[2Jx.png\": {}}");

        FaceAnonCliTest.Run r = redact(file, photo, tmp.resolve("out"));

        assertRefusedInUserTerms(r, file, "\"\\u001b[2Jx.png\": expected a list of faces", "control characters");
        assertFalse(r.err().contains("\u001b"), r.err());
    }
}
