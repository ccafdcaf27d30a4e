package dev.faceanon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.faceanon.FaceAnonException;
import org.junit.jupiter.api.Test;

class VaePixelCodecTest {

    /** A float32 x whose float32 product x * 255 is exactly {@code target}, found next to target / 255. */
    private static float exactPreimage(float target) {
        for (float x = target / 255f - 4 * Math.ulp(target / 255f); x < target / 255f + 4 * Math.ulp(target / 255f);
                x = Math.nextUp(x)) {
            if (x * 255f == target) {
                return x;
            }
        }
        throw new AssertionError("no float32 x with x * 255 == " + target);
    }

    @Test
    void encodesChannelsFirstInMinusOneToOne() {
        RgbImage image = RgbImage.of(2, 1, new byte[] {0, (byte) 255, (byte) 128, 1, 2, 3});
        float[] v = VaePixelCodec.encode(image);
        assertEquals(6, v.length);
        assertEquals(-1f, v[0], 0f);
        assertEquals(2f * (1 / 255f) - 1f, v[1], 0f);
        assertEquals(1f, v[2], 0f);
        assertEquals(2f * (2 / 255f) - 1f, v[3], 0f);
        assertEquals(2f * (128 / 255f) - 1f, v[4], 0f);
        assertEquals(2f * (3 / 255f) - 1f, v[5], 0f);
    }

    @Test
    void roundsTiesToEvenLikeNumpy() {
        float[] hwc = {exactPreimage(0.5f), exactPreimage(1.5f), exactPreimage(2.5f), exactPreimage(253.5f),
            exactPreimage(254.5f), 1f};
        RgbImage out = VaePixelCodec.fromUnitHwc(hwc, 2, 1);
        assertEquals(0, out.sample(0, 0, 0));
        assertEquals(2, out.sample(0, 0, 1));
        assertEquals(2, out.sample(0, 0, 2));
        assertEquals(254, out.sample(1, 0, 0));
        assertEquals(254, out.sample(1, 0, 1));
        assertEquals(255, out.sample(1, 0, 2));
    }

    @Test
    void decodeDenormalisesClampsAndRounds() {
        // Channels first: R plane (2 values), G plane, B plane of a 2 x 1 image.
        float[] chw = {-1f, 1f, -3f, 7f, 0f, 0.5f};
        RgbImage out = VaePixelCodec.decode(chw, 2, 1);
        assertEquals(0, out.sample(0, 0, 0));
        assertEquals(255, out.sample(1, 0, 0));
        assertEquals(0, out.sample(0, 0, 1));
        assertEquals(255, out.sample(1, 0, 1));
        assertEquals(128, out.sample(0, 0, 2), "0 -> 0.5 -> 127.5 -> 128 (the even neighbour)");
        assertEquals(191, out.sample(1, 0, 2), "0.5 -> 0.75 -> 191.25 -> 191");
    }

    @Test
    void encodeThenDecodeIsTheIdentity() {
        byte[] all = new byte[256 * 3];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) (i / 3);
        }
        RgbImage image = RgbImage.of(256, 1, all);
        assertEquals(image, VaePixelCodec.decode(VaePixelCodec.encode(image), 256, 1));
    }

    @Test
    void rejectsNanAndMismatchedLengths() {
        assertThrows(FaceAnonException.class, () -> VaePixelCodec.fromUnitHwc(new float[] {0, Float.NaN, 0}, 1, 1));
        assertThrows(FaceAnonException.class, () -> VaePixelCodec.decode(new float[] {Float.NaN, 0, 0}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> VaePixelCodec.fromUnitHwc(new float[4], 1, 1));
        assertThrows(IllegalArgumentException.class, () -> VaePixelCodec.decode(new float[3], 0, 1));
    }
}
