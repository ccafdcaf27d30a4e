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
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.golden.Comparison;
import dev.faceanon.djl.golden.GoldenCase;
import dev.faceanon.djl.golden.Tolerance;
import dev.faceanon.djl.nn.AttentionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The whole {@code CLIPVisionModel} against clip_vision_tiny (golden README &sect;4.4 (b)). */
class ClipVisionModelTest {

    private static ClipVisionModel load(GoldenCase golden, NDManager m, DataType dtype) {
        return ClipVisionModel.load(ClipGolden.config(golden), golden.weights(), m, dtype,
                AttentionOptions.defaults(false));
    }

    @Test
    void matchesReferenceOutputs() {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager();
                ClipVisionModel model = load(golden, m, DataType.FLOAT32)) {
            ClipVisionConfig c = model.config();
            ClipVisionOutput out = model.forward(m, ClipGolden.pixelValues(golden, m));
            assertEquals(new Shape(2, c.numPositions(), c.hiddenSize()), out.lastHiddenState().getShape());
            assertEquals(new Shape(2, c.hiddenSize()), out.pooler().getShape());
            ClipGolden.assertMatches(golden, "output.last_hidden_state", out.lastHiddenState());
            ClipGolden.assertMatches(golden, "output.pooler_output", out.pooler());
        }
    }

    @Test
    void encoderInputMatchesReferencePreLayrnorm() {
        try (GoldenCase golden = ClipGolden.open(); NDManager m = NDManager.newBaseManager()) {
            assumeTrue(golden.has("debug.pre_layrnorm"), "no debug tensors in this golden set");
            ClipVisionConfig c = ClipGolden.config(golden);
            ClipVisionTransformer visionModel = dev.faceanon.djl.nn.CheckpointLoader.load("CLIPVisionTransformer",
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
}
