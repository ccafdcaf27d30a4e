package dev.faceanon.examples.cli;

import dev.faceanon.ProgressEvent;
import dev.faceanon.ProgressListener;
import java.io.PrintStream;

/** Prints generation progress on one updating line of standard error. */
final class ConsoleSteps implements ProgressListener {
    private final PrintStream out;
    private final long start = System.nanoTime();

    ConsoleSteps(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onProgress(ProgressEvent e) {
        double seconds = (System.nanoTime() - start) / 1e9;
        if (e.stage() == ProgressEvent.Stage.DENOISING) {
            double eta = seconds / e.completed() * (e.total() - e.completed());
            out.printf("\rface %d: step %d/%d  %.0f s elapsed, ~%.0f s left   ", e.faceIndex() + 1, e.completed(),
                    e.total(), seconds, eta);
        } else if (e.stage() == ProgressEvent.Stage.DECODING) {
            out.printf("\rface %d: done in %.0f s%s%n", e.faceIndex() + 1, seconds, " ".repeat(24));
        }
        out.flush();
    }
}
