package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.testing.HandTensors;
import dev.faceanon.djl.weights.TensorSource;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The primitive layers against plain-Java double-precision references. Float32 kernels agree with
 * those to about 1e-6 relative for these sizes; 1e-5 leaves room for kernel reassociation.
 */
class PrimitiveLayersTest {
    private static final double TOL = 1e-5;
    private final Random random = new Random(7);

    private float[] randn(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    private static void assertClose(double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    private static <M> M build(TensorSource src, NDManager m, java.util.function.Function<Weights, M> f) {
        Predicate<String> none = k -> false;
        return CheckpointLoader.load("test", src, none, m, DataType.FLOAT32, f);
    }

    @Test
    void groupNormMatchesDefinition() {
        int n = 2, c = 6, h = 3, w = 5, groups = 3;
        float[] x = randn(n * c * h * w);
        float[] gamma = randn(c);
        float[] beta = randn(c);
        TensorSource src = new HandTensors().put("norm.weight", gamma, c).put("norm.bias", beta, c).source();
        double eps = 1e-5;
        double[] expected = new double[x.length];
        int per = c / groups * h * w;
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < groups; g++) {
                int base = (b * c + g * (c / groups)) * h * w;
                double mean = 0, var = 0;
                for (int i = 0; i < per; i++) {
                    mean += x[base + i];
                }
                mean /= per;
                for (int i = 0; i < per; i++) {
                    var += (x[base + i] - mean) * (x[base + i] - mean);
                }
                var /= per;
                for (int i = 0; i < per; i++) {
                    int ch = g * (c / groups) + i / (h * w);
                    expected[base + i] = (x[base + i] - mean) / Math.sqrt(var + eps) * gamma[ch] + beta[ch];
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            GroupNorm gn = build(src, m, r -> new GroupNorm(r.at("norm"), groups, c, eps));
            NDArray out = gn.forward(m.create(x, new Shape(n, c, h, w)));
            assertArrayEquals(new long[] {n, c, h, w}, out.getShape().getShape());
            assertClose(expected, out.toFloatArray(), TOL);
            // A second spatial size uses a second cached identity affine.
            NDArray small = m.create(randn(n * c * 2 * 2), new Shape(n, c, 2, 2));
            assertEquals(n * c * 4, gn.forward(small).size());
        }
    }

    @Test
    void linearAndConvMatchDefinitions() {
        float[] wl = randn(3 * 4);
        float[] bl = randn(3);
        float[] x = randn(2 * 4);
        double[] expected = new double[2 * 3];
        for (int r = 0; r < 2; r++) {
            for (int o = 0; o < 3; o++) {
                double s = bl[o];
                for (int i = 0; i < 4; i++) {
                    s += x[r * 4 + i] * wl[o * 4 + i];
                }
                expected[r * 3 + o] = s;
            }
        }
        // 3x3 conv, stride 2, padding 1 on a 1x2x5x5 input to 3 channels.
        float[] wc = randn(3 * 2 * 9);
        float[] bc = randn(3);
        float[] img = randn(2 * 25);
        int out = 3;
        double[] conv = new double[3 * out * out];
        for (int o = 0; o < 3; o++) {
            for (int y = 0; y < out; y++) {
                for (int xx = 0; xx < out; xx++) {
                    double s = bc[o];
                    for (int ci = 0; ci < 2; ci++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = y * 2 - 1 + ky, ix = xx * 2 - 1 + kx;
                                if (iy >= 0 && iy < 5 && ix >= 0 && ix < 5) {
                                    s += img[ci * 25 + iy * 5 + ix] * wc[((o * 2 + ci) * 3 + ky) * 3 + kx];
                                }
                            }
                        }
                    }
                    conv[(o * out + y) * out + xx] = s;
                }
            }
        }
        TensorSource src = new HandTensors().put("fc.weight", wl, 3, 4).put("fc.bias", bl, 3)
                .put("conv.weight", wc, 3, 2, 3, 3).put("conv.bias", bc, 3).source();
        try (NDManager m = NDManager.newBaseManager()) {
            Object[] layers = build(src, m, r -> new Object[] {new Linear(r.at("fc"), 4, 3, true),
                    new Conv2d(r.at("conv"), 2, 3, 3, 2, 1)});
            assertClose(expected, ((Linear) layers[0]).forward(m.create(x, new Shape(2, 4))).toFloatArray(), TOL);
            assertClose(conv, ((Conv2d) layers[1]).forward(m.create(img, new Shape(1, 2, 5, 5))).toFloatArray(), TOL);
        }
    }

