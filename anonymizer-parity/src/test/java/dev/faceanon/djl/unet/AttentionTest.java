package dev.faceanon.djl.unet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.parity.golden.Comparison;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.Tolerance;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.nn.CheckpointLoader;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reduced-query reference self-attention against the official formulation, written here with
 * plain array operations: keys, values and queries over all of {@code cat([x, ref])} (3·HW tokens),
 * output rows of the first HW tokens kept.
 */
class AttentionTest {
    private static final Logger LOG = LoggerFactory.getLogger(AttentionTest.class);
    /** A real self-attention of the tiny denoiser: 16 channels, 2 heads of width 8. */
    private static final String LAYER = "down_blocks.1.attentions.0.transformer_blocks.0.attn1";
    private static final int CHANNELS = 16;
    private static final int HEADS = 2;
    /** Same arithmetic, other association order: float32 rounding only. */
    private static final Tolerance REASSOCIATION = new Tolerance(1e-5, 1e-5);

    @Test
    void reducedQueriesEqualTheOfficialFullQueryAttention() {
        for (AttentionOptions options : new AttentionOptions[] {AttentionOptions.defaults(true),
            AttentionOptions.materialised(true, 0), AttentionOptions.materialised(true, 1000)}) {
            try (GoldenCase golden = TinyGoldens.open("unet_tiny"); NDManager m = NDManager.newBaseManager()) {
                Attention attention = load(golden, m, options);
                long hw = 8 * 6;
                NDArray x = random(m, 1, new Shape(2, hw, CHANNELS));
                NDArray ref = random(m, 2, new Shape(2, 2 * hw, CHANNELS));
                NDArray reduced = attention.forward(x, attention.projectReference(ref));
                NDArray official = naive(golden, m, x.concat(ref, 1)).get(new NDIndex(":, 0:{}", hw));
                assertArrayEquals(official.getShape().getShape(), reduced.getShape().getShape());
                Comparison c = REASSOCIATION.compare(reduced.toFloatArray(), official.toFloatArray());
                LOG.info("reference attention ({}) vs 3HW-query formulation: {}", options, c.summary());
                assertTrue(c.passed(), c.summary());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(AttentionKernel.class)
    void plainSelfAttentionEqualsTheTextbookFormula(AttentionKernel kernel) {
        try (GoldenCase golden = TinyGoldens.open("unet_tiny"); NDManager m = NDManager.newBaseManager()) {
            Attention attention = load(golden, m, AttentionOptions.defaults(true).withKernel(kernel));
            NDArray x = random(m, 3, new Shape(2, 20, CHANNELS));
            Comparison c = REASSOCIATION.compare(attention.forward(x).toFloatArray(),
                    naive(golden, m, x).toFloatArray());
            assertTrue(c.passed(), c.summary());
        }
    }

    /** The golden's {@value #LAYER}, alone: every other weight is knowingly ignored. */
    private static Attention load(GoldenCase golden, NDManager m, AttentionOptions options) {
        return CheckpointLoader.load("attn1", golden.weights(), k -> !k.startsWith(LAYER + "."), m, DataType.FLOAT32,
                w -> new Attention(w.at(LAYER), CHANNELS, 0, HEADS, CHANNELS / HEADS, options));
    }

    /** softmax(q·kᵀ/√d)·v per head over all tokens of {@code tokens}, then {@code to_out.0}. */
    private static NDArray naive(GoldenCase golden, NDManager m, NDArray tokens) {
        NDArray wq = golden.array(LAYER + ".to_q.weight", m);
        NDArray wk = golden.array(LAYER + ".to_k.weight", m);
        NDArray wv = golden.array(LAYER + ".to_v.weight", m);
        NDArray wo = golden.array(LAYER + ".to_out.0.weight", m);
        NDArray bo = golden.array(LAYER + ".to_out.0.bias", m);
        long b = tokens.getShape().get(0);
        long n = tokens.getShape().get(1);
        int d = CHANNELS / HEADS;
        NDArray q = heads(tokens.matMul(wq.transpose()), b, n, d);
        NDArray k = heads(tokens.matMul(wk.transpose()), b, n, d);
        NDArray v = heads(tokens.matMul(wv.transpose()), b, n, d);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(Math.sqrt(d));
        NDArray probs = scores.exp().div(scores.exp().sum(new int[] {3}, true));
        NDArray merged = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, n, CHANNELS);
        return merged.matMul(wo.transpose()).add(bo);
    }

    private static NDArray heads(NDArray t, long b, long n, int d) {
        return t.reshape(b, n, HEADS, d).transpose(0, 2, 1, 3);
    }

    private static NDArray random(NDManager m, long seed, Shape shape) {
        Random r = new Random(seed);
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return m.create(v, shape);
    }
}
