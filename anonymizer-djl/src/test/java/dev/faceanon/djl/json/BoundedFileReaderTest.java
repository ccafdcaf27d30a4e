package dev.faceanon.djl.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundedFileReaderTest {

    @TempDir
    Path tmp;

    /** The caller's exception, carrying the size the reader reports. */
    private static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long size;

        TooLarge(long size) {
            this.size = size;
        }
    }

    @Test
    void aFileUpToTheBoundIsReadWhole() throws IOException {
        byte[] content = {1, 2, 3, 4, 5};
        Path file = Files.write(tmp.resolve("f"), content);
        assertArrayEquals(content, BoundedFileReader.read(file, 5, TooLarge::new));
        assertArrayEquals(new byte[0], BoundedFileReader.read(Files.write(tmp.resolve("e"), new byte[0]), 0,
                TooLarge::new));
    }

    @Test
    void aLargerFileIsRefusedWithTheCallersExceptionBeforeItIsRead() throws IOException {
        Path file = Files.write(tmp.resolve("f"), new byte[6]);
        assertEquals(6, assertThrows(TooLarge.class, () -> BoundedFileReader.read(file, 5, TooLarge::new)).size);
        // A sparse file far beyond the heap: refused by its size, nothing allocated for it.
        Path huge = tmp.resolve("huge");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(1L << 40);
        }
        assertEquals(1L << 40, assertThrows(TooLarge.class,
                () -> BoundedFileReader.read(huge, 1 << 20, TooLarge::new)).size);
    }

    @Test
    void failuresAndBadBoundsAreReported() {
        assertThrows(NoSuchFileException.class, () -> BoundedFileReader.read(tmp.resolve("none"), 5, TooLarge::new));
        assertThrows(IllegalArgumentException.class, () -> BoundedFileReader.read(tmp, -1, TooLarge::new));
        assertThrows(IllegalArgumentException.class,
                () -> BoundedFileReader.read(tmp, Integer.MAX_VALUE, TooLarge::new));
    }
}
