package dev.faceanon.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class PerformanceReportTest {
    /**
     * Two results in the layout JMH 1.37 writes with -rf json (fields the report does not read are
     * cut): a single-shot benchmark with a parameter and the peak-RSS secondary results, and an
     * average-time one without parameters, profiler or confidence interval.
     */
    static final String JSON = """
            [
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "dev.faceanon.bench.VaeBenchmark.decode",
                    "mode" : "ss",
                    "jdkVersion" : "17.0.15",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "17.0.15+6-Debian-1deb12u1",
                    "params" : { "side" : "128" },
                    "primaryMetric" : {
                        "score" : 1896.75763,
                        "scoreError" : 71.25,
                        "scoreConfidence" : [ 1825.50763, 1968.00763 ],
                        "scoreUnit" : "ms/op",
                        "rawData" : [ [ 1826.485617, 1967.029643 ] ]
                    },
                    "secondaryMetrics" : {
                        "rss.peak" : {
                            "score" : 1034.1328125,
                            "scoreError" : "NaN",
                            "scoreUnit" : "MiB"
                        },
                        "rss.setup" : {
                            "score" : 1530.0,
                            "scoreError" : "NaN",
                            "scoreUnit" : "MiB"
                        }
                    }
                },
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "dev.faceanon.bench.ClipBenchmark.forward",
                    "mode" : "avgt",
                    "jdkVersion" : "17.0.15",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "17.0.15+6-Debian-1deb12u1",
                    "primaryMetric" : {
                        "score" : 0.04567,
                        "scoreError" : "NaN",
                        "scoreConfidence" : [ "NaN", "NaN" ],
                        "scoreUnit" : "s/op",
                        "rawData" : [ [ 0.04567 ] ]
                    },
                    "secondaryMetrics" : {
                    }
                }
            ]
            """;

    static final String TEMPLATE = """
            # Performance

            {{machine}}

            {{command}}

            {{results}}

            <!-- quick-run-only -->
            ## Earlier full-size measurements
            <!-- /quick-run-only -->
            ## Analysis
            """;

    private static final MachineDescription MACHINE = new MachineDescription("AMD EPYC", 2, 24684084,
            "Debian GNU/Linux 12 (bookworm), Linux 6.1.0 amd64", "0.36.0", "2.7.1");

    private static RunDescription run(boolean full) {
        return new RunDescription("scripts/benchmarks", "2026-11-26 10:00 UTC", "1.50 1.20 0.90", "2.00 1.80 1.10",
                Duration.ofSeconds(437), full);
    }

    @Test
    void theJmhFileIsReadIntoRows() {
        JmhRun parsed = JmhRun.parse(JSON);
        assertEquals("17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1)", parsed.jvm());
        assertEquals(List.of(
                new BenchmarkRow("dev.faceanon.bench.VaeBenchmark.decode", "ss", Map.of("side", "128"), 1896.75763,
                        71.25, List.of(1826.485617, 1967.029643), "ms/op", OptionalDouble.of(1034.1328125),
                        OptionalDouble.of(1530)),
                new BenchmarkRow("dev.faceanon.bench.ClipBenchmark.forward", "avgt", Map.of(), 0.04567, Double.NaN,
                        List.of(0.04567), "s/op", OptionalDouble.empty(), OptionalDouble.empty())), parsed.rows());
    }

    @Test
    void aQuickRunRendersEveryRowAndKeepsTheEarlierMeasurements() {
        String doc = PerformanceReport.render(TEMPLATE, JmhRun.parse(JSON), MACHINE, run(false));
        assertEquals("""
                # Performance

                - CPU: AMD EPYC, 2 logical cores
                - Memory: 23.5 GiB
                - OS: Debian GNU/Linux 12 (bookworm), Linux 6.1.0 amd64
                - JVM: 17.0.15 (OpenJDK 64-Bit Server VM 17.0.15+6-Debian-1deb12u1)
                - DJL 0.36.0, libtorch 2.7.1
                - Date: 2026-11-26 10:00 UTC
                - Load average (1, 5, 15 min): 1.50 1.20 0.90 before, 2.00 1.80 1.10 after
                - Duration: 7 min 17 s (quick suite)

                ```
                scripts/benchmarks
                ```

                | benchmark | parameters | mode | n | score ± error | min – max | unit | peak RSS | peak RSS incl. setup |
                |---|---|---|---:|---:|---:|---|---:|---:|
                | VaeBenchmark.decode | side=128 | single shot | 2 | 1897 ± 71 | 1826 – 1967 | ms/op | 1.01 GiB | 1.49 GiB |
                | ClipBenchmark.forward | – | average | 1 | 0.046 | – | s/op | not measured | not measured |

                ## Earlier full-size measurements
                ## Analysis
                """, doc);
    }

    @Test
    void aFullRunDropsTheEarlierMeasurements() {
        String doc = PerformanceReport.render(TEMPLATE, JmhRun.parse(JSON), MACHINE, run(true));
        assertFalse(doc.contains("Earlier"), doc);
        assertFalse(doc.contains("quick-run-only"), doc);
        assertTrue(doc.contains("- Duration: 7 min 17 s (with the full-size benchmarks)\n"), doc);
        assertTrue(doc.endsWith("| ClipBenchmark.forward | – | average | 1 | 0.046 | – | s/op | not measured "
                + "| not measured |\n\n"
                + "## Analysis\n"), doc);
    }

    @Test
    void theTrialPeakIsTheLargerOfTheSetupPeakAndTheRunningPeak() {
        BenchmarkRow growing = new BenchmarkRow("a.B.m", "avgt", Map.of(), 1, 0.1, List.of(1.0, 1.0), "ms/op",
                OptionalDouble.of(2000), OptionalDouble.of(1500));
        BenchmarkRow setupOnly = new BenchmarkRow("a.B.n", "avgt", Map.of(), 1, 0.1, List.of(1.0, 1.0), "ms/op",
                OptionalDouble.empty(), OptionalDouble.of(1500));
        String doc = PerformanceReport.render("{{machine}}\n{{command}}\n{{results}}\n",
                new JmhRun(List.of(growing, setupOnly), "jvm"), MACHINE, run(false));
        assertTrue(doc.contains("| B.m | – | average | 2 | 1.00 ± 0.10 | 1.00 – 1.00 | ms/op "
                + "| 1.95 GiB | 1.95 GiB |\n"), doc);
        assertTrue(doc.contains("| B.n | – | average | 2 | 1.00 ± 0.10 | 1.00 – 1.00 | ms/op "
                + "| not measured | 1.46 GiB |\n"), doc);
    }

    @Test
    void scoresKeepThreeSignificantDigitsAndMemoryPicksItsUnit() {
        assertEquals("29.7 ± 1.2", PerformanceReport.score(29.7, 1.234));
        assertEquals("2.50", PerformanceReport.score(2.5, Double.NaN));
        assertEquals("20100", PerformanceReport.score(20100.4, Double.NaN));
        assertEquals("512 MiB", PerformanceReport.memory(512.4));
        assertEquals("6.50 GiB", PerformanceReport.memory(6656));
        assertEquals("2.39 – 2.61", PerformanceReport.range(2.5, List.of(2.6125, 2.39, 2.5)));
        assertEquals("59 s", PerformanceReport.duration(Duration.ofSeconds(59)));
        assertEquals("1 min 0 s", PerformanceReport.duration(Duration.ofSeconds(60)));
    }

    @Test
    void templateMistakesAreReported() {
        JmhRun results = JmhRun.parse(JSON);
        assertThrows(IllegalArgumentException.class,
                () -> PerformanceReport.render("{{machine}} {{command}}", results, MACHINE, run(false)));
        assertThrows(IllegalArgumentException.class, () -> PerformanceReport.render(
                "{{machine}} {{command}} {{results}} {{results}}", results, MACHINE, run(false)));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> PerformanceReport
                .render("{{machine}} {{command}} {{results}} {{date}}", results, MACHINE, run(false)));
        assertTrue(unknown.getMessage().contains("{{date}}"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PerformanceReport.render(
                "{{machine}} {{command}} {{results}}\n<!-- quick-run-only -->\n", results, MACHINE, run(false)));
        assertThrows(IllegalArgumentException.class, () -> PerformanceReport.render(
                "{{machine}} {{command}} {{results}}\n<!-- /quick-run-only -->\n", results, MACHINE, run(false)));
    }

    @Test
    void filesThatAreNotJmhResultsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> JmhRun.parse("{\"benchmark\": \"x\"}"));
        assertThrows(IllegalArgumentException.class, () -> JmhRun.parse("[ {\"benchmark\": \"x\"} ]"));
        assertThrows(IllegalArgumentException.class, () -> JmhRun.parse("[ 1, 2"));
        String wrongUnit = """
                [ { "benchmark" : "b.B.m", "mode" : "avgt", "jdkVersion" : "17", "vmName" : "vm", "vmVersion" : "1",
                    "primaryMetric" : { "score" : 1.0, "scoreError" : 0.1, "scoreUnit" : "ms/op", "rawData" : [ [ 1.0 ] ] },
                    "secondaryMetrics" : { "rss.setup" : { "score" : 1.0, "scoreError" : "NaN", "scoreUnit" : "MB" } } } ]
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhRun.parse(wrongUnit));
        assertTrue(e.getMessage().contains("rss.setup"), e.getMessage());
    }

    @Test
    void machineFactsAreReadFromProcTexts() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 7B13\n\n"
                + "processor\t: 1\nmodel name\t: AMD EPYC 7B13\n";
        assertEquals("AMD EPYC 7B13", MachineDescription.cpuModel(cpuinfo));
        assertEquals("unknown", MachineDescription.cpuModel("processor\t: 0\n"));
        assertEquals("Debian GNU/Linux 12 (bookworm)",
                MachineDescription.prettyName(
                        "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"));
    }
}
