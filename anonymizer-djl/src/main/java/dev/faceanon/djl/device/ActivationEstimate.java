package dev.faceanon.djl.device;

import ai.djl.ndarray.types.DataType;

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

    ActivationEstimate(Workload workload, DataType activations) {
        this.w = workload;
        this.t = activations;
        this.s = activations.getNumOfBytes();
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
        return AttentionMemory.peakBytes(w.batch(), FIRST_BLOCK_HEADS, Math.min(chunk, n()), 3 * n(), t);
    }

    long denoiseStep(int chunk) {
        return denoiseAttention(chunk) + unetWorkingSet() + 2 * referenceStates();
    }

    long referencePass(int chunk) {
        return AttentionMemory.peakBytes(w.batch(), FIRST_BLOCK_HEADS, Math.min(chunk, n()), n(), t)
                + unetWorkingSet() + 2 * referenceStates();
    }

    long vae(int chunk) {
        return (long) VAE_LIVE_TENSORS * VAE_CHANNELS * w.height() * w.width() * s
                + AttentionMemory.peakBytes(1, 1, Math.min(chunk, n()), n(), t);
    }

    long clip() {
        return (long) UNET_LIVE_TENSORS * w.batch() * CLIP_TOKENS * CLIP_MLP * s
                + AttentionMemory.peakBytes(w.batch(), CLIP_HEADS, CLIP_TOKENS, CLIP_TOKENS, t);
    }
}
