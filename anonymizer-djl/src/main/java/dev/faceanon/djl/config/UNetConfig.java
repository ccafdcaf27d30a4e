package dev.faceanon.djl.config;

import com.google.gson.JsonObject;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelConfigException;
import dev.faceanon.text.UntrustedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The configuration of a diffusers 0.25.1 {@code UNet2DConditionModel}, as its {@code config.json}
 * holds it: the SD-2.1 denoising UNet and the face-anon {@code unet}, {@code referencenet} and
 * {@code conditioning_referencenet} (whose {@code ReferenceNetModel} takes the same config).
 *
 * <p><b>Defaults.</b> An absent key takes the diffusers 0.25.1 default, given per accessor. A key
 * present with {@code null} is Python's {@code None}, which is only accepted where diffusers' default
 * is {@code None}.
 *
 * <p><b>What is rejected.</b> Besides malformed values, keys that switch on diffusers features this
 * library does not implement are rejected with a {@link ModelConfigException} naming the field and
 * what is supported. They must be absent or hold these values: {@code class_embed_type},
 * {@code num_class_embeds}, {@code addition_embed_type}, {@code encoder_hid_dim},
 * {@code encoder_hid_dim_type}, {@code time_cond_proj_dim}, {@code time_embedding_dim},
 * {@code time_embedding_act_fn}, {@code timestep_post_act}, {@code cross_attention_norm},
 * {@code reverse_transformer_layers_per_block}: null; {@code dual_cross_attention},
 * {@code center_input_sample}, {@code class_embeddings_concat}, {@code resnet_skip_time_act},
 * {@code only_cross_attention} (also as a list): false; {@code use_linear_projection}: true (the
 * 1&times;1-convolution projection of SD-1.x is not implemented); {@code act_fn}: silu (or its alias
 * swish); {@code resnet_time_scale_shift}: default; {@code time_embedding_type}: positional;
 * {@code attention_type}: default; {@code resnet_out_scale_factor}: 1.0;
 * {@code transformer_layers_per_block}: 1 (also as a list); {@code mid_block_type}:
 * UNetMidBlock2DCrossAttn. Block types must be among {@link UNetBlockType}.
 *
 * <p><b>Consistency.</b> {@code up_block_types}, {@code block_out_channels} and every per-block list
 * have one entry per down block; every block width is a multiple of {@code norm_num_groups}; every
 * attention block's width is a multiple of its head count; the first block width is even (the
 * sinusoidal timestep embedding is half sines, half cosines); {@code downsample_padding} is 0 or 1,
 * the two paddings diffusers' down-sampler implements.
 *
 * <p><b>Bounds.</b> Every size is bounded to what a denoiser this library runs can have, so that no
 * config can make it allocate beyond that (the weights must then match the sizes tensor by tensor):
 * at most {@value #MAX_BLOCKS} blocks, block widths and {@code cross_attention_dim} at most
 * {@value #MAX_CHANNELS}, {@code in_channels} and {@code out_channels} at most
 * {@value #MAX_LATENT_CHANNELS}, at most {@value #MAX_LAYERS_PER_BLOCK} resnets per block and
 * {@value #MAX_HEADS} attention heads, {@code sample_size} at most {@value #MAX_SAMPLE_SIZE}.
 *
 * <p>Ignored keys: {@code dropout} (inference), {@code mid_block_only_cross_attention} (only used by
 * another mid block type), {@code addition_time_embed_dim}, {@code addition_embed_type_num_heads} and
 * {@code projection_class_embeddings_input_dim} (only used by rejected embeddings), and the
 * {@code _diffusers_version} metadata.
 *
 * <p>Immutable. {@link #equals} compares the architecture; {@link #className()} and
 * {@link #source()} are not part of it.
 */
public final class UNetConfig extends ConfigValues {

    /** Most down (and up) blocks accepted (SD-2.1: 4). */
    public static final int MAX_BLOCKS = 8;
    /** Largest block width and {@code cross_attention_dim} accepted (SD-2.1: 1280 and 1024). */
    public static final int MAX_CHANNELS = 8192;
    /** Largest {@code in_channels} and {@code out_channels} accepted (SD-2.1: 4 latent channels). */
    public static final int MAX_LATENT_CHANNELS = 64;
    /** Most resnets per down block accepted (SD-2.1: 2). */
    public static final int MAX_LAYERS_PER_BLOCK = 16;
    /** Most attention heads per block accepted (SD-2.1: 20). */
    public static final int MAX_HEADS = 256;
    /** Largest {@code sample_size} accepted, in latent pixels (SD-2.1: 96). */
    public static final int MAX_SAMPLE_SIZE = 1024;
    private static final String PURPOSE = "diffusers UNet2DConditionModel config.json";
    private static final Path BUILT_IN = Path.of("built-in", "stable-diffusion-2-1", "unet", "config.json");

    private final String className;
    private final OptionalInt sampleSize;
    private final int inChannels;
    private final int outChannels;
    private final List<UNetBlockType> downBlockTypes;
    private final UNetBlockType midBlockType;
    private final List<UNetBlockType> upBlockTypes;
    private final List<Integer> blockOutChannels;
    private final List<Integer> layersPerBlock;
    private final List<Integer> attentionHeadDim;
    private final List<Integer> numAttentionHeadsSetting;
    private final int crossAttentionDim;
    private final boolean upcastAttention;
    private final int normNumGroups;
    private final double normEps;
    private final boolean flipSinToCos;
    private final double freqShift;
    private final int downsamplePadding;
    private final double midBlockScaleFactor;
    private final int convInKernel;
    private final int convOutKernel;

    private UNetConfig(ConfigObject c) {
        super(c.source());
        className = c.optionalString("_class_name").orElse(null);
        sampleSize = c.optionalInt("sample_size", 1, MAX_SAMPLE_SIZE);
        inChannels = c.intOr("in_channels", 4, 1, MAX_LATENT_CHANNELS);
        outChannels = c.intOr("out_channels", 4, 1, MAX_LATENT_CHANNELS);

        downBlockTypes = blockTypes(c, "down_block_types", List.of("CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                "CrossAttnDownBlock2D", "DownBlock2D"), UNetBlockType.Position.DOWN);
        int blocks = downBlockTypes.size();
        upBlockTypes = blockTypes(c, "up_block_types", List.of("UpBlock2D", "CrossAttnUpBlock2D",
                "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"), UNetBlockType.Position.UP);
        if (upBlockTypes.size() != blocks) {
            throw c.invalid("up_block_types", "has " + upBlockTypes.size() + " entries but down_block_types has "
                    + blocks + "; they must have the same length");
        }
        midBlockType = midBlockType(c);

        blockOutChannels = c.intList("block_out_channels", List.of(320, 640, 1280, 1280), 1, MAX_CHANNELS);
        if (blockOutChannels.size() != blocks) {
            throw c.invalid("block_out_channels", "has " + blockOutChannels.size()
                    + " entries but there are " + blocks + " down blocks; give one width per down block");
        }
        layersPerBlock = c.intPerBlock("layers_per_block", 2, blocks, 1, MAX_LAYERS_PER_BLOCK);
        attentionHeadDim = c.intPerBlock("attention_head_dim", 8, blocks, 1, MAX_HEADS);
        numAttentionHeadsSetting = c.hasValue("num_attention_heads")
                ? c.intPerBlock("num_attention_heads", 0, blocks, 1, MAX_HEADS)
                : null;
        crossAttentionDim = crossAttentionDim(c, blocks);
        upcastAttention = c.booleanOr("upcast_attention", false);
        normNumGroups = c.intOr("norm_num_groups", 32, 1, MAX_CHANNELS);
        normEps = c.doubleOr("norm_eps", 1e-5, Double.MIN_VALUE, 1.0);
        flipSinToCos = c.booleanOr("flip_sin_to_cos", true);
        freqShift = c.doubleOr("freq_shift", 0, 0, MAX_CHANNELS);
        downsamplePadding = c.intOr("downsample_padding", 1, 0, 1);
        midBlockScaleFactor = c.doubleOr("mid_block_scale_factor", 1, Double.MIN_VALUE, 1e6);
        convInKernel = oddKernel(c, "conv_in_kernel");
        convOutKernel = oddKernel(c, "conv_out_kernel");

        rejectUnsupportedFeatures(c, blocks);
        checkWidths(c);
    }

    /**
     * Reads and validates a {@code config.json}.
     *
     * @param file the file
     * @return the configuration
     * @throws MissingModelFileException if the file does not exist
     * @throws ModelConfigException if it is malformed, inconsistent or asks for an unsupported feature
     */
    public static UNetConfig read(Path file) {
        return new UNetConfig(ConfigObject.read(file, PURPOSE));
    }

    /**
     * Validates a configuration already parsed from JSON.
     *
     * @param json the configuration object
     * @param source where it came from, for messages
     * @return the configuration
     * @throws ModelConfigException as {@link #read}
     */
    public static UNetConfig fromJson(JsonObject json, Path source) {
        return new UNetConfig(ConfigObject.of(json, source));
    }

    /**
     * The SD-2.1 {@code unet/config.json}, which the face-anon {@code unet}, {@code referencenet}
     * and {@code conditioning_referencenet} share (spec &sect;1.2): for tests and tools that need the
     * full-size topology without the files.
     *
     * @return the configuration, with {@code _class_name} UNet2DConditionModel
     */
    public static UNetConfig stableDiffusion21() {
        return fromJson(ConfigObject.parseObject("""
                {
                  "_class_name": "UNet2DConditionModel",
                  "sample_size": 96,
                  "in_channels": 4,
                  "out_channels": 4,
                  "down_block_types": ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D",
                                       "DownBlock2D"],
                  "mid_block_type": "UNetMidBlock2DCrossAttn",
                  "up_block_types": ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
                  "block_out_channels": [320, 640, 1280, 1280],
                  "layers_per_block": 2,
                  "attention_head_dim": [5, 10, 20, 20],
                  "cross_attention_dim": 1024,
                  "use_linear_projection": true,
                  "upcast_attention": true,
                  "norm_num_groups": 32,
                  "norm_eps": 1e-5,
                  "flip_sin_to_cos": true,
                  "freq_shift": 0,
                  "act_fn": "silu",
                  "downsample_padding": 1,
                  "mid_block_scale_factor": 1,
                  "conv_in_kernel": 3,
                  "conv_out_kernel": 3
                }
                """, BUILT_IN), BUILT_IN);
    }

    private static List<UNetBlockType> blockTypes(ConfigObject c, String field, List<String> defaultValue,
            UNetBlockType.Position position) {
        List<String> names = c.stringList(field, defaultValue);
        if (names.isEmpty() || names.size() > MAX_BLOCKS) {
            throw c.invalid(field, "must list 1 to " + MAX_BLOCKS + " blocks, found " + names.size());
        }
        List<UNetBlockType> types = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            UNetBlockType type = UNetBlockType.fromDiffusersName(name)
                    .filter(t -> t.position() == position)
                    .orElseThrow(() -> c.invalid(field, "unsupported block type " + UntrustedText.quote(name, '"')
                            + "; supported: " + supportedNames(position)));
            types.add(type);
        }
        return Collections.unmodifiableList(types);
    }

    private static UNetBlockType midBlockType(ConfigObject c) {
        if (c.contains("mid_block_type") && !c.hasValue("mid_block_type")) {
            throw c.invalid("mid_block_type", "is null (no mid block), which is not supported; supported: "
                    + supportedNames(UNetBlockType.Position.MID));
        }
        String name = c.stringOr("mid_block_type", "UNetMidBlock2DCrossAttn");
        return UNetBlockType.fromDiffusersName(name)
                .filter(t -> t.position() == UNetBlockType.Position.MID)
                .orElseThrow(() -> c.invalid("mid_block_type", "unsupported block type "
                        + UntrustedText.quote(name, '"') + "; supported: "
                        + supportedNames(UNetBlockType.Position.MID)));
    }

    private static String supportedNames(UNetBlockType.Position position) {
        StringBuilder sb = new StringBuilder();
        for (UNetBlockType t : UNetBlockType.values()) {
            if (t.position() == position) {
                sb.append(sb.length() == 0 ? "" : ", ").append(t.diffusersName());
            }
        }
        return sb.toString();
    }

    private static int crossAttentionDim(ConfigObject c, int blocks) {
        List<Integer> dims = c.intPerBlock("cross_attention_dim", 1280, blocks, 1, MAX_CHANNELS);
        if (dims.stream().distinct().count() != 1) {
            throw c.invalid("cross_attention_dim", "differs between blocks " + dims
                    + "; this library supports one cross-attention width for all blocks");
        }
        return dims.get(0);
    }

    private static int oddKernel(ConfigObject c, String field) {
        int k = c.intOr(field, 3, 1, 15);
        if (k % 2 == 0) {
            throw c.invalid(field, "must be odd (diffusers pads by (k-1)/2 to keep the size), found " + k);
        }
        return k;
    }

    private static void rejectUnsupportedFeatures(ConfigObject c, int blocks) {
        c.requireNull("class_embed_type", "a class embedding");
        c.requireNull("num_class_embeds", "a class embedding");
        c.requireNull("addition_embed_type", "an additional (text/image/time) embedding");
        c.requireNull("encoder_hid_dim", "an encoder hidden-state projection");
        c.requireNull("encoder_hid_dim_type", "an encoder hidden-state projection");
        c.requireNull("time_cond_proj_dim", "a timestep condition projection");
        c.requireNull("time_embedding_dim", "a custom time embedding width");
        c.requireNull("time_embedding_act_fn", "an extra time embedding activation");
        c.requireNull("timestep_post_act", "a post-activation in the time embedding");
        c.requireNull("cross_attention_norm", "a cross-attention norm");
        c.requireNull("reverse_transformer_layers_per_block", "a separate transformer depth for up blocks");
        c.requireBoolean("dual_cross_attention", false, false, "dual cross-attention");
        c.requireBoolean("center_input_sample", false, false, "input centering");
        c.requireBoolean("class_embeddings_concat", false, false, "class embedding concatenation");
        c.requireBoolean("resnet_skip_time_act", false, false, "skipping the resnet time activation");
        c.requireBoolean("use_linear_projection", false, true,
                "the 1x1-convolution transformer projection (use_linear_projection=false)");
        c.oneOf("act_fn", "silu", Set.of("silu", "swish"));
        c.oneOf("resnet_time_scale_shift", "default", Set.of("default"));
        c.oneOf("time_embedding_type", "positional", Set.of("positional"));
        c.oneOf("attention_type", "default", Set.of("default"));
        if (c.doubleOr("resnet_out_scale_factor", 1.0, -1e6, 1e6) != 1.0) {
            throw c.invalid("resnet_out_scale_factor", "only 1.0 is supported");
        }
        List<Integer> transformerLayers = c.intPerBlock("transformer_layers_per_block", 1, blocks, 1,
                MAX_LAYERS_PER_BLOCK);
        if (!transformerLayers.stream().allMatch(n -> n == 1)) {
            throw c.invalid("transformer_layers_per_block",
                    "only 1 transformer layer per attention block is supported (as in SD-2.1)");
        }
        rejectOnlyCrossAttention(c, blocks);
    }

    private static void rejectOnlyCrossAttention(ConfigObject c, int blocks) {
        if (c.booleanPerBlock("only_cross_attention", false, blocks).contains(true)) {
            throw c.invalid("only_cross_attention", "must be false (or a list of false): the reference-net"
                    + " features are injected through self-attention, which only_cross_attention removes");
        }
    }

    private void checkWidths(ConfigObject c) {
        if (blockOutChannels.get(0) % 2 != 0) {
            throw c.invalid("block_out_channels", "starts with the odd width " + blockOutChannels.get(0)
                    + "; the first block width is also the width of the sinusoidal timestep embedding, half sines"
                    + " and half cosines, so it must be even");
        }
        int half = blockOutChannels.get(0) / 2;
        if (freqShift >= half) {
            throw c.invalid("freq_shift", "must be below half the first block width (" + half + "), found "
                    + freqShift);
        }
        for (int i = 0; i < blockOutChannels.size(); i++) {
            if (blockOutChannels.get(i) % normNumGroups != 0) {
                throw c.invalid("norm_num_groups", normNumGroups + " groups do not divide block_out_channels["
                        + i + "] = " + blockOutChannels.get(i));
            }
        }
        List<Integer> heads = numAttentionHeads();
        String headsField = numAttentionHeadsSetting != null ? "num_attention_heads" : "attention_head_dim";
        for (int i = 0; i < downBlockTypes.size(); i++) {
            if (downBlockTypes.get(i).hasAttention()) {
                requireDivisible(c, headsField, "down block " + i, blockOutChannels.get(i), heads.get(i));
            }
        }
        int last = blockOutChannels.size() - 1;
        requireDivisible(c, headsField, "the mid block", blockOutChannels.get(last), heads.get(last));
        List<Integer> upHeads = upBlockNumAttentionHeads();
        for (int i = 0; i < upBlockTypes.size(); i++) {
            if (upBlockTypes.get(i).hasAttention()) {
                requireDivisible(c, headsField, "up block " + i, blockOutChannels.get(last - i), upHeads.get(i));
            }
        }
    }

    private static void requireDivisible(ConfigObject c, String field, String block, int channels, int heads) {
        if (channels % heads != 0) {
            throw c.invalid(field, block + " has " + channels + " channels, which " + heads
                    + " attention heads do not divide (in this legacy diffusers field the value is the number"
                    + " of heads, not their width)");
        }
    }

    /** @return {@code _class_name}: UNet2DConditionModel, or ReferenceNetModel for the face-anon refnets */
    public Optional<String> className() {
        return Optional.ofNullable(className);
    }

    /**
     * @return {@code sample_size} (latent side the model was trained at; default none). SD-2.1 says
     *     96; the pipeline always passes explicit sizes, so nothing depends on it.
     */
    public OptionalInt sampleSize() {
        return sampleSize;
    }

    /** @return {@code in_channels}, latent channels in (default 4) */
    public int inChannels() {
        return inChannels;
    }

    /** @return {@code out_channels}, channels predicted (default 4) */
    public int outChannels() {
        return outChannels;
    }

    /**
     * @return {@code down_block_types} (default CrossAttnDownBlock2D &times;3, DownBlock2D); their
     *     number is the block count every per-block list follows
     */
    public List<UNetBlockType> downBlockTypes() {
        return downBlockTypes;
    }

    /** @return {@code mid_block_type} (default and only supported value UNetMidBlock2DCrossAttn) */
    public UNetBlockType midBlockType() {
        return midBlockType;
    }

    /** @return {@code up_block_types} (default UpBlock2D, CrossAttnUpBlock2D &times;3) */
    public List<UNetBlockType> upBlockTypes() {
        return upBlockTypes;
    }

    /** @return the number of down blocks (= up blocks) */
    public int numBlocks() {
        return downBlockTypes.size();
    }

    /**
     * @return {@code block_out_channels}, the width of each down block (default 320, 640, 1280,
     *     1280); up block {@code i} has width {@code blockOutChannels[n-1-i]}
     */
    public List<Integer> blockOutChannels() {
        return blockOutChannels;
    }

    /**
     * @return {@code layers_per_block}, resnets per down block, expanded to one entry per block
     *     (default 2); up block {@code i} has {@code layersPerBlock[n-1-i] + 1}
     */
    public List<Integer> layersPerBlock() {
        return layersPerBlock;
    }

    /**
     * @return {@code attention_head_dim} expanded to one entry per down block (default 8). Despite the
     *     name this legacy field holds the number of heads whenever {@code num_attention_heads} is
     *     null, which is the case for every published SD config; use {@link #numAttentionHeads()}.
     */
    public List<Integer> attentionHeadDim() {
        return attentionHeadDim;
    }

    /**
     * @return {@code num_attention_heads} expanded to one entry per down block, if set (default null).
     *     diffusers 0.25.1 itself refuses a non-null value; this library accepts it with the meaning
     *     diffusers' code gives it.
     */
    public Optional<List<Integer>> numAttentionHeadsSetting() {
        return Optional.ofNullable(numAttentionHeadsSetting);
    }

    /**
     * Attention heads per down block, by diffusers' rule {@code num_attention_heads or
     * attention_head_dim}. Each head's width is the block width divided by this count.
     *
     * @return one head count per down block (SD-2.1: 5, 10, 20, 20)
     */
    public List<Integer> numAttentionHeads() {
        return numAttentionHeadsSetting != null ? numAttentionHeadsSetting : attentionHeadDim;
    }

    /** @return heads of the mid block's attention: those of the last down block */
    public int midBlockNumAttentionHeads() {
        List<Integer> heads = numAttentionHeads();
        return heads.get(heads.size() - 1);
    }

    /** @return heads per up block: the down-block list reversed (SD-2.1: 20, 20, 10, 5) */
    public List<Integer> upBlockNumAttentionHeads() {
        List<Integer> reversed = new ArrayList<>(numAttentionHeads());
        Collections.reverse(reversed);
        return Collections.unmodifiableList(reversed);
    }

    /** @return {@code cross_attention_dim}, width of the encoder hidden states (default 1280; SD-2.1 1024) */
    public int crossAttentionDim() {
        return crossAttentionDim;
    }

    /**
     * @return {@code upcast_attention} (default false): computes attention scores in float32 when
     *     running in half precision
     */
    public boolean upcastAttention() {
        return upcastAttention;
    }

    /** @return {@code norm_num_groups}, GroupNorm groups in resnets, transformers and the output norm (default 32) */
    public int normNumGroups() {
        return normNumGroups;
    }

    /**
     * @return {@code norm_eps}, GroupNorm epsilon of resnets and the output norm (default 1e-5); the
     *     transformer GroupNorm always uses 1e-6
     */
    public double normEps() {
        return normEps;
    }

    /** @return {@code flip_sin_to_cos}: the sinusoidal timestep embedding is [cos, sin] (default true) */
    public boolean flipSinToCos() {
        return flipSinToCos;
    }

    /** @return {@code freq_shift}, the frequency shift of the timestep embedding (default 0) */
    public double freqShift() {
        return freqShift;
    }

    /** @return {@code downsample_padding} of the down-sampling convolutions (default 1) */
    public int downsamplePadding() {
        return downsamplePadding;
    }

    /** @return {@code mid_block_scale_factor}, output scale of the mid-block resnets (default 1) */
    public double midBlockScaleFactor() {
        return midBlockScaleFactor;
    }

    /** @return {@code conv_in_kernel} (default 3, odd) */
    public int convInKernel() {
        return convInKernel;
    }

    /** @return {@code conv_out_kernel} (default 3, odd) */
    public int convOutKernel() {
        return convOutKernel;
    }

    /** @return width of the time embedding: 4 &times; the first block width (diffusers' positional rule) */
    public int timeEmbeddingDim() {
        return 4 * blockOutChannels.get(0);
    }

    @Override
    List<Object> values() {
        return Arrays.asList(sampleSize, inChannels, outChannels, downBlockTypes, midBlockType, upBlockTypes,
                blockOutChannels, layersPerBlock, attentionHeadDim, numAttentionHeadsSetting, crossAttentionDim,
                upcastAttention, normNumGroups, normEps, flipSinToCos, freqShift, downsamplePadding,
                midBlockScaleFactor, convInKernel, convOutKernel);
    }
}
