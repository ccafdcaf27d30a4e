package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.batch.TestImages;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.redact.FaceRedactor;
import dev.faceanon.redact.GaussianBlur;
import dev.faceanon.redact.Pixelate;
import dev.faceanon.redact.Redaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strength options of {@code redact} and of {@code anonymize}'s fallback: what is asked is what the library
 * applies, and a value out of range or meant for another method is a usage error before anything is loaded or
 * written.
 */
class RedactionStrengthCliTest {

    private static RgbImage redacted(Path tmp, String... options) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path faces = FaceAnonCliTest.samples(in, "a.png");
        Path out = tmp.resolve("out-" + String.join("_", options).replace("-", "") + ".png");
        String[] args = new String[options.length + 6];
        args[0] = "redact";
        args[1] = "--faces";
        args[2] = faces.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        args[options.length + 3] = in.resolve("a.png").toString();
        args[options.length + 4] = "-o";
        args[options.length + 5] = out.toString();
        FaceAnonCliTest.Run r = FaceAnonCliTest.run(args);
        assertEquals(ExitCode.OK, r.exit(), r.out() + r.err());
        return new BufferedImageConverter().toRgbImage(TestImages.read(out));
    }

    private static RgbImage library(Redaction redaction) {
        SamplePhoto sample = SamplePhoto.create();
        return new FaceRedactor(redaction).redact(new BufferedImageConverter().toRgbImage(sample.image()),
                sample.faces());
    }

    @Test
    void theStrengthAskedIsTheStrengthApplied(@TempDir Path tmp) throws IOException {
        RgbImage three = redacted(tmp, "--method", "pixelate", "--pixelate-cells", "3");
        assertEquals(library(Pixelate.withCellsAcrossFace(3)), three);
        RgbImage byDefault = redacted(tmp, "--method", "pixelate");
        assertEquals(library(new Pixelate()), byDefault);
        assertNotEquals(three, byDefault);
        assertEquals(library(GaussianBlur.withSigmaPerFace(0.5)), redacted(tmp, "--method", "blur", "--blur-sigma",
                "0.5"));
        assertEquals(library(new GaussianBlur()), redacted(tmp));
    }

    private static void assertUsageError(String expected, String... args) {
        FaceAnonCliTest.Run r = FaceAnonCliTest.run(args);
        assertEquals(ExitCode.USAGE, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
    }

    @Test
    void aStrengthForAnotherMethodOrOutOfRangeIsAUsageError(@TempDir Path tmp) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Path faces = FaceAnonCliTest.samples(in, "a.png");
        String photo = in.resolve("a.png").toString();
        String out = tmp.resolve("out").toString();
        assertUsageError("--blur-sigma applies to --method blur, not to pixelate", "redact", "--faces",
                faces.toString(), "--method", "pixelate", "--blur-sigma", "0.3", photo, "-o", out);
        assertUsageError("--pixelate-cells applies to --method pixelate, not to black", "redact", "--faces",
                faces.toString(), "--method", "black", "--pixelate-cells", "4", photo, "-o", out);
        assertUsageError("cells across the face must be 1 to 10, got 11", "redact", "--faces", faces.toString(),
                "--method", "pixelate", "--pixelate-cells", "11", photo, "-o", out);
        assertUsageError("cells across the face must be 1 to 10, got 0", "redact", "--faces", faces.toString(),
                "--method", "pixelate", "--pixelate-cells", "0", photo, "-o", out);
        assertUsageError("blur sigma must be 0.1 to 1.0 of the face's size, got 0.05", "redact", "--faces",
                faces.toString(), "--blur-sigma", "0.05", photo, "-o", out);
        // anonymize's fallback: refused before any model is looked for.
        assertUsageError("--blur-sigma applies to --fallback blur, not to black", "anonymize", "--model",
                "tiny-random", "--faces", faces.toString(), "--blur-sigma", "0.3", photo, "-o", out);
        assertUsageError("cells across the face must be 1 to 10, got 40", "anonymize", "--model", "tiny-random",
                "--faces", faces.toString(), "--fallback", "pixelate", "--pixelate-cells", "40", photo, "-o", out);
        assertFalse(Files.exists(tmp.resolve("out")), "written despite a usage error");
    }
}
