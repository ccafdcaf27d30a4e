package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.model.WeightFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TfjsWeightsTest {
    private static final Path MANIFEST = Path.of("m-weights_manifest.json");
    private static final Path BIN = Path.of("m.bin");

    private static TfjsWeightManifest manifest(String json) {
        return TfjsWeightManifest.parse(json.getBytes(StandardCharsets.UTF_8), MANIFEST);
    }

    private static String group(String paths, String... weights) {
        return "[{\"paths\":" + paths + ",\"weights\":[" + String.join(",", weights) + "]}]";
    }

    private static float[] floats(TfjsWeights w, String key) {
        return TensorDecoder.toFloatArray(w.raw(key), w.info(key));
    }

    @Test
    void everyStorageDecodesAsTensorFlowJsDecodesIt() {
        TfjsWeightManifest m = manifest(group("[\"a.bin\",\"b.bin\"]",
                "{\"name\":\"blk/q8\",\"shape\":[3],\"dtype\":\"float32\","
                        + "\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.5,\"min\":-1}}",
                "{\"name\":\"blk/q16\",\"shape\":[2],\"dtype\":\"float32\","
                        + "\"quantization\":{\"dtype\":\"uint16\",\"scale\":0.25,\"min\":2}}",
                "{\"name\":\"blk/f16\",\"shape\":[2],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"float16\"}}",
                "{\"name\":\"fc\",\"shape\":[1,2],\"dtype\":\"float32\"}"));
        ByteBuffer b = ByteBuffer.allocate(3 + 4 + 4 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) 1).put((byte) 255);
        b.putShort((short) 4).putShort((short) 0xFFFF);
        b.putShort((short) 0x3C00).putShort((short) 0xC000);
        b.putFloat(1.5f).putFloat(-0.125f);
        byte[] all = b.array();
        // The group's bytes are the concatenation of its files, split anywhere.
        byte[] first = java.util.Arrays.copyOf(all, 5);
        byte[] second = java.util.Arrays.copyOfRange(all, 5, all.length);
        TfjsWeights w = TfjsWeights.decode(m, Map.of("a.bin", first, "b.bin", second), BIN, 1 << 20);

        assertEquals(List.of("blk.q8", "blk.q16", "blk.f16", "fc"),
                w.tensors().stream().map(TensorInfo::name).toList());
        assertArrayEquals(new float[] {-1f, -0.5f, 126.5f}, floats(w, "blk.q8"));
        assertArrayEquals(new float[] {3f, (float) (65535 * 0.25 + 2)}, floats(w, "blk.q16"));
        assertArrayEquals(new float[] {1f, -2f}, floats(w, "blk.f16"));
        assertArrayEquals(new float[] {1.5f, -0.125f}, floats(w, "fc"));
        assertArrayEquals(new long[] {1, 2}, w.info("fc").shape());
    }

    @Test
    void dequantisationRoundsOnceFromDoublePrecision() {
        // 3 · 0.1 + 0.2 in double is 0.5000000000000001; as float32 it is 0.5. Computing in float32 instead would
        // round 0.1f · 3 and then the sum, giving 0.50000006.
        TfjsWeights w = TfjsWeights.decode(manifest(group("[\"a.bin\"]",
                "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\","
                        + "\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.1,\"min\":0.2}}")),
                Map.of("a.bin", new byte[] {3}), BIN, 1 << 20);
        assertEquals((float) (3 * 0.1 + 0.2), floats(w, "x")[0]);
        assertEquals(0.5f, floats(w, "x")[0]);
    }

    @Test
    void filesMustHoldExactlyTheDescribedBytes() {
        TfjsWeightManifest m = manifest(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[2,2],\"dtype\":\"float32\"}"));
        WeightFormatException shortFile = assertThrows(WeightFormatException.class,
                () -> TfjsWeights.decode(m, Map.of("a.bin", new byte[15]), BIN, 1 << 20));
        assertTrue(shortFile.getMessage().contains("holds 15 bytes") && shortFile.getMessage().contains("16"),
                shortFile.getMessage());
        assertThrows(WeightFormatException.class, () -> TfjsWeights.decode(m, Map.of("a.bin", new byte[17]), BIN,
                1 << 20));
        WeightFormatException missing = assertThrows(WeightFormatException.class,
                () -> TfjsWeights.decode(m, Map.of("other.bin", new byte[16]), BIN, 1 << 20));
        assertTrue(missing.getMessage().contains("'a.bin'"), missing.getMessage());
    }

    @Test
    void theDecodedSizeIsBoundedBeforeAllocation() {
        // A shape of 2^40 values whose bytes are not even there: refused on the bound, not by running out of memory.
        TfjsWeightManifest m = manifest(group("[\"a.bin\"]",
                "{\"name\":\"x\",\"shape\":[1048576,1048576],\"dtype\":\"float32\","
                        + "\"quantization\":{\"dtype\":\"uint8\",\"scale\":1,\"min\":0}}"));
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> TfjsWeights.decode(m, Map.of("a.bin", new byte[4]), BIN, 1 << 20));
        assertTrue(e.getMessage().contains("decode to more than"), e.getMessage());
    }

    @Test
    void malformedOrUnsupportedManifestsAreRefusedWithTheField() {
        String ok = "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\"}";
        Map<String, String> cases = Map.ofEntries(
                Map.entry("not json", "not valid JSON"),
                Map.entry("{}", "expected a JSON array"),
                Map.entry("[]", "no weight group"),
                Map.entry(group("[\"../a.bin\"]", ok), "not a plain file name"),
                Map.entry(group("[\"dir/a.bin\"]", ok), "not a plain file name"),
                Map.entry(group("[]", ok), "is empty"),
                Map.entry(group("[\"a.bin\"]", ok, ok), "appears twice"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"a.b\",\"shape\":[1],\"dtype\":\"float32\"}"),
                        "unusable name"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"/x\",\"shape\":[1],\"dtype\":\"float32\"}"),
                        "unusable name"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"int32\"}"),
                        "only float32"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[-1],\"dtype\":\"float32\"}"),
                        "negative"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1.5],\"dtype\":\"float32\"}"),
                        "not an integer"),
                Map.entry(group("[\"a.bin\"]",
                        "{\"name\":\"x\",\"shape\":[4294967296,4294967296],\"dtype\":\"float32\"}"), "overflows"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1,1,1,1,1,1,1,1,1],\"dtype\":\"float32\"}"),
                        "more than 8 dimensions"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1]}"), "needs 'name', 'shape' and 'dtype'"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\",\"extra\":1}"),
                        "unexpected or repeated key 'extra'"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\","
                        + "\"quantization\":{\"dtype\":\"uint8\",\"min\":0}}"), "needs both 'min' and 'scale'"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\","
                        + "\"quantization\":{\"dtype\":\"uint8\",\"min\":0,\"scale\":-1}}"), "non-negative scale"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\","
                        + "\"quantization\":{\"dtype\":\"uint8\",\"min\":0,\"scale\":1e999}}"), "finite"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\","
                        + "\"quantization\":{\"dtype\":\"uint8\",\"min\":\"0\",\"scale\":1}}"), "not a number"),
                Map.entry(group("[\"a.bin\"]", "{\"name\":\"x\",\"shape\":[1],\"dtype\":\"float32\","
                        + "\"quantization\":{\"dtype\":\"int4\"}}"), "supported: uint8, uint16, float16"),
                Map.entry(group("[\"a.bin\"]", ok) + " []", "not valid JSON"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            WeightFormatException e = assertThrows(WeightFormatException.class, () -> manifest(c.getKey()), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()) && e.getMessage().contains(MANIFEST.toString()),
                    c.getKey() + " -> " + e.getMessage());
        }
        byte[] huge = new byte[TfjsWeightManifest.MAX_BYTES + 1];
        assertThrows(WeightFormatException.class, () -> TfjsWeightManifest.parse(huge, MANIFEST));
    }
}
