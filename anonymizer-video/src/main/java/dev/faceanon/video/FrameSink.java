package dev.faceanon.video;

import dev.faceanon.image.RgbImage;
import java.io.IOException;

/**
 * Where processed frames go, in order. Output is all or nothing: it is complete once
 * {@link #finish()} has returned; a sink closed without a finished output discards what it wrote.
 * Not thread-safe.
 */
public interface FrameSink extends AutoCloseable {

    /**
     * @param frame the next frame, upright, of the size the sink was created for
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the frame has another size
     */
    void write(RgbImage frame) throws IOException;

    /**
     * Completes the output.
     *
     * @throws IOException if it cannot be completed; the output is then discarded
     */
    void finish() throws IOException;

    /** Frees what the sink holds; without a completed {@link #finish()}, discards the output. Idempotent. */
    @Override
    void close();
}
