package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.SafetensorsBytes.f32;
import static dev.faceanon.djl.weights.SafetensorsBytes.i64;
import static dev.faceanon.djl.weights.SafetensorsBytes.u16;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Deterministic mutations of valid files. Opening a mutant and reading every tensor must either
 * succeed or end in a {@link WeightFormatException}; anything else (an OutOfMemoryError, an
 * IndexOutOfBoundsException, a Gson exception, a hang) fails the test with the case that caused it.
 */
class SafetensorsFuzzTest {

    private static final long SEED = 0x5afe_7e25_0f_f1L;
    private static final Duration BATCH_LIMIT = Duration.ofSeconds(30);
    private static final String[] EXTREME_NUMBERS = {"-1", "0", "1", "-0", "00", "1.5", "1e3", "1e309", "4294967296",
        "2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "18446744073709551615",
        "18446744073709551616", "99999999999999999999999999999", "-9223372036854775808"};
    private static final byte[] STRUCTURAL = "{}[]\",:0123456789-. \\u".getBytes(StandardCharsets.US_ASCII);

    // Thousands of small files are created and deleted: on a RAM file system when there is one,
    // since on a virtual disk the file system calls alone took up to a millisecond per case.
    @TempDir(factory = RamTempDir.class)
    Path dir;

    private int counter;
    private int accepted;
    private int rejected;

    private static List<byte[]> validFiles() {
        List<byte[]> files = new ArrayList<>();
        files.add(new SafetensorsWriter()
                .add("weight", TensorDType.F32, new long[] {2, 2}, f32(1, -2, 3.5f, Float.NaN))
                .metadata("format", "pt")
                .toByteArray());
        files.add(new SafetensorsWriter()
                .add("half", TensorDType.F16, new long[] {3}, u16(0x3c00, 0x7e00, 0x0001))
                .add("brain", TensorDType.BF16, new long[] {2}, u16(0x3f80, 0xff80))
                .add("step", TensorDType.I64, new long[] {1}, i64(981))
                .add("image", TensorDType.U8, new long[] {5}, new byte[] {0, 1, 2, (byte) 200, (byte) 255})
                .add("scalar", TensorDType.F32, new long[0], f32(0.18215f))
                .add("empty", TensorDType.F32, new long[] {0, 2}, new byte[0])
                .add("mask", TensorDType.BOOL, new long[] {2}, new byte[] {0, 1})
                .toByteArray());
        SafetensorsWriter many = new SafetensorsWriter()
                .add("i32", TensorDType.I32, new long[] {2}, new byte[8])
                .add("f64", TensorDType.F64, new long[] {1, 1}, new byte[8])
                .add("i8", TensorDType.I8, new long[] {3}, new byte[] {-1, 0, 1})
                .add("i16", TensorDType.I16, new long[] {2}, u16(0x8000, 0x7fff));
        for (int i = 0; i < 8; i++) {
            many.add("blocks." + i + ".conv.weight", TensorDType.F32, new long[] {1, 1, 1, i % 3},
                    f32(Arrays.copyOf(new float[] {i, -i}, i % 3)));
        }
        files.add(many.metadata("a", "b").metadata("c", "\u00e9\u2713").toByteArray());
        return files;
    }

    @Test
    void truncationAtEveryLength() {
        runBatch("truncate", (base, random) -> {
            for (int len = 0; len <= base.length; len++) {
                check(Arrays.copyOf(base, len), "truncated to " + len);
            }
        });
        assertTrue(accepted > 0 && rejected > counter / 2, accepted + " accepted, " + rejected + " rejected");
    }

    @Test
    void byteFlipsInTheHeader() {
        runBatch("flip", (base, random) -> {
            int headerEnd = 8 + (int) headerLength(base);
            for (int c = 0; c < 1000; c++) {
                byte[] m = base.clone();
                int flips = 1 + random.nextInt(3);
                StringBuilder what = new StringBuilder("flips");
                for (int k = 0; k < flips; k++) {
                    int at = 8 + random.nextInt(headerEnd - 8);
                    byte b = random.nextBoolean() ? STRUCTURAL[random.nextInt(STRUCTURAL.length)]
                            : (byte) random.nextInt(256);
                    m[at] = b;
                    what.append(' ').append(at).append('=').append(b & 0xff);
                }
                check(m, what.toString());
            }
        });
    }

    @Test
    void randomLengthPrefixes() {
        runBatch("length", (base, random) -> {
            long real = headerLength(base);
            for (int c = 0; c < 400; c++) {
                long n;
                switch (c % 4) {
                    case 0:
                        n = random.nextLong();
                        break;
                    case 1:
                        n = random.nextInt(base.length + 16);
                        break;
                    case 2:
                        n = real + random.nextInt(129) - 64;
                        break;
                    default:
                        n = 1L << random.nextInt(64);
                }
                byte[] m = base.clone();
                ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
                check(m, "length " + Long.toUnsignedString(n));
            }
        });
    }

