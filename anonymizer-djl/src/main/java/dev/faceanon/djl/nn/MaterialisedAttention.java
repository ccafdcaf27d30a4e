package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The fallback attention ({@link AttentionKernel#MATERIALISED}): {@code softmax(q·kᵀ/√d)·v}
 * composed of a matrix product, a float32 softmax and a second product, so the score matrix is
 * written to memory and read back. Queries are processed in chunks so that one chunk's scores stay
 * under {@link AttentionOptions#maxScoreElements()} (tightened per call by {@link AttentionBudget});
 * each chunk's scores are freed before the next is computed.
 */
final class MaterialisedAttention {

    private MaterialisedAttention() {}

    /**
     * @param q queries [B, Lq, heads·d], shapes already checked by {@link DotProductAttention}
     * @param k keys [B, Lk, heads·d]
     * @param v values [B, Lk, heads·d]
     * @param heads number of heads
     * @param options upcast and chunking
     * @return [B, Lq, heads·d] in the type of {@code v}, attached to {@code q}'s manager
     */
    static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, AttentionOptions options) {
        Shape qs = q.getShape();
        long b = qs.get(0);
        long lq = qs.get(1);
        long width = qs.get(2);
        long lk = k.getShape().get(1);
        long d = width / heads;
        DataType outType = v.getDataType();
        boolean upcast = options.upcast() && outType == DataType.FLOAT16;
        // Heads are folded into the batch and the transposed views reshaped to 3-D: a view cannot
        // express that shape, so the reshape copies into contiguous memory once, before the chunk
        // loop, instead of every chunk's matmul reading K and V with strides (measured 121 vs 79 ms
        // for one 128-query chunk of a 64x64 reference attention).
        NDArray qh = foldHeads(q, heads, false);
        NDArray kt = foldHeads(k, heads, true);
        NDArray vh = foldHeads(v, heads, false);
        if (upcast) {
            qh = replace(qh, qh.toType(DataType.FLOAT32, false));
            kt = replace(kt, kt.toType(DataType.FLOAT32, false));
        }
        // Scaling q (Lq·d elements) instead of the scores (Lq·Lk) is cheaper and equal up to rounding.
        qh = replace(qh, qh.mul((float) (1.0 / Math.sqrt(d))));
        long chunk = lq;
        long bound = AttentionBudget.effective(options.maxScoreElements());
        if (bound > 0) {
            chunk = Math.max(1, Math.min(lq, bound / Math.max(1, b * heads * lk)));
        }
        NDArray out;
        if (chunk >= lq) {
            out = attendChunk(qh, kt, vh, outType);
        } else {
            NDList parts = new NDList();
            for (long start = 0; start < lq; start += chunk) {
                long end = Math.min(lq, start + chunk);
                NDArray qc = qh.get(new NDIndex(":, {}:{}", start, end));
                parts.add(attendChunk(qc, kt, vh, outType));
                qc.close();
            }
            out = NDArrays.concat(parts, 1);
            parts.close();
        }
        qh.close();
        kt.close();
        vh.close();
        NDArray split = replace(out, out.reshape(b, heads, lq, d));
        NDArray tokens = replace(split, split.transpose(0, 2, 1, 3));
        return replace(tokens, tokens.reshape(b, lq, width));
    }

    /**
     * @param x [B, L, heads·d]
     * @param heads number of heads
     * @param transposed whether to put the features before the tokens
     * @return [B·heads, L, d], or [B·heads, d, L] if {@code transposed}, contiguous, attached to {@code x}'s manager;
     *     the intermediate views are closed, so that calls leave nothing behind in managers that outlive them
     */
    private static NDArray foldHeads(NDArray x, int heads, boolean transposed) {
        Shape s = x.getShape();
        long b = s.get(0);
        long l = s.get(1);
        long d = s.get(2) / heads;
        NDArray split = x.reshape(b, l, heads, d);
        NDArray moved = replace(split, transposed ? split.transpose(0, 2, 3, 1) : split.transpose(0, 2, 1, 3));
        return replace(moved, transposed ? moved.reshape(b * heads, d, l) : moved.reshape(b * heads, l, d));
    }

    /** @return {@code next}, after closing {@code previous}, which it was computed from */
    private static NDArray replace(NDArray previous, NDArray next) {
        if (next != previous) {
            previous.close();
        }
        return next;
    }

    private static NDArray attendChunk(NDArray q, NDArray kt, NDArray v, DataType outType) {
        NDArray scores = q.matMul(kt);
        NDArray probs = JniUtils.softmax((PtNDArray) scores, -1, DataType.FLOAT32);
        scores.close();
        if (probs.getDataType() != outType) {
            NDArray cast = probs.toType(outType, false);
            probs.close();
            probs = cast;
        }
        NDArray out = probs.matMul(v);
        probs.close();
        return out;
    }
}
