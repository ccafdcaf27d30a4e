package dev.faceanon;

/**
 * Which networks {@link FaceModels#load(ModelOptions)} opens.
 */
public enum ModelVariant {
    /**
     * The published weights ({@code hkung/face-anon-simple}, the Stable Diffusion 2.1 VAE, CLIP
     * ViT-L/14), from a directory, the Hugging Face cache, or a download. Generates at 512×512.
     */
    PUBLISHED(512),
    /**
     * Tiny networks of the same architecture with random weights, generated on demand in a few
     * seconds without any download, for trying the whole chain, testing integrations and CI. The
     * output is <em>not</em> a face: it is the decoded noise of untrained networks, pasted where the
     * faces were. Generates at 128×128. No face detector comes with it: pass the faces to
     * {@link FaceAnonymizer#anonymize(java.awt.image.BufferedImage, java.util.List)} or use aligned
     * crops.
     */
    TINY_RANDOM(128);

    private final int defaultImageSize;

    ModelVariant(int defaultImageSize) {
        this.defaultImageSize = defaultImageSize;
    }

    /** @return the generation side used when {@link ModelOptions.Builder#imageSize(int)} is not called */
    public int defaultImageSize() {
        return defaultImageSize;
    }
}
