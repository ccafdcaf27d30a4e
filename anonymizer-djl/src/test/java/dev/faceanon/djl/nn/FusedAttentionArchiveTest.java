package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.weights.TorchCheckpoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused operator's TorchScript archive is a fixed function of the source text in
 * {@link FusedAttentionArchive}: same bytes on every call and every machine, four STORED records
 * with correct CRCs, the code record exactly that text, and a pickle whose every byte is spelled out
 * here from Python's pickle opcodes.
 */
class FusedAttentionArchiveTest {
    /**
     * SHA-256 of the archive. It changes only when the source text or the generator changes; a change
     * here is a change of the one program the library runs, and should be reviewed as such.
     */
    private static final String SHA256 = "ede3c000712523347f7f2a31b0bc9dd068a085e85f07d16ba9e3e036b30eaf4e";

    private static Map<String, byte[]> records(byte[] archive, List<ZipEntry> entries) throws IOException {
        Map<String, byte[]> records = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(archive))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e);
                records.put(e.getName(), in.readAllBytes());
            }
        }
        return records;
    }

    @Test
    void isByteForByteReproducibleFromTheSourceText() throws IOException, NoSuchAlgorithmException {
        StoredArchive.assertHoldsOnly(FusedAttentionArchive::bytes, SHA256, FusedAttentionArchive.ROOT,
                FusedAttentionArchive.SOURCE);
    }

    @Test
    void holdsFourStoredRecordsUnderOneRootWithCorrectChecksums() throws IOException {
        List<ZipEntry> entries = new ArrayList<>();
        Map<String, byte[]> records = records(FusedAttentionArchive.bytes(), entries);
        assertEquals(List.of("fused_attention/data.pkl", "fused_attention/code/__torch__.py",
                "fused_attention/constants.pkl", "fused_attention/version"), new ArrayList<>(records.keySet()));
        for (ZipEntry e : entries) {
            byte[] data = records.get(e.getName());
            assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
            assertEquals(data.length, e.getSize(), e.getName());
            CRC32 crc = new CRC32();
            crc.update(data);
            assertEquals(crc.getValue(), e.getCrc(), e.getName());
            assertNull(e.getExtra(), e.getName() + " has no extra fields (no time stamps of the build)");
        }
        assertArrayEquals(FusedAttentionArchive.SOURCE.getBytes(StandardCharsets.UTF_8),
                records.get("fused_attention/code/__torch__.py"));
        assertEquals("3\n", new String(records.get("fused_attention/version"), StandardCharsets.US_ASCII));
        // PROTO 2, EMPTY_TUPLE, STOP: the code has no tensor constants.
        assertArrayEquals(new byte[] {(byte) 0x80, 2, ')', '.'}, records.get("fused_attention/constants.pkl"));
    }

    @Test
    void theCodeIsOneCallOfScaledDotProductAttention() {
        String code = FusedAttentionArchive.SOURCE;
        assertTrue(code.startsWith("class FusedAttention(Module):\n  __parameters__ = []\n"), code);
        assertTrue(code.endsWith("    return torch.scaled_dot_product_attention(query, key, value)\n"), code);
        assertEquals(code.indexOf("torch."), code.lastIndexOf("torch."), "one torch call and nothing else");
    }

    @Test
    void thePickleIsTheModuleObjectWithTrainingFalse() {
        byte[] expected = concat(
                new byte[] {(byte) 0x80, 2},                                 // PROTO 2
                ascii("c__torch__\nFusedAttention\n"),                         // GLOBAL module, name
                new byte[] {')', (byte) 0x81},                               // EMPTY_TUPLE, NEWOBJ
                new byte[] {'}', '('},                                       // EMPTY_DICT, MARK
                new byte[] {'X', 8, 0, 0, 0}, ascii("training"),             // BINUNICODE, 4-byte length
                new byte[] {(byte) 0x89, 'u', 'b', '.'});                    // NEWFALSE, SETITEMS, BUILD, STOP
        assertArrayEquals(expected, FusedAttentionArchive.dataPickle());
    }

    /**
     * The library's own reader of TorchScript archives (which never runs them) takes the archive as
     * a module without tensors: the zip layout and the pickle are what torch.jit.save writes.
     */
    @Test
    void readsAsATorchScriptArchiveWithoutTensors(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("fused_attention.pt");
        Files.write(file, FusedAttentionArchive.bytes());
        try (TorchCheckpoint archive = TorchCheckpoint.openTorchScriptWeights(file)) {
            assertEquals(TorchCheckpoint.Format.TORCHSCRIPT, archive.format());
            assertEquals(List.of(), archive.tensors());
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
