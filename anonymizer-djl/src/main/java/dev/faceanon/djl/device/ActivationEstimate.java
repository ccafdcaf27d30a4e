package dev.faceanon.djl.device;

import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.nn.AttentionKernel;

/**
 * Upper-bound estimates of the activation memory of each phase of one call, derived from the
 * network shapes (spec section 1.2), not measured. With N the latent tokens (4096 at 512x512), B the
 * batch, s bytes per element and c the attention chunk:
 *
 * <ul>
 *   <li>working set of a UNet pass: 16 live tensors of the largest non-attention activation, the
 *       GEGLU projection of the first block, B*N*8*320 elements (42 MB at B=2, fp16). This covers the
 *       residual stream, the 12 skip connections, K/V with the reference tokens and temporaries;
 *   <li>ReferenceNet states: the 7 recorded LN1 outputs, B*N*(2*320 + 2*640/4 + 2*1280/16 + 1280/64) =
 *       B*N*1140 elements per ReferenceNet;
 *   <li>denoising step: attention with 3N keys + working set + both ReferenceNets' states;
 *   <li>ReferenceNet pass: attention with N keys + working set + both states (one kept, one growing);
 *   <li>VAE (one image at a time): 6 live tensors of 128 channels at full resolution, plus the
 *       single-head mid-block attention over N tokens;
 *   <li>CLIP (224 px, 257 tokens, 16 heads): 16 live MLP activations of B*257*4096 elements plus its
 *       attention.
 * </ul>
 *
 * <p>"Attention" is the score memory of the materialised path ({@link AttentionMemory}). The fused
 * kernel stores no score matrix: its output and per-row statistics are activations of the size the
 * working set already counts, so with {@link AttentionKernel#FUSED} the attention terms are 0 and the
 * chunk is irrelevant. (Where CUDA has no fused kernel for a shape, libtorch computes that call
 * unfused; the widest such call, the VAE's single 512-wide head over 4096 tokens, holds a 67 MB score
 * matrix, inside the working set's margin.)
 */
final class ActivationEstimate {
    private static final int FIRST_BLOCK_CHANNELS = 320;
    private static final int FIRST_BLOCK_HEADS = 5;
    private static final int UNET_LIVE_TENSORS = 16;
    private static final int STATE_CHANNELS_PER_TOKEN = 1140;
    private static final int VAE_CHANNELS = 128;
    private static final int VAE_LIVE_TENSORS = 6;
    private static final int CLIP_TOKENS = 257;
    private static final int CLIP_HEADS = 16;
    private static final int CLIP_MLP = 4096;

    private final Workload w;
    private final DataType t;
    private final int s;
    private final AttentionKernel kernel;

    ActivationEstimate(Workload workload, DataType activations, AttentionKernel kernel) {
        this.w = workload;
        this.t = activations;
        this.s = activations.getNumOfBytes();
        this.kernel = kernel;
    }

    private long attention(int batch, int heads, long queryRows, long keys) {
        return kernel == AttentionKernel.FUSED ? 0 : AttentionMemory.peakBytes(batch, heads, queryRows, keys, t);
    }

    private long n() {
        return w.latentTokens();
    }

    long unetWorkingSet() {
        return (long) UNET_LIVE_TENSORS * w.batch() * n() * 8 * FIRST_BLOCK_CHANNELS * s;
    }

    long referenceStates() {
        return (long) w.batch() * n() * STATE_CHANNELS_PER_TOKEN * s;
    }

    long denoiseAttention(int chunk) {
        return attention(w.batch(), FIRST_BLOCK_HEADS, Math.min(chunk, n()), 3 * n());
    }

    long denoiseStep(int chunk) {
        return denoiseAttention(chunk) + unetWorkingSet() + 2 * referenceStates();
    }

    long referencePass(int chunk) {
        return attention(w.batch(), FIRST_BLOCK_HEADS, Math.min(chunk, n()), n())
                + unetWorkingSet() + 2 * referenceStates();
    }

    long vae(int chunk) {
        return (long) VAE_LIVE_TENSORS * VAE_CHANNELS * w.height() * w.width() * s
                + attention(1, 1, Math.min(chunk, n()), n());
    }

    long clip() {
        return (long) UNET_LIVE_TENSORS * w.batch() * CLIP_TOKENS * CLIP_MLP * s
                + attention(w.batch(), CLIP_HEADS, CLIP_TOKENS, CLIP_TOKENS);
    }
}
