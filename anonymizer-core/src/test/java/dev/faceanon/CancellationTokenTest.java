package dev.faceanon;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {

    @Test
    void interruptingTheCallingThreadCancelsAndKeepsTheFlag() throws InterruptedException {
        CancellationToken t = new CancellationToken();
        assertDoesNotThrow(t::throwIfCancelled);
        AtomicReference<String> outcome = new AtomicReference<>("nothing thrown");
        // A thread of our own: the test runner's thread does I/O that may consume the interrupt flag.
        Thread worker = new Thread(() -> {
            Thread.currentThread().interrupt();
            try {
                t.throwIfCancelled();
            } catch (CancelledException e) {
                outcome.set(e.getMessage() + " / flag kept: " + Thread.currentThread().isInterrupted());
            }
        });
        worker.start();
        worker.join();
        assertEquals("cancelled: the calling thread was interrupted / flag kept: true", outcome.get());
    }

    @Test
    void cancellingTheTokenStopsEveryCallUsingIt() {
        CancellationToken t = new CancellationToken();
        t.cancel();
        assertTrue(t.isCancelled());
        assertTrue(assertThrows(CancelledException.class, t::throwIfCancelled).getMessage().contains("CancellationToken"));
        assertTrue(assertThrows(CancelledException.class, t::throwIfCancelled).getMessage().contains("CancellationToken"));
    }

    @Test
    void progressEventsAreChecked() {
        new ProgressEvent(ProgressEvent.Stage.DENOISING, 1, 25, 0);
        assertThrows(IllegalArgumentException.class, () -> new ProgressEvent(ProgressEvent.Stage.DENOISING, 0, 25, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProgressEvent(ProgressEvent.Stage.DENOISING, 26, 25, 0));
        assertThrows(IllegalArgumentException.class, () -> new ProgressEvent(null, 1, 1, 0));
    }
}
