package dev.faceanon.djl.pipeline;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.djl.clip.ClipVisionModel;
import dev.faceanon.djl.config.PipelineConfigs;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.djl.model.ModelLayout;
import dev.faceanon.djl.model.WeightFile;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.UNet2DConditionModel;
import dev.faceanon.djl.vae.AutoencoderKL;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.djl.weights.TensorSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the five networks of the pipeline from the published repositories on disk. All
 * configurations are read and checked against each other first ({@link PipelineConfigs}); then each
 * weight file is opened, checked against the network's parameter list (every mismatch reported at once),
 * copied into engine memory in the wanted type, and closed again.
 */
public final class PipelineLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineLoader.class);

    private PipelineLoader() {}

    /**
     * @param layout where the files are; validated first, reporting every missing file at once
     * @param parent the manager the networks live under; its device is used
     * @param dtype FLOAT32 or FLOAT16 for the UNets and CLIP; the VAE stays in float32 when its
     *     config says {@code force_upcast} (the SD VAE overflows in float16)
     * @param attention the attention kernel (and the materialised path's chunking); upcasting in the
     *     UNets follows their config
     * @return the pipeline, owning the networks
     */
    public static ReferenceNetPipeline load(ModelLayout layout, NDManager parent, DataType dtype,
            AttentionOptions attention) {
        layout.validate();
        // Every config is read and checked against the others before any weight is loaded or any
        // buffer is sized from them.
        PipelineConfigs configs = PipelineConfigs.of(layout.unetConfig(), layout.referenceNetConfig(),
                layout.conditioningReferenceNetConfig(), layout.vaeConfig(), layout.clipVisionConfig(),
                layout.clipPreprocessorConfig(), layout.schedulerConfig());
        NDManager manager = parent.newSubManager();
        try {
            UNetConfig unetConfig = configs.unet();
            AttentionOptions unetAttention = attention.withUpcast(unetConfig.upcastAttention());
            UNet2DConditionModel unet = timed("unet", layout.unetWeights(),
                    s -> UNet2DConditionModel.load(unetConfig, s, manager, dtype, unetAttention));
            ReferenceNet ref = timed("referencenet", layout.referenceNetWeights(),
                    s -> ReferenceNet.load(configs.referenceNet(), s, manager, dtype, unetAttention));
            ReferenceNet condRef = timed("conditioning_referencenet", layout.conditioningReferenceNetWeights(),
                    s -> ReferenceNet.load(configs.conditioningReferenceNet(), s, manager, dtype, unetAttention));
            VaeConfig vaeConfig = configs.vae();
            DataType vaeType = vaeConfig.forceUpcast() ? DataType.FLOAT32 : dtype;
            AutoencoderKL vae = timed("vae", layout.vaeWeights(),
                    s -> AutoencoderKL.load(vaeConfig, s, manager, vaeType, attention));
            ClipVisionModel clip = timed("image_encoder", layout.clipWeights(),
                    s -> ClipVisionModel.load(configs.clipVision(), s, manager, dtype, attention));
            return new ReferenceNetPipeline(manager, unet, ref, condRef, vae, clip, configs.clipImageSettings(),
                    configs.scheduler());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private static <T> T timed(String role, WeightFile file, Function<TensorSource, T> load) {
        long start = System.nanoTime();
        try (TensorSource source = TensorSources.open(file.path())) {
            T model = load.apply(source);
            LOG.info("loaded {} in {} ms", role, (System.nanoTime() - start) / 1_000_000);
            return model;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.path(), e);
        }
    }
}
