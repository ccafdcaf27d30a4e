package dev.faceanon.djl.device;

import ai.djl.ndarray.types.DataType;

/**
 * Memory of the score matrices of the materialised attention path
 * ({@link dev.faceanon.djl.nn.AttentionKernel#MATERIALISED}), which are then the largest activations
 * of the pipeline; the fused kernel stores none.
 *
 * <p>For one attention call with batch B, h heads, q query rows and k keys, the composed attention
 * holds at its peak the scores QK^T (B*h*q*k elements in the activation type),
 * their softmax computed in float32 (4 bytes per element, as SD-2.1 upcasts attention), and for
 * float16 the probabilities cast back to float16 for the product with V. That is
 * {@code s + 4 + (s == 4 ? 0 : s)} bytes per element: 8 in float16 (2+4+2) and 8 in float32 (4+4).
 *
 * <p>The largest call is the denoiser's self-attention in the first and last blocks: 5 heads, q = the
 * latent tokens N (4096 at 512x512), and k = 3N keys because the two ReferenceNet states are
 * concatenated to the block's own tokens. At batch 2: 2*5*4096*12288*8 B = 4.03 GB. Processing the
 * queries in chunks of c rows divides this by N/c; the result is the same because softmax is per row.
 */
public final class AttentionMemory {
    private AttentionMemory() {}

    /**
     * @param activations the activation type (FLOAT16 or FLOAT32)
     * @return peak bytes per attention score element
     */
    public static int bytesPerScore(DataType activations) {
        int s = activations.getNumOfBytes();
        return s + 4 + (s == 4 ? 0 : s);
    }

    /**
     * @param batch batch size
     * @param heads attention heads
     * @param queryRows query rows processed at once
     * @param keys key tokens
     * @param activations the activation type
     * @return the peak bytes of one attention call
     */
    public static long peakBytes(int batch, int heads, long queryRows, long keys, DataType activations) {
        return Math.multiplyExact(Math.multiplyExact((long) batch * heads, Math.multiplyExact(queryRows, keys)),
                (long) bytesPerScore(activations));
    }

    /**
     * @param batch batch size
     * @param heads attention heads
     * @param queries all query rows
     * @param keys key tokens
     * @param activations the activation type
     * @param budget bytes the scores may take
     * @return {@code queries} if all fit, else the largest power-of-two chunk of query rows within the
     *     budget, or 0 if even one row exceeds it
     */
    public static int largestChunk(int batch, int heads, int queries, long keys, DataType activations, long budget) {
        if (peakBytes(batch, heads, queries, keys, activations) <= budget) {
            return queries;
        }
        int chunk = Integer.highestOneBit(Math.max(1, queries - 1));
        while (chunk >= 1 && peakBytes(batch, heads, chunk, keys, activations) > budget) {
            chunk /= 2;
        }
        return chunk;
    }
}
