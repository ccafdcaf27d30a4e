package dev.faceanon.djl.unet;

/**
 * How much of a block a model computes. A ReferenceNet needs nothing after the self-attention
 * input of its last recorded transformer; the layers past that point are still declared (they are
 * in the published checkpoint) but built on {@code Weights.unused()}, so they are never loaded.
 */
public enum BlockExtent {
    /** The whole block runs. */
    WHOLE,
    /**
     * Only what the first attention's reference state depends on runs: for a transformer, its
     * group norm, {@code proj_in} and the first block's {@code norm1}; for a UNet block, the layers
     * before its first attention, and that attention up to its state.
     */
    UNTIL_REFERENCE_STATE
}
