package dev.faceanon.align;

/**
 * The singular value decomposition {@code A = U·diag(s)·Vᵀ} of a real 2×2 matrix, computed with
 * the floating-point operations reference LAPACK 3.11's {@code dgesdd} performs for this size, so
 * that the result is bit-identical to numpy's {@code np.linalg.svd} (which always calls
 * {@code dgesdd} in float64, also for float32 input).
 *
 * <p>The path {@code dgesdd} takes for a 2×2 matrix: one Householder reflection {@code H} that
 * zeroes {@code a10} ({@code dgebd2}/{@code dlarfg}), giving the upper bidiagonal {@code [d1 e; 0 d2]};
 * {@code dbdsqr}'s split test, and if {@code e} is not negligible the 2×2 bidiagonal SVD
 * {@code dlasv2} with its rotations applied to identity matrices; singular values made positive
 * (negating rows of {@code Vᵀ}) and sorted decreasing; finally {@code U ← H·U} ({@code dormbr}).
 * Singular vectors are determined up to sign; the signs here are LAPACK's.
 */
final class Svd2x2 {
    private static final double EPS = 0x1p-53;
    private static final double SAFE_MIN = Double.MIN_NORMAL;

    /** Row-major U. */
    final double[] u;
    /** Singular values, decreasing, non-negative. */
    final double[] s;
    /** Row-major Vᵀ. */
    final double[] vt;

    private Svd2x2(double[] u, double[] s, double[] vt) {
        this.u = u;
        this.s = s;
        this.vt = vt;
    }

    static Svd2x2 of(double a00, double a01, double a10, double a11) {
        // dlarfg on the first column: H = I − tau·v·vᵀ with v = (1, v2).
        double tau;
        double v2;
        double d1;
        if (a10 == 0) {
            tau = 0;
            v2 = 0;
            d1 = a00;
        } else {
            // dnrm2 of the single element, then dlapy2(alpha, xnorm).
            double xnorm = Math.sqrt(a10 * a10);
            double xa = Math.abs(a00);
            double w = Math.max(xa, xnorm);
            double z = Math.min(xa, xnorm);
            double norm = z == 0 ? w : w * Math.sqrt(1 + (z / w) * (z / w));
            double beta = -Math.copySign(norm, a00);
            tau = (beta - a00) / beta;
            v2 = a10 * (1 / (a00 - beta));
            d1 = beta;
        }
        double e;
        double d2;
        if (tau != 0) {
            // dlarf from the left on the second column: w = vᵀc, c ← c − tau·v·w.
            double wv = a01 + a11 * v2;
            double t = -tau * wv;
            e = a01 + t;
            d2 = a11 + v2 * t;
        } else {
            e = a01;
            d2 = a11;
        }

        double[] u = {1, 0, 0, 1};
        double[] vt = {1, 0, 0, 1};
        double[] d = {d1, d2};
        if (!negligible(d1, e, d2)) {
            Lasv2 r = Lasv2.of(d1, e, d2);
            d[0] = r.ssmax;
            d[1] = r.ssmin;
            // drot on the rows of Vᵀ = I and the columns of U = I.
            vt[0] = r.csr;
            vt[1] = r.snr;
            vt[2] = -r.snr;
            vt[3] = r.csr;
            u[0] = r.csl;
            u[1] = -r.snl;
            u[2] = r.snl;
            u[3] = r.csl;
        }
        for (int i = 0; i < 2; i++) {
            if (d[i] == 0) {
                d[i] = 0; // no -0
            }
            if (d[i] < 0) {
                d[i] = -d[i];
                vt[2 * i] = -vt[2 * i];
                vt[2 * i + 1] = -vt[2 * i + 1];
            }
        }
        if (d[1] > d[0]) {
            double t = d[0];
            d[0] = d[1];
            d[1] = t;
            swap(vt, 0, 2);
            swap(vt, 1, 3);
            swap(u, 0, 1);
            swap(u, 2, 3);
        }
        if (tau != 0) {
            for (int j = 0; j < 2; j++) {
                double wj = u[j] + u[2 + j] * v2;
                if (wj != 0) {
                    double t = -tau * wj;
                    u[j] = u[j] + t;
                    u[2 + j] = u[2 + j] + v2 * t;
                }
            }
        }
        return new Svd2x2(u, d, vt);
    }

