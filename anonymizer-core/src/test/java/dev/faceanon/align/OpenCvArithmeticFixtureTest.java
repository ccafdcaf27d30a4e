package dev.faceanon.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.faceanon.face.Point;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The scalar arithmetic the alignment reproduces, against numpy 1.24 / OpenCV 4.6 outputs
 * (warp/arithmetic.tsv, make_warp_fixtures.py): bit-identical, not merely close.
 */
class OpenCvArithmeticFixtureTest {

    private static final List<String[]> ROWS = AlignFixtures.table(OpenCvArithmeticFixtureTest.class,
            "warp/arithmetic.tsv");

    private static double[] values(String[] row, int from, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = Double.parseDouble(row[from + i]);
        }
        return out;
    }

    @Test
    void svdOfFloat32MatricesEqualsNumpy() {
        int n = 0;
        for (String[] row : ROWS) {
            if (!row[0].equals("svd")) {
                continue;
            }
            double[] a = values(row, 1, 4);
            Svd2x2 svd = Svd2x2.of(a[0], a[1], a[2], a[3]);
            // numpy runs dgesdd in float64 and casts the factors back to float32.
            assertArrayEquals(values(row, 5, 4), toFloat(svd.u), 0, () -> "U of " + Arrays.toString(a));
            assertArrayEquals(values(row, 9, 2), toFloat(svd.s), 0, () -> "S of " + Arrays.toString(a));
            assertArrayEquals(values(row, 11, 4), toFloat(svd.vt), 0, () -> "Vh of " + Arrays.toString(a));
            n++;
        }
        assertEquals(300, n);
    }

    @Test
    void threePointSolveEqualsGetAffineTransform() {
        int n = 0;
        for (String[] row : ROWS) {
            if (!row[0].equals("affine")) {
                continue;
            }
            double[] src = values(row, 1, 6);
            double[] dst = values(row, 7, 6);
            Point[] from = {new Point(src[0], src[1]), new Point(src[2], src[3]), new Point(src[4], src[5])};
            Point[] to = {new Point(dst[0], dst[1]), new Point(dst[2], dst[3]), new Point(dst[4], dst[5])};
            assertArrayEquals(values(row, 13, 6), AffineTransform2D.throughPoints(from, to).toRowMajor(), 0);
            n++;
        }
        assertEquals(100, n);
    }

    @Test
    void inverseEqualsInvertAffineTransform() {
        int n = 0;
        for (String[] row : ROWS) {
            if (!row[0].equals("invert")) {
                continue;
            }
            AffineTransform2D m = AffineTransform2D.fromRowMajor(values(row, 1, 6));
            assertArrayEquals(values(row, 7, 6), m.inverse().toRowMajor(), 0);
            n++;
        }
        assertEquals(100, n);
    }

    private static double[] toFloat(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }
}
