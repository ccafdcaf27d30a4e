package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * An attention operator that takes heads as an axis: {@code softmax(q·kᵀ/√d)·v} on [B, heads, L, d].
 *
 * <p><b>Layout.</b> {@link #attend} hands q, k and v over as [B, heads, L, d] views of the projections'
 * [B, L, heads·d] (no copy: the operators take strided input whose last axis is contiguous), and the
 * output's [B, heads, Lq, d], which the operators allocate as [B, Lq, heads, d], goes back to
 * [B, Lq, heads·d] as a view.
 */
interface HeadAttention {

    /**
     * @param q [B, heads, Lq, d]
     * @param k [B, heads, Lk, d]
     * @param v [B, heads, Lk, d]
     * @return {@code softmax(q·kᵀ/√d)·v}, [B, heads, Lq, d], attached to {@code q}'s manager
     */
    NDArray attendHeads(NDArray q, NDArray k, NDArray v);

    /**
     * @param q queries [B, Lq, heads·d]
     * @param k keys [B, Lk, heads·d]
     * @param v values [B, Lk, heads·d], all of one type, shapes checked by {@link DotProductAttention}
     * @param heads number of heads
     * @return [B, Lq, heads·d], attached to {@code q}'s manager
     */
    default NDArray attend(NDArray q, NDArray k, NDArray v, int heads) {
        Shape qs = q.getShape();
        long b = qs.get(0);
        long lq = qs.get(1);
        long width = qs.get(2);
        NDArray qh = splitHeads(q, heads);
        NDArray kh = splitHeads(k, heads);
        NDArray vh = splitHeads(v, heads);
        NDArray out = attendHeads(qh, kh, vh);
        qh.close();
        kh.close();
        vh.close();
        NDArray tokens = out.transpose(0, 2, 1, 3);
        NDArray merged = tokens.reshape(b, lq, width);
        tokens.close();
        out.close();
        return merged;
    }

    /**
     * @param x [B, L, heads·d]
     * @param heads number of heads
     * @return the [B, heads, L, d] view, attached to {@code x}'s manager (the intermediate view closed, so that
     *     calls leave nothing behind in the managers of keys and values that outlive them)
     */
    private static NDArray splitHeads(NDArray x, int heads) {
        Shape s = x.getShape();
        NDArray split = x.reshape(s.get(0), s.get(1), heads, s.get(2) / heads);
        NDArray view = split.transpose(0, 2, 1, 3);
        split.close();
        return view;
    }
}
