package dev.faceanon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

class PeakRssProfilerTest {
    private static final int MIB = 1 << 20;
    /** Other pages of the JVM come and go meanwhile (a collection, the JIT); the blocks dwarf them. */
    private static final double SLACK_MIB = 16;

    @Test
    void setupGarbageCountsForTheSetupPeakOnlyAndLaterIterationsForTheRunningPeak() throws IOException {
        PeakRssProfiler profiler = new PeakRssProfiler();
        double residentBefore = residentMib();
        // Setup and first iteration: 128 MiB of direct memory, resident, then dropped, as the
        // random weights are.
        ByteBuffer garbage = touched(128);
        garbage = null;
        Map<String, Result> first = labelled(profiler.afterIteration(null, null, null));
        assertTrue(first.get(PeakRssProfiler.SETUP_LABEL).getScore() >= residentBefore + 128 - SLACK_MIB,
                "setup peak " + first.get(PeakRssProfiler.SETUP_LABEL).getScore() + " MiB, resident before "
                        + residentBefore + " MiB");
        double residentAfterReset = residentMib();
        // Second iteration: 64 MiB, kept until it ends.
        ByteBuffer live = touched(64);
        Map<String, Result> second = labelled(profiler.afterIteration(null, null, null));
        assertEquals(2, second.size(), second.toString());
        Result setup = second.get(PeakRssProfiler.SETUP_LABEL);
        Result running = second.get(PeakRssProfiler.LABEL);
        assertEquals(PeakRssProfiler.UNIT, setup.getScoreUnit());
        assertEquals(PeakRssProfiler.UNIT, running.getScoreUnit());
        assertEquals(first.get(PeakRssProfiler.SETUP_LABEL).getScore(), setup.getScore());
        assertTrue(running.getScore() >= residentAfterReset + 64 - SLACK_MIB, "running peak "
                + running.getScore() + " MiB, resident after the reset " + residentAfterReset + " MiB");
        // The dropped 128 MiB were freed and forgotten by the reset; the live 64 MiB were not.
        assertTrue(running.getScore() < setup.getScore() - (128 - 64 - SLACK_MIB), "running peak "
                + running.getScore() + " MiB, setup peak " + setup.getScore() + " MiB");
        assertEquals(1, live.get(4096));
    }

    private static Map<String, Result> labelled(Collection<? extends Result> results) {
        Map<String, Result> byLabel = new HashMap<>();
        for (Result r : results) {
            byLabel.put(r.getLabel(), r);
        }
        return byLabel;
    }

    private static ByteBuffer touched(int mib) {
        ByteBuffer block = ByteBuffer.allocateDirect(mib * MIB);
        for (int i = 0; i < block.capacity(); i += 4096) {
            block.put(i, (byte) 1);
        }
        return block;
    }

    private static double residentMib() throws IOException {
        return ProcKibFields.field(Files.readString(Path.of("/proc/self/status")), "VmRSS").orElseThrow() / 1024.0;
    }
}
