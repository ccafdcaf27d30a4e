package dev.faceanon.align;

import dev.faceanon.face.Point;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable 2×3 affine map of the plane, {@code (x, y) ↦ (m00·x + m01·y + m02, m10·x + m11·y + m12)},
 * in float64, in OpenCV's pixel convention (pixel {@code (i, j)} has its centre at {@code (i, j)}).
 *
 * <p>The alignment uses it as the image→crop matrix that the official {@code get_transform_mat}
 * returns. {@link #inverse()} and {@link #throughPoints} repeat OpenCV's arithmetic operation for
 * operation ({@code cv::invertAffineTransform}, and {@code cv::getAffineTransform}'s 6×6 LU solve),
 * so that the matrices, and the warps that quantise them, come out bit-identical.
 */
public final class AffineTransform2D {

    /** The identity map. */
    public static final AffineTransform2D IDENTITY = new AffineTransform2D(1, 0, 0, 0, 1, 0);

    private final double m00;
    private final double m01;
    private final double m02;
    private final double m10;
    private final double m11;
    private final double m12;

    private AffineTransform2D(double m00, double m01, double m02, double m10, double m11, double m12) {
        this.m00 = m00;
        this.m01 = m01;
        this.m02 = m02;
        this.m10 = m10;
        this.m11 = m11;
        this.m12 = m12;
    }

    /**
     * @param m00 row 0, column 0
     * @param m01 row 0, column 1
     * @param m02 row 0, translation
     * @param m10 row 1, column 0
     * @param m11 row 1, column 1
     * @param m12 row 1, translation
     * @return the map
     * @throws IllegalArgumentException if a coefficient is not finite
     */
    public static AffineTransform2D of(double m00, double m01, double m02, double m10, double m11, double m12) {
        double[] all = {m00, m01, m02, m10, m11, m12};
        for (double v : all) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("affine coefficients must be finite: " + Arrays.toString(all));
            }
        }
        return new AffineTransform2D(m00, m01, m02, m10, m11, m12);
    }

    /**
     * @param rowMajor the six coefficients {@code m00 m01 m02 m10 m11 m12}
     * @return the map
     * @throws IllegalArgumentException if there are not six finite values
     */
    public static AffineTransform2D fromRowMajor(double... rowMajor) {
        if (rowMajor.length != 6) {
            throw new IllegalArgumentException("a 2x3 matrix has 6 coefficients, got " + rowMajor.length);
        }
        return of(rowMajor[0], rowMajor[1], rowMajor[2], rowMajor[3], rowMajor[4], rowMajor[5]);
    }

    /**
     * A similarity: rotate by {@code angle} and scale by {@code scale} about the origin, then
     * translate.
     *
     * @param scale the scale factor, non-zero
     * @param angleRadians counter-clockwise in a y-up frame (clockwise on screen, y down)
     * @param tx translation x
     * @param ty translation y
     * @return the map
     */
    public static AffineTransform2D similarity(double scale, double angleRadians, double tx, double ty) {
        double c = scale * Math.cos(angleRadians);
        double s = scale * Math.sin(angleRadians);
        return of(c, -s, tx, s, c, ty);
    }

    /**
     * The affine map taking three points to three others, computed as {@code cv::getAffineTransform}
     * does: the 6×6 linear system solved by OpenCV's LU with partial pivoting, in the same operation
     * order. The official code passes float32 points; round them before calling to reproduce it.
     *
     * @param from three source points
     * @param to their images
     * @return the map
     * @throws IllegalArgumentException if there are not three points each, or they are collinear
     */
    public static AffineTransform2D throughPoints(Point[] from, Point[] to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.length != 3 || to.length != 3) {
            throw new IllegalArgumentException("an affine map is fixed by exactly 3 point pairs");
        }
        double[][] a = new double[6][6];
        double[] b = new double[6];
        for (int i = 0; i < 3; i++) {
            a[2 * i][0] = from[i].x();
            a[2 * i][1] = from[i].y();
            a[2 * i][2] = 1;
            a[2 * i + 1][3] = from[i].x();
            a[2 * i + 1][4] = from[i].y();
            a[2 * i + 1][5] = 1;
            b[2 * i] = to[i].x();
            b[2 * i + 1] = to[i].y();
        }
        if (!luSolveInPlace(a, b)) {
            throw new IllegalArgumentException("the three source points are collinear: " + Arrays.toString(from));
        }
        return of(b[0], b[1], b[2], b[3], b[4], b[5]);
    }

    /**
     * OpenCV's {@code LUImpl} for a square system: partial pivoting on the largest magnitude, rows
     * eliminated with the multiplier {@code a[j][i] · (−1/a[i][i])}, back substitution dividing by
     * the pivot. Singular below {@code 100·DBL_EPSILON}, as there.
     */
    private static boolean luSolveInPlace(double[][] a, double[] b) {
        int m = b.length;
        for (int i = 0; i < m; i++) {
            int k = i;
            for (int j = i + 1; j < m; j++) {
                if (Math.abs(a[j][i]) > Math.abs(a[k][i])) {
                    k = j;
                }
            }
            if (Math.abs(a[k][i]) < 100 * Math.ulp(1.0)) {
                return false;
            }
            if (k != i) {
                double[] row = a[i];
                a[i] = a[k];
                a[k] = row;
                double t = b[i];
                b[i] = b[k];
                b[k] = t;
            }
            double d = -1 / a[i][i];
            for (int j = i + 1; j < m; j++) {
                double alpha = a[j][i] * d;
                for (int c = i + 1; c < m; c++) {
                    a[j][c] += alpha * a[i][c];
                }
                b[j] += alpha * b[i];
            }
        }
        for (int i = m - 1; i >= 0; i--) {
            double s = b[i];
            for (int c = i + 1; c < m; c++) {
                s -= a[i][c] * b[c];
            }
            b[i] = s / a[i][i];
        }
        return true;
    }

    /**
     * The inverse map, computed as {@code cv::invertAffineTransform} (and {@code cv::warpAffine}
     * without {@code WARP_INVERSE_MAP}) do: {@code 1/det} first, then each coefficient as a product
     * with it.
     *
     * @return the inverse
     * @throws IllegalStateException if the map is singular, or so close to it that the inverse
     *     leaves the double range
     */
    public AffineTransform2D inverse() {
        double[] inv = inverseCoefficients();
        if (inv == null) {
            throw new IllegalStateException("singular affine map " + this);
        }
        return new AffineTransform2D(inv[0], inv[1], inv[2], inv[3], inv[4], inv[5]);
    }

    /** @return true if {@link #inverse()} exists in double precision */
    public boolean isInvertible() {
        return inverseCoefficients() != null;
    }

    /**
     * The precondition of every method that maps crop pixels back into a photo.
     *
     * @param m an image→crop matrix given by a caller
     * @return {@code m}
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it has no inverse in double precision
     */
    static AffineTransform2D requireInvertible(AffineTransform2D m) {
        Objects.requireNonNull(m, "imageToCrop");
        if (!m.isInvertible()) {
            throw new IllegalArgumentException("the image→crop matrix must be invertible, got " + m);
        }
        return m;
    }

    /** @return the inverse's coefficients, or null if one of them is not finite */
    private double[] inverseCoefficients() {
        double det = m00 * m11 - m01 * m10;
        if (det == 0 || !Double.isFinite(1 / det)) {
            return null;
        }
        double d = 1 / det;
        double a11 = m11 * d;
        double a22 = m00 * d;
        double a12 = -m01 * d;
        double a21 = -m10 * d;
        double b1 = -a11 * m02 - a12 * m12;
        double b2 = -a21 * m02 - a22 * m12;
        double[] inv = {a11, a12, b1, a21, a22, b2};
        for (double v : inv) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return inv;
    }

    /**
     * @param next a map applied after this one
     * @return {@code next ∘ this}
     */
    public AffineTransform2D andThen(AffineTransform2D next) {
        return of(next.m00 * m00 + next.m01 * m10, next.m00 * m01 + next.m01 * m11,
                next.m00 * m02 + next.m01 * m12 + next.m02,
                next.m10 * m00 + next.m11 * m10, next.m10 * m01 + next.m11 * m11,
                next.m10 * m02 + next.m11 * m12 + next.m12);
    }

    /**
     * @param p a point
     * @return its image
     */
    public Point apply(Point p) {
        return new Point(applyX(p.x(), p.y()), applyY(p.x(), p.y()));
    }

    /**
     * @param x point x
     * @param y point y
     * @return the image's x
     */
    public double applyX(double x, double y) {
        return m00 * x + m01 * y + m02;
    }

    /**
     * @param x point x
     * @param y point y
     * @return the image's y
     */
    public double applyY(double x, double y) {
        return m10 * x + m11 * y + m12;
    }

    /** @return the determinant of the linear part */
    public double determinant() {
        return m00 * m11 - m01 * m10;
    }

    /** @return the area scale's square root, the length scale of a similarity */
    public double lengthScale() {
        return Math.sqrt(Math.abs(determinant()));
    }

    /** @return {@code m00 m01 m02 m10 m11 m12} */
    public double[] toRowMajor() {
        return new double[] {m00, m01, m02, m10, m11, m12};
    }

    /** @return row 0, column 0 */
    public double m00() {
        return m00;
    }

    /** @return row 0, column 1 */
    public double m01() {
        return m01;
    }

    /** @return row 0, translation */
    public double m02() {
        return m02;
    }

    /** @return row 1, column 0 */
    public double m10() {
        return m10;
    }

    /** @return row 1, column 1 */
    public double m11() {
        return m11;
    }

    /** @return row 1, translation */
    public double m12() {
        return m12;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AffineTransform2D t && Arrays.equals(toRowMajor(), t.toRowMajor());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toRowMajor());
    }

    @Override
    public String toString() {
        return "AffineTransform2D" + Arrays.toString(toRowMajor());
    }
}
