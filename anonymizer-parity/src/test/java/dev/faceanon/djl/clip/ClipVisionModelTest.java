package dev.faceanon.djl.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.parity.ClipVisionGoldenRunner;
import dev.faceanon.parity.TensorCheck;
import dev.faceanon.djl.testing.HandTensors;
import java.util.List;
import java.util.stream.Collectors;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.weights.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/** The whole {@code CLIPVisionModel} against clip_vision_tiny (golden README &sect;4.4 (b)). */
class ClipVisionModelTest {

    private static ClipVisionModel load(GoldenCase golden, NDManager m, DataType dtype) {
        return ClipVisionModel.load(ClipGolden.config(golden), golden.weights(), m, dtype,
                AttentionOptions.defaults(false));
    }

    @ParameterizedTest
    @EnumSource(AttentionKernel.class)
    void matchesReferenceOutputs(AttentionKernel kernel) {
        // The same reproduction scripts/golden-check runs on any golden directory.
        try (GoldenCase golden = ClipGolden.open()) {
            List<TensorCheck> checks = new ClipVisionGoldenRunner(kernel).run(GoldenDirectory.fromSystemProperty(),
                    golden);
            assertEquals(List.of("output.last_hidden_state", "output.pooler_output"),
                    checks.stream().map(TensorCheck::tensor).collect(Collectors.toList()));
            for (TensorCheck c : checks) {
                System.out.println(ClipGolden.CASE + " " + kernel + " " + c.summary());
                assertTrue(c.comparison().passed(), c.summary());
            }
        }
    }

