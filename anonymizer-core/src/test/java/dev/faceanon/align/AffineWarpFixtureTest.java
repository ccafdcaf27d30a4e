package dev.faceanon.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.image.RgbImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AffineWarp against cv2.warpAffine outputs of OpenCV 4.6 (warp/cases.tsv, make_warp_fixtures.py). */
class AffineWarpFixtureTest {

    @Test
    void everyWarpMatchesOpenCvToTheByte() {
        List<String[]> cases = AlignFixtures.table(getClass(), "warp/cases.tsv");
        assertTrue(cases.size() >= 30, "fixture table has " + cases.size() + " cases");
        int linear = 0;
        int nearest = 0;
        for (String[] c : cases) {
            RgbImage source = AlignFixtures.image(getClass(), "warp/" + c[0]);
            int width = Integer.parseInt(c[2]);
            int height = Integer.parseInt(c[3]);
            int border = Integer.parseInt(c[4].substring(2), 16);
            double[] m = new double[6];
            for (int i = 0; i < 6; i++) {
                m[i] = Double.parseDouble(c[5 + i]);
            }
            AffineTransform2D matrix = AffineTransform2D.fromRowMajor(m);
            RgbImage actual;
            if (c[1].equals("LINEAR_CROP")) {
                // cv2.warpAffine without WARP_INVERSE_MAP inverts the matrix itself.
                actual = width == height && border == AffineWarp.WHITE
                        ? AffineWarp.crop(source, matrix, width)
                        : AffineWarp.linear(source, matrix.inverse(), width, height, border);
                linear++;
            } else {
                actual = AffineWarp.nearest(source, matrix, width, height, border);
                nearest++;
            }
            RgbImage expected = AlignFixtures.image(getClass(), "warp/" + c[11]);
            int[] diff = AlignFixtures.difference(actual, expected);
            assertEquals(0, diff[0], c[11] + ": " + diff[0] + " samples differ, max " + diff[1]);
        }
        assertTrue(linear > 10 && nearest > 10);
    }
}
