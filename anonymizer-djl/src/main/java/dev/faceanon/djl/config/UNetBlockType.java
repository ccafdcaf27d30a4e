package dev.faceanon.djl.config;

import java.util.Optional;

/**
 * The diffusers UNet block types this library implements, by the names {@code config.json} uses in
 * {@code down_block_types}, {@code mid_block_type} and {@code up_block_types}.
 */
public enum UNetBlockType {
    /** {@code CrossAttnDownBlock2D}: resnets interleaved with transformer blocks, then a downsampler. */
    CROSS_ATTN_DOWN_BLOCK_2D("CrossAttnDownBlock2D", Position.DOWN, true),
    /** {@code DownBlock2D}: resnets only, then a downsampler. */
    DOWN_BLOCK_2D("DownBlock2D", Position.DOWN, false),
    /** {@code UNetMidBlock2DCrossAttn}: resnet, transformer block, resnet. */
    UNET_MID_BLOCK_2D_CROSS_ATTN("UNetMidBlock2DCrossAttn", Position.MID, true),
    /** {@code CrossAttnUpBlock2D}: resnets over the skip connections interleaved with transformer blocks. */
    CROSS_ATTN_UP_BLOCK_2D("CrossAttnUpBlock2D", Position.UP, true),
    /** {@code UpBlock2D}: resnets over the skip connections only. */
    UP_BLOCK_2D("UpBlock2D", Position.UP, false);

    /** Where in the UNet a block type can stand. */
    public enum Position {
        /** In {@code down_block_types}. */
        DOWN,
        /** As {@code mid_block_type}. */
        MID,
        /** In {@code up_block_types}. */
        UP
    }

    private final String diffusersName;
    private final Position position;
    private final boolean attention;

    UNetBlockType(String diffusersName, Position position, boolean attention) {
        this.diffusersName = diffusersName;
        this.position = position;
        this.attention = attention;
    }

    /** @return the class name diffusers writes in {@code config.json} */
    public String diffusersName() {
        return diffusersName;
    }

    /** @return where in the UNet this block type can stand */
    public Position position() {
        return position;
    }

    /** @return whether the block holds transformer (self- and cross-attention) layers */
    public boolean hasAttention() {
        return attention;
    }

    /**
     * Looks a block type up by its diffusers name. As diffusers' {@code get_down_block} and
     * {@code get_up_block} do, a leading {@code UNetRes} is dropped first.
     *
     * @param name a diffusers block class name, case-sensitive as diffusers matches it
     * @return the block type, or empty if this library does not implement it
     */
    public static Optional<UNetBlockType> fromDiffusersName(String name) {
        String key = name.startsWith("UNetRes") ? name.substring("UNetRes".length()) : name;
        for (UNetBlockType t : values()) {
            if (t.diffusersName.equals(key)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