    @Test
    void encoderInputMatchesReferencePreLayrnorm() {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager()) {
            assumeTrue(golden.has("debug.pre_layrnorm"), "no debug tensors in this golden set");
            ClipVisionConfig c = ClipGolden.config(golden);
            ClipVisionTransformer visionModel = CheckpointLoader.load("CLIPVisionTransformer",
                    golden.weights(), ClipVisionModel::isIgnoredCheckpointKey, m, DataType.FLOAT32,
                    w -> new ClipVisionTransformer(w.at("vision_model"), c, AttentionOptions.defaults(false)));
            ClipGolden.assertMatches(golden, "debug.pre_layrnorm",
                    visionModel.embed(ClipGolden.pixelValues(golden, m)));
        }
    }

    /**
     * float16 weights and activations on the CPU. float16 keeps 11 significant bits (unit roundoff
     * 4.9e-4); every Linear rounds its inputs, weights and output, and a LayerNorm output of
     * magnitude ~3 carries ~1.5e-3 absolute error. Over the layers of the tiny model the measured
     * deviation stays below 1e-2 (printed); 3e-2 + 1e-2·|b| leaves margin for other CPUs' kernels
     * while a wrong computation path (say, half-precision score overflow or a dropped cast) would
     * show errors of order 1.
     */
    @Test
    void float16AgreesWithFloat32() {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager();
                ClipVisionModel fp32 = load(golden, m, DataType.FLOAT32);
                ClipVisionModel fp16 = load(golden, m, DataType.FLOAT16)) {
            NDArray pixels = ClipGolden.pixelValues(golden, m);
            ClipVisionOutput ref = fp32.forward(m, pixels);
            ClipVisionOutput half = fp16.forward(m, pixels);
            assertEquals(DataType.FLOAT16, half.lastHiddenState().getDataType());
            assertEquals(DataType.FLOAT16, half.pooler().getDataType());
            Tolerance halfTolerance = new Tolerance(3e-2, 1e-2);
            for (String what : List.of("last_hidden_state", "pooler")) {
                NDArray a = what.equals("pooler") ? half.pooler() : half.lastHiddenState();
                NDArray b = what.equals("pooler") ? ref.pooler() : ref.lastHiddenState();
                Comparison cmp = halfTolerance.compare(a.toType(DataType.FLOAT32, false).toFloatArray(), b.toFloatArray());
                System.out.println("clip_vision_tiny fp16 vs fp32 " + what + ": " + cmp.summary());
                assertTrue(cmp.passed(), what + ": " + cmp.summary());
            }
        }
    }

    @Test
    void repeatedForwardPassesLeaveNoArraysBehind() {
        try (GoldenCase golden = ClipGolden.open(); NDManager root = NDManager.newBaseManager();
                ClipVisionModel model = load(golden, root, DataType.FLOAT32)) {
            NDArray pixels = ClipGolden.pixelValues(golden, root);
            NDManager callers = root.newSubManager();
            // root holds the input, the model's weight manager and the caller's manager.
            int before = root.getManagedArrays().size();
            for (int i = 0; i < 20; i++) {
                ClipVisionOutput out = model.forward(callers, pixels);
                // Exactly the two results are added, and only to the caller's manager.
                assertEquals(before + 2, root.getManagedArrays().size(), "pass " + i);
                assertEquals(2, callers.getManagedArrays().size(), "pass " + i);
                out.close();
            }
            assertEquals(before, root.getManagedArrays().size());
            callers.close();
        }
    }

    @Test
    void concurrentCallsGiveTheSameResult() throws Exception {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager();
                ClipVisionModel model = load(golden, m, DataType.FLOAT32)) {
            NDArray pixels = ClipGolden.pixelValues(golden, m);
            float[] expected = model.forward(m, pixels).pooler().toFloatArray();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<float[]>> runs = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    runs.add(pool.submit(() -> {
                        try (NDManager own = m.newSubManager()) {
                            return model.forward(own, pixels).pooler().toFloatArray();
                        }
                    }));
                }
                for (Future<float[]> run : runs) {
                    assertArrayEquals(expected, run.get(), 1e-6f);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void rejectsBadInputsAndTypesAndUseAfterClose() {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager()) {
            ClipVisionConfig c = ClipGolden.config(golden);
            assertThrows(IllegalArgumentException.class, () -> load(golden, m, DataType.BFLOAT16));
            assertThrows(IllegalArgumentException.class, () -> load(golden, m, DataType.INT32));
            ClipVisionModel model = load(golden, m, DataType.FLOAT32);
            NDArray flat = m.zeros(new Shape(c.numChannels(), c.imageSize(), c.imageSize()));
            assertThrows(IllegalArgumentException.class, () -> model.forward(m, flat));
            NDArray bytes = m.zeros(new Shape(1, c.numChannels(), c.imageSize(), c.imageSize()), DataType.UINT8);
            assertThrows(IllegalArgumentException.class, () -> model.forward(m, bytes));
            int before = m.getManagedArrays().size();
            NDArray wide = m.zeros(new Shape(1, c.numChannels(), c.imageSize(), 2L * c.imageSize()));
            assertThrows(IllegalArgumentException.class, () -> model.forward(m, wide));
            // A rejected call leaves nothing behind either.
            assertEquals(before + 1, m.getManagedArrays().size());
            model.close();
            NDArray ok = m.zeros(new Shape(1, c.numChannels(), c.imageSize(), c.imageSize()));
            assertThrows(IllegalStateException.class, () -> model.forward(m, ok));
        }
    }

    /**
     * A configuration shaped like the held-out set's (patch 16, hidden 24, 3 heads, 3 layers, 197
     * tokens; here with exact GELU) with seeded random weights: the shapes follow the config, and the
     * pooler is the post-layernorm of token 0, recomputed here in double precision.
     */
    @Test
    void followsTheConfigurationAndPoolsTheClassToken(@TempDir Path dir) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("model_type", "clip_vision_model");
        json.addProperty("hidden_size", 24);
        json.addProperty("intermediate_size", 48);
        json.addProperty("num_hidden_layers", 3);
        json.addProperty("num_attention_heads", 3);
        json.addProperty("patch_size", 16);
        json.addProperty("image_size", 224);
        json.addProperty("hidden_act", "gelu");
        ClipVisionConfig c = ClipVisionConfig.fromJson(json, dir.resolve("config.json"));
        Random random = new Random(11);
        HandTensors hw = new HandTensors();
        for (ParameterSpec p : ClipVisionModel.expectedParameters(c)) {
            float[] v = new float[Math.toIntExact(Arrays.stream(p.shape()).reduce(1, Math::multiplyExact))];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextGaussian() / Math.sqrt(p.shape().length > 1 ? v.length / p.shape()[0] : 4));
            }
            hw.put(p.key(), v, p.shape());
        }
        try (SafetensorsFile file = hw.write(dir); NDManager m = NDManager.newBaseManager();
                ClipVisionModel model = ClipVisionModel.load(c, file, m, DataType.FLOAT32,
                        AttentionOptions.defaults(false))) {
            m.getEngine().setRandomSeed(3);
            ClipVisionOutput out = model.forward(m, m.randomNormal(new Shape(2, 3, 224, 224)));
            assertEquals(new Shape(2, 197, 24), out.lastHiddenState().getShape());
            assertEquals(new Shape(2, 24), out.pooler().getShape());
            float[] last = out.lastHiddenState().toFloatArray();
            float[] gamma = file.load("vision_model.post_layernorm.weight", m).toFloatArray();
            float[] beta = file.load("vision_model.post_layernorm.bias", m).toFloatArray();
            float[] expected = new float[2 * 24];
            for (int b = 0; b < 2; b++) {
                int row = b * 197 * 24;
                double mean = 0;
                double var = 0;
                for (int i = 0; i < 24; i++) {
                    mean += last[row + i] / 24.0;
                }
                for (int i = 0; i < 24; i++) {
                    var += (last[row + i] - mean) * (last[row + i] - mean) / 24.0;
                }
                for (int i = 0; i < 24; i++) {
                    expected[b * 24 + i] = (float) ((last[row + i] - mean) / Math.sqrt(var + 1e-5) * gamma[i] + beta[i]);
                }
            }
            assertArrayEquals(expected, out.pooler().toFloatArray(), 1e-5f);
        }
    }
}
