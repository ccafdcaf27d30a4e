package dev.faceanon.djl.npm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarGzEntriesTest {
    private static final String MANIFEST = "package/model/m.json";
    private static final String WEIGHTS = "package/model/w.bin";
    private static final byte[] M = "[1]".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] W = new byte[700];

    @TempDir
    Path dir;

    static {
        for (int i = 0; i < W.length; i++) {
            W[i] = (byte) (i * 7);
        }
    }

    private Path write(byte[] tgz) throws IOException {
        return Files.write(dir.resolve("p.tgz"), tgz);
    }

    private static Map<String, Long> wanted(long bound) {
        Map<String, Long> w = new LinkedHashMap<>();
        w.put(MANIFEST, bound);
        w.put(WEIGHTS, bound);
        return w;
    }

    private WeightFormatException refused(TestTarGz archive) throws IOException {
        Path p = write(archive.toTgz());
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> TarGzEntries.read(p, wanted(1000), 1 << 20));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e;
    }

    @Test
    void readsOnlyTheWantedEntriesWhateverElseTheArchiveHolds() throws IOException {
        Path p = write(new TestTarGz().file("package/README.md", new byte[1300]).file(WEIGHTS, W)
                .entry("package/model", '5', 0, new byte[0], true).file(MANIFEST, M).toTgz());
        Map<String, byte[]> got = TarGzEntries.read(p, wanted(1000), 1 << 20);
        assertEquals(List.of(MANIFEST, WEIGHTS), List.copyOf(got.keySet()), "in the order asked");
        assertArrayEquals(M, got.get(MANIFEST));
        assertArrayEquals(W, got.get(WEIGHTS));
    }

    @Test
    void paxAndGnuLongNamesNameTheNextEntry() throws IOException {
        String longName = "package/" + "d/".repeat(60) + "w.bin";
        Path p = write(new TestTarGz().pax("path=" + MANIFEST).file("short-alias", M)
                .entry("././@LongLink", 'L', longName.length() + 1, (longName + "\0").getBytes(StandardCharsets.UTF_8),
                        true)
                .file("truncated-name", W).toTgz());
        Map<String, byte[]> got = TarGzEntries.read(p, Map.of(MANIFEST, 100L, longName, 1000L), 1 << 20);
        assertArrayEquals(M, got.get(MANIFEST));
        assertArrayEquals(W, got.get(longName));
    }

    @Test
    void aMissingEntryIsNamed() throws IOException {
        WeightFormatException e = refused(new TestTarGz().file(MANIFEST, M));
        assertTrue(e.getMessage().contains("no entry " + WEIGHTS), e.getMessage());
    }

    @Test
    void traversalNamesNeverMatchAndNothingIsWritten() throws IOException {
        WeightFormatException e = refused(new TestTarGz().file(MANIFEST, M).file("package/../package/model/w.bin", W)
                .file("/" + WEIGHTS, W).file("../../" + WEIGHTS, W));
        assertTrue(e.getMessage().contains("no entry " + WEIGHTS), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("p.tgz")), files.toList(), "reading writes nothing");
        }
    }

    @Test
    void anEntryLargerThanItsBoundIsRefusedBeforeItsBytesAreRead() throws IOException {
        // The header claims 8 GB and no data follows: refused on the header, no allocation, no read.
        WeightFormatException e = refused(new TestTarGz().file(MANIFEST, M)
                .entry(WEIGHTS, '0', 077777777777L, new byte[0], true));
        assertTrue(e.getMessage().contains("more than the 1000 expected"), e.getMessage());
    }

    @Test
    void aDuplicateWantedEntryIsRefused() throws IOException {
        WeightFormatException e = refused(new TestTarGz().file(MANIFEST, M).file(WEIGHTS, W).file(WEIGHTS, M));
        assertTrue(e.getMessage().contains("appears twice"), e.getMessage());
    }

    @Test
    void aWantedNameThatIsNotARegularFileIsRefused() throws IOException {
        WeightFormatException e = refused(new TestTarGz().file(MANIFEST, M).entry(WEIGHTS, '2', 0, new byte[0], true));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void corruptHeadersAndSizesAreRefused() throws IOException {
        assertTrue(refused(new TestTarGz().file(MANIFEST, M).entry(WEIGHTS, '0', W.length, W, false)).getMessage()
                .contains("checksum"));
        assertTrue(refused(new TestTarGz().pax("size=12x").file(MANIFEST, M)).getMessage().contains("pax size"));
        assertTrue(refused(new TestTarGz().pax("no-length-here").file(MANIFEST, M)).getMessage()
                .contains("pax record"));
    }

    @Test
    void truncatedArchivesAreRefused() throws IOException {
        byte[] whole = new TestTarGz().file(MANIFEST, M).file(WEIGHTS, W).toTgz();
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length / 2);
        Path p = write(cut);
        assertThrows(WeightFormatException.class, () -> TarGzEntries.read(p, wanted(1000), 1 << 20));
        Path noEnd = write(new TestTarGz().file(MANIFEST, M).file(WEIGHTS, W).toTgzWithoutEnd());
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> TarGzEntries.read(noEnd, wanted(1000), 1 << 20));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void anArchiveExpandingBeyondTheBoundIsRefused() throws IOException {
        // 4 MB of zeros compress to a few kB: the bound on the uncompressed stream stops it.
        Path p = write(new TestTarGz().file("package/zeros", new byte[4 << 20]).file(MANIFEST, M).file(WEIGHTS, W)
                .toTgz());
        assertTrue(Files.size(p) < 64 << 10);
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> TarGzEntries.read(p, wanted(1000), 1 << 20));
        assertTrue(e.getMessage().contains("expands to more than"), e.getMessage());
    }

    @Test
    void notGzipAndMissingFilesAreReportedAsSuch() throws IOException {
        Path p = Files.write(dir.resolve("p.tgz"), "not an archive".getBytes(StandardCharsets.US_ASCII));
        WeightFormatException e = assertThrows(WeightFormatException.class,
                () -> TarGzEntries.read(p, wanted(1000), 1 << 20));
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
        assertThrows(MissingModelFileException.class,
                () -> TarGzEntries.read(dir.resolve("absent.tgz"), wanted(1000), 1 << 20));
        assertThrows(IllegalArgumentException.class, () -> TarGzEntries.read(p, Map.of(MANIFEST, -1L), 1 << 20));
    }
}
