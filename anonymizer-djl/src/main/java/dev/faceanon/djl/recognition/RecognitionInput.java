package dev.faceanon.djl.recognition;

import dev.faceanon.image.RgbImage;
import java.util.Objects;

/**
 * The network's input for one crop, computed as face-api computes it ({@code NetInput.toBatchTensor(150, true)} and
 * the mean subtraction of {@code FaceRecognitionNet.forwardInput}):
 *
 * <ol>
 *   <li>the crop is padded with black to a square: of the missing rows (or columns), {@code round(d / 2)} go after
 *       the crop and the rest before it ({@code padToSquare} with centring);
 *   <li>the square is resized to 150×150 with TensorFlow's bilinear resize without corner alignment or half-pixel
 *       centres (the source coordinate of output pixel {@code i} is {@code i · side / 150}), interpolated in double
 *       precision and rounded to float32 as TensorFlow.js's CPU kernel does; a square of side 150 is used as it is;
 *   <li>the mean colour (122.782, 117.001, 104.298) is subtracted and the result divided by 255, in float32.
 * </ol>
 *
 * The padded square is never materialised: each output sample reads the crop directly, so a large face costs no
 * more memory than a small one.
 */
final class RecognitionInput {
    /** The network's input side. */
    static final int SIZE = 150;

    private static final float[] MEAN_RGB = {122.782f, 117.001f, 104.298f};
    private static final float SCALE = 255f;

    private RecognitionInput() {}

    /**
     * @param image the photo
     * @param crop the part to describe, inside the photo
     * @return the input, channels first: 3 planes of 150×150 float32
     * @throws IllegalArgumentException if the crop reaches outside the photo
     */
    static float[] of(RgbImage image, RecognitionCrop crop) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(crop, "crop");
        if ((long) crop.x() + crop.width() > image.width() || (long) crop.y() + crop.height() > image.height()) {
            throw new IllegalArgumentException("crop " + crop + " reaches outside the " + image.width() + "x"
                    + image.height() + " photo");
        }
        int side = Math.max(crop.width(), crop.height());
        int diff = side - Math.min(crop.width(), crop.height());
        int before = diff - (int) Math.round(diff * 0.5);
        int left = crop.width() < crop.height() ? before : 0;
        int top = crop.height() < crop.width() ? before : 0;
        Square square = new Square(image, crop, left, top);
        int plane = SIZE * SIZE;
        float[] chw = new float[3 * plane];
        double ratio = (double) side / SIZE;
        for (int r = 0; r < SIZE; r++) {
            double rowSource = ratio * r;
            int top0 = (int) Math.floor(rowSource);
            double rowFrac = rowSource - top0;
            int top1 = Math.min(side - 1, (int) Math.ceil(rowSource));
            for (int c = 0; c < SIZE; c++) {
                double colSource = ratio * c;
                int left0 = (int) Math.floor(colSource);
                double colFrac = colSource - left0;
                int left1 = Math.min(side - 1, (int) Math.ceil(colSource));
                for (int ch = 0; ch < 3; ch++) {
                    double topLeft = square.sample(left0, top0, ch);
                    double topRight = square.sample(left1, top0, ch);
                    double bottomLeft = square.sample(left0, top1, ch);
                    double bottomRight = square.sample(left1, top1, ch);
                    double upper = topLeft + (topRight - topLeft) * colFrac;
                    double lower = bottomLeft + (bottomRight - bottomLeft) * colFrac;
                    float value = (float) (upper + (lower - upper) * rowFrac);
                    chw[ch * plane + r * SIZE + c] = (value - MEAN_RGB[ch]) / SCALE;
                }
            }
        }
        return chw;
    }

    /** The crop padded to a square with black, read without being copied. */
    private static final class Square {
        private final RgbImage image;
        private final RecognitionCrop crop;
        private final int left;
        private final int top;

        Square(RgbImage image, RecognitionCrop crop, int left, int top) {
            this.image = image;
            this.crop = crop;
            this.left = left;
            this.top = top;
        }

        int sample(int x, int y, int channel) {
            int cx = x - left;
            int cy = y - top;
            if (cx < 0 || cy < 0 || cx >= crop.width() || cy >= crop.height()) {
                return 0;
            }
            return image.sample(crop.x() + cx, crop.y() + cy, channel);
        }
    }
}
