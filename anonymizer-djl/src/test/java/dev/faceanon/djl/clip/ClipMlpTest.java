package dev.faceanon.djl.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.config.ClipVisionConfig.Activation;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.testing.HandTensors;
import dev.faceanon.djl.weights.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code CLIPMLP} on hand-computed values for both supported {@code hidden_act} values. */
class ClipMlpTest {
    private static final float[] INPUT = {1, -1, 2};

    @TempDir
    Path dir;

    private float[] run(Activation act) throws IOException {
        // fc1 [4, 3]: rows x0, x1, x2, x0 + 1 (bias); fc2 [3, 4]: sums pairs, bias 0.5.
        HandTensors hw = new HandTensors()
                .put("mlp.fc1.weight", new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, 4, 3)
                .put("mlp.fc1.bias", new float[] {0, 0, 0, 1}, 4)
                .put("mlp.fc2.weight", new float[] {1, 1, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1}, 3, 4)
                .put("mlp.fc2.bias", new float[] {0.5f, 0.5f, 0.5f}, 3);
        try (SafetensorsFile file = hw.write(dir); NDManager m = NDManager.newBaseManager()) {
            ClipMlp mlp = CheckpointLoader.load("CLIPMLP", file, k -> false, m, DataType.FLOAT32,
                    w -> new ClipMlp(w.at("mlp"), 3, 4, act));
            return mlp.forward(m.create(INPUT, new Shape(1, 3))).toFloatArray();
        }
    }

    /** fc1 output is (1, -1, 2, 2); the MLP returns (a(1)+a(-1), a(2)+a(2), a(1)+a(2)) + 0.5. */
    private static float[] expected(double a1, double am1, double a2) {
        return new float[] {(float) (a1 + am1 + 0.5), (float) (2 * a2 + 0.5), (float) (a1 + a2 + 0.5)};
    }

    @Test
    void quickGeluIsXTimesSigmoidOf1702X() throws IOException {
        java.util.function.DoubleUnaryOperator q = x -> x / (1 + Math.exp(-1.702 * x));
        assertArrayEquals(expected(q.applyAsDouble(1), q.applyAsDouble(-1), q.applyAsDouble(2)),
                run(Activation.QUICK_GELU), 1e-6f);
    }

    @Test
    void geluIsTheExactErfForm() throws IOException {
        // x·Φ(x) with Φ from tables: Φ(1) = 0.8413447461, Φ(-1) = 0.1586552539, Φ(2) = 0.9772498681.
        assertArrayEquals(expected(0.8413447461, -0.1586552539, 2 * 0.9772498681), run(Activation.GELU), 1e-6f);
    }
}
