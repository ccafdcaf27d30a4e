package dev.faceanon.djl.device;

/** Which networks stay in device memory between calls. */
public enum PlacementStrategy {
    /** CPU run: everything in host memory. */
    HOST,
    /** All five networks stay on the GPU: fastest, needs the most memory. */
    ALL_RESIDENT,
    /**
     * Only the denoising UNet stays on the GPU; the two ReferenceNets, the VAE and CLIP are kept in host
     * memory and moved to the GPU only while they run (once per face), one at a time.
     */
    OFFLOAD_AUXILIARY
}
