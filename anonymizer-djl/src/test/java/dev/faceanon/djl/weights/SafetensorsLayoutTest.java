package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsLayoutTest {

    @TempDir
    Path dir;

    private static final List<TensorInfo> TENSORS = List.of(
            new TensorInfo("v.x\"q", TensorDType.F16, new long[] {3}),
            new TensorInfo("v.y", TensorDType.I64, new long[] {2, 1}));

    @Test
    void laysOutAContiguousAlignedFileWithoutTheData() {
        SafetensorsLayout layout = SafetensorsLayout.of(TENSORS, Map.of("format", "pt"));
        byte[] h = layout.prefixAndHeader();
        assertEquals(0, h.length % 8);
        long n = ByteBuffer.wrap(h, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(h.length - 8, n);
        assertEquals(h.length, layout.dataStart());
        assertEquals(22, layout.dataLength());
        assertEquals(h.length + 22, layout.fileSize());
        // Read back with Gson, not with the library's parser. I64 (8-byte elements) comes first.
        JsonObject o = JsonParser.parseString(new String(h, 8, (int) n, StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(List.of("__metadata__", "v.y", "v.x\"q"), new ArrayList<>(o.keySet()));
        assertEquals("pt", o.getAsJsonObject("__metadata__").get("format").getAsString());
        assertEquals("[0,16]", o.getAsJsonObject("v.y").getAsJsonArray("data_offsets").toString());
        assertEquals("[2,1]", o.getAsJsonObject("v.y").getAsJsonArray("shape").toString());
        assertEquals("[16,22]", o.getAsJsonObject("v.x\"q").getAsJsonArray("data_offsets").toString());
        assertEquals("F16", o.getAsJsonObject("v.x\"q").get("dtype").getAsString());
        assertEquals(List.of("v.y", "v.x\"q"), layout.entries().stream().map(e -> e.info().name()).toList());
        assertEquals(16, layout.entries().get(1).begin());
        assertEquals(22, layout.entries().get(1).end());
    }

    @Test
    void theWriterFillsTheSameLayoutAndTheReaderReadsItBack() throws IOException {
        byte[] x = {1, 2, 3, 4, 5, 6};
        byte[] y = new byte[16];
        Arrays.fill(y, (byte) 7);
        byte[] file = new SafetensorsWriter().add("v.x\"q", TensorDType.F16, new long[] {3}, x)
                .add("v.y", TensorDType.I64, new long[] {2, 1}, y).metadata("format", "pt").toByteArray();
        SafetensorsLayout layout = SafetensorsLayout.of(TENSORS, Map.of("format", "pt"));
        assertEquals(layout.fileSize(), file.length);
        assertArrayEquals(layout.prefixAndHeader(), Arrays.copyOf(file, (int) layout.dataStart()));

        // A file streamed by hand in the layout's order is a valid safetensors file.
        ByteBuffer streamed = ByteBuffer.allocate((int) layout.fileSize()).put(layout.prefixAndHeader());
        for (SafetensorsHeader.Entry e : layout.entries()) {
            streamed.put(e.info().name().equals("v.y") ? y : x);
        }
        Path p = Files.write(dir.resolve("streamed.safetensors"), streamed.array());
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertArrayEquals(x, SafetensorsBytes.bytes(f.raw("v.x\"q")));
            assertArrayEquals(y, SafetensorsBytes.bytes(f.raw("v.y")));
            assertEquals(Map.of("format", "pt"), f.metadata());
        }
    }

    @Test
    void refusesWhatNoReaderWouldAccept() {
        TensorInfo a = new TensorInfo("a", TensorDType.F32, new long[] {1});
        assertThrows(IllegalArgumentException.class, () -> SafetensorsLayout.of(List.of(a, a), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsLayout.of(
                List.of(new TensorInfo("__metadata__", TensorDType.F32, new long[] {1})), Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafetensorsLayout.of(
                List.of(new TensorInfo("r9", TensorDType.U8, new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1})), Map.of()));
        List<TensorInfo> many = new ArrayList<>();
        for (int i = 0; i <= SafetensorsHeader.MAX_TENSORS; i++) {
            many.add(new TensorInfo("t" + i, TensorDType.U8, new long[0]));
        }
        assertThrows(IllegalArgumentException.class, () -> SafetensorsLayout.of(many, Map.of()));
        long half = Long.MAX_VALUE / 2 + 1;
        assertThrows(IllegalArgumentException.class, () -> SafetensorsLayout.of(List.of(
                new TensorInfo("h1", TensorDType.U8, new long[] {half}),
                new TensorInfo("h2", TensorDType.U8, new long[] {half})), Map.of()));
    }
}
