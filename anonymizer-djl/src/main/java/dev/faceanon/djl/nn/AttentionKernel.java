package dev.faceanon.djl.nn;

import java.util.Locale;
import java.util.Map;

/**
 * How {@code softmax(q·kᵀ/√d)·v} is computed.
 *
 * <p>{@link #FUSED} is the default on every device; {@link #MATERIALISED} is the fallback, chosen
 * with the system property {@value #PROPERTY} ({@code fused} or {@code materialised}), or used
 * automatically, with a warning in the log, where the fused operator cannot be loaded.
 */
public enum AttentionKernel {
    /**
     * The score matrix is never stored whole, so memory is that of q, k, v, the output and at most one
     * tile of scores, and the time is close to that of the two matrix products it contains. Large
     * float32 attentions on the CPU run the library's tiled attention over oneDNN products
     * ({@link TiledAttention}, one tile of scores of at most 24 MiB at a time; the system property
     * {@link #TILES_PROPERTY} chooses when), everything else libtorch's
     * {@code scaled_dot_product_attention} ({@link FusedAttention}: flash attention on the CPU, flash
     * or memory-efficient kernels on CUDA).
     */
    FUSED,
    /**
     * Composed {@code matmul → softmax → matmul} ({@link MaterialisedAttention}): the score matrix is
     * written to memory and read back, in query chunks bounded by
     * {@link AttentionOptions#maxScoreElements()}. Bound by memory traffic, several times slower.
     */
    MATERIALISED;

    /**
     * System property choosing which float32 CPU attentions the fused kernel tiles over oneDNN products:
     * {@code auto} (default: those with at least 2<sup>20</sup> scores per head, where the tiles are faster than
     * libtorch's flash kernel), {@code always} or {@code never}.
     */
    public static final String TILES_PROPERTY = "faceanon.attention.tiles";

    /** System property selecting the kernel: {@code fused} (default) or {@code materialised}. */
    public static final String PROPERTY = "faceanon.attention";

    /**
     * @param name {@code fused} or {@code materialised} (also {@code materialized}), any case
     * @return the kernel
     * @throws IllegalArgumentException for any other name
     */
    public static AttentionKernel parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "fused":
                return FUSED;
            case "materialised":
            case "materialized":
                return MATERIALISED;
            default:
                throw new IllegalArgumentException(PROPERTY + " must be fused or materialised, got '" + name + "'");
        }
    }

    /**
     * @param properties e.g. {@link System#getProperties()}
     * @return the kernel {@value #PROPERTY} names, {@link #FUSED} if it is absent or blank
     * @throws IllegalArgumentException if it names no kernel
     */
    public static AttentionKernel fromProperties(Map<?, ?> properties) {
        Object value = properties.get(PROPERTY);
        return value == null || value.toString().isBlank() ? FUSED : parse(value.toString());
    }

    /**
     * @return the kernel the system property {@value #PROPERTY} selects, {@link #FUSED} by default
     * @throws IllegalArgumentException if it names no kernel
     */
    public static AttentionKernel fromSystemProperties() {
        return fromProperties(System.getProperties());
    }
}