    @Test
    void numbersInTheHeaderReplacedByExtremeValues() {
        runBatch("numbers", (base, random) -> {
            String header = new String(base, 8, (int) headerLength(base), StandardCharsets.UTF_8);
            byte[] data = Arrays.copyOfRange(base, 8 + (int) headerLength(base), base.length);
            List<int[]> numbers = new ArrayList<>();
            Matcher m = Pattern.compile("[0-9]+").matcher(header);
            while (m.find()) {
                numbers.add(new int[] {m.start(), m.end()});
            }
            for (int c = 0; c < 600; c++) {
                int[] span = numbers.get(random.nextInt(numbers.size()));
                String old = header.substring(span[0], span[1]);
                String replacement = c % 3 == 0
                        ? Long.toString(Math.max(0, Long.parseLong(old) + random.nextInt(17) - 8))
                        : EXTREME_NUMBERS[random.nextInt(EXTREME_NUMBERS.length)];
                String mutated = header.substring(0, span[0]) + replacement + header.substring(span[1]);
                byte[] json = mutated.getBytes(StandardCharsets.UTF_8);
                byte[] file = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                        .putLong(json.length).put(json).put(data).array();
                check(file, "number at " + span[0] + " '" + old + "' -> '" + replacement + "'");
            }
        });
        assertTrue(accepted > 0 && rejected > 0, accepted + " accepted, " + rejected + " rejected");
    }

    @Test
    void splicesOfTwoFiles() {
        List<byte[]> files = validFiles();
        runBatch("splice", (base, random) -> {
            for (int c = 0; c < 400; c++) {
                byte[] other = files.get(random.nextInt(files.size()));
                byte[] m;
                String what;
                if (c % 2 == 0) {
                    int i = random.nextInt(base.length + 1);
                    int j = random.nextInt(other.length + 1);
                    m = concat(Arrays.copyOf(base, i), Arrays.copyOfRange(other, j, other.length));
                    what = "prefix " + i + " + other from " + j;
                } else {
                    // One file's header over another file's data section.
                    int headerEnd = 8 + (int) headerLength(base);
                    int otherData = 8 + (int) headerLength(other);
                    m = concat(Arrays.copyOf(base, headerEnd), Arrays.copyOfRange(other, otherData, other.length));
                    what = "header + data of another file";
                }
                check(m, what);
            }
        });
    }

    private void runBatch(String name, BiConsumer<byte[], Random> mutations) {
        List<byte[]> files = validFiles();
        for (int f = 0; f < files.size(); f++) {
            byte[] base = files.get(f);
            int rejectedBefore = rejected;
            check(base, "unmutated");
            assertEquals(rejectedBefore, rejected, "valid file " + f + " was rejected");
            long seed = SEED + 31L * f + name.hashCode();
            String batch = name + " of file " + f + " with seed " + seed;
            assertTimeoutPreemptively(BATCH_LIMIT, () -> mutations.accept(base, new Random(seed)), batch);
        }
        assertTrue(counter >= 1000, counter + " cases");
    }

    private void check(byte[] content, String what) {
        counter++;
        try {
            // A new file each time: truncating a file that earlier cases still map (until the
            // collector unmaps them) is several times slower, and a live mapping must never see its
            // file change.
            Path file = dir.resolve("case.safetensors");
            Files.deleteIfExists(file);
            Files.write(file, content);
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                for (TensorInfo t : f.tensors()) {
                    ByteBuffer raw = f.raw(t.name());
                    assertEquals(t.byteSize(), raw.remaining(), t.name());
                    if (t.dtype().isFloatingPoint()) {
                        assertEquals(t.elementCount(), TensorDecoder.toFloatArray(raw, t).length);
                    } else {
                        assertEquals(t.elementCount(), TensorDecoder.toLongArray(raw, t).length);
                    }
                }
            }
            accepted++;
        } catch (WeightFormatException expected) {
            rejected++;
        } catch (Throwable t) {
            fail("case " + counter + " (" + what + ") threw " + t, t);
        }
    }

    /** Creates the temporary folder in /dev/shm if it is usable, else in the default place. */
    static final class RamTempDir implements TempDirFactory {
        @Override
        public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context)
                throws IOException {
            Path shm = Path.of("/dev/shm");
            if (Files.isDirectory(shm) && Files.isWritable(shm)) {
                return Files.createTempDirectory(shm, "safetensors-fuzz");
            }
            return Files.createTempDirectory("safetensors-fuzz");
        }
    }

    private static long headerLength(byte[] file) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
