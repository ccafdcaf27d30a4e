package dev.faceanon.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed CLIP preprocessing results; the official code's outputs are compared in
 * anonymizer-djl's ClipPreprocessGoldenTest.
 */
class ClipImagePreprocessorTest {

    private static final List<Double> MEAN = ClipImageSettings.OPENAI_CLIP_MEAN;
    private static final List<Double> STD = ClipImageSettings.OPENAI_CLIP_STD;

    private static RgbImage grey(int width, int height, int... values) {
        byte[] rgb = new byte[width * height * 3];
        for (int i = 0; i < values.length; i++) {
            Arrays.fill(rgb, i * 3, i * 3 + 3, (byte) values[i]);
        }
        return RgbImage.of(width, height, rgb);
    }

    private static float normalised(float unit, int channel) {
        return (unit - MEAN.get(channel).floatValue()) / STD.get(channel).floatValue();
    }

    private static ClipImagePreprocessor tiny(ClipImageSettings.Resize resize, ResampleFilter filter, int crop) {
        return new ClipImagePreprocessor(new ClipImageSettings(resize, filter, crop, crop, MEAN, STD));
    }

    @Test
    void pilConversionIsTheIdentityOnEveryByte() {
        for (int u = 0; u < 256; u++) {
            assertEquals(u, ClipImagePreprocessor.pilConversion(u));
            // transformers >= 4.47 multiplies in double; the result is the same.
            assertEquals(u, (int) ((double) (u / 255f) * 255));
        }
    }

    @Test
    void resizeTargetFollowsTransformers() {
        ClipImageSettings clip = ClipImageSettings.openAiClip();
        assertArrayEquals(new int[] {224, 224}, clip.resizedSize(512, 512));
        // golden ex1: 136 wide, 200 high -> int(224 * 200 / 136) = int(329.41) = 329 rows
        assertArrayEquals(new int[] {224, 329}, clip.resizedSize(136, 200));
        // held-out ex1: 224 wide, 144 high -> int(224 * 224 / 144) = int(348.44) = 348 columns
        assertArrayEquals(new int[] {348, 224}, clip.resizedSize(224, 144));
        assertArrayEquals(new int[] {224, 448}, clip.resizedSize(100, 200));
        ClipImageSettings exact = new ClipImageSettings(new ClipImageSettings.ExactSize(30, 20), ResampleFilter.BICUBIC,
                10, 10, MEAN, STD);
        assertArrayEquals(new int[] {30, 20}, exact.resizedSize(512, 7));
        assertThrows(ImageTooLargeException.class, () -> clip.resizedSize(1, 10_000_000));
    }

    @Test
    void normalisesInFloat32AfterTheDoubleRescale() {
        ClipPixels out = tiny(new ClipImageSettings.ShortestEdge(2), ResampleFilter.BICUBIC, 2)
                .preprocess(grey(2, 2, 128, 128, 128, 128));
        float unit = (float) (128 * (1.0 / 255));
        float[] values = out.pixelValues();
        assertEquals(12, values.length);
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 4; i++) {
                assertEquals(normalised(unit, c), values[c * 4 + i], 0f);
            }
        }
    }

    @Test
    void centreCropTakesTheFloorOffsetOnOddDifferences() {
        // 5 x 1 -> shortest edge 1 keeps 5 x 1 (int(1 * 5 / 1)); crop 2 x 1 ... as a 2 x 2 crop
        // the rows are padded; use a 1-row crop through ExactSize instead.
        ClipImagePreprocessor p = new ClipImagePreprocessor(new ClipImageSettings(new ClipImageSettings.ExactSize(5, 1),
                ResampleFilter.BOX, 2, 1, MEAN, STD));
        float[] values = p.preprocess(grey(5, 1, 10, 20, 30, 40, 50)).pixelValues();
        // left = (5 - 2) // 2 = 1: columns 1 and 2.
        assertEquals(normalised((float) (20 * (1.0 / 255)), 0), values[0], 0f);
        assertEquals(normalised((float) (30 * (1.0 / 255)), 0), values[1], 0f);
    }

    @Test
    void smallImagesArePaddedWithZerosBeforeCropping() {
        // A 2 x 1 image, crop 5 x 3: transformers pads to 5 x 3 with ceil((5 - 2) / 2) = 2 columns
        // and ceil((3 - 1) / 2) = 1 row before the image, then crops everything.
        ClipImagePreprocessor p = new ClipImagePreprocessor(new ClipImageSettings(new ClipImageSettings.ExactSize(2, 1),
                ResampleFilter.BOX, 5, 3, MEAN, STD));
        float[] values = p.preprocess(grey(2, 1, 255, 51)).pixelValues();
        float[] red = Arrays.copyOfRange(values, 0, 15);
        float zero = normalised(0f, 0);
        float[] expected = {
            zero, zero, zero, zero, zero,
            zero, zero, normalised(1f, 0), normalised((float) (51 * (1.0 / 255)), 0), zero,
            zero, zero, zero, zero, zero};
        assertArrayEquals(expected, red, 0f);
    }

    @Test
    void blackAndFullOnlyImagesTakeTransformersIntegerPath() {
        // All samples are 0.0 or 1.0 as floats, so transformers resamples 0/1 integers and never
        // rescales: the box average of {0, 1, 1, 0} is 0.5 + 0.5 rounding -> 1, fed unscaled.
        ClipImagePreprocessor p = tiny(new ClipImageSettings.ShortestEdge(1), ResampleFilter.BOX, 1);
        ClipPixels quirk = p.preprocess(grey(2, 2, 0, 255, 255, 0));
        assertEquals(1, quirk.resized().sample(0, 0, 0));
        assertEquals(normalised(1f, 0), quirk.pixelValues()[0], 0f);
        // One sample off the two levels restores the ordinary path: (0+255+255+1)/4 -> 128 -> 128/255.
        ClipPixels ordinary = p.preprocess(grey(2, 2, 0, 255, 255, 1));
        assertEquals(128, ordinary.resized().sample(0, 0, 0));
        assertEquals(normalised((float) (128 * (1.0 / 255)), 0), ordinary.pixelValues()[0], 0f);
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class,
                () -> new ClipImageSettings(new ClipImageSettings.ShortestEdge(224), ResampleFilter.BICUBIC, 224, 224,
                        List.of(0.5, 0.5), STD));
        assertThrows(IllegalArgumentException.class,
                () -> new ClipImageSettings(new ClipImageSettings.ShortestEdge(224), ResampleFilter.BICUBIC, 224, 224,
                        MEAN, List.of(0.2, 0.0, 0.2)));
        assertThrows(IllegalArgumentException.class,
                () -> new ClipImageSettings(new ClipImageSettings.ShortestEdge(224), ResampleFilter.BICUBIC, 0, 224,
                        MEAN, STD));
        assertThrows(IllegalArgumentException.class, () -> new ClipImageSettings.ShortestEdge(0));
        assertThrows(IllegalArgumentException.class, () -> new ClipImageSettings.ExactSize(1, 1 << 20));
    }
}
