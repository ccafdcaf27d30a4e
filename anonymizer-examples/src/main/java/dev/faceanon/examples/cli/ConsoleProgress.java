package dev.faceanon.examples.cli;

import dev.faceanon.ProgressEvent;
import dev.faceanon.ProgressListener;
import dev.faceanon.text.UntrustedText;
import dev.faceanon.video.VideoProgress;
import dev.faceanon.video.VideoProgressListener;
import java.io.PrintWriter;

/**
 * Progress on standard error: which image of how many, and the denoising steps of each face with a
 * bar and an estimate of the time left; for a video, the frames done, frames per second and time
 * left. On a terminal the line updates in place; otherwise (logs, CI) only one line per face, or
 * per tenth of a video, is printed.
 */
final class ConsoleProgress {
    private static final int BAR = 20;

    private final PrintWriter err;
    private final boolean terminal;

    ConsoleProgress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /**
     * @param index 0-based position of the image
     * @param count number of images
     * @param name the image's name
     * @return the listener for this image's generation calls
     */
    ProgressListener image(int index, int count, String name) {
        String prefix = "[" + (index + 1) + "/" + count + "] " + UntrustedText.escape(name);
        err.println(prefix);
        err.flush();
        long start = System.nanoTime();
        return e -> onProgress(e, start);
    }

    /**
     * @param index 0-based position of the video
     * @param count number of inputs
     * @param name the video's name
     * @return the listener for this video's frames
     */
    VideoProgressListener video(int index, int count, String name) {
        err.println("[" + (index + 1) + "/" + count + "] " + UntrustedText.escape(name));
        err.flush();
        long[] lastTenth = {-1};
        return p -> {
            long tenth = p.totalFrames().isPresent() ? p.framesDone() * 10 / p.totalFrames().getAsLong()
                    : p.framesDone() / 100;
            boolean last = p.totalFrames().isPresent() && p.framesDone() == p.totalFrames().getAsLong();
            if (terminal || tenth != lastTenth[0]) {
                lastTenth[0] = tenth;
                err.print((terminal ? "\r" : "") + describe(p) + (terminal && !last ? "   " : System.lineSeparator()));
                err.flush();
            }
        };
    }

    private static String describe(VideoProgress p) {
        String total = p.totalFrames().isPresent() ? "/" + p.totalFrames().getAsLong() : "";
        String left = p.remaining().map(d -> String.format(java.util.Locale.ROOT, ", ~%d s left", d.toSeconds()))
                .orElse("");
        return String.format(java.util.Locale.ROOT, "  frame %d%s, %.2f frames/s%s", p.framesDone(), total,
                p.framesPerSecond(), left);
    }

    private void onProgress(ProgressEvent e, long start) {
        double seconds = (System.nanoTime() - start) / 1e9;
        if (e.stage() == ProgressEvent.Stage.DENOISING && terminal) {
            int filled = (int) Math.round((double) BAR * e.completed() / e.total());
            double eta = seconds / e.completed() * (e.total() - e.completed());
            err.printf("\r  face %d%s: [%s%s] step %d/%d, %.0f s, ~%.0f s left   ", e.faceIndex() + 1, attempt(e),
                    "#".repeat(filled), ".".repeat(BAR - filled), e.completed(), e.total(), seconds, eta);
            err.flush();
        } else if (e.stage() == ProgressEvent.Stage.DECODING) {
            err.printf("%s  face %d%s: generated, %.1f s since the image started%s%n", terminal ? "\r" : "",
                    e.faceIndex() + 1, attempt(e), seconds, terminal ? " ".repeat(24) : "");
            err.flush();
        }
    }

    /** A face generated again because it still matched its input says which try this is. */
    private static String attempt(ProgressEvent e) {
        return e.attempt() == 1 ? "" : " (try " + e.attempt() + ")";
    }
}
