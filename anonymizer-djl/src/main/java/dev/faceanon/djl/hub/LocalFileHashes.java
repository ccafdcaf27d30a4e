package dev.faceanon.djl.hub;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SHA-256 of local files (the detector files, about 90 MB each), hashed once and remembered
 * while the file is unchanged, so that checking them on every load costs nothing after the first.
 *
 * <p>A record holds the hash with the file's size, modification time, file key (device and inode where
 * the system has them) and, on Unix, its status-change time. A file that is rewritten, replaced or
 * touched no longer matches its record and is hashed again. This guards against corruption and against
 * a file replaced by mistake or by a later download; someone who can write the records directory can
 * also forge a record, so it does not guard against an attacker with write access to the caches.
 *
 * <p>Records live in one small JSON file per path; an unreadable or foreign record is ignored (the file
 * is hashed), and a record that cannot be written only costs a hash on the next load.
 */
final class LocalFileHashes {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFileHashes.class);
    private static final long MAX_RECORD_BYTES = 8192;

    private final Path dir;

    /** @param dir where the records are kept */
    LocalFileHashes(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * @param file a local file (symbolic links are followed)
     * @return its SHA-256, lower-case hex: from its record if the file is unchanged since, else computed
     *     (and recorded)
     * @throws IOException if the file cannot be read
     */
    String sha256(Path file) throws IOException {
        Path real = file.toRealPath();
        String stamp = stamp(real);
        Optional<String> known = recorded(real, stamp);
        if (known.isPresent()) {
            return known.get();
        }
        String sha = ContentHash.sha256Hex(real);
        // A file that changed while it was read gets no record: the hash may mix two versions.
        if (stamp.equals(stamp(real))) {
            write(real, stamp, sha);
        }
        return sha;
    }

    /**
     * Records the hash of a file just verified some other way (a download).
     *
     * @param file the file
     * @param sha256 its SHA-256, lower-case hex
     */
    void record(Path file, String sha256) {
        try {
            Path real = file.toRealPath();
            write(real, stamp(real), sha256);
        } catch (IOException e) {
            LOG.debug("cannot record the hash of {}: {}", file, e.toString());
        }
    }

    /** Everything that changes when a file's content is rewritten or the file replaced. */
    private static String stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        StringBuilder s = new StringBuilder().append(a.size()).append('/')
                .append(a.lastModifiedTime().to(TimeUnit.NANOSECONDS)).append('/').append(a.fileKey());
        try {
            s.append('/').append(((FileTime) Files.getAttribute(file, "unix:ctime")).to(TimeUnit.NANOSECONDS));
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // no status-change time on this system: size, time and key still tell a rewrite
        }
        return s.toString();
    }

    private Path recordFile(Path real) {
        byte[] key = ContentHash.digest("SHA-256").digest(real.toString().getBytes(StandardCharsets.UTF_8));
        return dir.resolve(HexFormat.of().formatHex(key) + ".json");
    }

    private Optional<String> recorded(Path real, String stamp) {
        Path r = recordFile(real);
        try {
            if (!Files.isRegularFile(r)) {
                return Optional.empty();
            }
            JsonObject o = CacheJson.readObject(r, MAX_RECORD_BYTES);
            String sha = o.get("sha256").getAsString();
            boolean same = real.toString().equals(o.get("path").getAsString())
                    && stamp.equals(o.get("stamp").getAsString()) && sha.matches("[0-9a-f]{64}");
            return same ? Optional.of(sha) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("ignoring the unreadable hash record {}: {}", r, e.toString());
            return Optional.empty();
        }
    }

    private void write(Path real, String stamp, String sha) {
        Path r = recordFile(real);
        JsonObject o = new JsonObject();
        o.addProperty("path", real.toString());
        o.addProperty("stamp", stamp);
        o.addProperty("sha256", sha);
        try {
            Files.createDirectories(dir);
            Path tmp = r.resolveSibling(r.getFileName() + "." + UUID.randomUUID() + ".tmp");
            Files.writeString(tmp, o.toString(), StandardCharsets.UTF_8);
            HubCache.moveAtomically(tmp, r);
        } catch (IOException e) {
            LOG.debug("cannot record the hash of {} in {}: {}", real, dir, e.toString());
        }
    }
}
