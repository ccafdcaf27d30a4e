package dev.faceanon.djl.config;

import com.google.gson.JsonObject;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.text.UntrustedText;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of a diffusers 0.25.1 {@code AutoencoderKL} ({@code vae/config.json} of SD-2.1).
 *
 * <p><b>Defaults</b> (diffusers 0.25.1, for absent keys): in/out channels 3, one
 * DownEncoderBlock2D / UpDecoderBlock2D, {@code block_out_channels} [64], {@code layers_per_block}
 * 1, {@code act_fn} silu, {@code latent_channels} 4, {@code norm_num_groups} 32,
 * {@code sample_size} 32, {@code scaling_factor} 0.18215, {@code force_upcast} true.
 *
 * <p><b>Validation.</b> Every entry of {@code down_block_types} must be DownEncoderBlock2D and of
 * {@code up_block_types} UpDecoderBlock2D, both with one entry per {@code block_out_channels}
 * entry; every width must be a multiple of {@code norm_num_groups}; {@code act_fn} must be silu (or
 * its alias swish). Keys of later diffusers versions that change the graph are accepted only at the
 * value that leaves it as in 0.25.1: {@code use_quant_conv}, {@code use_post_quant_conv} and
 * {@code mid_block_add_attention} must be true if present.
 *
 * <p><b>Bounds.</b> Every size is bounded to what a VAE this library runs can have, so that no
 * config can make it allocate beyond that (the weights must then match the sizes tensor by tensor):
 * at most {@value #MAX_BLOCKS} blocks, block widths at most {@value #MAX_CHANNELS}, image and latent
 * channels at most {@value #MAX_IMAGE_CHANNELS}, at most {@value #MAX_LAYERS_PER_BLOCK} resnets per
 * block, {@code sample_size} at most {@value #MAX_SAMPLE_SIZE}.
 *
 * <p>Immutable. {@link #equals} compares the architecture and scaling; {@link #className()} and
 * {@link #source()} are not part of it.
 */
public final class VaeConfig extends ConfigValues {

    /** Most encoder (and decoder) blocks accepted (SD-2.1: 4). */
    public static final int MAX_BLOCKS = 8;
    /** Largest block width accepted (SD-2.1: 512). */
    public static final int MAX_CHANNELS = 8192;
    /** Largest {@code in_channels}, {@code out_channels} and {@code latent_channels} accepted (SD-2.1: 3, 3, 4). */
    public static final int MAX_IMAGE_CHANNELS = 64;
    /** Most resnets per encoder block accepted (SD-2.1: 2). */
    public static final int MAX_LAYERS_PER_BLOCK = 16;
    /** Largest {@code sample_size} accepted, in pixels (SD-2.1: 768). */
    public static final int MAX_SAMPLE_SIZE = 8192;
    private static final String PURPOSE = "diffusers AutoencoderKL config.json";
    private static final Path BUILT_IN = Path.of("built-in", "stable-diffusion-2-1", "vae", "config.json");

    private final String className;
    private final int inChannels;
    private final int outChannels;
    private final List<Integer> blockOutChannels;
    private final int layersPerBlock;
    private final int latentChannels;
    private final int normNumGroups;
    private final int sampleSize;
    private final double scalingFactor;
    private final boolean forceUpcast;

    private VaeConfig(ConfigObject c) {
        super(c.source());
        className = c.optionalString("_class_name").orElse(null);
        inChannels = c.intOr("in_channels", 3, 1, MAX_IMAGE_CHANNELS);
        outChannels = c.intOr("out_channels", 3, 1, MAX_IMAGE_CHANNELS);
        blockOutChannels = c.intList("block_out_channels", List.of(64), 1, MAX_CHANNELS);
        if (blockOutChannels.isEmpty() || blockOutChannels.size() > MAX_BLOCKS) {
            throw c.invalid("block_out_channels", "must list 1 to " + MAX_BLOCKS + " widths, found "
                    + blockOutChannels.size());
        }
        requireBlocks(c, "down_block_types", "DownEncoderBlock2D", blockOutChannels.size());
        requireBlocks(c, "up_block_types", "UpDecoderBlock2D", blockOutChannels.size());
        layersPerBlock = c.intOr("layers_per_block", 1, 1, MAX_LAYERS_PER_BLOCK);
        latentChannels = c.intOr("latent_channels", 4, 1, MAX_IMAGE_CHANNELS);
        normNumGroups = c.intOr("norm_num_groups", 32, 1, MAX_CHANNELS);
        sampleSize = c.intOr("sample_size", 32, 1, MAX_SAMPLE_SIZE);
        scalingFactor = c.doubleOr("scaling_factor", 0.18215, Double.MIN_VALUE, 1e3);
        forceUpcast = c.booleanOr("force_upcast", true);
        c.oneOf("act_fn", "silu", Set.of("silu", "swish"));
        c.requireBoolean("use_quant_conv", true, true, "a VAE without quant_conv");
        c.requireBoolean("use_post_quant_conv", true, true, "a VAE without post_quant_conv");
        c.requireBoolean("mid_block_add_attention", true, true, "a mid block without attention");
        for (int i = 0; i < blockOutChannels.size(); i++) {
            if (blockOutChannels.get(i) % normNumGroups != 0) {
                throw c.invalid("norm_num_groups", normNumGroups + " groups do not divide block_out_channels["
                        + i + "] = " + blockOutChannels.get(i));
            }
        }
    }

    private static void requireBlocks(ConfigObject c, String field, String type, int blocks) {
        List<String> types = c.stringList(field, List.of(type));
        for (String t : types) {
            if (!t.equals(type)) {
                throw c.invalid(field, "unsupported block type " + UntrustedText.quote(t, '"') + "; supported: "
                        + type);
            }
        }
        if (types.size() != blocks) {
            throw c.invalid(field, "has " + types.size() + " entries but block_out_channels has " + blocks
                    + "; give one block per width");
        }
    }

    /**
     * Reads and validates a {@code vae/config.json}.
     *
     * @param file the file
     * @return the configuration
     * @throws MissingModelFileException if the file does not exist
     * @throws ModelConfigException if it is malformed or asks for an unsupported feature
     */
    public static VaeConfig read(Path file) {
        return new VaeConfig(ConfigObject.read(file, PURPOSE));
    }

    /**
     * Validates a configuration already parsed from JSON.
     *
     * @param json the configuration object
     * @param source where it came from, for messages
     * @return the configuration
     * @throws ModelConfigException as {@link #read}
     */
    public static VaeConfig fromJson(JsonObject json, Path source) {
        return new VaeConfig(ConfigObject.of(json, source));
    }

    /**
     * The SD-2.1 {@code vae/config.json} (spec &sect;1.3), for tests and tools that need the full-size
     * topology without the file. The published file has no {@code scaling_factor}; the default
     * 0.18215 applies.
     *
     * @return the configuration
     */
    public static VaeConfig stableDiffusion21() {
        return fromJson(ConfigObject.parseObject("""
                {
                  "_class_name": "AutoencoderKL",
                  "in_channels": 3,
                  "out_channels": 3,
                  "down_block_types": ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D",
                                       "DownEncoderBlock2D"],
                  "up_block_types": ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"],
                  "block_out_channels": [128, 256, 512, 512],
                  "layers_per_block": 2,
                  "act_fn": "silu",
                  "latent_channels": 4,
                  "norm_num_groups": 32,
                  "sample_size": 768
                }
                """, BUILT_IN), BUILT_IN);
    }

    /** @return {@code _class_name}, normally AutoencoderKL */
    public Optional<String> className() {
        return Optional.ofNullable(className);
    }

    /** @return {@code in_channels}, image channels into the encoder (default 3) */
    public int inChannels() {
        return inChannels;
    }

    /** @return {@code out_channels}, image channels out of the decoder (default 3) */
    public int outChannels() {
        return outChannels;
    }

    /**
     * @return {@code block_out_channels}, encoder block widths (default [64]; SD-2.1 128, 256, 512,
     *     512); the decoder uses them reversed
     */
    public List<Integer> blockOutChannels() {
        return blockOutChannels;
    }

    /** @return the number of encoder (= decoder) blocks: the length of {@code down_block_types} */
    public int numBlocks() {
        return blockOutChannels.size();
    }

    /**
     * @return {@code layers_per_block}, resnets per encoder block (default 1; SD-2.1 2); decoder
     *     blocks have one more
     */
    public int layersPerBlock() {
        return layersPerBlock;
    }

    /** @return {@code latent_channels} (default 4); the encoder emits twice as many (mean and log-variance) */
    public int latentChannels() {
        return latentChannels;
    }

    /** @return {@code norm_num_groups}, GroupNorm groups throughout (default 32; epsilon is always 1e-6) */
    public int normNumGroups() {
        return normNumGroups;
    }

    /** @return {@code sample_size}, image side used for tiling only (default 32; SD-2.1 768) */
    public int sampleSize() {
        return sampleSize;
    }

    /** @return {@code scaling_factor} applied to latents (default 0.18215, which SD-2.1 relies on) */
    public double scalingFactor() {
        return scalingFactor;
    }

    /** @return {@code force_upcast}: decode in float32 even in a half-precision pipeline (default true) */
    public boolean forceUpcast() {
        return forceUpcast;
    }

    /** @return image pixels per latent pixel along each side: 2^(blocks-1), 8 for SD-2.1 */
    public int downsampleFactor() {
        return 1 << (numBlocks() - 1);
    }

    @Override
    List<Object> values() {
        return Arrays.asList(inChannels, outChannels, blockOutChannels, layersPerBlock, latentChannels,
                normNumGroups, sampleSize, scalingFactor, forceUpcast);
    }
}
