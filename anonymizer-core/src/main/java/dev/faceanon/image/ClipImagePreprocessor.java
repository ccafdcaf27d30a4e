package dev.faceanon.image;

import java.util.Objects;

/**
 * The CLIP encoder input exactly as the official pipeline computes it: transformers'
 * {@code CLIPImageProcessor} called with {@code do_rescale=False} on the {@code u8 / 255} float
 * image that diffusers' VaeImageProcessor produced from the model-size image (see
 * {@link ModelFrame#toModel}).
 *
 * <p>The steps, each reproduced bit for bit:
 * <ol>
 *   <li>To hand the float image to PIL, transformers multiplies by 255 and casts to uint8, which
 *       truncates. For {@code float32(u / 255)} this gives back {@code u} for every {@code u}; the step
 *       is kept, computed on integers through a 256-entry table.</li>
 *   <li>Quirk: if every sample is 0.0 or 1.0 (an image of only 0 and 255 samples), transformers takes
 *       the floats for integers already in 0..255, skips the ×255 and the later ×1/255, and so
 *       resamples samples 0 and 1 and feeds the resampled integers to the normalisation unscaled.
 *       This is reproduced.</li>
 *   <li>Pillow resize to the {@link ClipImageSettings#resize() resize target} with the settings'
 *       filter ({@link PillowResampler}).</li>
 *   <li>Back to float: {@code float32(u * (1/255))}, the product in double precision.</li>
 *   <li>Centre crop with offsets {@code floor((side - crop) / 2)}; where the image is smaller than the
 *       crop it is padded with zeros first, centred with the larger half of the padding before it
 *       (transformers' center_crop).</li>
 *   <li>{@code (x - mean) / std} in float32, with mean and std rounded to float32.</li>
 * </ol>
 *
 * <p>Immutable and thread-safe.
 */
public final class ClipImagePreprocessor {

    private static final double INVERSE_255 = 1.0 / 255;

    private final ClipImageSettings settings;

    /**
     * @param settings the processor parameters
     */
    public ClipImagePreprocessor(ClipImageSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** @return the processor parameters */
    public ClipImageSettings settings() {
        return settings;
    }

    /**
     * @param modelImage the image at the model size (the VaeImageProcessor's resize output)
     * @return the encoder input and the resized intermediate image
     */
    public ClipPixels preprocess(RgbImage modelImage) {
        Objects.requireNonNull(modelImage, "modelImage");
        boolean integerValued = onlyBlackAndFull(modelImage.samples());
        RgbImage handedToPil = integerValued ? toZeroOne(modelImage) : truncateForPil(modelImage);
        int[] size = settings.resizedSize(handedToPil.width(), handedToPil.height());
        RgbImage resized = PillowResampler.resize(handedToPil, size[0], size[1], settings.filter());
        return new ClipPixels(settings.cropWidth(), settings.cropHeight(), cropAndNormalise(resized, !integerValued),
                resized);
    }

    /**
     * The ×255-and-truncate step transformers applies to {@code float32(u / 255)} before building a
     * PIL image (transformers 4.45 multiplies in float32).
     *
     * @param u an 8-bit sample
     * @return {@code uint8(float32(float32(u / 255) * 255))}
     */
    static int pilConversion(int u) {
        float unit = u / 255f;
        return (int) (unit * 255f);
    }

    private static RgbImage truncateForPil(RgbImage image) {
        byte[] src = image.samples();
        byte[] out = new byte[src.length];
        int[] table = new int[256];
        for (int u = 0; u < 256; u++) {
            table[u] = pilConversion(u);
        }
        for (int i = 0; i < src.length; i++) {
            out[i] = (byte) table[src[i] & 0xFF];
        }
        return RgbImage.wrap(image.width(), image.height(), out);
    }

    private static boolean onlyBlackAndFull(byte[] samples) {
        for (byte b : samples) {
            if (b != 0 && b != (byte) 255) {
                return false;
            }
        }
        return true;
    }

    private static RgbImage toZeroOne(RgbImage image) {
        byte[] src = image.samples();
        byte[] out = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            out[i] = (byte) (src[i] == 0 ? 0 : 1);
        }
        return RgbImage.wrap(image.width(), image.height(), out);
    }

    private float[] cropAndNormalise(RgbImage resized, boolean rescale) {
        int cw = settings.cropWidth();
        int ch = settings.cropHeight();
        int w = resized.width();
        int h = resized.height();
        // One formula covers cropping and padding: floor((side - crop) / 2) is negative by exactly
        // the leading padding when the image is smaller than the crop.
        int top = Math.floorDiv(h - ch, 2);
        int left = Math.floorDiv(w - cw, 2);
        byte[] src = resized.samples();
        float[] out = new float[RgbImage.CHANNELS * ch * cw];
        for (int c = 0; c < RgbImage.CHANNELS; c++) {
            float mean = settings.mean().get(c).floatValue();
            float std = settings.std().get(c).floatValue();
            int plane = c * ch * cw;
            for (int y = 0; y < ch; y++) {
                int sy = y + top;
                for (int x = 0; x < cw; x++) {
                    int sx = x + left;
                    float v = 0f;
                    if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                        int u = src[(sy * w + sx) * RgbImage.CHANNELS + c] & 0xFF;
                        v = rescale ? (float) (u * INVERSE_255) : u;
                    }
                    out[plane + y * cw + x] = (v - mean) / std;
                }
            }
        }
        return out;
    }
}
