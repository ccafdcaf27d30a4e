package dev.faceanon.video.ffmpeg;

import dev.faceanon.text.UntrustedText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last lines a subprocess wrote to its standard error, kept for messages: however much it
 * writes, at most {@link #MAX_LINES} lines of at most {@link #MAX_LINE_BYTES} bytes are held.
 * Thread-safe: one thread drains, others read.
 */
final class StderrTail {
    static final int MAX_LINES = 12;
    static final int MAX_LINE_BYTES = 400;

    private final Deque<String> lines = new ArrayDeque<>();
    private long lineCount;

    /**
     * Reads the stream to its end. Returns early, without an exception, if reading fails (the
     * process was killed).
     *
     * @param in the subprocess's standard error
     */
    void drain(InputStream in) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    if (b == '\n' || b == '\r') {
                        add(line);
                    } else if (line.size() < MAX_LINE_BYTES) {
                        line.write(b);
                    }
                }
            }
        } catch (IOException e) {
            // The stream closes under the reader when the process is killed: what was read is kept.
        }
        add(line);
    }

    private synchronized void add(ByteArrayOutputStream line) {
        if (line.size() == 0) {
            return;
        }
        lines.addLast(line.toString(StandardCharsets.UTF_8));
        line.reset();
        lineCount++;
        if (lines.size() > MAX_LINES) {
            lines.removeFirst();
        }
    }

    /** @return the lines kept, oldest first, unescaped */
    synchronized List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** @return how many non-empty lines were written in all */
    synchronized long lineCount() {
        return lineCount;
    }

    /** @return the lines kept, escaped and joined with {@code " | "}, for a message; {@code "(nothing)"} if none */
    synchronized String describe() {
        if (lines.isEmpty()) {
            return "(nothing)";
        }
        List<String> shown = new ArrayList<>();
        if (lineCount > lines.size()) {
            shown.add("... " + (lineCount - lines.size()) + " earlier line(s)");
        }
        for (String l : lines) {
            shown.add(UntrustedText.escape(l.strip()));
        }
        return String.join(" | ", shown);
    }
}
