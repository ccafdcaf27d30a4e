package dev.faceanon.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes {@code docs/performance.md} from a JMH JSON result file; {@code scripts/benchmarks} runs it.
 *
 * <p>Arguments: {@code --results FILE [--results FILE …] --template FILE --output FILE
 * --command TEXT --date TEXT --load-before TEXT --load-after TEXT --duration-seconds N [--full]}.
 * The rows of several result files are listed in the order of the files.
 */
public final class PerformanceReportCommand {
    private static final Set<String> VALUED = Set.of("--results", "--template", "--output", "--command", "--date",
            "--load-before", "--load-after", "--duration-seconds");

    private PerformanceReportCommand() {
    }

    /**
     * @param args see the class comment
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Map<String, String> values = new HashMap<>();
        List<BenchmarkRow> rows = new ArrayList<>();
        String jvm = null;
        boolean full = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--full")) {
                full = true;
            } else if (args[i].equals("--results") && i + 1 < args.length) {
                JmhRun part = JmhRun.parse(Files.readString(Path.of(args[++i])));
                rows.addAll(part.rows());
                jvm = jvm == null ? part.jvm() : jvm;
                values.put("--results", args[i]);
            } else if (VALUED.contains(args[i]) && i + 1 < args.length) {
                values.put(args[i], args[++i]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'; expected "
                        + VALUED + " (each with a value) and optionally --full");
            }
        }
        for (String key : VALUED) {
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("missing " + key);
            }
        }
        JmhRun results = new JmhRun(rows, jvm);
        String template = Files.readString(Path.of(values.get("--template")));
        RunDescription run = new RunDescription(values.get("--command"), values.get("--date"),
                values.get("--load-before"),
                values.get("--load-after"), Duration.ofSeconds(Long.parseLong(values.get("--duration-seconds"))), full);
        String document = PerformanceReport.render(template, results, MachineDescription.collect(), run);
        Files.writeString(Path.of(values.get("--output")), document, StandardCharsets.UTF_8);
    }
}
