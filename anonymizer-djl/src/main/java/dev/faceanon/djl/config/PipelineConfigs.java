package dev.faceanon.djl.config;

import dev.faceanon.image.ClipImageSettings;
import dev.faceanon.model.ModelConfigException;
import java.util.Objects;

/**
 * The configurations of the face-anon pipeline's networks, checked against each other before any
 * weight is loaded or any buffer sized from them. Each configuration alone is valid for its own
 * network; together they must describe networks that can feed one another:
 *
 * <ul>
 *   <li>the VAE encodes and decodes RGB images: {@code in_channels} and {@code out_channels} 3;
 *   <li>the denoising UNet takes and predicts the VAE's latents, and both ReferenceNets take them:
 *       {@code in_channels} (and the UNet's {@code out_channels}) equal the VAE's
 *       {@code latent_channels};
 *   <li>the CLIP image token conditions every UNet: each {@code cross_attention_dim} equals the
 *       vision model's {@code hidden_size} (the pooled output is used without projection);
 *   <li>the ReferenceNets' states are injected into the UNet's self-attention block by block: both
 *       have the UNet's block types, block widths and resnets per block;
 *   <li>the CLIP preprocessor produces the images the vision model takes: its crop is the vision
 *       model's {@code image_size} square.
 * </ul>
 *
 * <p>Each mismatch is a {@link ModelConfigException} naming the file and field at fault and the file
 * it disagrees with. Immutable.
 */
public final class PipelineConfigs {

    private static final int RGB_CHANNELS = 3;

    private final UNetConfig unet;
    private final UNetConfig referenceNet;
    private final UNetConfig conditioningReferenceNet;
    private final VaeConfig vae;
    private final ClipVisionConfig clipVision;
    private final ClipImageSettings clipImageSettings;
    private final SchedulerConfig scheduler;

    private PipelineConfigs(UNetConfig unet, UNetConfig referenceNet, UNetConfig conditioningReferenceNet,
            VaeConfig vae, ClipVisionConfig clipVision, ClipImageSettings clipImageSettings,
            SchedulerConfig scheduler) {
        this.unet = unet;
        this.referenceNet = referenceNet;
        this.conditioningReferenceNet = conditioningReferenceNet;
        this.vae = vae;
        this.clipVision = clipVision;
        this.clipImageSettings = clipImageSettings;
        this.scheduler = scheduler;
    }

    /**
     * Checks the configurations against each other.
     *
     * @param unet the denoising UNet's
     * @param referenceNet the source (identity) ReferenceNet's
     * @param conditioningReferenceNet the conditioning ReferenceNet's
     * @param vae the VAE's
     * @param clipVision the CLIP vision model's
     * @param clipPreprocessor the CLIP image processor's
     * @param scheduler the noise scheduler's
     * @return the checked set
     * @throws ModelConfigException naming the file and field of the first mismatch
     */
    public static PipelineConfigs of(UNetConfig unet, UNetConfig referenceNet, UNetConfig conditioningReferenceNet,
            VaeConfig vae, ClipVisionConfig clipVision, ClipPreprocessorConfig clipPreprocessor,
            SchedulerConfig scheduler) {
        Objects.requireNonNull(unet, "unet");
        Objects.requireNonNull(referenceNet, "referenceNet");
        Objects.requireNonNull(conditioningReferenceNet, "conditioningReferenceNet");
        Objects.requireNonNull(vae, "vae");
        Objects.requireNonNull(clipVision, "clipVision");
        Objects.requireNonNull(clipPreprocessor, "clipPreprocessor");
        Objects.requireNonNull(scheduler, "scheduler");
        checkVaeTakesRgb(vae);
        checkTakesLatents(unet, "UNet", vae);
        if (unet.outChannels() != vae.latentChannels()) {
            throw new ModelConfigException(unet.source(), "out_channels", "is " + unet.outChannels()
                    + ", but the UNet predicts latents of the VAE (" + vae.source() + "), whose latent_channels is "
                    + vae.latentChannels() + "; they must be equal");
        }
        for (UNetConfig net : new UNetConfig[] {unet, referenceNet, conditioningReferenceNet}) {
            checkCrossAttentionReadsClipTokens(net, clipVision);
        }
        for (UNetConfig reference : new UNetConfig[] {referenceNet, conditioningReferenceNet}) {
            checkTakesLatents(reference, "ReferenceNet", vae);
            checkSameBlocks(reference, unet);
        }
        return new PipelineConfigs(unet, referenceNet, conditioningReferenceNet, vae, clipVision,
                clipPreprocessor.toImageSettings(clipVision), scheduler);
    }

