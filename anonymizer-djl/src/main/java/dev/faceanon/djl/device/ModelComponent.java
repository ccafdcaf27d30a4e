package dev.faceanon.djl.device;

/** The networks of the pipeline, as far as memory placement is concerned. */
public enum ModelComponent {
    /** The denoising UNet, run at every step. */
    UNET,
    /** The source (identity) ReferenceNet, run once per face. */
    REFERENCENET,
    /** The conditioning (attribute) ReferenceNet, run once per face. */
    CONDITIONING_REFERENCENET,
    /** The SD-2.1 VAE, run to encode the crop and decode the result. */
    VAE,
    /** The CLIP vision tower, run once per face. */
    CLIP_VISION;

    /** @return true for the networks that run once per face rather than at every step */
    public boolean isAuxiliary() {
        return this != UNET;
    }
}
