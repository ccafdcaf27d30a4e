package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic mutation fuzzing of the valid fixtures: truncations, byte flips, planted huge
 * lengths and stray opcodes. Every case must either read cleanly (every tensor decodable) or fail
 * with a {@link WeightFormatException}; any other throwable (OutOfMemoryError, ClassCastException,
 * IndexOutOfBoundsException, NegativeArraySizeException, ...) or a hang fails the test.
 */
class TorchCheckpointFuzzTest {
    private static final List<String> FILES = List.of("mixed_zip.pt", "mixed_legacy.pt", "mixed_zip64.pt",
            "convnet_zip.pth", "convnet_legacy.pth", "convnet_p4_zip.pth", "convnet_p4_legacy.pth", "tied_zip.pt",
            "tied_legacy.pt", "nested_zip.pt", "nested_legacy.pt", "params_legacy.pt");
    private static final int CASES_PER_FILE = 300;
    private static final byte[] PLANTED_OPCODES = {'h', 'j', 'q', 'r', 'X', 'B', 'T', 'R', 'b', 'Q', 'c', (byte) 0x93,
        (byte) 0x8a, (byte) 0x95, '(', 't', 'u', 'e', '.'};
    private static final long[] HUGE = {0xffffffffL, 0x7fffffffL, 0x80000000L, 0xffffL, Long.MAX_VALUE, -1L,
        1L << 40, 0x7fffffffffffffffL - 7};

    @TempDir
    Path dir;

    private int opened;
    private int rejected;

    @Test
    void mutatedFilesReadOrFailWithWeightFormatException() {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int f = 0; f < FILES.size(); f++) {
                byte[] original = TorchCheckpointFiles.read(FILES.get(f));
                for (int i = 0; i < CASES_PER_FILE; i++) {
                    long seed = f * 100_003L + i;
                    byte[] mutated = mutate(original, new Random(seed));
                    openFile(mutated, FILES.get(f) + " seed " + seed);
                }
            }
        });
        // Both outcomes occur, so the mutations reach past the first check.
        assertTrue(opened > 100, "only " + opened + " mutants opened");
        assertTrue(rejected > 1000, "only " + rejected + " mutants rejected");
    }

    @Test
    void mutatedPicklesReadOrFailWithWeightFormatException() throws IOException {
        // Inside a zip the pickle's CRC catches most flips; fuzz the pickle itself as well.
        for (String file : List.of("mixed_zip.pt", "convnet_zip.pth", "convnet_p4_zip.pth", "nested_zip.pt")) {
            byte[] pickle;
            try (ZipFile zip = new ZipFile(TorchCheckpointFiles.fixture(file).toFile())) {
                String name = file.substring(0, file.indexOf('.')) + "/data.pkl";
                pickle = zip.getInputStream(zip.getEntry(name)).readAllBytes();
            }
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
                for (int i = 0; i < 2000; i++) {
                    long seed = file.hashCode() * 31L + i;
                    runPickle(mutate(pickle, new Random(seed)), file + " pickle seed " + seed);
                }
            });
        }
        assertTrue(rejected > 1000, "only " + rejected + " mutants rejected");
        assertTrue(opened > 50, "only " + opened + " mutants read");
    }

    private void openFile(byte[] content, String what) {
        // A fresh file per case: rewriting one that earlier cases still map is much slower.
        Path file = dir.resolve("mutant" + (opened + rejected) + ".pt");
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
            for (TensorInfo info : ckpt.tensors()) {
                ByteBuffer raw = ckpt.raw(info.name());
                if (info.dtype().isFloatingPoint()) {
                    TensorDecoder.toFloatArray(raw, info);
                } else {
                    TensorDecoder.toLongArray(raw, info);
                }
            }
            opened++;
        } catch (WeightFormatException expected) {
            rejected++;
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
    }

    private void runPickle(byte[] pickle, String what) {
        Path file = Path.of(what);
        try {
            TorchCheckpointObjects objects = new TorchCheckpointObjects(file, "data.pkl",
                    TorchCheckpointObjects.PersistentIds.ZIP, 1 << 20);
            Object root = new PickleMachine(file, "data.pkl", ByteBuffer.wrap(pickle), objects).run();
            TorchCheckpointStateDict.tensors(file, root);
            opened++;
        } catch (WeightFormatException expected) {
            rejected++;
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        int kind = random.nextInt(4);
        if (kind == 0) {
            return java.util.Arrays.copyOf(original, random.nextInt(original.length));
        }
        byte[] b = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = position(b.length, random);
            switch (kind) {
                case 1:
                    b[at] ^= (byte) (1 << random.nextInt(8));
                    break;
                case 2:
                    // A length or offset field overwritten with an extreme value (2, 4 or 8 bytes).
                    int width = new int[] {2, 4, 8}[random.nextInt(3)];
                    at = Math.min(at, b.length - width);
                    if (at >= 0) {
                        byte[] v = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                                .putLong(HUGE[random.nextInt(HUGE.length)]).array();
                        System.arraycopy(v, 0, b, at, width);
                    }
                    break;
                default:
                    b[at] = PLANTED_OPCODES[random.nextInt(PLANTED_OPCODES.length)];
                    break;
            }
        }
        return b;
    }

    /** Biased towards the head (pickles, first local headers) and the tail (central directory). */
    private static int position(int length, Random random) {
        switch (random.nextInt(3)) {
            case 0:
                return random.nextInt(Math.min(length, 600));
            case 1:
                return length - 1 - random.nextInt(Math.min(length, 600));
            default:
                return random.nextInt(length);
        }
    }
}