    private static void checkVaeTakesRgb(VaeConfig vae) {
        if (vae.inChannels() != RGB_CHANNELS) {
            throw new ModelConfigException(vae.source(), "in_channels", "is " + vae.inChannels()
                    + ", but the pipeline encodes RGB images: it must be " + RGB_CHANNELS);
        }
        if (vae.outChannels() != RGB_CHANNELS) {
            throw new ModelConfigException(vae.source(), "out_channels", "is " + vae.outChannels()
                    + ", but the pipeline decodes RGB images: it must be " + RGB_CHANNELS);
        }
    }

    private static void checkTakesLatents(UNetConfig net, String what, VaeConfig vae) {
        if (net.inChannels() != vae.latentChannels()) {
            throw new ModelConfigException(net.source(), "in_channels", "is " + net.inChannels() + ", but the "
                    + what + " takes latents of the VAE (" + vae.source() + "), whose latent_channels is "
                    + vae.latentChannels() + "; they must be equal");
        }
    }

    private static void checkCrossAttentionReadsClipTokens(UNetConfig net, ClipVisionConfig clip) {
        if (net.crossAttentionDim() != clip.hiddenSize()) {
            throw new ModelConfigException(net.source(), "cross_attention_dim", "is " + net.crossAttentionDim()
                    + ", but the cross-attention reads the CLIP image token, whose width is the hidden_size "
                    + clip.hiddenSize() + " of the vision model (" + clip.source() + "); they must be equal");
        }
    }

    private static void checkSameBlocks(UNetConfig reference, UNetConfig unet) {
        String differs = !reference.downBlockTypes().equals(unet.downBlockTypes()) ? "down_block_types"
                : !reference.upBlockTypes().equals(unet.upBlockTypes()) ? "up_block_types"
                : !reference.blockOutChannels().equals(unet.blockOutChannels()) ? "block_out_channels"
                : !reference.layersPerBlock().equals(unet.layersPerBlock()) ? "layers_per_block"
                : null;
        if (differs != null) {
            throw new ModelConfigException(reference.source(), differs, "differs from the UNet's ("
                    + unet.source() + "): the ReferenceNet's states are injected into the UNet block by block, so"
                    + " both must have the same blocks, block widths and resnets per block");
        }
    }

    /** @return the denoising UNet's configuration */
    public UNetConfig unet() {
        return unet;
    }

    /** @return the source (identity) ReferenceNet's configuration */
    public UNetConfig referenceNet() {
        return referenceNet;
    }

    /** @return the conditioning ReferenceNet's configuration */
    public UNetConfig conditioningReferenceNet() {
        return conditioningReferenceNet;
    }

    /** @return the VAE's configuration */
    public VaeConfig vae() {
        return vae;
    }

    /** @return the CLIP vision model's configuration */
    public ClipVisionConfig clipVision() {
        return clipVision;
    }

    /** @return the CLIP preprocessing, its crop checked against the vision model's input size */
    public ClipImageSettings clipImageSettings() {
        return clipImageSettings;
    }

    /** @return the noise scheduler's configuration */
    public SchedulerConfig scheduler() {
        return scheduler;
    }
}
