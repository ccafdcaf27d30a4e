package dev.faceanon.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.Result;

class PeakRssProfilerTest {
    private static final int MIB = 1 << 20;

    @Test
    void setupGarbageCountsForTheSetupPeakOnlyAndIterationMemoryForTheRunningPeak() throws IOException {
        PeakRssProfiler profiler = new PeakRssProfiler();
        double residentBefore = residentMib();
        // "Setup": 128 MiB of direct memory, resident, then dropped, as the random weights are.
        ByteBuffer garbage = touched(128);
        garbage = null;
        profiler.beforeIteration(null, null);
        double residentAfterReset = residentMib();
        // "Iteration": 64 MiB, kept until the iteration ends.
        ByteBuffer live = touched(64);
        Map<String, Result> results = new HashMap<>();
        for (Result r : profiler.afterIteration(null, null, null)) {
            results.put(r.getLabel(), r);
        }
        assertEquals(2, results.size(), results.toString());
        Result setup = results.get(PeakRssProfiler.SETUP_LABEL);
        Result running = results.get(PeakRssProfiler.LABEL);
        assertEquals(PeakRssProfiler.UNIT, setup.getScoreUnit());
        assertEquals(PeakRssProfiler.UNIT, running.getScoreUnit());
        assertTrue(setup.getScore() >= residentBefore + 127, "setup peak " + setup.getScore() + " MiB, resident "
                + "before " + residentBefore + " MiB");
        assertTrue(running.getScore() >= residentAfterReset + 63, "running peak " + running.getScore()
                + " MiB, resident after the reset " + residentAfterReset + " MiB");
        // The dropped 128 MiB were freed and forgotten by the reset; the live 64 MiB were not.
        assertTrue(running.getScore() < setup.getScore() - 32, "running peak " + running.getScore()
                + " MiB, setup peak " + setup.getScore() + " MiB");
        assertEquals(1, live.get(4096));
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
