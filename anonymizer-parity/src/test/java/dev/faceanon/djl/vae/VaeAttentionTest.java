package dev.faceanon.djl.vae;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import dev.faceanon.djl.nn.Weights;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mid-block attention against a direct float64 evaluation of its definition (group norm,
 * biased q/k/v projections, per-head softmax(q·kᵀ/√d)·v, output projection, residual), using the
 * encoder attention weights of the vae_tiny golden and a non-square token grid.
 */
class VaeAttentionTest {
    private static final String PREFIX = "encoder.mid_block.attentions.0.";
    private static final double EPS = 1e-6;
    /** float32 kernels against a float64 evaluation of the same formula on O(1) values. */
    private static final Tolerance FLOAT32_VS_FLOAT64 = new Tolerance(1e-5, 1e-5);

    @ParameterizedTest
    @EnumSource(AttentionKernel.class)
    void singleHeadAsInTheVaeMatchesTheDefinition(AttentionKernel kernel) {
        check(1, AttentionOptions.defaults(false).withKernel(kernel));
    }

    @ParameterizedTest
    @EnumSource(AttentionKernel.class)
    void severalHeadsSplitTheWidth(AttentionKernel kernel) {
        check(4, AttentionOptions.defaults(false).withKernel(kernel));
    }

    @Test
    void chunkedQueriesGiveTheSameResult() {
        // A bound below one query row of scores forces one row per chunk: 15 chunks for 15 tokens.
        check(1, AttentionOptions.materialised(false, 7));
    }

    @Test
    void rejectsAHeadWidthThatDoesNotDivideTheChannels() {
        try (GoldenCase g = VaeGolden.open()) {
            int channels = channels(g);
            assertThrows(IllegalArgumentException.class, () -> CheckpointLoader.expectedParameters(
                    w -> new VaeAttention(w, channels, channels - 1, groups(g), EPS, AttentionOptions.defaults(false))));
        }
    }

    private static void check(int heads, AttentionOptions options) {
        try (GoldenCase g = VaeGolden.open(); NDManager m = NDManager.newBaseManager()) {
            int c = channels(g);
            int groups = groups(g);
            long headDim = c / heads;
            VaeAttention attention = CheckpointLoader.load("VaeAttention", g.weights(), k -> !k.startsWith(PREFIX), m,
                    DataType.FLOAT32, (Weights w) -> new VaeAttention(w.at("encoder").at("mid_block").at("attentions")
                            .at(0), c, headDim, groups, EPS, options));
            int b = 2;
            int h = 3;
            int wd = 5;
            float[] x = new float[b * c * h * wd];
            Random r = new Random(11);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 2 + 0.5);
            }
            NDArray actual = attention.forward(m.create(x, new Shape(b, c, h, wd)));
            float[] expected = reference(g, x, b, c, h * wd, groups, heads);
            Comparison cmp = FLOAT32_VS_FLOAT64.compare(actual.toFloatArray(), expected);
            assertTrue(cmp.passed(), heads + " heads: " + cmp.summary());
        }
    }

    private static int channels(GoldenCase g) {
        return (int) g.info(PREFIX + "to_q.bias").shape()[0];
    }

    private static int groups(GoldenCase g) {
        return VaeGolden.config(g).normNumGroups();
    }

    /** x [B, C, T] row-major; returns x + attention(x) in the same layout. */
    private static float[] reference(GoldenCase g, float[] x, int b, int c, int t, int groups, int heads) {
        float[] gamma = g.floats(PREFIX + "group_norm.weight");
        float[] beta = g.floats(PREFIX + "group_norm.bias");
        float[] out = new float[x.length];
        int perGroup = c / groups;
        int d = c / heads;
        for (int n = 0; n < b; n++) {
            double[][] tokens = new double[t][c];
            for (int gr = 0; gr < groups; gr++) {
                double sum = 0;
                double sq = 0;
                for (int ch = gr * perGroup; ch < (gr + 1) * perGroup; ch++) {
                    for (int i = 0; i < t; i++) {
                        double v = x[(n * c + ch) * t + i];
                        sum += v;
                        sq += v * v;
                    }
                }
                double mean = sum / (perGroup * t);
                double var = sq / (perGroup * t) - mean * mean;
                for (int ch = gr * perGroup; ch < (gr + 1) * perGroup; ch++) {
                    for (int i = 0; i < t; i++) {
                        tokens[i][ch] = (x[(n * c + ch) * t + i] - mean) / Math.sqrt(var + EPS) * gamma[ch] + beta[ch];
                    }
                }
            }
            double[][] q = linear(g, "to_q", tokens);
            double[][] k = linear(g, "to_k", tokens);
            double[][] v = linear(g, "to_v", tokens);
            double[][] mixed = new double[t][c];
            for (int head = 0; head < heads; head++) {
                for (int i = 0; i < t; i++) {
                    double[] p = new double[t];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        for (int e = head * d; e < (head + 1) * d; e++) {
                            p[j] += q[i][e] * k[j][e];
                        }
                        p[j] /= Math.sqrt(d);
                        max = Math.max(max, p[j]);
                    }
                    double total = 0;
                    for (int j = 0; j < t; j++) {
                        p[j] = Math.exp(p[j] - max);
                        total += p[j];
                    }
                    for (int j = 0; j < t; j++) {
                        for (int e = head * d; e < (head + 1) * d; e++) {
                            mixed[i][e] += p[j] / total * v[j][e];
                        }
                    }
                }
            }
            double[][] projected = linear(g, "to_out.0", mixed);
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < t; i++) {
                    int at = (n * c + ch) * t + i;
                    out[at] = (float) (projected[i][ch] + x[at]);
                }
            }
        }
        return out;
    }

    private static double[][] linear(GoldenCase g, String name, double[][] in) {
        float[] weight = g.floats(PREFIX + name + ".weight");
        float[] bias = g.floats(PREFIX + name + ".bias");
        int outDim = bias.length;
        int inDim = in[0].length;
        double[][] out = new double[in.length][outDim];
        for (int i = 0; i < in.length; i++) {
            for (int o = 0; o < outDim; o++) {
                double s = bias[o];
                for (int e = 0; e < inDim; e++) {
                    s += weight[o * inDim + e] * in[i][e];
                }
                out[i][o] = s;
            }
        }
        return out;
    }
}
