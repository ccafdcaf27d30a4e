package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reference keys and values of one pipeline call, precomputed for every self-attention layer
 * of one denoising UNet: for the transformer at path {@code P} of UNet block {@code b},
 * {@code to_k(ref_b)} and {@code to_v(ref_b)} of {@code P}'s {@code attn1}, where {@code ref_b} is
 * {@code [source state; conditioning state]} of block {@code b}'s {@code attentions.0} (the
 * official quirk: every attention of a block uses the state of its first one).
 *
 * <p><b>Compute.</b> The states do not change across denoising steps, so neither do their
 * projections: projecting them once saves, per step and per layer, the key and value projections
 * of the B·2HW reference tokens, 4·B·HW·C² multiply-adds; for SD-2.1 at 512×512 with batch 2
 * (16 transformers) about 51 GMAC per step. Independently of this, the layer computes queries for
 * its own HW tokens only (the official code uses all 3HW and discards two thirds of the output),
 * which removes two thirds of the score and value products, e.g. 129 of 193 GMAC per step in each
 * 64×64 transformer.
 *
 * <p><b>Memory.</b> Each transformer holds its own K and V of its block's state, instead of one
 * state per block: for SD-2.1 at 512×512 and batch 2, 92 M elements, about 370 MB in float32
 * (185 MB in float16), against about 74 MB for the seven concatenated states themselves — roughly
 * 5×. The context lives for one pipeline call.
 *
 * <p>Built by {@link UNet2DConditionModel#referenceContext}; usable only with that UNet. Immutable
 * and safe to share between threads; close it to free its arrays.
 */
public final class ReferenceContext implements ReferenceAttention, AutoCloseable {
    private final NDManager manager;
    private final Map<String, ReferenceKeyValues> byAttention;
    private final Object model;
    private final long batch;

    ReferenceContext(NDManager parent, Map<String, ReferenceKeyValues> byAttention, Object model, long batch) {
        this.manager = parent.newSubManager();
        List<NDArray> arrays = new ArrayList<>();
        for (ReferenceKeyValues kv : byAttention.values()) {
            arrays.add(kv.keys());
            arrays.add(kv.values());
        }
        ForwardScope.release(manager, arrays);
        this.byAttention = Collections.unmodifiableMap(byAttention);
        this.model = model;
        this.batch = batch;
    }

    /** @return the batch size the context was built for; the denoiser's sample must match it */
    public long batchSize() {
        return batch;
    }

    /** @return the transformer paths of the UNet, each with its own keys and values */
    public Set<String> attentionPaths() {
        return byAttention.keySet();
    }

    boolean belongsTo(Object unet) {
        return model == unet;
    }

    @Override
    public ReferenceKeyValues keyValues(String attentionPath) {
        ReferenceKeyValues kv = byAttention.get(attentionPath);
        if (kv == null) {
            throw new IllegalStateException("no reference keys for " + attentionPath);
        }
        return kv;
    }

    @Override
    public void selfAttentionInput(String attentionPath, NDArray norm1Output) {
        // The denoiser records nothing.
    }

    /** Frees the keys and values. */
    @Override
    public void close() {
        manager.close();
    }
}
