package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.batch.FacesFile;
import dev.faceanon.batch.ImageFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged input (a truncated JPEG decodes "successfully", its missing part grey) is not
 * processed as if it were whole: a face in the damaged part could go undetected. It fails with the
 * reason unless the user accepts damaged inputs, and then it is written with a warning.
 */
class DamagedImageCliTest {

    /** The sample photo as a JPEG cut after 60 % of its bytes, and the faces file listing it and a whole PNG. */
    private static Path damagedBatch(Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        SamplePhoto sample = SamplePhoto.create();
        ImageFiles.write(sample.image(), in.resolve("whole.png"));
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(sample.image(), "jpg", jpeg);
        Files.write(in.resolve("cut.jpg"), Arrays.copyOf(jpeg.toByteArray(), jpeg.size() * 6 / 10));
        Path faces = tmp.resolve("faces.json");
        FacesFile.write(faces, Map.of("whole.png", sample.faces(), "cut.jpg", sample.faces()));
        return faces;
    }

    @Test
    void aTruncatedJpegFailsWithTheReasonAndTheBatchGoesOn(@TempDir Path tmp) throws IOException {
        Path faces = damagedBatch(tmp);

        FaceAnonCliTest.Run r = FaceAnonCliTest.run("redact", "--faces", faces.toString(), tmp.resolve("in")
                .toString(), "-o", tmp.resolve("out").toString());

        assertEquals(ExitCode.IMAGE_FAILED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("cut.jpg: FAILED, skipped: damaged image"), r.out());
        assertTrue(r.out().contains("--accept-damaged"), r.out());
        assertFalse(Files.exists(tmp.resolve("out/cut.jpg")), "a damaged image written as if whole");
        assertTrue(Files.isRegularFile(tmp.resolve("out/whole.png")));
    }

    @Test
    void acceptedDamageIsWrittenWithAWarning(@TempDir Path tmp) throws IOException {
        Path faces = damagedBatch(tmp);
        Path report = tmp.resolve("report.json");

        FaceAnonCliTest.Run r = FaceAnonCliTest.run("redact", "--accept-damaged", "--faces", faces.toString(),
                "--report", report.toString(), tmp.resolve("in").toString(), "-o", tmp.resolve("out").toString());

        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        assertTrue(Files.isRegularFile(tmp.resolve("out/cut.jpg")));
        assertTrue(r.out().contains("  warning: damaged input, written as decoded"), r.out());
        assertTrue(r.out().contains("1 damaged input(s) written as decoded"), r.out());
        JsonObject cut = JsonParser.parseString(Files.readString(report)).getAsJsonObject().getAsJsonArray("images")
                .asList().stream().map(e -> e.getAsJsonObject())
                .filter(o -> o.get("name").getAsString().equals("cut.jpg")).findFirst().orElseThrow();
        assertFalse(cut.getAsJsonArray("damage").isEmpty(), cut.toString());
    }
}