    /** dbdsqr's split test: is the off-diagonal below its relative-accuracy threshold? */
    private static boolean negligible(double d1, double e, double d2) {
        double tolmul = Math.max(10, Math.min(100, Math.pow(EPS, -0.125)));
        double tol = tolmul * EPS;
        double sminoa = Math.abs(d1);
        if (sminoa != 0) {
            double mu = Math.abs(d2) * (sminoa / (sminoa + Math.abs(e)));
            sminoa = Math.min(sminoa, mu);
        }
        sminoa = sminoa / Math.sqrt(2.0);
        double thresh = Math.max(tol * sminoa, 6 * (2.0 * (2.0 * SAFE_MIN)));
        return Math.abs(e) <= thresh || e == 0;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** LAPACK's dlasv2: the SVD of the upper triangular {@code [f g; 0 h]}. */
    private record Lasv2(double ssmin, double ssmax, double snr, double csr, double snl, double csl) {

        static Lasv2 of(double f, double g, double h) {
            double ft = f;
            double fa = Math.abs(ft);
            double ht = h;
            double ha = Math.abs(h);
            int pmax = 1;
            boolean swap = ha > fa;
            if (swap) {
                pmax = 3;
                double temp = ft;
                ft = ht;
                ht = temp;
                temp = fa;
                fa = ha;
                ha = temp;
            }
            double gt = g;
            double ga = Math.abs(gt);
            double ssmin;
            double ssmax;
            double clt;
            double crt;
            double slt;
            double srt;
            if (ga == 0) {
                ssmin = ha;
                ssmax = fa;
                clt = 1;
                crt = 1;
                slt = 0;
                srt = 0;
            } else {
                boolean gaSmall = true;
                ssmin = 0;
                ssmax = 0;
                clt = 0;
                crt = 0;
                slt = 0;
                srt = 0;
                if (ga > fa) {
                    pmax = 2;
                    if (fa / ga < EPS) {
                        gaSmall = false;
                        ssmax = ga;
                        ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
                        clt = 1;
                        slt = ht / gt;
                        srt = 1;
                        crt = ft / gt;
                    }
                }
                if (gaSmall) {
                    double dd = fa - ha;
                    double l = dd == fa ? 1 : dd / fa;
                    double m = gt / ft;
                    double t = 2 - l;
                    double mm = m * m;
                    double tt = t * t;
                    double s = Math.sqrt(tt + mm);
                    double r = l == 0 ? Math.abs(m) : Math.sqrt(l * l + mm);
                    double a = 0.5 * (s + r);
                    ssmin = ha / a;
                    ssmax = fa * a;
                    if (mm == 0) {
                        t = l == 0 ? Math.copySign(2, ft) * Math.copySign(1, gt) : gt / Math.copySign(dd, ft) + m / t;
                    } else {
                        t = (m / (s + t) + m / (r + l)) * (1 + a);
                    }
                    l = Math.sqrt(t * t + 4);
                    crt = 2 / l;
                    srt = t / l;
                    clt = (crt + srt * m) / a;
                    slt = (ht / ft) * srt / a;
                }
            }
            double csl;
            double snl;
            double csr;
            double snr;
            if (swap) {
                csl = srt;
                snl = crt;
                csr = slt;
                snr = clt;
            } else {
                csl = clt;
                snl = slt;
                csr = crt;
                snr = srt;
            }
            double tsign;
            if (pmax == 1) {
                tsign = Math.copySign(1, csr) * Math.copySign(1, csl) * Math.copySign(1, f);
            } else if (pmax == 2) {
                tsign = Math.copySign(1, snr) * Math.copySign(1, csl) * Math.copySign(1, g);
            } else {
                tsign = Math.copySign(1, snr) * Math.copySign(1, snl) * Math.copySign(1, h);
            }
            ssmax = Math.copySign(ssmax, tsign);
            ssmin = Math.copySign(ssmin, tsign * Math.copySign(1, f) * Math.copySign(1, h));
            return new Lasv2(ssmin, ssmax, snr, csr, snl, csl);
        }
    }
}
