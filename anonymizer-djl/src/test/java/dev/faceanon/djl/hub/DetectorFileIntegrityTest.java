package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The detector files are checked wherever they come from: downloaded, already in the torch.hub
 * checkpoint directory, or in a local detector directory (before the fix, files already present were
 * used unchecked), against the name's SHA-256 prefix or a pinned full SHA-256.
 */
class DetectorFileIntegrityTest extends FakeHubFixture {
    private DetectorFiles resolve(HubSettings s, ModelSourceConfig config) {
        return ModelSource.builder(s).retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))
                .build().resolveDetectors(config);
    }

    private ModelSourceConfig config() {
        return m.config(hub.plainBase());
    }

    @Test
    void aTamperedFileInTheTorchCheckpointsIsRefusedOfflineAndOnline() throws IOException {
        HubSettings s = settings(Map.of());
        Files.createDirectories(s.torchCheckpoints());
        byte[] tampered = m.fan.clone();
        tampered[100] ^= 1;
        Path fan = s.torchCheckpoints().resolve(m.fanArtifact.fileName());
        Files.write(s.torchCheckpoints().resolve(m.s3fdArtifact.fileName()), m.s3fd);
        Files.write(fan, tampered);
        for (HubSettings variant : List.of(s, settings(Map.of("HF_HUB_OFFLINE", "1")))) {
            ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> resolve(variant, config()));
            assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
            assertTrue(e.getMessage().startsWith(fan + " does not have the SHA-256 starting with "
                    + m.fanArtifact.sha256Prefix()), e.getMessage());
            assertTrue(e.getMessage().contains("Delete it so that it is downloaded again"), e.getMessage());
        }
        assertTrue(hub.requests().isEmpty(), "a file present is never downloaded over: " + hub.requests());
    }

    @Test
    void aTamperedFileInADetectorDirectoryIsRefused() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("face-alignment"));
        Files.write(dir.resolve(m.s3fdArtifact.fileName()), new byte[m.s3fd.length]);
        Files.write(dir.resolve(m.fanArtifact.fileName()), m.fan);
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> resolve(settings(Map.of()), config().withDetectorDirectory(dir)));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().startsWith(dir.resolve(m.s3fdArtifact.fileName()) + " does not have"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Replace it with the published file"), e.getMessage());
    }

    @Test
    void aFileBeyondTheSizeBoundIsRefusedWithoutReadingIt() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("face-alignment"));
        Files.write(dir.resolve(m.s3fdArtifact.fileName()), m.s3fd);
        Files.write(dir.resolve(m.fanArtifact.fileName()), m.fan);
        UrlArtifact bounded = m.s3fdArtifact.withMaxSize(m.s3fd.length - 1);
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> resolve(settings(Map.of()),
                config().withDetectorDirectory(dir).withDetectorFiles(bounded, m.fanArtifact)));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("is " + m.s3fd.length + " bytes, but the test detector is at most "
                + (m.s3fd.length - 1) + " bytes"), e.getMessage());
    }

    @Test
    void aPinnedFullSha256IsCheckedOnDownloadsAndOnFilesPresent() throws IOException {
        String real = FakeHub.sha256(m.s3fd);
        UrlArtifact pinned = m.s3fdArtifact.withSha256(real);
        HubSettings s = settings(Map.of());
        DetectorFiles f = resolve(s, config().withDetectorFiles(pinned, m.fanArtifact));
        assertArrayEquals(m.s3fd, Files.readAllBytes(f.s3fdWeights()));

        // Same prefix, other hash: the 40-bit prefix would let it through, the pin does not.
        String other = real.substring(0, 10) + (real.charAt(10) == '0' ? '1' : '0') + real.substring(11);
        UrlArtifact wrongPin = m.s3fdArtifact.withSha256(other);
        ModelDownloadException present = assertThrows(ModelDownloadException.class,
                () -> resolve(s, config().withDetectorFiles(wrongPin, m.fanArtifact)));
        assertEquals(Reason.CHECKSUM_MISMATCH, present.reason());
        assertTrue(present.getMessage().contains("SHA-256 " + other), present.getMessage());

        Files.delete(f.s3fdWeights());
        ModelDownloadException downloaded = assertThrows(ModelDownloadException.class,
                () -> resolve(s, config().withDetectorFiles(wrongPin, m.fanArtifact)));
        assertEquals(Reason.CHECKSUM_MISMATCH, downloaded.reason());
        assertTrue(downloaded.getMessage().contains("deleted"), downloaded.getMessage());
        assertTrue(!Files.exists(f.s3fdWeights()));

        assertThrows(IllegalArgumentException.class, () -> m.s3fdArtifact.withSha256("0".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> m.s3fdArtifact.withSha256(real.substring(1)));
    }

    @Test
    void aDownloadedFileIsRecordedSoTheNextLoadNeedNotHashItAgain() throws IOException {
        HubSettings s = settings(Map.of());
        DetectorFiles f = resolve(s, config());
        LocalFileHashes hashes = new LocalFileHashes(s.derivedCache().resolve("verified-files"));
        Path records = s.derivedCache().resolve("verified-files");
        try (var list = Files.list(records)) {
            assertEquals(2, list.count(), "one record per downloaded file");
        }
        assertEquals(FakeHub.sha256(m.s3fd), hashes.sha256(f.s3fdWeights()));
    }

    @Test
    void theHashOfAnUnchangedFileComesFromItsRecordAndAChangedFileIsHashedAgain() throws IOException {
        Path records = tmp.resolve("records");
        LocalFileHashes hashes = new LocalFileHashes(records);
        Path file = Files.write(tmp.resolve("w.bin"), m.s3fd);
        assertEquals(FakeHub.sha256(m.s3fd), hashes.sha256(file));

        // Forge the record: an unchanged file is not read again, so the forged value comes back.
        Path record;
        try (var list = Files.list(records)) {
            record = list.findFirst().orElseThrow();
        }
        String forged = "f".repeat(64);
        Files.writeString(record, Files.readString(record).replace(FakeHub.sha256(m.s3fd), forged));
        assertEquals(forged, hashes.sha256(file));

        // Rewritten in place with the same size and the old modification time: hashed again.
        FileTime mtime = Files.getLastModifiedTime(file);
        byte[] changed = m.s3fd.clone();
        changed[0] ^= 1;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(changed));
        }
        Files.setLastModifiedTime(file, mtime);
        assertEquals(FakeHub.sha256(changed), hashes.sha256(file));

        // A record that is not JSON, or too large, is ignored.
        Files.writeString(record, "{not json");
        Files.setLastModifiedTime(file, FileTime.fromMillis(mtime.toMillis() - 5000));
        assertEquals(FakeHub.sha256(changed), hashes.sha256(file));
        Files.write(record, new byte[100_000]);
        assertEquals(FakeHub.sha256(changed), hashes.sha256(file));

        // Read strictly, as every JSON file on disk: a key twice (where a lenient reader takes the last), a
        // comment or a trailing comma is not a record this library wrote, so it is ignored and the file hashed.
        String valid = Files.readString(record);
        for (String tampered : List.of(valid.substring(0, valid.lastIndexOf('}')) + ",\"sha256\":\"" + forged + "\"}",
                valid.replace("\"sha256\"", "/* x */\"sha256\""), valid.substring(0, valid.lastIndexOf('}')) + ",}")) {
            Files.writeString(record, tampered);
            assertEquals(FakeHub.sha256(changed), hashes.sha256(file), tampered);
        }
    }
}
