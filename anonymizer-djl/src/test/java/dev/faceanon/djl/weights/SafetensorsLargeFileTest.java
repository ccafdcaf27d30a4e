package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.SafetensorsBytes.f32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file of more than 4 GiB, almost all of it a hole of a sparse file, so that the test costs no
 * disk and no time: tensors before, across and beyond the 2 GiB boundary, and one tensor too large
 * for a single buffer.
 */
class SafetensorsLargeFileTest {

    private static final long TWO_GIB = 1L << 31;
    private static final long STRADDLE = TWO_GIB - 8; // [2^31 - 8, 2^31 + 8)
    private static final long TAIL = TWO_GIB + 4096;
    private static final long HUGE = TWO_GIB + 8192;
    private static final long HUGE_BYTES = TWO_GIB + 16;

    @TempDir
    Path dir;

    @Test
    void tensorsBeyondTwoGibAreReadThroughTheMappingWithoutReadingTheFile() throws IOException {
        Path file = dir.resolve("big.safetensors");
        // The padding tensors fill the data section between the others, as the format requires.
        String header = "{\"head\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                + padding("pad1", 16, STRADDLE) + padding("pad2", STRADDLE + 16, TAIL) + padding("pad3", TAIL + 32, HUGE)
                + "\"straddle\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[" + STRADDLE + "," + (STRADDLE + 16)
                + "]},"
                + "\"tail\":{\"dtype\":\"F32\",\"shape\":[2,4],\"data_offsets\":[" + TAIL + "," + (TAIL + 32) + "]},"
                + "\"huge\":{\"dtype\":\"U8\",\"shape\":[" + HUGE_BYTES + "],\"data_offsets\":[" + HUGE + ","
                + (HUGE + HUGE_BYTES) + "]}}";
        byte[] json = header.getBytes(StandardCharsets.US_ASCII);
        long dataStart = 8 + json.length;
        float[] head = {1f, 2f, 3f, 4f};
        float[] straddle = {-1.5f, 2.5f, -3.5f, 4.5f};
        float[] tail = {10f, 20f, 30f, 40f, 50f, 60f, 70f, 80f};
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
            raf.write(json);
            raf.setLength(dataStart + HUGE + HUGE_BYTES);
            raf.seek(dataStart);
            raf.write(f32(head));
            raf.seek(dataStart + STRADDLE);
            raf.write(f32(straddle));
            raf.seek(dataStart + TAIL);
            raf.write(f32(tail));
        }
        assertTrue(Files.size(file) > 2 * TWO_GIB);

        long readBefore = ioCounter("rchar");
        long rssBefore = statusKib("VmRSS");
        Assertions.assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (SafetensorsFile f = SafetensorsFile.open(file); NDManager m = NDManager.newBaseManager()) {
                assertEquals(7, f.tensors().size());
                assertArrayEquals(head, f.load("head", m).toFloatArray());
                assertArrayEquals(straddle, f.load("straddle", m).toFloatArray());
                assertArrayEquals(tail, f.load("tail", m).toFloatArray());
                assertArrayEquals(new long[] {2, 4}, f.info("tail").shape());
                assertEquals(HUGE_BYTES, f.info("huge").byteSize());
                WeightFormatException e = assertThrows(WeightFormatException.class, () -> f.raw("huge"));
                assertTrue(e.getMessage().contains("2 GiB or more"), e.getMessage());
                assertTrue(e.getMessage().contains("'huge'"), e.getMessage());
            }
        });
        // read(2) calls and resident memory stay far below the 4 GiB the file claims: only the
        // header and the touched pages were read.
        long read = ioCounter("rchar") - readBefore;
        long rssGrowth = (statusKib("VmRSS") - rssBefore) * 1024;
        assertTrue(read < (64L << 20), "read " + read + " bytes");
        assertTrue(rssGrowth < (512L << 20), "resident memory grew by " + rssGrowth + " bytes");
    }

    private static String padding(String name, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"U8\",\"shape\":[" + (end - begin) + "],\"data_offsets\":[" + begin + ","
                + end + "]},";
    }

    private static long ioCounter(String key) throws IOException {
        return field(Path.of("/proc/self/io"), key);
    }

    private static long statusKib(String key) throws IOException {
        return field(Path.of("/proc/self/status"), key);
    }

    private static long field(Path procFile, String key) throws IOException {
        assertTrue(Files.isReadable(procFile), "this check needs Linux " + procFile);
        for (String line : Files.readAllLines(procFile)) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError(key + " not in " + procFile);
    }
}
