package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.SafetensorsBytes.bytes;
import static dev.faceanon.djl.weights.SafetensorsBytes.f32;
import static dev.faceanon.djl.weights.SafetensorsBytes.i64;
import static dev.faceanon.djl.weights.SafetensorsBytes.u16;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFileTest {

    @TempDir
    Path dir;

    // F32 values whose float16 roundings are known: 1/3 rounds to 0x3555 = (1 + 341/1024) / 4.
    private static final float[] F32_VALUES = {1.5f, -2f, 1f / 3f, 65504f, 0f, -0.25f};
    private static final float[] F32_AS_F16 = {1.5f, -2f, 0.333251953125f, 65504f, 0f, -0.25f};
    // float16 bits: 1.0, -2.0, 0x3555, max finite 65504
    private static final int[] F16_BITS = {0x3c00, 0xc000, 0x3555, 0x7bff};
    private static final float[] F16_VALUES = {1f, -2f, 0.333251953125f, 65504f};
    // bfloat16 bits are the high half of float32 bits: 0x3f80 = 1.0, 0xc0a0 = -5.0,
    // 0x3eaa = 0x3eaa0000 = 85/256, 0x4049 = 0x40490000 = 3.140625
    private static final int[] BF16_BITS = {0x3f80, 0xc0a0, 0x3eaa, 0x4049};
    private static final float[] BF16_VALUES = {1f, -5f, 85f / 256f, 3.140625f};
    private static final long[] I64_VALUES = {-1L, 1L << 40, 7L};
    private static final byte[] U8_BYTES = {0, 127, (byte) 128, (byte) 255};

    private Path writeAllTypes() throws IOException {
        Path file = dir.resolve("all.safetensors");
        new SafetensorsWriter()
                .add("w.f32", TensorDType.F32, new long[] {2, 3}, f32(F32_VALUES))
                .add("h.f16", TensorDType.F16, new long[] {4}, u16(F16_BITS))
                .add("b.bf16", TensorDType.BF16, new long[] {2, 2}, u16(BF16_BITS))
                .add("i.i64", TensorDType.I64, new long[] {3}, i64(I64_VALUES))
                .add("u.u8", TensorDType.U8, new long[] {2, 2}, U8_BYTES)
                .add("s.scalar", TensorDType.F32, new long[0], f32(42.5f))
                .add("z.empty", TensorDType.F32, new long[] {0, 3}, new byte[0])
                .add("z.empty_u8", TensorDType.U8, new long[] {0}, new byte[0])
                .metadata("format", "pt")
                .metadata("note", "gr\u00fc\u00dfe \u2713")
                .write(file);
        return file;
    }

    @Test
    void roundTripsEveryTypeThroughTheEngine() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(writeAllTypes()); NDManager m = NDManager.newBaseManager()) {
            assertEquals(8, f.tensors().size());
            assertEquals(new TensorInfo("w.f32", TensorDType.F32, new long[] {2, 3}), f.info("w.f32"));
            assertEquals(new TensorInfo("b.bf16", TensorDType.BF16, new long[] {2, 2}), f.info("b.bf16"));

            NDArray w = f.load("w.f32", m);
            assertArrayEquals(new long[] {2, 3}, w.getShape().getShape());
            assertArrayEquals(F32_VALUES, w.toFloatArray());
            assertArrayEquals(F32_AS_F16, asFloat32(f.load("w.f32", m, DataType.FLOAT16)));

            assertArrayEquals(F16_VALUES, f.load("h.f16", m, DataType.FLOAT32).toFloatArray());
            assertArrayEquals(F16_VALUES, asFloat32(f.load("h.f16", m)));

            NDArray b = f.load("b.bf16", m);
            assertEquals(DataType.FLOAT32, b.getDataType());
            assertArrayEquals(BF16_VALUES, b.toFloatArray());
            assertArrayEquals(BF16_VALUES, asFloat32(f.load("b.bf16", m, DataType.FLOAT16)));

            assertArrayEquals(I64_VALUES, f.load("i.i64", m).toLongArray());
            NDArray u = f.load("u.u8", m);
            assertEquals(DataType.UINT8, u.getDataType());
            assertArrayEquals(new int[] {0, 127, 128, 255}, u.toUint8Array());

            NDArray s = f.load("s.scalar", m);
            assertEquals(0, s.getShape().dimension());
            assertEquals(42.5f, s.getFloat());

            NDArray z = f.load("z.empty", m);
            assertArrayEquals(new long[] {0, 3}, z.getShape().getShape());
            assertEquals(0, f.raw("z.empty").remaining());
            assertEquals(0, f.load("z.empty_u8", m).size());
        }
    }

    @Test
    void rawIsAReadOnlyLittleEndianViewOfExactlyTheTensor() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(writeAllTypes())) {
            ByteBuffer raw = f.raw("i.i64");
            assertTrue(raw.isReadOnly());
            assertEquals(ByteOrder.LITTLE_ENDIAN, raw.order());
            assertEquals(0, raw.position());
            assertEquals(24, raw.remaining());
            assertEquals(1L << 40, raw.getLong(8));
            assertThrows(ReadOnlyBufferException.class, () -> raw.put(0, (byte) 1));
            assertArrayEquals(U8_BYTES, bytes(f.raw("u.u8")));
            assertArrayEquals(u16(BF16_BITS), bytes(f.raw("b.bf16")));
            // Consuming one view leaves the next one untouched.
            raw.getLong();
            assertEquals(-1L, f.raw("i.i64").getLong());
            assertEquals(ByteOrder.LITTLE_ENDIAN, f.raw("z.empty").order());
        }
    }

    @Test
    void metadataAndLookups() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(writeAllTypes())) {
            assertEquals(Map.of("format", "pt", "note", "gr\u00fc\u00dfe \u2713"), f.metadata());
            assertTrue(f.find("w.f32").isPresent());
            assertFalse(f.find("nope").isPresent());
            NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> f.info("nope"));
            assertTrue(e.getMessage().contains("nope"));
            assertThrows(NoSuchElementException.class, () -> f.raw("nope"));
            assertEquals(f.path(), dir.resolve("all.safetensors"));
        }
    }

    @Test
    void fileWithoutMetadataHasAnEmptyMap() throws IOException {
        Path file = dir.resolve("plain.safetensors");
        new SafetensorsWriter().add("x", TensorDType.F32, new long[] {1}, f32(3f)).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(Map.of(), f.metadata());
            assertEquals(3f, f.raw("x").getFloat(0));
        }
    }

    @Test
    void closeReleasesTheFileHandleAndFurtherReadsFail() throws IOException {
        Path file = writeAllTypes();
        SafetensorsFile f;
        try (SafetensorsFile open = SafetensorsFile.open(file)) {
            f = open;
            assertEquals(-2f, f.raw("w.f32").getFloat(4));
        }
        assertEquals(0, openDescriptorsOf(file), "a file descriptor still refers to " + file);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.raw("w.f32"));
        assertTrue(e.getMessage().contains("closed"));
        // Many open/close cycles must not accumulate descriptors either.
        for (int i = 0; i < 200; i++) {
            try (SafetensorsFile again = SafetensorsFile.open(file)) {
                again.raw("i.i64");
            }
        }
        assertEquals(0, openDescriptorsOf(file));
    }

    @Test
    void tensorsSpreadOverManyMappingWindowsReadBackExactly() throws IOException {
        // Windows of at most 40 bytes force most tensors into windows of their own, one tensor
        // (100 bytes) into a window larger than the limit, and zero-size tensors into none.
        SafetensorsWriter w = new SafetensorsWriter();
        Map<String, byte[]> expected = new LinkedHashMap<>();
        for (int i = 0; i < 30; i++) {
            int n = i == 7 ? 25 : i % 5;
            float[] v = new float[n];
            for (int j = 0; j < n; j++) {
                v[j] = i * 100 + j;
            }
            expected.put("t" + i, f32(v));
            w.add("t" + i, TensorDType.F32, new long[] {n}, f32(v));
        }
        Path file = dir.resolve("windows.safetensors");
        w.write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file, 40)) {
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                assertArrayEquals(e.getValue(), bytes(f.raw(e.getKey())), e.getKey());
            }
        }
    }

    @Test
    void goldenUnetMatchesItsSidecarAndDjlsOwnDecoder() throws IOException {
        checkGolden("unet_tiny", 717);
    }

    @Test
    void goldenPipelineWithU8AndI64MatchesItsSidecarAndDjlsOwnDecoder() throws IOException {
        checkGolden("pipeline_tiny_anon", 79);
    }

    @Test
    void everyGoldenFileTilesItsDataSectionAndIsAccepted() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(SafetensorsBytes.goldenDir())) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().toList();
        }
        assertTrue(files.size() >= 9, "golden safetensors files: " + files);
        for (Path file : files) {
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                long tensorBytes = 0;
                for (TensorInfo t : f.tensors()) {
                    tensorBytes += t.byteSize();
                }
                // The data section, by the header length prefix, holds exactly the tensors' bytes.
                long headerLength;
                try (InputStream in = Files.newInputStream(file)) {
                    headerLength = ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
                }
                long dataLength = Files.size(file) - 8 - headerLength;
                assertEquals(dataLength, tensorBytes, file.toString());
            }
        }
    }

    private static void checkGolden(String name, int expectedCount) throws IOException {
        Path golden = SafetensorsBytes.goldenDir();
        Path file = golden.resolve(name + ".safetensors");
        JsonObject sidecar = JsonParser.parseString(Files.readString(golden.resolve(name + ".json")))
                .getAsJsonObject().getAsJsonObject("tensors");
        try (SafetensorsFile f = SafetensorsFile.open(file); NDManager m = NDManager.newBaseManager()) {
            assertEquals(expectedCount, f.tensors().size());
            assertEquals(sidecar.size(), f.tensors().size());
            for (String key : sidecar.keySet()) {
                JsonObject t = sidecar.getAsJsonObject(key);
                TensorInfo info = f.info(key);
                assertEquals(t.get("dtype").getAsString(), info.dtype().safetensorsName(), key);
                long[] shape = new long[t.getAsJsonArray("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = t.getAsJsonArray("shape").get(i).getAsLong();
                }
                assertArrayEquals(shape, info.shape(), key);
            }
            assertEquals(Map.of("golden", name, "json", name + ".json"), f.metadata());

            NDList reference;
            try (InputStream in = Files.newInputStream(file)) {
                reference = NDList.decode(m, in);
            }
            List<String> referenceNames = new ArrayList<>();
            for (NDArray expected : reference) {
                referenceNames.add(expected.getName());
                NDArray actual = f.load(expected.getName(), m);
                assertEquals(expected.getDataType(), actual.getDataType(), expected.getName());
                assertEquals(expected.getShape(), actual.getShape(), expected.getName());
                if (expected.getDataType() == DataType.FLOAT32) {
                    assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), expected.getName());
                } else if (expected.getDataType() == DataType.UINT8) {
                    assertArrayEquals(expected.toUint8Array(), actual.toUint8Array(), expected.getName());
                } else {
                    assertArrayEquals(expected.toLongArray(), actual.toLongArray(), expected.getName());
                }
            }
            List<String> ours = new ArrayList<>();
            f.tensors().forEach(t -> ours.add(t.name()));
            assertEquals(referenceNames, ours);
        }
    }

    private static float[] asFloat32(NDArray half) {
        assertEquals(DataType.FLOAT16, half.getDataType());
        return half.toType(DataType.FLOAT32, false).toFloatArray();
    }

    /** Counts this process's descriptors that refer to {@code file} (Linux /proc). */
    static long openDescriptorsOf(Path file) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assertTrue(Files.isDirectory(fds), "this check needs Linux /proc");
        Path real = file.toRealPath();
        try (Stream<Path> links = Files.list(fds)) {
            return links.filter(l -> {
                try {
                    return Files.readSymbolicLink(l).equals(real);
                } catch (IOException | UnsupportedOperationException e) {
                    return false; // the descriptor closed while listing
                }
            }).count();
        }
    }
}