    /**
     * Enough rows for the oneDNN route (a 1×1 convolution on a channels-last view), from a
     * contiguous and from a transposed input, and in float16 (libtorch's linear layer), against the
     * definition in double precision.
     */
    @Test
    void linearOverManyRowsMatchesTheDefinitionOnEveryRoute() {
        int b = 2, rows = 80, in = 12, out = 7;
        assertTrue((long) b * rows >= Linear.MIN_CONVOLUTION_ROWS);
        float[] x = randn(b * rows * in);
        float[] w = randn(out * in);
        float[] bias = randn(out);
        double[] expected = new double[b * rows * out];
        for (int r = 0; r < b * rows; r++) {
            for (int o = 0; o < out; o++) {
                double acc = bias[o];
                for (int i = 0; i < in; i++) {
                    acc += (double) x[r * in + i] * w[o * in + i];
                }
                expected[r * out + o] = acc;
            }
        }
        TensorSource src = new HandTensors().put("fc.weight", w, out, in).put("fc.bias", bias, out).source();
        try (NDManager m = NDManager.newBaseManager()) {
            Linear fc = build(src, m, r -> new Linear(r.at("fc"), in, out, true));
            NDArray tokens = m.create(x, new Shape(b, rows, in));
            NDArray y = fc.forward(tokens);
            assertArrayEquals(new long[] {b, rows, out}, y.getShape().getShape());
            assertClose(expected, y.toFloatArray(), TOL);
            // The same values stored feature-major: [B, in, rows] viewed as [B, rows, in].
            NDArray strided = tokens.transpose(0, 2, 1).flatten().reshape(b, in, rows).transpose(0, 2, 1);
            assertClose(expected, fc.forward(strided).toFloatArray(), TOL);
            // A 2-D input of the same rows.
            assertClose(expected, fc.forward(tokens.reshape(b * rows, in)).toFloatArray(), TOL);
            // float16 weights and input: libtorch's linear layer; 3 significant digits.
            Linear half = Linear.of(m.create(w, new Shape(out, in)).toType(DataType.FLOAT16, false),
                    m.create(bias, new Shape(out)).toType(DataType.FLOAT16, false));
            NDArray y16 = half.forward(tokens.toType(DataType.FLOAT16, false));
            assertEquals(DataType.FLOAT16, y16.getDataType());
            assertClose(expected, y16.toType(DataType.FLOAT32, false).toFloatArray(), 1e-2);
        }
    }

    /**
     * Calls leave their input as it was, its shape included (the projections of one input by several layers, as keys
     * and values of cross-attention, read it again), and nothing in its manager but their results: a view left there
     * would keep the input's memory (or, for strided input, a contiguous copy of it) alive after the caller closes the
     * input, until the layer's scope ends.
     */
    @Test
    void linearCallsLeaveTheirInputAsItWasAndOnlyTheirResultsInItsManager() {
        int rows = 200, in = 12, out = 7;
        TensorSource src = new HandTensors().put("fc.weight", randn(out * in), out, in)
                .put("fc.bias", randn(out), out).source();
        try (NDManager m = NDManager.newBaseManager()) {
            Linear fc = build(src, m, r -> new Linear(r.at("fc"), in, out, true));
            try (NDManager calls = m.newSubManager()) {
                NDArray x = calls.create(randn(rows * in), new Shape(1, rows, in));
                NDArray strided = x.transpose(0, 2, 1).flatten().reshape(1, in, rows).transpose(0, 2, 1);
                int before = calls.getManagedArrays().size();
                for (int i = 0; i < 10; i++) {
                    fc.forward(x).close();
                    fc.forward(strided).close();
                }
                assertEquals(new Shape(1, rows, in), x.getShape());
                assertEquals(new Shape(1, rows, in), strided.getShape());
                assertEquals(before, calls.getManagedArrays().size());
            }
        }
    }

