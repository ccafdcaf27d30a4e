package dev.faceanon.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting the peak resident set size of the forked benchmark JVM, Java heap and
 * native memory together (libtorch's tensors live outside the heap), in MiB, as two secondary
 * results aggregated with the maximum. Use: {@code -prof dev.faceanon.bench.PeakRssProfiler}.
 *
 * <ul>
 *   <li>{@value #SETUP_LABEL}: the kernel's high-water mark ({@code VmHWM} of
 *       {@code /proc/self/status}) at the end of the first iteration: starting the JVM, the trial's
 *       setup (JMH runs it inside the first iteration: loading or generating the weights, garbage
 *       included) and the first calls.</li>
 *   <li>{@value #LABEL}: the high-water mark at the end of each iteration, counted from the second
 *       one on: after the first, the profiler runs a garbage collection, so that direct buffers
 *       the setup dropped are freed, and resets the mark (writing 5 to
 *       {@code /proc/self/clear_refs}, proc(5)). This is the memory the benchmarked code needs while
 *       it runs, loaded weights included. The first iteration is normally a warmup, whose results
 *       JMH discards; when a run has none, or where the mark cannot be reset, this peak includes
 *       the setup.</li>
 * </ul>
 * Every trial runs in a fresh fork, so both are that trial's own. On systems without {@code /proc}
 * nothing is reported.
 */
public final class PeakRssProfiler implements InternalProfiler {
    /** The label of the peak while the iterations run. */
    public static final String LABEL = "rss.peak";
    /** The label of the peak up to the end of the first iteration, setup included. */
    public static final String SETUP_LABEL = "rss.setup";
    /** The unit of both. */
    public static final String UNIT = "MiB";

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");
    /** proc(5): "5" resets the peak resident set size to the current one. */
    private static final String RESET_PEAK = "5";
    /** Direct buffers are freed by a reference-processing thread shortly after a collection. */
    private static final long CLEANER_WAIT_MILLIS = 200;

    private boolean firstDone;
    private OptionalLong setupPeakKib = OptionalLong.empty();

    /** Called reflectively by JMH. */
    public PeakRssProfiler() {
        // No options.
    }

    @Override
    public String getDescription() {
        return "Peak resident set size of the benchmark JVM (VmHWM of /proc/self/status) with the setup and "
                + "while the iterations run, in MiB";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        // The trial setup has not run yet when the first iteration starts; everything happens after.
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
            IterationParams iterationParams, IterationResult result) {
        OptionalLong peak = readPeakKib();
        if (!firstDone) {
            firstDone = true;
            setupPeakKib = peak;
            if (peak.isPresent()) {
                collectAndResetPeak();
            }
        }
        List<Result> results = new ArrayList<>(2);
        peak.ifPresent(kib -> results.add(mib(LABEL, kib)));
        setupPeakKib.ifPresent(kib -> results.add(mib(SETUP_LABEL, kib)));
        return results;
    }

    private static void collectAndResetPeak() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            try {
                Thread.sleep(CLEANER_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            Files.writeString(CLEAR_REFS, RESET_PEAK);
        } catch (IOException | SecurityException e) {
            // Not resettable (an old kernel or a restricted /proc): later peaks then include the setup.
        }
    }

    private static ScalarResult mib(String label, long kib) {
        return new ScalarResult(label, kib / 1024.0, UNIT, AggregationPolicy.MAX);
    }

    private static OptionalLong readPeakKib() {
        try {
            return ProcKibFields.peakResidentKib(Files.readString(STATUS));
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }
}
