package dev.faceanon.djl.json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongFunction;

/**
 * Reads a small untrusted file (a configuration, a faces file, a cache record) whole, refusing it
 * past a size bound before allocating: the size is checked before reading and again while reading,
 * since the file may grow in between.
 */
public final class BoundedFileReader {

    private BoundedFileReader() {}

    /**
     * @param file the file
     * @param maxBytes the largest size accepted, below 2 GiB
     * @param tooLarge makes the caller's exception for a file of the given size (or of at least that
     *     size, if it grew while being read)
     * @return the file's bytes, at most {@code maxBytes} of them
     * @throws IOException if opening or reading the file fails
     * @throws IllegalArgumentException if {@code maxBytes} is negative or not below 2 GiB
     */
    public static byte[] read(Path file, long maxBytes, LongFunction<? extends RuntimeException> tooLarge)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tooLarge, "tooLarge");
        if (maxBytes < 0 || maxBytes >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxBytes must be in [0, 2^31 - 1): " + maxBytes);
        }
        try (InputStream in = Files.newInputStream(file)) {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw tooLarge.apply(size);
            }
            byte[] bytes = in.readNBytes((int) maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge.apply(bytes.length);
            }
            return bytes;
        }
    }
}
