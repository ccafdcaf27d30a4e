package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reads the fixtures torch 1.13 wrote (make_fixtures.py) in both formats and compares every tensor
 * with the values torch itself exported to expected.json through {@code .tolist()}.
 */
class TorchCheckpointTest {
    private static JsonObject cases;

    @BeforeAll
    static void readExpected() throws IOException {
        try (Reader r = new InputStreamReader(
                TorchCheckpointTest.class.getResourceAsStream("torch/expected.json"), StandardCharsets.UTF_8)) {
            cases = JsonParser.parseReader(r).getAsJsonObject().getAsJsonObject("cases");
        }
    }

    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("mixed", "mixed_zip.pt", TorchCheckpoint.Format.ZIP),
                Arguments.of("mixed", "mixed_legacy.pt", TorchCheckpoint.Format.LEGACY),
                Arguments.of("mixed", "mixed_zip64.pt", TorchCheckpoint.Format.ZIP),
                Arguments.of("convnet", "convnet_zip.pth", TorchCheckpoint.Format.ZIP),
                Arguments.of("convnet", "convnet_legacy.pth", TorchCheckpoint.Format.LEGACY),
                Arguments.of("convnet", "convnet_p4_zip.pth", TorchCheckpoint.Format.ZIP),
                Arguments.of("convnet", "convnet_p4_legacy.pth", TorchCheckpoint.Format.LEGACY),
                Arguments.of("params", "params_zip.pt", TorchCheckpoint.Format.ZIP),
                Arguments.of("params", "params_legacy.pt", TorchCheckpoint.Format.LEGACY),
                Arguments.of("tied", "tied_zip.pt", TorchCheckpoint.Format.ZIP),
                Arguments.of("tied", "tied_legacy.pt", TorchCheckpoint.Format.LEGACY),
                Arguments.of("nested", "nested_zip.pt", TorchCheckpoint.Format.ZIP),
                Arguments.of("nested", "nested_legacy.pt", TorchCheckpoint.Format.LEGACY));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void everyTensorMatchesTorchsOwnExport(String name, String file, TorchCheckpoint.Format format)
            throws IOException {
        JsonObject expected = cases.getAsJsonObject(name);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(TorchCheckpointFiles.fixture(file))) {
            assertEquals(format, ckpt.format());
            List<String> keys = new ArrayList<>();
            expected.getAsJsonArray("keys").forEach(k -> keys.add(k.getAsString()));
            assertEquals(keys, ckpt.tensors().stream().map(TensorInfo::name).toList(), "names in file order");
            for (Map.Entry<String, JsonElement> e : expected.getAsJsonObject("tensors").entrySet()) {
                assertTensor(ckpt, e.getKey(), e.getValue().getAsJsonObject());
            }
        }
    }

    private static void assertTensor(TorchCheckpoint ckpt, String key, JsonObject want) {
        TensorInfo info = ckpt.info(key);
        assertEquals(want.get("dtype").getAsString(), info.dtype().safetensorsName(), key);
        assertArrayEquals(longs(want.getAsJsonArray("shape")), info.shape(), key);
        ByteBuffer raw = ckpt.raw(key);
        assertTrue(raw.isReadOnly(), key);
        assertEquals(info.byteSize(), raw.remaining(), key);
        if (info.elementCount() > 0) {
            // torch's own is_contiguous(): those are mapped slices of the file, the rest are copies.
            assertEquals(want.get("contiguous").getAsBoolean(), raw.isDirect(), key + " zero-copy");
        }
        JsonArray values = want.getAsJsonArray("values");
        assertEquals(info.elementCount(), values.size(), key);
        if (info.dtype() == TensorDType.F64) {
            for (int i = 0; i < values.size(); i++) {
                assertEquals(values.get(i).getAsDouble(), raw.getDouble(i * 8), key + "[" + i + "]");
            }
        } else if (info.dtype().isFloatingPoint()) {
            float[] got = TensorDecoder.toFloatArray(raw, info);
            for (int i = 0; i < values.size(); i++) {
                assertEquals((float) values.get(i).getAsDouble(), got[i], key + "[" + i + "]");
            }
        } else {
            assertArrayEquals(longs(values), TensorDecoder.toLongArray(raw, info), key);
        }
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void floatingTensorsLoadAsFloat32AndFloat16(String name, String file, TorchCheckpoint.Format format)
            throws IOException {
        JsonObject tensors = cases.getAsJsonObject(name).getAsJsonObject("tensors");
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(TorchCheckpointFiles.fixture(file));
                NDManager manager = NDManager.newBaseManager()) {
            for (Map.Entry<String, JsonElement> e : tensors.entrySet()) {
                TensorInfo info = ckpt.info(e.getKey());
                long[] shape = longs(e.getValue().getAsJsonObject().getAsJsonArray("shape"));
                JsonArray values = e.getValue().getAsJsonObject().getAsJsonArray("values");
                if (!info.dtype().isFloatingPoint()) {
                    NDArray a = ckpt.load(e.getKey(), manager);
                    assertEquals(TensorDecoder.defaultEngineType(info.dtype()), a.getDataType());
                    assertArrayEquals(shape, a.getShape().getShape());
                    assertArrayEquals(longs(values), a.toType(DataType.INT64, false).toLongArray(), e.getKey());
                    continue;
                }
                NDArray f32 = ckpt.load(e.getKey(), manager, DataType.FLOAT32);
                assertEquals(DataType.FLOAT32, f32.getDataType());
                assertArrayEquals(shape, f32.getShape().getShape(), e.getKey());
                float[] got32 = f32.toFloatArray();
                NDArray f16 = ckpt.load(e.getKey(), manager, DataType.FLOAT16);
                assertEquals(DataType.FLOAT16, f16.getDataType());
                assertArrayEquals(shape, f16.getShape().getShape(), e.getKey());
                float[] got16 = f16.toType(DataType.FLOAT32, false).toFloatArray();
                for (int i = 0; i < values.size(); i++) {
                    float want = (float) values.get(i).getAsDouble();
                    assertEquals(want, got32[i], e.getKey() + "[" + i + "]");
                    // Rounding to binary16 (11-bit significand) of values within its normal range.
                    assertEquals(want, got16[i], Math.abs(want) * 0x1p-11f + 1e-7f, e.getKey() + "[" + i + "] f16");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mixedFiles")
    void viewsShareOneStorageAndContiguousOnesAreMappedNotCopied(String file) throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(TorchCheckpointFiles.fixture(file))) {
            float[] base = TensorDecoder.toFloatArray(ckpt.raw("base"), ckpt.info("base"));
            float[] tail = TensorDecoder.toFloatArray(ckpt.raw("tail"), ckpt.info("tail"));
            float[] window = TensorDecoder.toFloatArray(ckpt.raw("window"), ckpt.info("window"));
            float[] everyOther = TensorDecoder.toFloatArray(ckpt.raw("every_other"), ckpt.info("every_other"));
            // base = arange(10) * 0.5 - 1; the views are base[2:], base[3:9].view(2, 3), base[1::2].
            for (int i = 0; i < 10; i++) {
                assertEquals(i * 0.5f - 1f, base[i]);
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(base[i + 2], tail[i]);
            }
            for (int i = 0; i < 6; i++) {
                assertEquals(base[i + 3], window[i]);
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(base[1 + 2 * i], everyOther[i]);
            }
            assertTrue(ckpt.raw("tail").isDirect(), "a contiguous view is a mapped slice");
            assertFalse(ckpt.raw("every_other").isDirect(), "a strided view is gathered into a copy");
            assertArrayEquals(new long[] {2, 3}, ckpt.info("transposed").shape());
        }
    }

    static Stream<String> mixedFiles() {
        return Stream.of("mixed_zip.pt", "mixed_legacy.pt", "mixed_zip64.pt");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tiedFiles")
    void tiedWeightsReadTheSameBytes(String file) throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(TorchCheckpointFiles.fixture(file))) {
            assertEquals(ckpt.info("embed.weight").dtype(), ckpt.info("head.weight").dtype());
            assertEquals(ckpt.raw("embed.weight"), ckpt.raw("head.weight"));
            assertArrayEquals(new long[] {5, 3}, ckpt.info("head.weight").shape());
        }
    }

    static Stream<String> tiedFiles() {
        return Stream.of("tied_zip.pt", "tied_legacy.pt");
    }

    @Test
    void wrappedStateDictsAreNamedByTheirPath() throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(TorchCheckpointFiles.fixture("nested_legacy.pt"))) {
            assertEquals(List.of("state_dict.conv.weight", "state_dict.conv.bias", "meta.ema.decay"),
                    ckpt.tensors().stream().map(TensorInfo::name).toList());
            assertTrue(ckpt.find("epoch").isEmpty(), "non-tensor values are not tensors");
            assertTrue(ckpt.find("conv.weight").isEmpty(), "no implicit unwrapping");
        }
    }

    @Test
    void scalarsEmptyTensorsAndBatchCountersKeepTheirShape() throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(TorchCheckpointFiles.fixture("mixed_zip.pt"));
                TorchCheckpoint conv = TorchCheckpoint.open(TorchCheckpointFiles.fixture("convnet_legacy.pth"));
                NDManager manager = NDManager.newBaseManager()) {
            assertEquals(0, ckpt.info("scalar").rank());
            assertEquals(3.25f, ckpt.load("scalar", manager).getFloat());
            assertEquals(0, ckpt.raw("empty").remaining());
            assertArrayEquals(new long[] {0, 3}, ckpt.load("empty", manager).getShape().getShape());
            TensorInfo counter = conv.info("features.1.num_batches_tracked");
            assertEquals(TensorDType.I64, counter.dtype());
            assertEquals(0, counter.rank());
            assertEquals(12L, conv.raw("features.1.num_batches_tracked").getLong(0));
        }
    }

    @Test
    void int16IsWidenedToInt32BecauseTheEngineAbortsOnInt16() throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(TorchCheckpointFiles.fixture("mixed_legacy.pt"));
                NDManager manager = NDManager.newBaseManager()) {
            NDArray a = ckpt.load("i16", manager);
            assertEquals(DataType.INT32, a.getDataType());
            assertArrayEquals(new int[] {-32768, 12, 32767}, a.toIntArray());
            assertThrows(IllegalArgumentException.class, () -> ckpt.load("i16", manager, DataType.INT16));
        }
    }

    @Test
    void unknownNamesAndClosedCheckpointsFailClearly() throws IOException {
        TorchCheckpoint ckpt = TorchCheckpoint.open(TorchCheckpointFiles.fixture("tied_zip.pt"));
        NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> ckpt.raw("nope"));
        assertTrue(missing.getMessage().contains("nope"));
        ByteBuffer before = ckpt.raw("head.bias");
        ckpt.close();
        assertThrows(IllegalStateException.class, () -> ckpt.raw("head.bias"));
        assertEquals(20, before.remaining(), "buffers handed out before close stay readable");
        before.getFloat(16);
    }

    private static long[] longs(JsonArray a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsLong();
        }
        return out;
    }
}
