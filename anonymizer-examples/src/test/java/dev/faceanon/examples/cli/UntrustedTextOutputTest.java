package dev.faceanon.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.weights.SafetensorsWriter;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.examples.cli.FaceAnonCliTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from files (tensor names, case names, messages quoting paths or content) reaches the terminal
 * with its control and bidirectional characters escaped: a file cannot clear the screen, move the
 * cursor, fake a line of output or reverse the text around it.
 */
class UntrustedTextOutputTest {

    /** ESC (a CSI sequence that clears the screen), BEL, CR, LF, the C1 CSI, RLO and an isolate. */
    private static final String HOSTILE = "x\u001b[2J\u0007\r\nfake line\u009b1m\u202Egpj.exe\u2066";
    private static final String ESCAPED = "x\\u001b[2J\\u0007\\r\\nfake line\\u009b1m\\u202egpj.exe\\u2066";

    private static void assertPrintable(String output) {
        for (int i = 0; i < output.length(); i++) {
            char c = output.charAt(i);
            boolean lineEnd = c == '\n' || (c == '\r' && i + 1 < output.length() && output.charAt(i + 1) == '\n');
            assertTrue(lineEnd || !(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT),
                    "raw U+" + Integer.toHexString(c) + " at " + i + " in: " + output);
        }
    }

    @Test
    void inspectWeightsEscapesTensorNames(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("w.safetensors");
        new SafetensorsWriter().add(HOSTILE, TensorDType.F32, new long[] {1}, new byte[4])
                .add("plain.weight", TensorDType.U8, new long[] {2}, new byte[2]).write(file);
        Run r = FaceAnonCliTest.run("inspect-weights", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertPrintable(r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(ESCAPED + " ") && l.contains("F32") && l.endsWith("[1]")),
                r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("plain.weight ")), r.out());
        assertEquals("2 tensors, 6 bytes of data", lines.get(2));
    }

    @Test
    void errorMessagesEscapeWhatTheyQuote(@TempDir Path dir) throws IOException {
        // The path is quoted in the message; a file name may hold any character but '/' and NUL.
        Path file = Files.write(dir.resolve("bad" + HOSTILE.replace("\n", "") + ".safetensors"), new byte[] {1, 2});
        Run r = FaceAnonCliTest.run("inspect-weights", file.toString());
        assertEquals(ExitCode.ERROR, r.exit());
        assertPrintable(r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("faceanon: " + dir + "/badx\\u001b[2J"), r.err());

        // Content quoted from a header, here an unknown dtype.
        byte[] json = ("{\"t\":{\"dtype\":\"Q\\u001b]0;owned\\u0007\",\"shape\":[1],\"data_offsets\":[0,1]}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[8 + json.length + 1];
        content[0] = (byte) json.length;
        System.arraycopy(json, 0, content, 8, json.length);
        r = FaceAnonCliTest.run("inspect-weights", Files.write(dir.resolve("dtype.safetensors"), content).toString());
        assertEquals(ExitCode.ERROR, r.exit());
        assertPrintable(r.err());
        assertTrue(r.err().contains("unsupported dtype 'Q\\u001b]0;owned\\u0007'"), r.err());
    }

    @Test
    void goldenCheckEscapesCaseNames(@TempDir Path dir) throws IOException {
        String name = "case" + HOSTILE.replace("\n", "");
        Files.writeString(dir.resolve(name + ".json"), "{}");
        Files.write(dir.resolve(name + ".safetensors"), new byte[] {1});
        Run r = FaceAnonCliTest.run("golden-check", dir.toString());
        assertEquals(ExitCode.ERROR, r.exit());
        assertPrintable(r.out());
        assertTrue(r.out().contains("casex\\u001b[2J"), r.out());
        assertFalse(r.out().contains("\u202E"), r.out());
    }
}