    @Test
    void activationsMatchDefinitions() {
        float[] x = {-4f, -1f, -0.25f, 0f, 0.5f, 3f};
        double[] silu = new double[x.length], quick = new double[x.length], gelu = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            silu[i] = x[i] / (1 + Math.exp(-x[i]));
            quick[i] = x[i] / (1 + Math.exp(-1.702 * x[i]));
            gelu[i] = 0.5 * x[i] * (1 + erf(x[i] / Math.sqrt(2)));
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(x);
            assertClose(silu, Activations.silu(a).toFloatArray(), 1e-6);
            assertClose(quick, Activations.quickGelu(a).toFloatArray(), 1e-6);
            assertClose(gelu, Activations.gelu(a).toFloatArray(), 1e-6);
        }
    }

    /** Abramowitz-Stegun 7.1.26 is too coarse; a series/continued-fraction pair accurate to 1e-12. */
    private static double erf(double z) {
        double t = Math.abs(z);
        double r;
        if (t < 3) {
            double sum = 0, term = t;
            for (int n = 0; n < 200; n++) {
                sum += term / (2 * n + 1);
                term *= -t * t / (n + 1);
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else {
            double f = 0;
            for (int n = 60; n >= 1; n--) {
                f = n / 2.0 / (t + f);
            }
            r = 1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f);
        }
        return z < 0 ? -r : r;
    }

    @Test
    void attentionOfBothKernelsMatchesTheDefinition() {
        int b = 2, lq = 7, lk = 11, heads = 3, d = 4, c = heads * d;
        float[] q = randn(b * lq * c), k = randn(b * lk * c), v = randn(b * lk * c);
        double[] expected = new double[b * lq * c];
        for (int bb = 0; bb < b; bb++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < lq; i++) {
                    double[] s = new double[lk];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < lk; j++) {
                        double dot = 0;
                        for (int e = 0; e < d; e++) {
                            dot += q[(bb * lq + i) * c + h * d + e] * k[(bb * lk + j) * c + h * d + e];
                        }
                        s[j] = dot / Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double z = 0;
                    for (int j = 0; j < lk; j++) {
                        s[j] = Math.exp(s[j] - max);
                        z += s[j];
                    }
                    for (int e = 0; e < d; e++) {
                        double o = 0;
                        for (int j = 0; j < lk; j++) {
                            o += s[j] / z * v[(bb * lk + j) * c + h * d + e];
                        }
                        expected[(bb * lq + i) * c + h * d + e] = o;
                    }
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray qa = m.create(q, new Shape(b, lq, c));
            NDArray ka = m.create(k, new Shape(b, lk, c));
            NDArray va = m.create(v, new Shape(b, lk, c));
            float[] fused = DotProductAttention.attend(qa, ka, va, heads, AttentionOptions.defaults(false))
                    .toFloatArray();
            assertClose(expected, fused, TOL);
            float[] whole = DotProductAttention.attend(qa, ka, va, heads, AttentionOptions.materialised(false, 0))
                    .toFloatArray();
            assertClose(expected, whole, TOL);
            // Budget of 2 query rows per block: 4 chunks, the last one short.
            float[] chunked = DotProductAttention.attend(qa, ka, va, heads,
                    AttentionOptions.materialised(false, 2L * b * heads * lk)).toFloatArray();
            assertClose(expected, chunked, TOL);
            // The fused kernel has no chunks: the bound changes nothing.
            assertArrayEquals(fused, DotProductAttention.attend(qa, ka, va, heads,
                    new AttentionOptions(AttentionKernel.FUSED, false, 2L * b * heads * lk)).toFloatArray());
            // Queries and keys that are strided views (memory [B, C, L], viewed as [B, L, C]) give the same.
            NDArray qt = qa.transpose(0, 2, 1).flatten().reshape(b, c, lq).transpose(0, 2, 1);
            NDArray kt = ka.transpose(0, 2, 1).flatten().reshape(b, c, lk).transpose(0, 2, 1);
            assertClose(expected, DotProductAttention.attend(qt, kt, va, heads, AttentionOptions.defaults(false))
                    .toFloatArray(), TOL);
            // float16 activations with float32 scores/softmax: float16 has ~3 significant digits.
            NDArray q16 = qa.toType(DataType.FLOAT16, false);
            NDArray k16 = ka.toType(DataType.FLOAT16, false);
            NDArray v16 = va.toType(DataType.FLOAT16, false);
            for (AttentionOptions half : new AttentionOptions[] {AttentionOptions.defaults(true),
                AttentionOptions.materialised(true, 3L * b * heads * lk)}) {
                NDArray out16 = DotProductAttention.attend(q16, k16, v16, heads, half);
                assertEquals(DataType.FLOAT16, out16.getDataType());
                assertClose(expected, out16.toType(DataType.FLOAT32, false).toFloatArray(), 1e-2);
            }
        }
    }

    @Test
    void attentionRejectsDisagreeingShapes() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray q = m.zeros(new Shape(1, 2, 6));
            NDArray k = m.zeros(new Shape(1, 3, 4));
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> DotProductAttention.attend(q, k, k, 2, AttentionOptions.defaults(false)));
            assertTrue(e.getMessage().contains("do not agree"));
            NDArray q4 = m.zeros(new Shape(1, 2, 4));
            IllegalArgumentException types = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> DotProductAttention.attend(q4,
                            k.toType(DataType.FLOAT16, false), k, 2, AttentionOptions.defaults(false)));
            assertTrue(types.getMessage().contains("types do not agree"), types.getMessage());
        }
    }
}
