package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.SafetensorsBytes.f32;
import static dev.faceanon.djl.weights.SafetensorsBytes.withHeader;
import static dev.faceanon.djl.weights.SafetensorsBytes.withLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each malformed file is rejected at open with a WeightFormatException that says what is wrong. */
class SafetensorsMalformedTest {

    @TempDir
    Path dir;

    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets
                + "}";
    }

    private void assertRejected(byte[] content, String fragment) throws IOException {
        Path file = SafetensorsBytes.write(dir, "bad.safetensors", content);
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> SafetensorsFile.open(file).close());
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }

    private void assertRejected(String header, int dataBytes, String fragment) throws IOException {
        assertRejected(withHeader(header, dataBytes), fragment);
    }

    @Test
    void tooShortForTheLengthPrefix() throws IOException {
        assertRejected(new byte[0], "0 bytes long, too short");
        assertRejected(new byte[] {1, 0, 0, 0, 0}, "5 bytes long, too short");
    }

    @Test
    void headerLengthOutOfBounds() throws IOException {
        assertRejected(withLength(1L << 62, "{}".getBytes(StandardCharsets.US_ASCII)),
                "header length 4611686018427387904 exceeds the limit of 100000000");
        assertRejected(withLength(-1L, new byte[8]), "header length 18446744073709551615 exceeds the limit");
        assertRejected(withLength(100, "{}      ".getBytes(StandardCharsets.US_ASCII)),
                "header length 100 exceeds the 8 bytes that follow it");
    }

    @Test
    void zipOrPickleIsNamedInTheMessage() throws IOException {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        assertRejected(zip, "ZIP archive");
        byte[] pickle = {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9};
        assertRejected(pickle, "Python pickle");
    }

    @Test
    void headerIsNotJsonOrNotAnObject() throws IOException {
        assertRejected("hello   ", 0, "not valid JSON");
        assertRejected("{\"a\":", 0, "ends before it is complete");
        assertRejected("[1,2]   ", 0, "the header is an array, expected a JSON object");
        assertRejected("\"text\"  ", 0, "the header is a string, expected a JSON object");
        assertRejected("{} {}   ", 0, "not valid JSON");
        assertRejected("{\"a\":{'dtype':'F32'}}", 0, "not valid JSON");
        assertRejected("", 0, "ends before it is complete");
    }

    @Test
    void headerIsNotUtf8() throws IOException {
        byte[] header = {'{', '"', (byte) 0xc3, 0x28, '"', ':', '{', '}', '}', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
        assertRejected(withLength(header.length, header), "not valid UTF-8");
    }

    @Test
    void entryIsNotAnObjectOrLacksAField() throws IOException {
        assertRejected("{\"a\":[1]}", 0, "the entry of tensor 'a' is an array, expected a JSON object");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "tensor 'a' lacks 'data_offsets'");
        assertRejected("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "tensor 'a' lacks 'dtype'");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "tensor 'a' lacks 'shape'");
        assertRejected("{\"a\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
                "the dtype of tensor 'a' is a number, expected a string");
        assertRejected("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
                "tensor 'a' has the field 'dtype' twice");
    }

    @Test
    void unknownDtype() throws IOException {
        assertRejected("{" + entry("a", "F8_E4M3", "[1]", "[0,1]") + "}", 1,
                "tensor 'a' has the unsupported dtype 'F8_E4M3'; supported: F64, F32");
        assertRejected("{" + entry("a", "f32", "[1]", "[0,4]") + "}", 4, "unsupported dtype 'f32'");
    }

    @Test
    void badDimensions() throws IOException {
        assertRejected("{" + entry("a", "F32", "[-1]", "[0,4]") + "}", 4,
                "dimension 0 of the shape of tensor 'a' is negative: '-1'");
        assertRejected("{" + entry("a", "F32", "[1,2.0]", "[0,8]") + "}", 8,
                "dimension 1 of the shape of tensor 'a' is not an integer: '2.0'");
        assertRejected("{" + entry("a", "F32", "[1e0]", "[0,4]") + "}", 4, "is not an integer: '1e0'");
        assertRejected("{" + entry("a", "F32", "[\"2\"]", "[0,8]") + "}", 8,
                "dimension 0 of the shape of tensor 'a' is a string, expected a non-negative integer");
        assertRejected("{" + entry("a", "F32", "[99999999999999999999]", "[0,4]") + "}", 4,
                "is too large: '99999999999999999999'");
        assertRejected("{" + entry("a", "F32", "{}", "[0,4]") + "}", 4,
                "the shape of tensor 'a' is an object, expected a JSON array");
    }

    @Test
    void rankAboveTheLimit() throws IOException {
        assertRejected("{" + entry("a", "F32", "[1,1,1,1,1,1,1,1,1]", "[0,4]") + "}", 4, "rank above 8");
    }

    @Test
    void elementCountOverflow() throws IOException {
        assertRejected("{" + entry("a", "U8", "[4294967296,4294967296]", "[0,0]") + "}", 0,
                "the element count of tensor 'a' with shape [4294967296, 4294967296] overflows 64 bits");
        // The count fits, the byte size does not.
        assertRejected("{" + entry("a", "F32", "[4611686018427387904]", "[0,0]") + "}", 0, "overflows 64 bits");
    }

    @Test
    void sizeDisagreesWithOffsets() throws IOException {
        assertRejected("{" + entry("a", "F32", "[2]", "[0,4]") + "}", 8,
                "tensor 'a' of dtype F32 and shape [2] needs 8 bytes but its data_offsets [0, 4] span 4");
    }

    @Test
    void offsetsOutOfRange() throws IOException {
        assertRejected("{" + entry("a", "F32", "[2]", "[0,8]") + "}", 4,
                "the data_offsets of tensor 'a' [0, 8] reach beyond the data section of 4 bytes");
        assertRejected("{" + entry("a", "F32", "[2]", "[8,0]") + "}", 8,
                "the data_offsets of tensor 'a' begin after they end: [8, 0]");
        assertRejected("{" + entry("a", "F32", "[2]", "[0,8,16]") + "}", 16,
                "the data_offsets of tensor 'a' has more than 2 entries");
        assertRejected("{" + entry("a", "F32", "[0]", "[0]") + "}", 0,
                "the data_offsets of tensor 'a' hold 1 values, expected two");
        assertRejected("{" + entry("a", "F32", "[2]", "[-8,0]") + "}", 8, "offset 0 of the data_offsets of tensor"
                + " 'a' is negative");
    }

    @Test
    void overlappingTensors() throws IOException {
        assertRejected("{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[4,12]") + "}", 12,
                "the data of tensors 'a' [0, 8] and 'b' [4, 12] overlap");
        // Sorted by begin before checking, so the order in the header does not matter.
        assertRejected("{" + entry("b", "F32", "[4]", "[0,16]") + "," + entry("c", "F32", "[1]", "[32,36]") + ","
                + entry("a", "F32", "[1]", "[12,16]") + "}", 36, "overlap");
    }

    @Test
    void bytesThatNoTensorOwnsAreRefusedAsTheReferenceValidatorRefusesThem() throws IOException {
        String a = entry("a", "F32", "[1]", "[0,4]");
        // A gap between two tensors.
        assertRejected("{" + a + "," + entry("b", "F32", "[1]", "[8,12]") + "}", 12,
                "bytes [4, 8) of the data section belong to no tensor (a gap before tensor 'b' [8, 12])");
        // A gap before the first tensor, whatever the order in the header.
        assertRejected("{" + entry("b", "F32", "[1]", "[8,12]") + "," + entry("a", "F32", "[1]", "[4,8]") + "}", 12,
                "bytes [0, 4) of the data section belong to no tensor (a gap before tensor 'a' [4, 8])");
        // Trailing bytes after the last tensor, and a data section with no tensor at all.
        assertRejected("{" + a + "}", 5, "the data section is 5 bytes but its tensors end at byte 4: the 1 bytes"
                + " after them belong to no tensor");
        assertRejected("{\"__metadata__\":{\"format\":\"pt\"}}", 16,
                "the data section is 16 bytes but its tensors end at byte 0");
        // An empty tensor may sit between two others, not inside one.
        assertRejected("{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("e", "F32", "[0]", "[4,4]") + "}", 8,
                "the empty tensor 'e' at offset 4 lies inside the data of tensor 'a' [0, 8]");
    }

    @Test
    void tensorsThatTileTheDataSectionAreAcceptedInAnyHeaderOrder() throws IOException {
        Path ok = SafetensorsBytes.write(dir, "ok.safetensors", withHeader("{"
                + entry("c", "U8", "[3]", "[9,12]") + "," + entry("empty", "F32", "[0,5]", "[8,8]") + ","
                + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "U8", "[1]", "[8,9]") + ","
                + entry("last", "U8", "[0]", "[12,12]") + "}", 12));
        try (SafetensorsFile f = SafetensorsFile.open(ok)) {
            assertEquals(5, f.tensors().size());
            assertEquals(0, f.info("empty").byteSize());
            assertEquals(3, f.raw("c").remaining());
        }
    }

    @Test
    void duplicateKeys() throws IOException {
        assertRejected("{" + entry("a", "F32", "[1]", "[0,4]") + "," + entry("a", "F32", "[1]", "[4,8]") + "}", 8,
                "duplicate key 'a' in the header");
        assertRejected("{\"__metadata__\":{},\"__metadata__\":{}}", 0, "duplicate key '__metadata__'");
        assertRejected("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0, "duplicate key 'k' in __metadata__");
    }

    @Test
    void metadataMustMapStringsToStrings() throws IOException {
        assertRejected("{\"__metadata__\":{\"k\":1}}", 0, "__metadata__ value of 'k' is a number, expected a string");
        assertRejected("{\"__metadata__\":[]}", 0, "__metadata__ is an array, expected a JSON object");
    }

    @Test
    void truncatedDataSection() throws IOException {
        byte[] valid = new SafetensorsWriter().add("a", TensorDType.F32, new long[] {4}, f32(1, 2, 3, 4))
                .toByteArray();
        assertRejected(Arrays.copyOf(valid, valid.length - 1), "the file is truncated");
        assertRejected(Arrays.copyOf(valid, valid.length - 16), "reach beyond the data section of 0 bytes");
    }

    @Test
    void unknownEntryFieldsAreIgnoredButMayNotNestDeeply() throws IOException {
        Path ok = SafetensorsBytes.write(dir, "ok.safetensors",
                withHeader("{\"a\":{\"extra\":{\"x\":[1,{\"y\":null}]},\"dtype\":\"U8\",\"shape\":[2],"
                        + "\"data_offsets\":[0,2]}}", 2));
        try (SafetensorsFile f = SafetensorsFile.open(ok)) {
            assertEquals(2, f.info("a").byteSize());
        }
        String deep = "[".repeat(40) + "]".repeat(40);
        assertRejected("{\"a\":{\"extra\":" + deep + ",\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}}", 0,
                "field 'extra' of tensor 'a' nests deeper than 32 levels");
    }

    @Test
    void tooManyTensors() throws IOException {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i <= SafetensorsHeader.MAX_TENSORS; i++) {
            b.append(i == 0 ? "" : ",").append(entry("t" + i, "U8", "[0]", "[0,0]"));
        }
        assertRejected(b.append('}').toString(), 0, "more than 262144 tensors in the header");
    }

    @Test
    void namesInMessagesAreShortenedAndEscaped() throws IOException {
        String longName = "x".repeat(500) + "\\n"; // JSON escape: 501 characters once decoded
        assertRejected("{" + entry(longName, "Q9", "[1]", "[0,1]") + "}", 1, "...(501 chars)");
        assertRejected("{" + entry("a\\u0007b", "Q9", "[1]", "[0,1]") + "}", 1, "tensor 'a\\u0007b'");
    }

    @Test
    void missingFileIsAnIoError() {
        assertThrows(java.nio.file.NoSuchFileException.class,
                () -> SafetensorsFile.open(dir.resolve("absent.safetensors")));
        assertTrue(Files.notExists(dir.resolve("absent.safetensors")));
    }
}
