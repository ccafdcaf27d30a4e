package dev.faceanon.bench.report;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders {@code docs/performance.md} from a Markdown template and a JMH run.
 *
 * <p>The template is hand-written text with three placeholders, each required exactly once:
 * {@value #MACHINE} (a list: CPU, cores, memory, OS, JVM, DJL and libtorch, date, load averages
 * before and after, duration), {@value #COMMAND} (the command in a code block) and
 * {@value #RESULTS} (one table row per result: benchmark, parameters, mode, number of samples,
 * score ± error, smallest and largest sample, unit, peak RSS while running, peak RSS of the whole
 * trial: the larger of the setup peak and the running peak). Lines between {@value #QUICK_BEGIN}
 * and {@value #QUICK_END} are kept only for a run without the full-size benchmarks (they hold the
 * earlier full-size measurements such a run does not replace); the marker lines themselves are
 * dropped.
 */
public final class PerformanceReport {
    /** Placeholder for the machine description. */
    public static final String MACHINE = "{{machine}}";
    /** Placeholder for the command. */
    public static final String COMMAND = "{{command}}";
    /** Placeholder for the results table. */
    public static final String RESULTS = "{{results}}";
    /** Starts a block kept only for a quick run. */
    public static final String QUICK_BEGIN = "<!-- quick-run-only -->";
    /** Ends it. */
    public static final String QUICK_END = "<!-- /quick-run-only -->";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}");
    private static final double MIB_PER_GIB = 1024;

    private PerformanceReport() {
    }

    /**
     * @param template the Markdown template
     * @param results the run's results
     * @param machine where it ran
     * @param run how it ran
     * @return the document
     * @throws IllegalArgumentException if a placeholder is missing, repeated or unknown, or the
     *     quick-run markers are unbalanced
     */
    public static String render(String template, JmhRun results, MachineDescription machine, RunDescription run) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(results, "results");
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(run, "run");
        String text = quickBlocks(template, run.full());
        for (String p : List.of(MACHINE, COMMAND, RESULTS)) {
            int first = text.indexOf(p);
            if (first < 0 || text.indexOf(p, first + 1) >= 0) {
                throw new IllegalArgumentException("the template must contain " + p + " exactly once");
            }
        }
        Matcher unknown = PLACEHOLDER.matcher(text.replace(MACHINE, "").replace(COMMAND, "").replace(RESULTS, ""));
        if (unknown.find()) {
            throw new IllegalArgumentException("unknown placeholder " + unknown.group() + " in the template");
        }
        return text.replace(MACHINE, machine(machine, results.jvm(), run))
                .replace(COMMAND, "```\n" + run.command() + "\n```")
                .replace(RESULTS, table(results.rows()));
    }

    private static String quickBlocks(String template, boolean full) {
        List<String> out = new ArrayList<>();
        boolean inside = false;
        for (String line : template.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.equals(QUICK_BEGIN) || trimmed.equals(QUICK_END)) {
                if (inside == trimmed.equals(QUICK_BEGIN)) {
                    throw new IllegalArgumentException("unbalanced " + QUICK_BEGIN + " / " + QUICK_END
                            + " markers in the template");
                }
                inside = !inside;
                continue;
            }
            if (!inside || !full) {
                out.add(line);
            }
        }
        if (inside) {
            throw new IllegalArgumentException(QUICK_BEGIN + " without " + QUICK_END + " in the template");
        }
        return String.join("\n", out);
    }

    private static String machine(MachineDescription m, String jvm, RunDescription run) {
        String memory = m.memoryKib() == 0 ? "unknown"
                : String.format(Locale.ROOT, "%.1f GiB", m.memoryKib() / (1024.0 * 1024.0));
        return String.join("\n",
                "- CPU: " + m.cpu() + ", " + m.logicalCores() + " logical cores",
                "- Memory: " + memory,
                "- OS: " + m.os(),
                "- JVM: " + jvm,
                "- DJL " + m.djl() + ", libtorch " + m.libtorch(),
                "- Date: " + run.date(),
                "- Load average (1, 5, 15 min): " + run.loadBefore() + " before, " + run.loadAfter() + " after",
                "- Duration: " + duration(run.duration()) + (run.full() ? " (with the full-size benchmarks)"
                        : " (quick suite)"));
    }

    static String duration(Duration d) {
        long seconds = d.toSeconds();
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }

    private static String table(List<BenchmarkRow> rows) {
        StringBuilder out = new StringBuilder("| benchmark | parameters | mode | n | score ± error | min – max "
                + "| unit | peak RSS | peak RSS incl. setup |\n|---|---|---|---:|---:|---:|---|---:|---:|");
        for (BenchmarkRow r : rows) {
            out.append("\n| ").append(cell(r.shortName())).append(" | ").append(cell(params(r.params())))
                    .append(" | ").append(mode(r.mode())).append(" | ").append(r.samples().size()).append(" | ")
                    .append(score(r.score(), r.scoreError())).append(" | ").append(range(r.score(), r.samples()))
                    .append(" | ").append(cell(r.unit())).append(" | ")
                    .append(memory(r.peakRssMib())).append(" | ").append(memory(trialPeak(r))).append(" |");
        }
        return out.toString();
    }

    private static String params(Map<String, String> params) {
        if (params.isEmpty()) {
            return "–";
        }
        List<String> parts = new ArrayList<>();
        params.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    private static String mode(String code) {
        return switch (code) {
            case "avgt" -> "average";
            case "ss" -> "single shot";
            case "thrpt" -> "throughput";
            case "sample" -> "sampled";
            default -> code;
        };
    }

    /**
     * Three significant digits or more, the error at the score's precision; a NaN error (too few
     * iterations for a confidence interval) is left out.
     */
    static String score(double score, double error) {
        int decimals = decimals(score);
        String s = String.format(Locale.ROOT, "%." + decimals + "f", score);
        return Double.isNaN(error) ? s : s + " ± " + String.format(Locale.ROOT, "%." + decimals + "f", error);
    }

    /** The smallest and largest sample at the score's precision; a dash for fewer than two. */
    static String range(double score, List<Double> samples) {
        if (samples.size() < 2) {
            return "–";
        }
        String format = "%." + decimals(score) + "f";
        double min = samples.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = samples.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return String.format(Locale.ROOT, format, min) + " – " + String.format(Locale.ROOT, format, max);
    }

    private static int decimals(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return 0;
        }
        int magnitude = (int) Math.floor(Math.log10(Math.abs(value)));
        return Math.max(0, Math.min(3, 2 - magnitude));
    }

    /** The setup peak covers the trial up to the end of the first iteration, the running peak the rest. */
    private static OptionalDouble trialPeak(BenchmarkRow r) {
        if (r.peakRssMib().isEmpty() || r.setupPeakRssMib().isEmpty()) {
            return r.peakRssMib().isPresent() ? r.peakRssMib() : r.setupPeakRssMib();
        }
        return OptionalDouble.of(Math.max(r.peakRssMib().getAsDouble(), r.setupPeakRssMib().getAsDouble()));
    }

    private static String memory(OptionalDouble mib) {
        return mib.isPresent() ? memory(mib.getAsDouble()) : "not measured";
    }

    static String memory(double mib) {
        return mib < MIB_PER_GIB ? String.format(Locale.ROOT, "%.0f MiB", mib)
                : String.format(Locale.ROOT, "%.2f GiB", mib / MIB_PER_GIB);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
