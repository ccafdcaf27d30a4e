package dev.faceanon.align;

import dev.faceanon.face.Point;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * Least-squares similarity (rotation, uniform scale, translation) between two point sets, after
 * Umeyama, "Least-squares estimation of transformation parameters between two point patterns",
 * PAMI 1991 (eqs. 38-43), as the official {@code utils/extractor.py} implements it.
 *
 * <p>Reflections are excluded: when the cross-covariance has a negative determinant, the smallest
 * singular direction is flipped, so the result always has a positive determinant (a proper
 * rotation) and is the best such similarity, not the best affine or mirrored map. When the
 * covariance has rank 1 (collinear points) the sign is chosen from {@code det(U)·det(V)} as in the
 * reference. A rank-0 covariance (all points coincide) has no solution.
 *
 * <p>{@link #estimate} computes in float64 throughout. The alignment itself uses the
 * package-private {@link #estimateAsOfficial} variant, which reproduces the official code's mixed
 * precision to the bit: its landmarks and template are float32 numpy arrays, so means, the
 * covariance and variances are float32 operations, while numpy's SVD runs in float64 and is cast
 * back to float32, and the rest is float64.
 */
public final class Umeyama {

    private static final DoubleUnaryOperator FLOAT64 = v -> v;
    private static final DoubleUnaryOperator FLOAT32 = v -> (float) v;

    private Umeyama() {}

    /**
     * @param source at least two points
     * @param target as many points, in the same order
     * @return the similarity mapping {@code source} onto {@code target} in the least-squares sense
     * @throws IllegalArgumentException if the lists differ in length or have fewer than 2 points
     * @throws DegenerateLandmarksException if all source points coincide (or all target points)
     */
    public static AffineTransform2D estimate(List<Point> source, List<Point> target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (source.size() != target.size() || source.size() < 2) {
            throw new IllegalArgumentException("need two equally long lists of at least 2 points, got "
                    + source.size() + " and " + target.size());
        }
        return AffineTransform2D.fromRowMajor(solve(flatten(source), flatten(target), FLOAT64));
    }

    /**
     * The official {@code umeyama(src, dst, True)[0:2]} with float32 inputs, bit for bit (numpy
     * 1.24 with reference BLAS/LAPACK): every operation on the float32 arrays is rounded to float32
     * (IEEE double then float rounding of a single {@code + − × ÷ √} equals the float operation),
     * the SVD is LAPACK's float64 result cast to float32, and the scalars after it are float64.
     *
     * @param source x,y pairs, already float32 values
     * @param target x,y pairs, already float32 values
     * @return the 2×3 row-major matrix
     */
    static double[] estimateAsOfficial(float[] source, float[] target) {
        double[] s = new double[source.length];
        double[] t = new double[target.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = source[i];
        }
        for (int i = 0; i < t.length; i++) {
            t[i] = target[i];
        }
        return solve(s, t, FLOAT32);
    }

    private static double[] flatten(List<Point> points) {
        double[] out = new double[points.size() * 2];
        for (int i = 0; i < points.size(); i++) {
            out[2 * i] = points.get(i).x();
            out[2 * i + 1] = points.get(i).y();
        }
        return out;
    }

    /**
     * @param src x,y pairs
     * @param dst x,y pairs
     * @param r rounding after each array operation: identity for float64, float rounding to emulate
     *     numpy's float32 arrays
     */
    private static double[] solve(double[] src, double[] dst, DoubleUnaryOperator r) {
        int n = src.length / 2;
        double[] srcMean = mean(src, r);
        double[] dstMean = mean(dst, r);
        double[] srcCentred = centre(src, srcMean, r);
        double[] dstCentred = centre(dst, dstMean, r);

        // Eq. 38: A = dstᵀ·src / n, accumulated in point order as BLAS gemm does.
        double[] a = new double[4];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                double acc = 0;
                for (int l = 0; l < n; l++) {
                    acc = r.applyAsDouble(acc + r.applyAsDouble(dstCentred[2 * l + i] * srcCentred[2 * l + j]));
                }
                a[2 * i + j] = r.applyAsDouble(acc / n);
            }
        }

        // Eq. 39. numpy's det runs in float64; only its sign is used.
        double[] d = {1, 1};
        if (a[0] * a[3] - a[1] * a[2] < 0) {
            d[1] = -1;
        }
        Svd2x2 svd = Svd2x2.of(a[0], a[1], a[2], a[3]);
        double[] u = round(svd.u, r);
        double[] sv = round(svd.s, r);
        double[] v = round(svd.vt, r);

        // numpy's matrix_rank: singular values above max·max(M, N)·eps of the singular values' type.
        double eps = r == FLOAT32 ? 0x1p-23 : 0x1p-52;
        double tol = Math.max(sv[0], sv[1]) * 2 * eps;
        int rank = (sv[0] > tol ? 1 : 0) + (sv[1] > tol ? 1 : 0);
        if (rank == 0) {
            throw new DegenerateLandmarksException("the points do not span any direction (all coincide)");
        }
        // Eq. 40/43: R = U·diag(d)·V (V here is numpy's Vh). The reference multiplies U·V without the
        // diagonal (a float32 product of the float32 factors) in one rank-deficient case.
        double[] rot = new double[4];
        double[] dd = d.clone();
        boolean plainProduct = false;
        if (rank == 1) {
            double detU = u[0] * u[3] - u[1] * u[2];
            double detV = v[0] * v[3] - v[1] * v[2];
            plainProduct = detU * detV > 0;
            dd[1] = -1;
        }
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                rot[2 * i + j] = plainProduct
                        ? r.applyAsDouble(r.applyAsDouble(u[2 * i] * v[j]) + r.applyAsDouble(u[2 * i + 1] * v[2 + j]))
                        : u[2 * i] * (dd[0] * v[j]) + u[2 * i + 1] * (dd[1] * v[2 + j]);
            }
        }

        // Eq. 41/42: c = tr(D·S) / σ²_src, with numpy's var (mean subtracted again, divided by n).
        double[] varMean = mean(srcCentred, r);
        double[] var = new double[2];
        for (int j = 0; j < 2; j++) {
            double acc = 0;
            for (int l = 0; l < n; l++) {
                double x = r.applyAsDouble(srcCentred[2 * l + j] - varMean[j]);
                acc = r.applyAsDouble(acc + r.applyAsDouble(x * x));
            }
            var[j] = r.applyAsDouble(acc / n);
        }
        double varSum = r.applyAsDouble(var[0] + var[1]);
        double scale = (1.0 / varSum) * (sv[0] * d[0] + sv[1] * d[1]);

        double tx = dstMean[0] - scale * (rot[0] * srcMean[0] + rot[1] * srcMean[1]);
        double ty = dstMean[1] - scale * (rot[2] * srcMean[0] + rot[3] * srcMean[1]);
        double[] m = {rot[0] * scale, rot[1] * scale, tx, rot[2] * scale, rot[3] * scale, ty};
        for (double x : m) {
            if (!Double.isFinite(x)) {
                throw new DegenerateLandmarksException("the similarity is not finite (points too far apart or"
                        + " coinciding)");
            }
        }
        return m;
    }

    private static double[] mean(double[] xy, DoubleUnaryOperator r) {
        int n = xy.length / 2;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < n; i++) {
            sx = r.applyAsDouble(sx + xy[2 * i]);
            sy = r.applyAsDouble(sy + xy[2 * i + 1]);
        }
        return new double[] {r.applyAsDouble(sx / n), r.applyAsDouble(sy / n)};
    }

    private static double[] centre(double[] xy, double[] mean, DoubleUnaryOperator r) {
        double[] out = new double[xy.length];
        for (int i = 0; i < xy.length; i++) {
            out[i] = r.applyAsDouble(xy[i] - mean[i % 2]);
        }
        return out;
    }

    private static double[] round(double[] values, DoubleUnaryOperator r) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = r.applyAsDouble(values[i]);
        }
        return out;
    }
}
