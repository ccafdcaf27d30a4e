package dev.faceanon.djl.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, inconsistent and out-of-bounds checkpoints all end in a {@link WeightFormatException}. */
class TorchCheckpointMalformedTest {
    @TempDir
    Path dir;
    private int cases;

    private String rejects(byte[] content, String fragment) {
        Path file = dir.resolve("case" + cases++ + ".pt");
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        WeightFormatException e = assertThrows(WeightFormatException.class, () -> TorchCheckpoint.open(file).close());
        assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
        assertEquals(file, e.file());
        return e.getMessage();
    }

    /** A one-tensor state dict {"w": tensor} as the main pickle of either format. */
    private static byte[] stateDict(boolean legacy, String storage, long numel, long offset, long[] size,
            long[] stride) {
        return PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).str("w")
                .tensorV2(storage, "0", numel, legacy, offset, size, stride).op(PickleOpcode.SETITEM).stop().bytes();
    }

    private static byte[] legacyOneStorage(byte[] main, long count, byte[] data) {
        return TorchCheckpointFiles.legacy(main, List.of("0"), new long[] {count}, new byte[][] {data});
    }

    private static byte[] zipOf(byte[] pickle, byte[] storage) {
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("archive/data.pkl", pickle);
        records.put("archive/data/0", storage);
        records.put("archive/version", "3\n".getBytes());
        return TorchCheckpointFiles.zip(records, false);
    }

    @Test
    void handBuiltFilesAreReadable() throws IOException {
        // The baseline the other cases corrupt: both builders produce valid checkpoints.
        byte[] legacy = legacyOneStorage(stateDict(true, "FloatStorage", 4, 1, new long[] {3}, new long[] {1}), 4,
                TorchCheckpointFiles.floats(1, 2, 3, 4));
        byte[] zip = zipOf(stateDict(false, "FloatStorage", 4, 0, new long[] {2, 2}, new long[] {1, 2}),
                TorchCheckpointFiles.floats(1, 2, 3, 4));
        Files.write(dir.resolve("legacy.pt"), legacy);
        Files.write(dir.resolve("zip.pt"), zip);
        try (TorchCheckpoint l = TorchCheckpoint.open(dir.resolve("legacy.pt"));
                TorchCheckpoint z = TorchCheckpoint.open(dir.resolve("zip.pt"))) {
            assertEquals(TorchCheckpoint.Format.LEGACY, l.format());
            assertArrayEquals(new float[] {2, 3, 4}, TensorDecoder.toFloatArray(l.raw("w"), l.info("w")));
            assertEquals(TorchCheckpoint.Format.ZIP, z.format());
            // Column-major strides (1, 2): the transpose of [[1, 2], [3, 4]].
            assertArrayEquals(new float[] {1, 3, 2, 4}, TensorDecoder.toFloatArray(z.raw("w"), z.info("w")));
        }
    }

    @Test
    void truncatedZipArchives() {
        byte[] zip = TorchCheckpointFiles.read("mixed_zip.pt");
        for (int cut : new int[] {zip.length - 1, zip.length - 22, zip.length / 2, 100, 30, 4}) {
            rejects(Arrays.copyOf(zip, cut), "");
        }
        rejects(Arrays.copyOf(zip, zip.length - 1), "end-of-central-directory");
    }

    @Test
    void truncatedLegacyFiles() {
        byte[] legacy = TorchCheckpointFiles.read("mixed_legacy.pt");
        rejects(Arrays.copyOf(legacy, legacy.length - 1), "file ends at " + (legacy.length - 1));
        for (int cut : new int[] {legacy.length - 9, legacy.length / 2, 400, 20, 1, 0}) {
            rejects(Arrays.copyOf(legacy, cut), "");
        }
    }

    @Test
    void storageCountsAreCheckedAgainstThePersistentIdAndTheFile() {
        byte[] four = TorchCheckpointFiles.floats(1, 2, 3, 4);
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 4, 0, new long[] {4}, new long[] {1}), 5, four),
                "element count 5");
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 4, 0, new long[] {4}, new long[] {1}),
                Long.MAX_VALUE, four), "element count " + Long.MAX_VALUE);
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 40, 0, new long[] {4}, new long[] {1}), 40, four),
                "needs 160 bytes");
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 1L << 40, 0, new long[] {4}, new long[] {1}),
                1L << 40, four), "larger than the file");
        rejects(TorchCheckpointFiles.legacy(stateDict(true, "FloatStorage", 4, 0, new long[] {4}, new long[] {1}),
                List.of("7"), new long[] {4}, new byte[][] {four}), "never references");
        rejects(TorchCheckpointFiles.legacy(stateDict(true, "FloatStorage", 4, 0, new long[] {4}, new long[] {1}),
                List.of(), new long[0], new byte[0][]), "has no data");
        rejects(zipOf(stateDict(false, "FloatStorage", 4, 0, new long[] {4}, new long[] {1}),
                TorchCheckpointFiles.floats(1, 2)), "holds 8 bytes but storage '0' (4 x F32) needs 16");
    }

    @Test
    void viewsOutsideTheirStorage() {
        byte[] four = TorchCheckpointFiles.floats(1, 2, 3, 4);
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 4, 3, new long[] {2}, new long[] {1}), 4, four),
                "reaches element 4");
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 4, 0, new long[] {5}, new long[] {1}), 4, four),
                "reaches element 4");
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 4, 0, new long[] {2, 2}, new long[] {3, 1}), 4,
                four), "reaches element 4");
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 4, 0, new long[] {1L << 62, 4},
                new long[] {4, 1}), 4, four), "overflows");
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 4, -1, new long[] {2}, new long[] {1}), 4, four),
                "storage_offset must be a non-negative integer");
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 4, 0, new long[] {2}, new long[] {-1}), 4, four),
                "stride must be a non-negative integer");
        rejects(legacyOneStorage(stateDict(true, "FloatStorage", 4, 0, new long[] {2, 2}, new long[] {1}), 4, four),
                "size has 2 dimensions but stride has 1");
    }

    @Test
    void badMagicProtocolAndByteOrder() {
        byte[] valid = legacyOneStorage(stateDict(true, "FloatStorage", 1, 0, new long[] {1}, new long[] {1}), 1,
                TorchCheckpointFiles.floats(1));
        byte[] badMagic = valid.clone();
        badMagic[4] ^= 0x01; // a byte of the LONG1 magic number
        rejects(badMagic, "wrong magic number");
        byte[] badProtocol = valid.clone();
        badProtocol[18] = (byte) 0xea; // BININT2 1001 -> 1002
        rejects(badProtocol, "protocol version");
        byte[] bigEndian = TorchCheckpointFiles.legacyPrefix(false);
        rejects(bigEndian, "big-endian");

        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("archive/data.pkl", PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).stop().bytes());
        records.put("archive/byteorder", "big".getBytes());
        rejects(TorchCheckpointFiles.zip(records, false), "byte order is 'big'");
        records.put("archive/byteorder", "little".getBytes());
        records.put("archive/version", "99\n".getBytes());
        rejects(TorchCheckpointFiles.zip(records, false), "format version '99'");
    }

    @Test
    void memoAndNestingBoundsInsideACheckpoint() {
        rejects(legacyOneStorage(PickleBytes.proto2().op(PickleOpcode.LONG_BINGET).le32(-1).stop().bytes(), 0,
                new byte[0]), "memo index 4294967295 was never stored");
        PickleBytes marks = PickleBytes.proto2();
        for (int i = 0; i < 100_000; i++) {
            marks.mark();
        }
        rejects(legacyOneStorage(marks.bytes(), 0, new byte[0]), "marks nested deeper");
        // A dict that contains itself: {"a": <itself>}.
        byte[] cycle = PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).op(PickleOpcode.BINPUT).u8(0).str("a")
                .op(PickleOpcode.BINGET).u8(0).op(PickleOpcode.SETITEM).stop().bytes();
        rejects(TorchCheckpointFiles.zip(Map.of("archive/data.pkl", cycle), false), "or contains a cycle");
        // Exponential sharing: list i holds list i-1 twice, 30 deep; a naive walk visits 2^31 nodes.
        PickleBytes dag = PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).str("root");
        for (int i = 30; i >= 1; i--) {
            dag.op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.BINPUT).u8(i).mark();
        }
        dag.op(PickleOpcode.EMPTY_LIST).op(PickleOpcode.BINPUT).u8(0);
        for (int i = 1; i <= 30; i++) {
            dag.op(PickleOpcode.BINGET).u8(i - 1).op(PickleOpcode.APPENDS);
        }
        byte[] dagPickle = dag.op(PickleOpcode.SETITEM).stop().bytes();
        rejects(TorchCheckpointFiles.zip(Map.of("archive/data.pkl", dagPickle), false),
                "more than " + PickleMachine.MAX_OBJECTS + " references");
    }

    @Test
    void notAStateDict() {
        byte[] list = PickleBytes.proto2().op(PickleOpcode.EMPTY_LIST).stop().bytes();
        rejects(TorchCheckpointFiles.zip(Map.of("archive/data.pkl", list), false), "holds a list, not a dict");
        byte[] module = PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).str("m").mark().str("module")
                .global("torch", "FloatStorage").op(PickleOpcode.TUPLE).op(PickleOpcode.BINPERSID)
                .op(PickleOpcode.SETITEM).stop().bytes();
        rejects(legacyOneStorage(module, 0, new byte[0]), "whole nn.Module");
        byte[] view = PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).str("w").mark().str("storage")
                .global("torch", "FloatStorage").str("0").str("cpu").integer(4).tupleOf(1, 0, 2)
                .op(PickleOpcode.TUPLE).op(PickleOpcode.BINPERSID).op(PickleOpcode.SETITEM).stop().bytes();
        rejects(legacyOneStorage(view, 4, TorchCheckpointFiles.floats(1, 2, 3, 4)), "storage views");
        // {"a.b": t, "a": {"b": t}}: two tensors would get the same dotted name.
        byte[] clash = PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).mark().str("a.b")
                .tensorV2("FloatStorage", "0", 1, false, 0, new long[] {1}, new long[] {1})
                .op(PickleOpcode.BINPUT).u8(9).str("a").op(PickleOpcode.EMPTY_DICT).str("b")
                .op(PickleOpcode.BINGET).u8(9).op(PickleOpcode.SETITEM).op(PickleOpcode.SETITEMS).stop().bytes();
        rejects(zipOf(clash, TorchCheckpointFiles.floats(1)), "two tensors are named 'a.b'");
        byte[] mixedTypes = PickleBytes.proto2().op(PickleOpcode.EMPTY_DICT).mark()
                .str("x").tensorV2("FloatStorage", "0", 1, false, 0, new long[] {1}, new long[] {1})
                .str("y").tensorV2("HalfStorage", "0", 2, false, 0, new long[] {1}, new long[] {1})
                .op(PickleOpcode.SETITEMS).stop().bytes();
        rejects(zipOf(mixedTypes, TorchCheckpointFiles.floats(1)), "is referenced as F16[2]");
    }

    @Test
    void otherArchivesAndFormats() throws IOException {
        rejects(new byte[0], "");
        rejects(TorchCheckpointFiles.zip(Map.of("archive/constants.pkl", new byte[] {1}), false),
                "no archive/data.pkl");
        rejects(TorchCheckpointFiles.zip(Map.of("data.pkl", new byte[] {1}), false), "not inside an archive folder");
        byte[] tar = new byte[1024];
        System.arraycopy("ustar".getBytes(), 0, tar, 257, 5);
        rejects(tar, "tar-based");
        rejects("hello, world".getBytes(), "not a zip archive");

        // The same archive, re-packed with compression: rejected, never inflated.
        Map<String, byte[]> records = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(TorchCheckpointFiles.fixture("tied_zip.pt").toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                records.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        rejects(TorchCheckpointFiles.zip(records, true), "is compressed (method 8)");
        byte[] stored = TorchCheckpointFiles.zip(records, false);
        Files.write(dir.resolve("restored.pt"), stored);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(dir.resolve("restored.pt"))) {
            assertEquals(3, ckpt.tensors().size());
        }
        // A flipped byte inside data.pkl is caught by its CRC.
        byte[] corrupt = stored.clone();
        int at = indexOf(corrupt, "embed.weight".getBytes());
        corrupt[at] ^= 0x20;
        rejects(corrupt, "CRC");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
