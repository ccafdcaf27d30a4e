package dev.faceanon.djl.hub;

import dev.faceanon.DownloadProgress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressBarTest {

    @Test
    void rendersBytesRateAndEta() {
        DownloadProgress p = new DownloadProgress("unet/diffusion_pytorch_model.safetensors", 1_000_000_000L,
                3_463_642_896L, 5_020_000_000L, 10_400_000_000L, 41_300_000, Optional.of(Duration.ofSeconds(130)));
        assertEquals("[#########...........]  48%  5.02 GB / 10.4 GB  41.3 MB/s  ETA 2:10"
                + "  unet/diffusion_pytorch_model.safetensors", ConsoleProgressBar.render(p));
        assertEquals("999 B", ConsoleProgressBar.bytes(999));
        assertEquals("1.71 GB", ConsoleProgressBar.bytes(1_710_000_000L));
        assertEquals("1:01:05", ConsoleProgressBar.duration(Duration.ofSeconds(3665)));
    }

    @Test
    void redrawsInPlaceAndThrottles() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        AtomicLong clock = new AtomicLong();
        ConsoleProgressBar bar = new ConsoleProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), clock::get);
        DownloadProgress p = new DownloadProgress("f", 10, 100, 10, 100, 0, Optional.empty());
        bar.fileStarted(p);
        clock.addAndGet(50_000_000L);
        bar.progressed(p);
        clock.addAndGet(300_000_000L);
        bar.progressed(new DownloadProgress("f", 50, 100, 50, 100, 0, Optional.empty()));
        bar.fileFinished(new DownloadProgress("f", 100, 100, 100, 100, 0, Optional.empty()));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(3, out.chars().filter(c -> c == '\r').count(), out);
        assertTrue(out.contains(" 50%") && out.endsWith("100%  100 B / 100 B  f" + System.lineSeparator()), out);
    }

    @Test
    void trackerReportsRateAndEtaFromAFakeClock() {
        AtomicLong clock = new AtomicLong();
        RecordingListener rec = new RecordingListener();
        ProgressTracker t = new ProgressTracker(rec, 0, clock::get);
        t.expect(10_000_000);
        t.startFile("a", 10_000_000, 2_000_000);
        for (int i = 0; i < 10; i++) {
            clock.addAndGet(100_000_000L);
            t.advance(200_000);
        }
        DownloadProgress p = rec.progressed.get(rec.progressed.size() - 1);
        assertEquals(4_000_000, p.overallBytesDone());
        assertEquals(2_000_000.0, p.bytesPerSecond(), 1e-6);
        assertEquals(Optional.of(Duration.ofSeconds(3)), p.overallEta());
        assertEquals(Optional.of(Duration.ofSeconds(3)), p.fileEta());
        assertEquals(Optional.of(0.4), p.overallFraction());
        t.finishFile();
        assertEquals(4_000_000, rec.finished.get(0).fileBytesDone());
    }
}
