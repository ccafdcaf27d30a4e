package dev.faceanon.djl.hub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * What every download shares: the HTTP layer, the retry bounds, the time bounds, the disk-space check
 * and the hub endpoint (for messages).
 *
 * @param http the HTTP layer
 * @param retry retry bounds for transient failures
 * @param pace how long a transfer may take
 * @param disk reports free space
 * @param endpoint the hub base URL
 */
record DownloadContext(HubHttp http, RetryPolicy retry, DownloadPace pace, DiskSpace disk, URI endpoint) {
    private static final int BUFFER = 1 << 16;

    DownloadContext {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(pace, "pace");
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /**
     * @param e a failure
     * @return its message, or its kind where it has none (a refused connection often has none)
     */
    static String reasonOf(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Receives each chunk written. */
    interface ChunkListener {
        void written(byte[] buf, int n);
    }

    /**
     * Appends at most {@code limit} bytes of a body to a file and forces them to disk.
     *
     * @param body the response body
     * @param file the file to append to (created if absent)
     * @param limit the most bytes to take
     * @param listener sees every chunk after it is written
     * @return the bytes written
     * @throws IOException if reading or writing fails
     */
    static long append(InputStream body, Path file, long limit, ChunkListener listener) throws IOException {
        long got = 0;
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while (got < limit && (n = body.read(buf, 0, (int) Math.min(buf.length, limit - got))) >= 0) {
                ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                got += n;
                listener.written(buf, n);
            }
            out.force(false);
        }
        return got;
    }
}
