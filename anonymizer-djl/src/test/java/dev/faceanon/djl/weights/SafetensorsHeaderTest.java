package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.model.WeightFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The header checks on their own, as used for a header that does not come from a local file
 * (local files are covered through {@link SafetensorsFile} by the malformed and fuzz tests).
 */
class SafetensorsHeaderTest {

    private static final Path SOURCE = Path.of("org/model@abc", "model.safetensors");

    private static byte[] le(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
    }

    private static void rejectsLength(byte[] prefix, long fileSize, String why) {
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> SafetensorsHeader.headerLength(prefix, SOURCE, fileSize));
        assertEquals(SOURCE, e.file());
        assertTrue(e.getMessage().contains(why), "expected '" + why + "' in: " + e.getMessage());
    }

    @Test
    void theLengthPrefixIsBoundedByTheFileAndTheFormat() {
        assertEquals(100, SafetensorsHeader.headerLength(le(100), SOURCE, 108));
        assertEquals(0, SafetensorsHeader.headerLength(le(0), SOURCE, 8));
        rejectsLength(le(101), 108, "header length 101 exceeds the 100 bytes that follow it");
        rejectsLength(le(-1), 1L << 40, "header length 18446744073709551615 exceeds the limit of 100000000");
        rejectsLength(le(200_000_000), 1L << 40, "header length 200000000 exceeds the limit");
        rejectsLength(le(8), 7, "7 bytes long, too short");
        rejectsLength(new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}, 1000, "ZIP archive");
        assertThrows(IllegalArgumentException.class, () -> SafetensorsHeader.headerLength(new byte[4], SOURCE, 100));
    }

    @Test
    void aFileTooShortForThePrefixIsNamed() {
        SafetensorsHeader.checkHoldsLengthPrefix(SOURCE, 8);
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> SafetensorsHeader.checkHoldsLengthPrefix(SOURCE, 3));
        assertEquals(SOURCE + ": the file is 3 bytes long, too short for a safetensors file (8-byte header length,"
                + " then the header)", e.getMessage());
    }

    @Test
    void parsesAStreamAndNamesTheGivenSourceInErrors() throws IOException {
        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"b\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[8,24]},"
                + "\"a\":{\"dtype\":\"U8\",\"shape\":[8],\"data_offsets\":[0,8]}}";
        SafetensorsHeader h = SafetensorsHeader.parse(stream(json), SOURCE, 24);
        assertEquals(Map.of("format", "pt"), h.metadata());
        List<SafetensorsHeader.Entry> e = h.entries();
        assertEquals(2, e.size());
        assertEquals("b", e.get(0).info().name());
        assertEquals(TensorDType.I64, e.get(0).info().dtype());
        assertArrayEquals(new long[] {2}, e.get(0).info().shape());
        assertEquals(8, e.get(0).begin());
        assertEquals(24, e.get(0).end());
        assertEquals(16, e.get(0).byteSize());
        assertEquals("a", e.get(1).info().name());
        assertEquals(8, e.get(1).byteSize());

        WeightFormatException bad = assertThrows(WeightFormatException.class,
                () -> SafetensorsHeader.parse(stream(json), SOURCE, 23));
        assertEquals(SOURCE, bad.file());
        assertTrue(bad.getMessage().contains("reach beyond the data section of 23 bytes"), bad.getMessage());
    }

    @Test
    void anEntryMustSpanExactlyItsTensor() {
        TensorInfo f32x2 = new TensorInfo("x", TensorDType.F32, new long[] {2});
        assertEquals(8, new SafetensorsHeader.Entry(f32x2, 4, 12).byteSize());
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsHeader.Entry(f32x2, 4, 11));
        assertThrows(IllegalArgumentException.class, () -> new SafetensorsHeader.Entry(f32x2, -8, 0));
    }

    private static ByteArrayInputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }
}
