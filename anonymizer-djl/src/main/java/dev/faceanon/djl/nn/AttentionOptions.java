package dev.faceanon.djl.nn;

/**
 * How attention is computed.
 *
 * @param upcast compute {@code q·kᵀ} and the softmax in float32 when activations are float16
 *     (diffusers' {@code upcast_attention}, set for SD-2.1: its scores overflow float16)
 * @param maxScoreElements upper bound on the elements of one score block [B, heads, queries, keys];
 *     queries are processed in chunks to stay under it, which bounds peak memory (at 512×512 the
 *     reference self-attention has 4096 queries × 12288 keys per head). 0 means no chunking.
 */
public record AttentionOptions(boolean upcast, long maxScoreElements) {

    /** 64 Mi score elements: 256 MiB in float32 per block. */
    public static final long DEFAULT_MAX_SCORE_ELEMENTS = 64L << 20;

    /**
     * @throws IllegalArgumentException if {@code maxScoreElements} is negative
     */
    public AttentionOptions {
        if (maxScoreElements < 0) {
            throw new IllegalArgumentException("maxScoreElements must be >= 0, got " + maxScoreElements);
        }
    }

    /**
     * @param upcast see {@link #upcast()}
     * @return options with the default chunking bound
     */
    public static AttentionOptions defaults(boolean upcast) {
        return new AttentionOptions(upcast, DEFAULT_MAX_SCORE_ELEMENTS);
    }
}
