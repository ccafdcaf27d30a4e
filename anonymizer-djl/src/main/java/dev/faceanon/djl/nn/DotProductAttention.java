package dev.faceanon.djl.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Optional;

/**
 * Multi-head scaled dot-product attention {@code softmax(q·kᵀ/√d)·v} on already projected queries,
 * keys and values, without mask: every attention of every network (the UNets' self-, reference
 * and cross-attention, the VAE's mid-block attention, CLIP's encoder) goes through here.
 *
 * <p>The kernel is the options' {@link AttentionKernel}: {@link AttentionKernel#FUSED} runs
 * {@link TiledAttention} for large float32 attentions on the CPU and {@link FusedAttention} for the
 * others, or, where an operator cannot be loaded (logged once per device), the next one: the tiled
 * kernel falls back to the fused one, the fused one to the materialised path;
 * {@link AttentionKernel#MATERIALISED} always runs {@link MaterialisedAttention}.
 */
public final class DotProductAttention {

    private DotProductAttention() {}

    /**
     * @param q queries [B, Lq, heads·d]
     * @param k keys [B, Lk, heads·d]
     * @param v values [B, Lk, heads·d]
     * @param heads number of heads
     * @param options kernel, upcast, and the materialised path's chunking
     * @return [B, Lq, heads·d] in the type of the inputs, attached to {@code q}'s manager
     * @throws IllegalArgumentException if the shapes or types do not agree
     */
    public static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, AttentionOptions options) {
        check(q, k, v, heads);
        if (options.kernel() == AttentionKernel.FUSED) {
            Optional<TiledAttention> tiled = TiledAttention.forInputs(q, k, v);
            if (tiled.isPresent()) {
                return tiled.get().attend(q, k, v, heads);
            }
            Optional<FusedAttention> fused = FusedAttention.on(q.getDevice());
            if (fused.isPresent()) {
                return fused.get().attend(q, k, v, heads);
            }
        }
        return MaterialisedAttention.attend(q, k, v, heads, options);
    }

    /**
     * @param requested the kernel asked for
     * @param device where the attention will run
     * @return the kernel that runs there: {@code requested}, except {@link AttentionKernel#FUSED}
     *     where its operator cannot be loaded (which loads it if it is not yet)
     */
    public static AttentionKernel kernelOn(AttentionKernel requested, Device device) {
        if (requested == AttentionKernel.FUSED && FusedAttention.on(device).isEmpty()) {
            return AttentionKernel.MATERIALISED;
        }
        return requested;
    }

    private static void check(NDArray q, NDArray k, NDArray v, int heads) {
        Shape qs = q.getShape();
        Shape ks = k.getShape();
        Shape vs = v.getShape();
        boolean agree = heads > 0 && qs.dimension() == 3 && ks.dimension() == 3 && vs.dimension() == 3
                && qs.get(2) % heads == 0 && ks.get(0) == qs.get(0) && vs.get(0) == qs.get(0)
                && ks.get(2) == qs.get(2) && vs.get(2) == qs.get(2) && vs.get(1) == ks.get(1);
        if (!agree) {
            throw new IllegalArgumentException("attention shapes do not agree: q " + qs + ", k " + ks + ", v " + vs
                    + ", heads " + heads);
        }
        if (k.getDataType() != q.getDataType() || v.getDataType() != q.getDataType()) {
            throw new IllegalArgumentException("attention types do not agree: q " + q.getDataType() + ", k "
                    + k.getDataType() + ", v " + v.getDataType());
        }
    }
}
