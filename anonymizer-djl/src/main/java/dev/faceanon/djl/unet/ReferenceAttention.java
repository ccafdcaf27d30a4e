package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;

/**
 * The reference mechanism's view of one forward pass, as the transformers of a UNet see it: the
 * denoiser's self-attentions fetch reference keys and values from it, a ReferenceNet's transformers
 * hand it their self-attention inputs. Transformers are identified by their checkpoint path, e.g.
 * {@code up_blocks.2.attentions.1}.
 */
public interface ReferenceAttention {

    /** No reference: plain self-attention, nothing recorded (a standard SD UNet). */
    ReferenceAttention NONE = new ReferenceAttention() {
        @Override
        public ReferenceKeyValues keyValues(String attentionPath) {
            return null;
        }

        @Override
        public void selfAttentionInput(String attentionPath, NDArray norm1Output) {
            // Nothing is recorded.
        }
    };

    /**
     * @param attentionPath the transformer's checkpoint path
     * @return the reference keys and values its first block's self-attention also attends over, or
     *     null for plain self-attention
     */
    ReferenceKeyValues keyValues(String attentionPath);

    /**
     * Receives the self-attention input ({@code norm1} output) of the transformer's first block.
     *
     * @param attentionPath the transformer's checkpoint path
     * @param norm1Output [B, H·W, C], row-major tokens; valid for the rest of the pass
     */
    void selfAttentionInput(String attentionPath, NDArray norm1Output);
}
