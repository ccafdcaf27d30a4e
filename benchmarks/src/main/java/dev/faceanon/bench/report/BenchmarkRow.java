package dev.faceanon.bench.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One result of a JMH run: a benchmark method at one combination of parameters.
 *
 * @param benchmark the fully qualified method, e.g. {@code dev.faceanon.bench.VaeBenchmark.decode}
 * @param mode JMH's mode code: {@code avgt}, {@code ss}, {@code thrpt} or {@code sample}
 * @param params the {@code @Param} values, in JMH's order
 * @param score the primary score
 * @param scoreError JMH's 99.9 % confidence half-width, NaN when there were too few iterations
 * @param samples the measured values the score is the mean of, over all forks
 * @param unit the score's unit, e.g. {@code ms/op}
 * @param peakRssMib the peak resident set size of the trial's JVM during the iterations in MiB, if
 *     it was profiled ({@link dev.faceanon.bench.PeakRssProfiler#LABEL})
 * @param setupPeakRssMib the peak up to the end of the first iteration, setup included, if it was
 *     profiled
 *     ({@link dev.faceanon.bench.PeakRssProfiler#SETUP_LABEL})
 */
public record BenchmarkRow(String benchmark, String mode, Map<String, String> params, double score,
        double scoreError, List<Double> samples, String unit, OptionalDouble peakRssMib,
        OptionalDouble setupPeakRssMib) {

    /** Copies the parameters; checks that nothing is missing. */
    public BenchmarkRow {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(mode, "mode");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        samples = List.copyOf(samples);
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(peakRssMib, "peakRssMib");
        Objects.requireNonNull(setupPeakRssMib, "setupPeakRssMib");
    }

    /** @return the method without the package, e.g. {@code VaeBenchmark.decode} */
    public String shortName() {
        int method = benchmark.lastIndexOf('.');
        int type = method <= 0 ? -1 : benchmark.lastIndexOf('.', method - 1);
        return benchmark.substring(type + 1);
    }
}
