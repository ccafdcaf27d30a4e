package dev.faceanon.djl.hub;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;

/**
 * The time budget of one file's transfer, retries included, from a {@link DownloadPace}: the
 * allowance plus the file's bytes at the minimum rate. Bodies read through {@link #guard} also enforce
 * the minimum rate over each window of the pace, so a server trickling data is dropped long before
 * the deadline of a large file.
 */
final class TransferDeadline {
    /** The file's time budget is spent; the transfer is given up. */
    static final class Exceeded extends IOException {
        private static final long serialVersionUID = 1L;

        Exceeded(String message) {
            super(message);
        }
    }

    /** A connection delivered data more slowly than the minimum rate over a window; worth a retry. */
    static final class TooSlow extends IOException {
        private static final long serialVersionUID = 1L;

        TooSlow(String message) {
            super(message);
        }
    }

    private final DownloadPace pace;
    private final String displayName;
    private final long start = System.nanoTime();
    private volatile long bytes;

    /**
     * Starts the clock.
     *
     * @param pace the bounds
     * @param bytes the bytes the file needs (its size, or the bound of its size)
     * @param displayName the file's name, for messages
     */
    TransferDeadline(DownloadPace pace, long bytes, String displayName) {
        this.pace = Objects.requireNonNull(pace, "pace");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        expect(bytes);
    }

    /** @param newBytes the bytes the file needs, once known better (e.g. from a Content-Length) */
    void expect(long newBytes) {
        this.bytes = Math.max(0, newBytes);
    }

    /** @throws Exceeded if the budget is spent */
    void check() throws Exceeded {
        long elapsed = System.nanoTime() - start;
        if (elapsed > budgetNanos()) {
            throw new Exceeded(displayName + " was not complete after " + seconds(elapsed) + " s, the most a file of "
                    + bytes + " bytes may take (" + seconds(pace.allowance().toNanos()) + " s plus its size at "
                    + rate() + "). The link is too slow or the server trickles data. On a slow link lower"
                    + " FACEANON_DOWNLOAD_MIN_RATE or raise FACEANON_DOWNLOAD_ALLOWANCE.");
        }
    }

    /**
     * @param body a response body
     * @return the body, failing with {@link TooSlow} when a window brings too few bytes and with
     *     {@link Exceeded} when the budget is spent
     */
    InputStream guard(InputStream body) {
        return new Paced(body);
    }

    private long budgetNanos() {
        return saturatedNanos(pace.deadlineFor(bytes));
    }

    private static long saturatedNanos(java.time.Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private String rate() {
        return String.format(Locale.ROOT, "%.3f kB/s", pace.minBytesPerSecond() / 1000.0);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private final class Paced extends FilterInputStream {
        private final long windowNanos = pace.rateWindow().toNanos();
        private long windowStart = System.nanoTime();
        private long windowBytes;

        Paced(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            account(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            account(Math.max(0, n));
            return n;
        }

        private void account(int n) throws IOException {
            check();
            windowBytes += n;
            long now = System.nanoTime();
            long elapsed = now - windowStart;
            if (elapsed < windowNanos) {
                return;
            }
            double needed = pace.minBytesPerSecond() * (elapsed / 1e9);
            if (windowBytes < needed) {
                throw new TooSlow("only " + windowBytes + " bytes arrived in " + seconds(elapsed) + " s, slower than"
                        + " the minimum of " + rate() + " (FACEANON_DOWNLOAD_MIN_RATE)");
            }
            windowStart = now;
            windowBytes = 0;
        }
    }
}
