package dev.faceanon.djl.model;

import dev.faceanon.djl.clip.ClipVisionModel;
import dev.faceanon.djl.nn.ParameterSpec;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.UNet2DConditionModel;
import dev.faceanon.djl.vae.AutoencoderKL;
import dev.faceanon.djl.weights.RandomTensorSource;
import dev.faceanon.djl.weights.SafetensorsWriter;
import dev.faceanon.djl.weights.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * Writes a complete model directory ({@link ModelLayout} form) of tiny networks with random weights:
 * the architecture of the published pipeline at a size that generates, loads and runs in seconds,
 * with nothing to download. Its output is <em>not</em> a face, only the decoded noise of untrained
 * networks; it exists to try the whole chain, to test integrations and for CI.
 *
 * <p>The configurations are those of the golden reference set's tiny networks (UNets with
 * {@code block_out_channels [16, 16, 32, 32]}, a VAE with {@code [16, 32, 32, 32]}, a two-layer
 * CLIP vision tower of width 32) and the published SD-2.1 scheduler and CLIP preprocessor configs;
 * they ship as resources of this library. Each network's weights are exactly the parameters it
 * declares (for the ReferenceNets, including the tail a checkpoint holds but the model never
 * runs), drawn by {@link RandomTensorSource}: the same seed always writes the same files.
 *
 * <p>Immutable.
 */
public final class TinyRandomModel {
    /** The seed of the weights {@code ModelVariant.TINY_RANDOM} loads, so that it is always the same model. */
    public static final long DEFAULT_SEED = 0x7e57_f00dL;
    /** What these weights are, for logs and backend descriptions. */
    public static final String DESCRIPTION = "tiny-random (random weights; output is not a real face)";

    private static final String RESOURCES = "tiny-random/";
    private static final List<ModelFile> WEIGHT_FILES = List.of(ModelFile.UNET_WEIGHTS,
            ModelFile.REFERENCENET_WEIGHTS, ModelFile.CONDITIONING_REFERENCENET_WEIGHTS, ModelFile.VAE_WEIGHTS,
            ModelFile.CLIP_WEIGHTS);
    // The three UNets share their key names, and RandomTensorSource seeds per key: without a
    // per-network offset they would get identical weights.
    private static final long NETWORK_STRIDE = 0x9E37_79B9_7F4A_7C15L;

    private final long seed;

    /**
     * @param seed the base seed of every weight
     */
    public TinyRandomModel(long seed) {
        this.seed = seed;
    }

    /** @return the model {@code ModelVariant.TINY_RANDOM} loads ({@link #DEFAULT_SEED}) */
    public static TinyRandomModel standard() {
        return new TinyRandomModel(DEFAULT_SEED);
    }

    /** @return the base seed of the weights */
    public long seed() {
        return seed;
    }

    /**
     * Writes the three repositories under {@code root} as {@link ModelLayout#fromRoot} expects them,
     * replacing files of the same names. About 10 MB in all.
     *
     * @param root the model root; created if missing
     * @return the layout of what was written
     * @throws IOException if writing fails
     */
    public ModelLayout writeTo(Path root) throws IOException {
        Objects.requireNonNull(root, "root");
        ModelLayout layout = ModelLayout.fromRoot(root);
        copy("unet_config.json", layout.expectedPath(ModelFile.UNET_CONFIG));
        copy("referencenet_config.json", layout.expectedPath(ModelFile.REFERENCENET_CONFIG));
        copy("referencenet_config.json", layout.expectedPath(ModelFile.CONDITIONING_REFERENCENET_CONFIG));
        copy("vae_config.json", layout.expectedPath(ModelFile.VAE_CONFIG));
        copy("scheduler_config.json", layout.expectedPath(ModelFile.SCHEDULER_CONFIG));
        copy("clip_config.json", layout.expectedPath(ModelFile.CLIP_CONFIG));
        copy("preprocessor_config.json", layout.expectedPath(ModelFile.CLIP_PREPROCESSOR_CONFIG));
        // The configs are read back with the loader's own parsers, so that the weights have the
        // shapes the loader will ask for.
        for (int i = 0; i < WEIGHT_FILES.size(); i++) {
            weights(layout, WEIGHT_FILES.get(i), seed + (i + 1) * NETWORK_STRIDE);
        }
        return layout;
    }

    private static List<ParameterSpec> declaredParameters(ModelLayout layout, ModelFile file) {
        switch (file) {
            case UNET_WEIGHTS:
                return UNet2DConditionModel.expectedParameters(layout.unetConfig());
            case REFERENCENET_WEIGHTS:
                return ReferenceNet.expectedParameters(layout.referenceNetConfig());
            case CONDITIONING_REFERENCENET_WEIGHTS:
                return ReferenceNet.expectedParameters(layout.conditioningReferenceNetConfig());
            case VAE_WEIGHTS:
                return AutoencoderKL.expectedParameters(layout.vaeConfig());
            case CLIP_WEIGHTS:
                return ClipVisionModel.expectedParameters(layout.clipVisionConfig());
            default:
                throw new IllegalArgumentException(file + " is not a weight file");
        }
    }

    private void weights(ModelLayout layout, ModelFile file, long networkSeed) throws IOException {
        Path target = layout.expectedPath(file);
        Files.createDirectories(target.getParent());
        try (RandomTensorSource random = new RandomTensorSource(declaredParameters(layout, file), networkSeed)) {
            SafetensorsWriter writer = new SafetensorsWriter()
                    .metadata("format", "pt")
                    .metadata("content", "random weights, not a trained network: its output is not a face"
                            + " (face-anon tiny-random, seed " + seed + ")");
            for (TensorInfo t : random.tensors()) {
                writer.add(t.name(), t.dtype(), t.shape(), random.raw(t.name()));
            }
            writer.write(target);
        }
    }

    private static void copy(String resource, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        try (InputStream in = TinyRandomModel.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                // Only a broken build can get here: the configs are packaged with this class.
                throw new IllegalStateException("resource " + RESOURCES + resource + " is missing from the"
                        + " anonymizer-djl jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
