package dev.faceanon.djl.device;

import ai.djl.ndarray.types.DataType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Parameter counts of the five networks, from which their device memory at a given precision
 * follows. Computed from the weight files when they are open ({@link #of(Map)}), or taken from the
 * published models ({@link #published()}).
 */
public final class ModelFootprint {
    /**
     * SD-2.1 UNet parameters (all three UNet-like nets): measured by instantiating the official UNet
     * with the SD-2.1 config (spec section 1.2), and matching the hub's 3.46 GB fp32 files.
     */
    public static final long UNET_PARAMETERS = 865_910_724L;
    /**
     * SD VAE (AutoencoderKL, channels 128/256/512/512) parameters; approximate: the published fp32 file
     * is about 335 MB.
     */
    public static final long VAE_PARAMETERS = 83_653_863L;
    /**
     * CLIP ViT-L/14 vision tower at 224 px: patch embedding 3*14*14*1024, class and 257 position
     * embeddings, pre- and post-LayerNorm, 24 layers of 12,596,224 (four 1024x1024 projections with
     * bias, two LayerNorms, MLP 1024-4096-1024), no projection head.
     */
    public static final long CLIP_VISION_PARAMETERS = 303_179_776L;

    private final Map<ModelComponent, Long> parameters;

    private ModelFootprint(Map<ModelComponent, Long> parameters) {
        EnumMap<ModelComponent, Long> m = new EnumMap<>(ModelComponent.class);
        for (ModelComponent c : ModelComponent.values()) {
            Long n = parameters.get(c);
            if (n == null || n <= 0) {
                throw new IllegalArgumentException("need a positive parameter count for " + c);
            }
            m.put(c, n);
        }
        this.parameters = Collections.unmodifiableMap(m);
    }

    /**
     * @param parameters floating-point element count per component (all five)
     * @return the footprint
     */
    public static ModelFootprint of(Map<ModelComponent, Long> parameters) {
        return new ModelFootprint(Objects.requireNonNull(parameters, "parameters"));
    }

    /** @return the published models' counts */
    public static ModelFootprint published() {
        return new ModelFootprint(Map.of(ModelComponent.UNET, UNET_PARAMETERS, ModelComponent.REFERENCENET,
                UNET_PARAMETERS, ModelComponent.CONDITIONING_REFERENCENET, UNET_PARAMETERS, ModelComponent.VAE,
                VAE_PARAMETERS, ModelComponent.CLIP_VISION, CLIP_VISION_PARAMETERS));
    }

    /**
     * @param c a component
     * @return its parameter count
     */
    public long parameters(ModelComponent c) {
        return parameters.get(c);
    }

    /**
     * @param c a component
     * @param dataType the precision its weights are held in
     * @return its weights' size in bytes
     */
    public long bytes(ModelComponent c, DataType dataType) {
        return Math.multiplyExact(parameters.get(c), (long) dataType.getNumOfBytes());
    }

    /**
     * @param dataType the precision
     * @return all weights' size in bytes
     */
    public long totalBytes(DataType dataType) {
        long sum = 0;
        for (ModelComponent c : ModelComponent.values()) {
            sum = Math.addExact(sum, bytes(c, dataType));
        }
        return sum;
    }
}
