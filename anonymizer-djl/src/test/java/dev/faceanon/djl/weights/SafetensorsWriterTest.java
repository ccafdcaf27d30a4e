package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.SafetensorsBytes.f32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

    @TempDir
    Path dir;

    /** The bytes the reference implementation's own serialization tests expect. */
    private static byte[] referenceLayout(String header, byte[] data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    @Test
    void matchesTheReferenceWriterByteForByte() {
        byte[] data = f32(0, 1, 2, 3, 4, 5);
        // 64 header bytes: already aligned, no padding.
        assertArrayEquals(
                referenceLayout("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", data),
                new SafetensorsWriter().add("attn.0", TensorDType.F32, new long[] {1, 2, 3}, data).toByteArray());
        // 65 header bytes: padded with 7 spaces to 72.
        assertArrayEquals(
                referenceLayout("{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ",
                        data),
                new SafetensorsWriter().add("attn0", TensorDType.F32, new long[] {1, 1, 2, 3}, data).toByteArray());
        assertArrayEquals(referenceLayout("{}      ", new byte[0]), new SafetensorsWriter().toByteArray());
        assertArrayEquals(referenceLayout("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new byte[0]),
                new SafetensorsWriter().metadata("framework", "pt").toByteArray());
    }

    @Test
    void ordersDataByDescendingAlignmentThenNameSoEveryTensorIsAligned() throws IOException {
        byte[] file = new SafetensorsWriter()
                .add("b", TensorDType.U8, new long[] {3}, new byte[] {1, 2, 3})
                .add("a", TensorDType.F32, new long[] {1}, f32(1))
                .add("c", TensorDType.I64, new long[] {1}, new byte[8])
                .add("a2", TensorDType.F16, new long[] {1}, new byte[2])
                .add("B", TensorDType.F32, new long[] {1}, f32(2))
                .add("d", TensorDType.BF16, new long[] {1}, new byte[2])
                .add("e", TensorDType.F64, new long[] {1}, new byte[8])
                .metadata("z", "last").metadata("a", "first")
                .toByteArray();
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(0, n % 8);
        JsonObject header = JsonParser.parseString(new String(file, 8, (int) n, StandardCharsets.UTF_8))
                .getAsJsonObject();
        List<String> keys = new ArrayList<>(header.keySet());
        // I64 before F64 before F32 ("B" < "a" as bytes), then BF16, F16, U8.
        assertEquals(List.of("__metadata__", "c", "e", "B", "a", "d", "a2", "b"), keys);
        assertEquals(List.of("a", "z"), new ArrayList<>(header.getAsJsonObject("__metadata__").keySet()));
        long expectedBegin = 0;
        for (String key : keys.subList(1, keys.size())) {
            JsonObject t = header.getAsJsonObject(key);
            JsonArray offsets = t.getAsJsonArray("data_offsets");
            long begin = offsets.get(0).getAsLong();
            assertEquals(expectedBegin, begin, key);
            int elementSize = TensorDType.fromSafetensorsName(t.get("dtype").getAsString()).orElseThrow().byteSize();
            assertEquals(0, (8 + n + begin) % elementSize, key + " is not aligned");
            expectedBegin = offsets.get(1).getAsLong();
        }
        assertEquals(file.length, 8 + n + expectedBegin);

        Path written = dir.resolve("ordered.safetensors");
        Files.write(written, file);
        try (SafetensorsFile f = SafetensorsFile.open(written)) {
            assertEquals(2f, f.raw("B").getFloat(0));
            assertEquals(Map.of("a", "first", "z", "last"), f.metadata());
        }
    }

    @Test
    void writeProducesTheSameBytesAsToByteArrayAndLeavesBuffersAlone() throws IOException {
        ByteBuffer data = ByteBuffer.wrap(new byte[] {9, 9, 1, 2, 3, 4});
        data.position(2);
        SafetensorsWriter w = new SafetensorsWriter().add("x", TensorDType.I16, new long[] {2}, data)
                .metadata("k", "v\u00e9\"");
        Path file = dir.resolve("x.safetensors");
        w.write(file);
        w.write(file); // overwrites, does not append
        assertArrayEquals(w.toByteArray(), Files.readAllBytes(file));
        assertEquals(2, data.position());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(0x0201, f.raw("x").getShort(0));
            assertEquals("v\u00e9\"", f.metadata().get("k"));
        }
    }

    @Test
    void rejectsInconsistentTensors() {
        SafetensorsWriter w = new SafetensorsWriter().add("x", TensorDType.F32, new long[] {1}, f32(1));
        assertThrows(IllegalArgumentException.class, () -> w.add("x", TensorDType.F32, new long[] {1}, f32(1)));
        assertThrows(IllegalArgumentException.class,
                () -> w.add("__metadata__", TensorDType.F32, new long[] {1}, f32(1)));
        assertThrows(IllegalArgumentException.class, () -> w.add("y", TensorDType.F32, new long[] {2}, f32(1)));
        assertThrows(IllegalArgumentException.class, () -> w.add("y", TensorDType.F32, new long[] {-1}, f32()));
        assertThrows(IllegalArgumentException.class,
                () -> w.add("y", TensorDType.F32, new long[] {1L << 62, 4}, new byte[0]));
    }
}
