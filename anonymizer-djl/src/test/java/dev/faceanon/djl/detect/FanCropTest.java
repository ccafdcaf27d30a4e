package dev.faceanon.djl.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.image.RgbImage;
import org.junit.jupiter.api.Test;

/**
 * The crop window and OpenCV's bilinear resize, against crops made by OpenCV 4.6 in
 * make_fixtures.py: inside the photo (non-integer reduction), over an edge, an enlargement, an
 * exact 2× reduction (OpenCV's INTER_AREA shortcut), a same-size copy, and fully outside.
 */
class FanCropTest {

    @Test
    void cropsEqualOpenCvBitForBit() {
        RgbImage scene = DetectFixtures.rgb("scene.png");
        int cases = 0;
        for (JsonElement element : DetectFixtures.json("crops.json").getAsJsonArray()) {
            JsonObject c = element.getAsJsonObject();
            String name = c.get("name").getAsString();
            double[] centre = DetectFixtures.doubles(c.getAsJsonArray("center"));
            FanCrop crop = new FanCrop(centre[0], centre[1], c.get("scale").getAsDouble());
            assertArrayEquals(DetectFixtures.longs(c.getAsJsonArray("ul")), new long[] {crop.left(), crop.top()},
                    name + " upper-left corner");
            assertArrayEquals(DetectFixtures.longs(c.getAsJsonArray("br")), new long[] {crop.right(), crop.bottom()},
                    name + " lower-right corner");
            byte[] expected = DetectFixtures.rgb(c.get("file").getAsString()).toByteArray();
            assertArrayEquals(expected, crop.sample(scene), name + " pixels");
            cases++;
        }
        assertEquals(6, cases);
    }

    @Test
    void geometryFollowsTheBox() {
        // Box 100 wide, 120 high: centre (60, 80 − 0.12·120), scale 220/195.
        FanCrop crop = FanCrop.of(new BoundingBox(10, 20, 110, 140));
        assertEquals(60, crop.centreX(), 0);
        assertEquals(65.6, crop.centreY(), 1e-12);
        assertEquals(220 / 195.0, crop.scale(), 1e-15);
        // The crop is 200·scale = 225.64 px: ul = centre − side/2 + side/256, br = centre + side/2.
        double side = 200 * 220 / 195.0;
        assertEquals((long) (60 - side / 2 + side / 256), crop.left());
        assertEquals((long) (65.6 - side / 2 + side / 256), crop.top());
        assertEquals((long) (60 + side / 2), crop.right());
        assertEquals((long) (65.6 + side / 2), crop.bottom());
    }

    @Test
    void degenerateWindowsGiveABlackCrop() {
        RgbImage scene = DetectFixtures.rgb("scene.png");
        // A crop of 0.02 px: both corners truncate to 5, the window is empty (OpenCV would refuse it).
        FanCrop tiny = new FanCrop(5.5, 5.5, 0.0001);
        assertEquals(tiny.left(), tiny.right());
        assertArrayEquals(new byte[256 * 256 * 3], tiny.sample(scene));
        assertThrows(IllegalArgumentException.class, () -> new FanCrop(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FanCrop(Double.NaN, 0, 1));
    }
}
