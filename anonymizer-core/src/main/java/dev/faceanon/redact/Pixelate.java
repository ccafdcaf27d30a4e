package dev.faceanon.redact;

import dev.faceanon.image.RgbImage;
import java.util.Objects;

/**
 * The official {@code pixelate_image}: {@code cv2.resize} down to {@code (max(1, W // b), max(1, H // b))}
 * with {@code INTER_LINEAR}, then back up to {@code W×H} with {@code INTER_NEAREST}, bit-identical to
 * OpenCV 4.6. When the crop side is a multiple of {@code b} (512 with the default 16) every
 * {@code b×b} block is one colour, the average of the 2×2 source pixels at the block's centre
 * (a bilinear downscale by 16 reads no others).
 */
public final class Pixelate implements Redaction {

    /** The official block size. */
    public static final int OFFICIAL_BLOCK_SIZE = 16;

    private final int blockSize;

    /** Blocks of {@value #OFFICIAL_BLOCK_SIZE} pixels. */
    public Pixelate() {
        this(OFFICIAL_BLOCK_SIZE);
    }

    /**
     * @param blockSize the block side in pixels, 1..4096
     * @throws IllegalArgumentException if out of range
     */
    public Pixelate(int blockSize) {
        if (blockSize < 1 || blockSize > 4096) {
            throw new IllegalArgumentException("block size must be in 1..4096, got " + blockSize);
        }
        this.blockSize = blockSize;
    }

    /** @return the block side */
    public int blockSize() {
        return blockSize;
    }

    @Override
    public RgbImage apply(RgbImage crop) {
        Objects.requireNonNull(crop, "crop");
        int w = crop.width();
        int h = crop.height();
        RgbImage small = OpenCvResize.linear(crop, Math.max(1, w / blockSize), Math.max(1, h / blockSize));
        return OpenCvResize.nearest(small, w, h);
    }

    @Override
    public String toString() {
        return "Pixelate[" + blockSize + "]";
    }
}
