package dev.faceanon.bench.profile;

import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Time and work per {@link OpKind} over the outermost operators of a trace.
 *
 * <p>A convolution's output size is not in the trace (only argument shapes are, and strides are not
 * tensors), so it is taken from the first of the next few operators whose first argument is
 * [N, out channels, H', W'], the consumer of the output; stride 1 with "same" padding is assumed
 * when none is found.
 */
public final class OpProfile {
    /** How far ahead a convolution's consumer is looked for. */
    private static final int CONSUMER_WINDOW = 12;

    private final Map<OpKind, double[]> byKind = new EnumMap<>(OpKind.class);
    private final double totalMicros;

    private OpProfile(double totalMicros) {
        this.totalMicros = totalMicros;
    }

    /**
     * @param outermost the outermost operators of one pass, in order
     * @param groups {@code norm_num_groups}, see {@link OpKind#of}
     * @return the profile
     */
    public static OpProfile of(List<TraceEvent> outermost, int groups) {
        double total = 0;
        for (TraceEvent e : outermost) {
            total += e.duration();
        }
        OpProfile p = new OpProfile(total);
        for (int i = 0; i < outermost.size(); i++) {
            TraceEvent e = outermost.get(i);
            OpKind kind = OpKind.of(e, groups);
            int input = OpKind.convolutionInput(e);
            long pixels = input >= 0 ? outputPixels(outermost, i, input) : 0;
            double flops = OpKind.flops(e, pixels);
            double[] acc = p.byKind.computeIfAbsent(kind, k -> new double[3]);
            acc[0] += e.duration();
            acc[1] += flops;
            acc[2]++;
        }
        return p;
    }

    private static long outputPixels(List<TraceEvent> ops, int conv, int input) {
        long[] x = ops.get(conv).shape(input);
        long[] w = ops.get(conv).shape(input + 1);
        if (x.length != 4 || w.length != 4) {
            return 0;
        }
        if (OpKind.isLinearAsConvolution(ops.get(conv))) {
            return x[2];
        }
        for (int j = conv + 1; j < Math.min(ops.size(), conv + 1 + CONSUMER_WINDOW); j++) {
            long[] y = ops.get(j).shape(Math.max(0, OpKind.convolutionInput(ops.get(j))));
            if (y.length == 4 && y[0] == x[0] && y[1] == w[0]) {
                return y[2] * y[3];
            }
        }
        return x[2] * x[3];
    }

    /** @return the summed duration of the outermost operators, µs */
    public double totalMicros() {
        return totalMicros;
    }

    /**
     * @param kind a kind
     * @return its summed duration in µs
     */
    public double micros(OpKind kind) {
        return byKind.getOrDefault(kind, new double[3])[0];
    }

    /**
     * @param kind a kind
     * @return its FLOP count
     */
    public double flops(OpKind kind) {
        return byKind.getOrDefault(kind, new double[3])[1];
    }

    /**
     * @param kind a kind
     * @return its number of calls
     */
    public long calls(OpKind kind) {
        return (long) byKind.getOrDefault(kind, new double[3])[2];
    }

    /** @return the total FLOP count */
    public double totalFlops() {
        double f = 0;
        for (double[] acc : byKind.values()) {
            f += acc[1];
        }
        return f;
    }

    /**
     * @param wallMicros the pass's wall time, µs (the operators' sum plus the time between them)
     * @return a Markdown table: kind, time, share of the wall time, calls, GFLOP, GFLOP/s
     */
    public String table(double wallMicros) {
        StringBuilder sb = new StringBuilder();
        sb.append("| operation kind | time (s) | share | calls | GFLOP | GFLOP/s |\n");
        sb.append("|---|---:|---:|---:|---:|---:|\n");
        for (OpKind k : OpKind.values()) {
            if (!byKind.containsKey(k)) {
                continue;
            }
            sb.append(row(k.label(), micros(k), wallMicros, calls(k), flops(k)));
        }
        sb.append(row("between operators (JNI, Java, allocation)", Math.max(0, wallMicros - totalMicros),
                wallMicros, -1, 0));
        sb.append(row("**step**", wallMicros, wallMicros, -1, totalFlops()));
        return sb.toString();
    }

    private static String row(String label, double micros, double wall, long calls, double flops) {
        String rate = flops > 0 ? String.format(Locale.ROOT, "%.0f", flops / micros / 1e3) : "";
        return String.format(Locale.ROOT, "| %s | %.2f | %.1f %% | %s | %s | %s |%n", label, micros / 1e6,
                100 * micros / wall, calls < 0 ? "" : Long.toString(calls),
                flops > 0 ? String.format(Locale.ROOT, "%.1f", flops / 1e9) : "", rate);
    }
}
