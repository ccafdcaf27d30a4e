package dev.faceanon.djl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Checks of an operator archive written by {@link OperatorArchive}, shared by the operators' tests. */
final class StoredArchive {

    private StoredArchive() {}

    /**
     * Asserts that the archive is reproducible, has the pinned digest, holds the four records of the format in
     * order, all stored uncompressed, and that its code record is exactly the source.
     *
     * @param archive writes the archive anew on each call
     * @param sha256 the pinned SHA-256, in hexadecimal
     * @param root the archive's root folder
     * @param source the operator's source text
     */
    static void assertHoldsOnly(java.util.function.Supplier<byte[]> archive, String sha256, String root,
            String source) throws IOException, NoSuchAlgorithmException {
        byte[] first = archive.get();
        assertArrayEquals(first, archive.get(), "the archive is reproducible");
        assertEquals(sha256, java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first)));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(first))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                assertEquals(ZipEntry.STORED, e.getMethod(), e.getName());
                entries.put(e.getName(), zip.readAllBytes());
            }
        }
        assertEquals(List.of(root + "data.pkl", root + "code/__torch__.py", root + "constants.pkl", root + "version"),
                List.copyOf(entries.keySet()));
        assertArrayEquals(source.getBytes(StandardCharsets.UTF_8), entries.get(root + "code/__torch__.py"));
    }
}
