package dev.faceanon.image;

/**
 * Pillow's antialiasing resampling filters, with Pillow's kernels and supports. The support is in
 * source pixels at scale 1; {@link PillowResampler} widens it by the downscale factor.
 *
 * <p>The kernels use {@link StrictMath} so that every JVM computes the same coefficients; they are
 * written so that each double operation happens in the same order as in Pillow, which keeps the
 * fixed-point coefficients (rounded at 2<sup>-22</sup>) identical.
 */
public enum ResampleFilter {

    /** Pillow {@code BOX} (code 4): each output pixel averages the source pixels it covers. */
    BOX(0.5, 4) {
        @Override
        public double weight(double x) {
            return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
        }
    },

    /** Pillow {@code BILINEAR} (code 2): the triangle kernel. */
    BILINEAR(1.0, 2) {
        @Override
        public double weight(double x) {
            double t = Math.abs(x);
            return t < 1.0 ? 1.0 - t : 0.0;
        }
    },

    /** Pillow {@code HAMMING} (code 5): a Hamming-windowed sinc over one pixel. */
    HAMMING(1.0, 5) {
        @Override
        public double weight(double x) {
            double t = Math.abs(x);
            if (t == 0.0) {
                return 1.0;
            }
            if (t >= 1.0) {
                return 0.0;
            }
            t = t * Math.PI;
            // Pillow writes the window constants as C float literals, so they enter the double
            // arithmetic as 0.54f and 0.46f, not as the decimal values.
            return StrictMath.sin(t) / t * ((double) 0.54f + (double) 0.46f * StrictMath.cos(t));
        }
    },

    /** Pillow {@code BICUBIC} (code 3): the cubic convolution kernel with a = -0.5. */
    BICUBIC(2.0, 3) {
        private static final double A = -0.5;

        @Override
        public double weight(double x) {
            double t = Math.abs(x);
            if (t < 1.0) {
                return ((A + 2.0) * t - (A + 3.0)) * t * t + 1;
            }
            if (t < 2.0) {
                return (((t - 5) * t + 8) * t - 4) * A;
            }
            return 0.0;
        }
    },

    /** Pillow {@code LANCZOS} (code 1, formerly {@code ANTIALIAS}): Lanczos-3, sinc(x)·sinc(x/3). */
    LANCZOS(3.0, 1) {
        @Override
        public double weight(double x) {
            // Pillow's window is asymmetric at the edge: -3 is inside, +3 is not.
            if (-3.0 <= x && x < 3.0) {
                return sinc(x) * sinc(x / 3);
            }
            return 0.0;
        }
    };

    private final double support;
    private final int pilCode;

    ResampleFilter(double support, int pilCode) {
        this.support = support;
        this.pilCode = pilCode;
    }

    /**
     * @param x distance from the output pixel's centre, in source pixels divided by the downscale
     *     factor
     * @return the unnormalised kernel weight
     */
    public abstract double weight(double x);

    /** @return the kernel's half width at scale 1, in source pixels */
    public double support() {
        return support;
    }

    /** @return the integer PIL uses for this filter ({@code Image.Resampling}) */
    public int pilCode() {
        return pilCode;
    }

    /**
     * @param code a PIL resampling code as stored in configs ({@code "resample": 3})
     * @return the filter
     * @throws IllegalArgumentException for 0 (NEAREST, which Pillow implements as a different,
     *     non-convolution transform that this port does not provide) and unknown codes
     */
    public static ResampleFilter fromPilCode(int code) {
        for (ResampleFilter f : values()) {
            if (f.pilCode == code) {
                return f;
            }
        }
        if (code == 0) {
            throw new IllegalArgumentException("PIL resample code 0 (NEAREST) is not supported; use a"
                    + " convolution filter (1 LANCZOS, 2 BILINEAR, 3 BICUBIC, 4 BOX, 5 HAMMING)");
        }
        throw new IllegalArgumentException("unknown PIL resample code " + code + "; expected 1..5");
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double t = x * Math.PI;
        return StrictMath.sin(t) / t;
    }
}
