package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.FaceAnonException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to the command-line tool ends in one actionable line and exit code 1 (2 for usage errors). */
class FaceAnonCliTest {

    private record Run(int exit, String err) {}

    private static Run run(String... args) {
        CommandLine cli = FaceAnonCli.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return new Run(cli.execute(args), err.toString());
    }

    @Test
    void aMissingInputImageIsNamed(@TempDir Path dir) {
        Run r = run("anonymize", "--models", dir.toString(), dir.resolve("nope.jpg").toString(),
                dir.resolve("out.jpg").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("faceanon: image not found: "), r.err());
    }

    @Test
    void aFileThatIsNotAnImageIsNamed(@TempDir Path dir) throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "hello");
        Run r = run("swap", "--models", dir.toString(), text.toString(), text.toString(), dir.resolve("o.png").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("not a readable image"), r.err());
    }

    @Test
    void anUnwritableOutputFormatIsRefused(@TempDir Path dir) {
        FaceAnonException e = assertThrows(FaceAnonException.class, () -> ImageFiles.write(
                new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR), dir.resolve("out.xyz")));
        assertTrue(e.getMessage().contains("use .png or .jpg"), e.getMessage());
    }

    @Test
    void aCorruptWeightFileIsReportedNotCrashed(@TempDir Path dir) throws IOException {
        Path bad = Files.write(dir.resolve("w.safetensors"), new byte[] {1, 2, 3});
        Run r = run("inspect-weights", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("faceanon: " + bad), r.err());
    }

    @Test
    void badOptionValuesAreUsageErrors(@TempDir Path dir) {
        Run r = run("anonymize", "--sampler", "EULER", "a.jpg", "b.jpg");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--sampler"), r.err());
    }

    @Test
    void anEmptyGoldenDirectoryFails(@TempDir Path dir) {
        assertEquals(1, run("golden-check", dir.toString()).exit());
    }
}
