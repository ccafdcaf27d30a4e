package dev.faceanon.djl.device;

/**
 * The size of one denoising call: the crop size and the UNet batch (2 with classifier-free guidance:
 * the unconditional and the conditional half).
 *
 * @param height crop height in pixels, a multiple of 64
 * @param width crop width in pixels, a multiple of 64
 * @param batch UNet and ReferenceNet batch
 */
public record Workload(int height, int width, int batch) {
    /** The official setting: 512x512 crops with guidance. */
    public static final Workload DEFAULT = new Workload(512, 512, 2);

    /**
     * Checks the sizes.
     *
     * @param height crop height in pixels, a multiple of 64
     * @param width crop width in pixels, a multiple of 64
     * @param batch UNet and ReferenceNet batch
     * @throws IllegalArgumentException if a side is not a positive multiple of 64 up to 4096, or the batch is
     *     outside [1, 64]
     */
    public Workload {
        if (height <= 0 || width <= 0 || height % 64 != 0 || width % 64 != 0 || height > 4096 || width > 4096) {
            throw new IllegalArgumentException("crop size must be a positive multiple of 64 up to 4096, got "
                    + width + "x" + height);
        }
        if (batch < 1 || batch > 64) {
            throw new IllegalArgumentException("batch must be in [1, 64], got " + batch);
        }
    }

    /** @return latent tokens at full latent resolution, (height/8)*(width/8): 4096 at 512x512 */
    public int latentTokens() {
        return (height / 8) * (width / 8);
    }
}
