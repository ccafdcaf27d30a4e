package dev.faceanon.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Names and content quoted from a model file reach the message of its exception escaped, so that
 * printing or logging the message cannot clear a terminal, fake a line or reverse text; the
 * accessors keep them as the file has them.
 */
class ModelFileExceptionMessageTest {

    /** ESC [2J clears the screen, CR/LF fake a line, RLO reverses what follows, BEL rings, an isolate hides. */
    private static final String HOSTILE = "a\u001b[2J\r\nb\u202Ec\u0007d\u2066";
    private static final String ESCAPED = "a\\u001b[2J\\r\\nb\\u202ec\\u0007d\\u2066";

    private static void assertPrintable(String message) {
        message.codePoints().forEach(c -> assertFalse(Character.isISOControl(c)
                || Character.getType(c) == Character.FORMAT, "raw U+" + Integer.toHexString(c) + " in: " + message));
    }

    @Test
    void tensorNamesFromTheCheckpointAreEscapedInTheMessageAndKeptRawInTheLists() {
        Path file = Path.of("unet.safetensors");
        WeightMismatchException e = new WeightMismatchException(file, "UNet2DConditionModel",
                List.of("conv_in." + HOSTILE), List.of(HOSTILE + ".weight"),
                List.of(HOSTILE + ": expected [4], found [5]"));

        assertPrintable(e.getMessage());
        assertEquals("unet.safetensors: checkpoint does not match UNet2DConditionModel: 1 missing, 1 unexpected,"
                + " 1 mis-shaped keys; missing: conv_in." + ESCAPED + "; unexpected: " + ESCAPED + ".weight;"
                + " mis-shaped: " + ESCAPED + ": expected [4], found [5]. Check that the file belongs to this model"
                + " and that its config.json matches it.", e.getMessage());
        assertEquals(List.of("conv_in." + HOSTILE), e.missing());
        assertEquals(List.of(HOSTILE + ".weight"), e.unexpected());
        assertEquals(List.of(HOSTILE + ": expected [4], found [5]"), e.misShaped());
    }

    @Test
    void aHugeTensorNameIsShortenedInTheMessage() {
        String name = "x".repeat(1_000_000);
        WeightMismatchException e = new WeightMismatchException(Path.of("w"), "VAE", List.of(), List.of(name),
                List.of());

        assertTrue(e.getMessage().contains("; unexpected: " + "x".repeat(120) + "...(1000000 chars)."),
                e.getMessage().substring(0, 300));
        assertTrue(e.getMessage().length() < 1000, "length " + e.getMessage().length());
        assertEquals(name, e.unexpected().get(0));
    }

    @Test
    void theFileNameAndQuotedContentAreEscapedInEveryModelFileException() {
        Path file = Path.of("dir", "model" + HOSTILE + ".safetensors");
        List<ModelFileException> all = List.of(new ModelFileException(file, "cannot be read"),
                new WeightFormatException(file, "unsupported dtype '" + HOSTILE + "'"),
                new ModelConfigException(file, "vision_config." + HOSTILE, "must be an integer"),
                new MissingModelFileException(file, "UNet weights"));
        for (ModelFileException e : all) {
            assertPrintable(e.getMessage());
            assertTrue(e.getMessage().startsWith("dir/model" + ESCAPED + ".safetensors: "), e.getMessage());
            assertEquals(file, e.file());
        }
        assertTrue(all.get(1).getMessage().endsWith(": unsupported dtype '" + ESCAPED + "'"), all.get(1).getMessage());
        ModelConfigException config = (ModelConfigException) all.get(2);
        assertTrue(config.getMessage().endsWith(": field 'vision_config." + ESCAPED + "': must be an integer"),
                config.getMessage());
        assertEquals("vision_config." + HOSTILE, config.field().orElseThrow());
    }
}
