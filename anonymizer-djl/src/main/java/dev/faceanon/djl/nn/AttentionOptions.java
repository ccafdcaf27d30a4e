package dev.faceanon.djl.nn;

import java.util.Objects;

/**
 * How attention is computed.
 *
 * @param kernel the fused operator (default) or the materialised fallback
 * @param upcast diffusers' {@code upcast_attention}, set for SD-2.1, whose float16 scores overflow:
 *     with float16 activations, compute {@code q·kᵀ} and the softmax in float32. The fused kernel
 *     accumulates scores and softmax in float32 for float16 inputs whether or not this is set
 *     (docs/parity.md, "Float16"); the materialised path upcasts only when it is set.
 * @param maxScoreElements for the materialised path only: upper bound on the elements of one
 *     score block [B, heads, queries, keys]; queries are processed in chunks to stay under it,
 *     which bounds peak memory (at 512×512 the reference self-attention has 4096 queries × 12288
 *     keys per head). 0 means no chunking. The fused kernel stores no score matrix and ignores it.
 */
public record AttentionOptions(AttentionKernel kernel, boolean upcast, long maxScoreElements) {

    /** 64 Mi score elements: 256 MiB in float32 per block of the materialised path. */
    public static final long DEFAULT_MAX_SCORE_ELEMENTS = 64L << 20;

    /**
     * Checks the options.
     *
     * @param kernel the fused operator or the materialised fallback
     * @param upcast diffusers' {@code upcast_attention}
     * @param maxScoreElements the materialised path's bound on one score block; 0 for no chunking
     * @throws NullPointerException if {@code kernel} is null
     * @throws IllegalArgumentException if {@code maxScoreElements} is negative
     */
    public AttentionOptions {
        Objects.requireNonNull(kernel, "kernel");
        if (maxScoreElements < 0) {
            throw new IllegalArgumentException("maxScoreElements must be >= 0, got " + maxScoreElements);
        }
    }

    /**
     * @param upcast see {@link #upcast()}
     * @return the fused kernel (the materialised path's chunk bound at its default, for a fallback)
     */
    public static AttentionOptions defaults(boolean upcast) {
        return new AttentionOptions(AttentionKernel.FUSED, upcast, DEFAULT_MAX_SCORE_ELEMENTS);
    }

    /**
     * @param upcast see {@link #upcast()}
     * @param maxScoreElements see {@link #maxScoreElements()}
     * @return the materialised path with that chunk bound
     */
    public static AttentionOptions materialised(boolean upcast, long maxScoreElements) {
        return new AttentionOptions(AttentionKernel.MATERIALISED, upcast, maxScoreElements);
    }

    /**
     * @param other the kernel wanted
     * @return these options with that kernel
     */
    public AttentionOptions withKernel(AttentionKernel other) {
        return new AttentionOptions(other, upcast, maxScoreElements);
    }

    /**
     * @param other see {@link #upcast()}
     * @return these options with that upcast setting
     */
    public AttentionOptions withUpcast(boolean other) {
        return new AttentionOptions(kernel, other, maxScoreElements);
    }
}
