package dev.faceanon.sampling;

import java.util.Arrays;
import java.util.Locale;

/**
 * diffusers 0.25.1's timestep spacing rules, with numpy's float64 {@code linspace}, {@code arange}
 * and half-to-even {@code round} reproduced exactly so that every (T, N) gives the same integers.
 */
final class InferenceTimesteps {

    private InferenceTimesteps() {
    }

    /**
     * The timesteps of DDPMScheduler and DDIMScheduler.
     *
     * @param spacing the rule
     * @param trainSteps T
     * @param steps N, in [1, T]
     * @param offset steps_offset (leading only)
     * @return the timesteps, descending, validated
     */
    static int[] ddpm(TimestepSpacing spacing, int trainSteps, int steps, int offset) {
        return timesteps(spacing, trainSteps, steps, offset, false);
    }

    /**
     * The timesteps of DPMSolverMultistepScheduler (with {@code lambda_min_clipped} at its default
     * −∞, so the last usable timestep is T): leading and linspace space N+1 points and drop the
     * final 0; trailing is DDPM's rule.
     *
     * @param spacing the rule
     * @param trainSteps T
     * @param steps N, in [1, T]
     * @param offset steps_offset (leading only)
     * @return the timesteps, descending, validated
     */
    static int[] dpmSolver(TimestepSpacing spacing, int trainSteps, int steps, int offset) {
        return timesteps(spacing, trainSteps, steps, offset, true);
    }

    private static int[] timesteps(TimestepSpacing spacing, int trainSteps, int steps, int offset, boolean dropZero) {
        requireSteps(trainSteps, steps, offset);
        int points = dropZero ? steps + 1 : steps;
        long[] t;
        switch (spacing) {
            case LEADING:
                t = Arrays.copyOf(leading(points, trainSteps / points, offset), steps);
                break;
            case LINSPACE:
                t = Arrays.copyOf(roundReversed(linspace(0, trainSteps - 1, points)), steps);
                break;
            case TRAILING:
                t = trailing(trainSteps, steps);
                break;
            default:
                throw new AssertionError(spacing);
        }
        return validated(t, spacing, trainSteps, steps, offset);
    }

    private static void requireSteps(int trainSteps, int steps, int offset) {
        if (steps < 1 || steps > trainSteps) {
            throw new IllegalArgumentException("the number of inference steps must be in [1, " + trainSteps
                    + "] (num_train_timesteps), got " + steps);
        }
        if (offset >= trainSteps) {
            throw new IllegalArgumentException("steps_offset " + offset + " must be below num_train_timesteps "
                    + trainSteps);
        }
    }

    /** {@code (arange(0, n) · ratio)[::-1] + offset}. */
    private static long[] leading(int n, int ratio, int offset) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = (long) (n - 1 - i) * ratio + offset;
        }
        return t;
    }

    /** {@code round(arange(T, 0, −T/N)) − 1}. */
    private static long[] trailing(int trainSteps, int steps) {
        double[] a = arange(trainSteps, 0, -((double) trainSteps / steps));
        long[] t = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            t[i] = (long) Math.rint(a[i]) - 1;
        }
        return t;
    }

    private static long[] roundReversed(double[] values) {
        long[] t = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            t[i] = (long) Math.rint(values[values.length - 1 - i]);
        }
        return t;
    }

    /** numpy.linspace(start, stop, num) in float64: {@code k·step + start}, the last value exactly stop. */
    static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        for (int k = 0; k < num; k++) {
            // numpy's special case for a step that underflows to 0 cannot occur for timesteps.
            y[k] = k * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    /**
     * numpy.arange(start, stop, step) in float64: ceil((stop − start)/step) values; numpy sets the
     * first two and fills the rest as {@code start + k·((start + step) − start)}.
     */
    static double[] arange(double start, double stop, double step) {
        double length = Math.ceil((stop - start) / step);
        if (!(length > 0)) {
            return new double[0];
        }
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("arange would have " + length + " values");
        }
        int n = (int) length;
        double[] a = new double[n];
        a[0] = start;
        if (n > 1) {
            a[1] = start + step;
            double delta = a[1] - start;
            for (int k = 2; k < n; k++) {
                a[k] = start + k * delta;
            }
        }
        return a;
    }

    private static int[] validated(long[] t, TimestepSpacing spacing, int trainSteps, int steps, int offset) {
        String what = steps + " steps with " + spacing.name().toLowerCase(Locale.ROOT)
                + " spacing and steps_offset " + offset;
        if (t.length != steps) {
            throw new IllegalArgumentException(what + " gives " + t.length + " timesteps, not " + steps);
        }
        int[] out = new int[t.length];
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0 || t[i] >= trainSteps) {
                throw new IllegalArgumentException(what + " puts timestep " + t[i] + " outside the trained range [0, "
                        + (trainSteps - 1) + "]; use fewer steps or a smaller offset");
            }
            if (i > 0 && t[i] >= t[i - 1]) {
                throw new IllegalArgumentException(what + " repeats timestep " + t[i] + "; use fewer steps");
            }
            out[i] = (int) t[i];
        }
        return out;
    }
}
