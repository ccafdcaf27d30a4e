package dev.faceanon.djl.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.testing.HandTensors;
import dev.faceanon.djl.weights.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code CLIPAttention} on hand-computed values: head split, 1/√head_dim scale, output projection. */
class ClipAttentionTest {

    @TempDir
    Path dir;

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void attendsPerHeadWithInverseSqrtHeadDimScale() throws IOException {
        // hidden 4, 2 heads of width 2, identity q/k/v projections; out_proj doubles and adds 1.
        float[] twice = new float[16];
        for (int i = 0; i < 4; i++) {
            twice[i * 4 + i] = 2;
        }
        HandTensors hw = new HandTensors().identityLinear("self_attn.k_proj", 4)
                .identityLinear("self_attn.v_proj", 4).identityLinear("self_attn.q_proj", 4)
                .put("self_attn.out_proj.weight", twice, 4, 4).put("self_attn.out_proj.bias", new float[] {1, 1, 1, 1}, 4);
        try (SafetensorsFile file = hw.write(dir); NDManager m = NDManager.newBaseManager()) {
            ClipAttention attn = CheckpointLoader.load("CLIPAttention", file, k -> false, m, DataType.FLOAT32,
                    w -> new ClipAttention(w.at("self_attn"), 4, 2, AttentionOptions.defaults(false)));
            // Token 0 lives in head 0's dims only, token 1 in head 1's only.
            float[] x = {1, 1, 0, 0, 0, 0, 1, -1};
            float[] y = attn.forward(m.create(x, new Shape(1, 2, 4))).toFloatArray();
            // Head 0: token 0 scores (2, 0)/√2 → weight σ(√2) on itself; token 1 has a zero query → uniform.
            // Head 1: token 0 has a zero query → uniform; token 1 scores (0, 2)/√2.
            double p = sigmoid(Math.sqrt(2));
            double[] attended = {p, p, 0.5, -0.5, 0.5, 0.5, p, -p};
            float[] expected = new float[8];
            for (int i = 0; i < 8; i++) {
                expected[i] = (float) (2 * attended[i] + 1);
            }
            assertArrayEquals(expected, y, 1e-6f);
        }
    }

    @Test
    void rejectsHeadsThatDoNotDivideTheWidth() {
        assertThrows(IllegalArgumentException.class, () -> CheckpointLoader.expectedParameters(
                w -> new ClipAttention(w, 6, 4, AttentionOptions.defaults(false))));
    }
}
