package dev.faceanon.djl.hub;

import dev.faceanon.DownloadProgressListener;
import dev.faceanon.DownloadProgress;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A one-line text progress bar for terminals, redrawn in place with a carriage return:
 *
 * <pre>
 * [##########..........]  48%  5.02 GB / 10.4 GB  41.3 MB/s  ETA 2:10  referencenet/diffusion_pytorch_model.safetensors
 * </pre>
 *
 * Redraws are throttled so that a fast transfer does not flood the terminal; a finished file is
 * always drawn and followed by a line break.
 */
public final class ConsoleProgressBar implements DownloadProgressListener {
    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final LongSupplier nanoClock;
    private long lastDraw = Long.MIN_VALUE;
    private int lastLength;

    /** @param out where to draw, usually {@code System.err} */
    public ConsoleProgressBar(PrintStream out) {
        this(out, System::nanoTime);
    }

    /**
     * @param out where to draw
     * @param nanoClock a monotonic clock used for throttling
     */
    public ConsoleProgressBar(PrintStream out, LongSupplier nanoClock) {
        this.out = Objects.requireNonNull(out, "out");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public void fileStarted(DownloadProgress progress) {
        draw(progress, true);
    }

    @Override
    public void progressed(DownloadProgress progress) {
        draw(progress, false);
    }

    @Override
    public void fileFinished(DownloadProgress progress) {
        draw(progress, true);
        out.print(System.lineSeparator());
        lastLength = 0;
        out.flush();
    }

    /**
     * Formats one progress line, without the carriage return.
     *
     * @param p the progress
     * @return the line
     */
    public static String render(DownloadProgress p) {
        StringBuilder b = new StringBuilder();
        double fraction = p.overallFraction().orElse(p.fileBytesTotal() > 0
                ? Math.min(1.0, (double) p.fileBytesDone() / p.fileBytesTotal()) : 0.0);
        int filled = (int) Math.floor(fraction * WIDTH);
        b.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']');
        b.append(String.format(Locale.ROOT, " %3d%%", (int) Math.floor(fraction * 100)));
        long done = p.overallBytesTotal() >= 0 ? p.overallBytesDone() : p.fileBytesDone();
        long total = p.overallBytesTotal() >= 0 ? p.overallBytesTotal() : p.fileBytesTotal();
        b.append("  ").append(bytes(done)).append(" / ").append(total >= 0 ? bytes(total) : "?");
        if (p.bytesPerSecond() > 0) {
            b.append("  ").append(bytes((long) p.bytesPerSecond())).append("/s");
        }
        p.overallEta().ifPresent(eta -> b.append("  ETA ").append(duration(eta)));
        b.append("  ").append(p.file());
        return b.toString();
    }

    /**
     * @param n a byte count
     * @return it in decimal units as the hub shows sizes, e.g. {@code 3.46 GB}
     */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v, units[u]);
    }

    /**
     * @param d a duration
     * @return {@code m:ss} or {@code h:mm:ss}
     */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void draw(DownloadProgress p, boolean force) {
        long now = nanoClock.getAsLong();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        String line = render(p);
        // Pad over the remains of a longer previous line.
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        lastLength = line.length();
        out.flush();
    }
}
