package dev.faceanon.djl.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's on-disk cache layout, shared with the Python tools:
 *
 * <pre>
 * &lt;root&gt;/models--org--name/
 *     blobs/&lt;etag&gt;                    file content, named by its SHA-256 (LFS) or git blob id
 *     snapshots/&lt;commit&gt;/&lt;path&gt;      relative symlink to ../../blobs/&lt;etag&gt;
 *                                    (a copy where symlinks are unavailable)
 *     refs/&lt;revision&gt;                 the commit a branch or tag pointed to when last resolved
 * &lt;root&gt;/.locks/models--org--name/&lt;etag&gt;.lock
 * </pre>
 *
 * A blob is only ever created by an atomic rename of a verified {@code blobs/<etag>.incomplete}
 * file, so a blob or snapshot entry that exists is complete. Every name taken from the network
 * (commit, ETag) is validated before it becomes a path.
 */
public final class HubCache {
    private static final Logger LOG = LoggerFactory.getLogger(HubCache.class);

    private final Path root;

    /** @param root the cache root ({@link HubSettings#hubCache()}) */
    public HubCache(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** @return the cache root */
    public Path root() {
        return root;
    }

    /**
     * @param repo a repository
     * @return its folder, existing or not
     */
    public Path repoDir(HubRepo repo) {
        return root.resolve(repo.cacheFolderName());
    }

    /**
     * @param repo a repository
     * @param etag the file's normalised ETag (64 or 40 hex digits)
     * @return where the blob lives
     */
    public Path blob(HubRepo repo, String etag) {
        ContentHash.ofHubEtag(etag);
        return repoDir(repo).resolve("blobs").resolve(etag);
    }

    /**
     * @param repo a repository
     * @param etag the file's ETag
     * @return the partial file a download resumes from
     */
    public Path incompleteBlob(HubRepo repo, String etag) {
        return blob(repo, etag).resolveSibling(etag + ".incomplete");
    }

    /**
     * @param repo a repository
     * @param etag the file's ETag
     * @return the lock file that serialises downloads of that blob across processes
     */
    public Path lockFile(HubRepo repo, String etag) {
        ContentHash.ofHubEtag(etag);
        return root.resolve(".locks").resolve(repo.cacheFolderName()).resolve(etag + ".lock");
    }

    /**
     * @param repo a repository
     * @param commit a full commit hash
     * @return the snapshot directory of that commit
     */
    public Path snapshotDir(HubRepo repo, String commit) {
        if (!HubRepo.isCommitHash(commit)) {
            throw new IllegalArgumentException("not a commit hash: '" + commit + "'");
        }
        return repoDir(repo).resolve("snapshots").resolve(commit);
    }

    /**
     * @param repo a repository
     * @param commit a full commit hash
     * @param path a file path inside the repository
     * @return the snapshot entry for that file
     */
    public Path snapshotFile(HubRepo repo, String commit, String path) {
        return snapshotDir(repo, commit).resolve(RepoPath.check(path));
    }

    /**
     * The commit the repository's revision resolves to without asking the network: the revision
     * itself if it is a commit hash, else the content of {@code refs/<revision>}.
     *
     * @param repo a repository at a revision
     * @return the commit, or empty if the revision was never resolved into this cache
     */
    public Optional<String> cachedCommit(HubRepo repo) {
        if (repo.isPinnedToCommit()) {
            return Optional.of(repo.revision());
        }
        Path ref = repoDir(repo).resolve("refs").resolve(repo.revision());
        if (!Files.isRegularFile(ref)) {
            return Optional.empty();
        }
        try {
            String commit = Files.readString(ref, StandardCharsets.US_ASCII).strip();
            if (HubRepo.isCommitHash(commit)) {
                return Optional.of(commit);
            }
            LOG.warn("ignoring malformed cache ref {}", ref);
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read cache ref " + ref, e);
        }
    }

    /**
     * @param repo a repository at a revision
     * @param path a file path inside it
     * @return the cached file, if the revision is known here and the file was fully downloaded
     */
    public Optional<Path> cachedFile(HubRepo repo, String path) {
        return cachedCommit(repo).map(c -> snapshotFile(repo, c, path)).filter(Files::isRegularFile);
    }

    /**
     * Records that a branch or tag pointed to a commit (nothing to do for a commit revision).
     *
     * @param repo a repository at a revision
     * @param commit the commit the hub resolved it to
     * @throws IOException if the ref cannot be written
     */
    public void writeRef(HubRepo repo, String commit) throws IOException {
        if (!HubRepo.isCommitHash(commit)) {
            throw new IllegalArgumentException("not a commit hash: '" + commit + "'");
        }
        if (repo.revision().equals(commit)) {
            return;
        }
        Path ref = repoDir(repo).resolve("refs").resolve(repo.revision());
        Files.createDirectories(ref.getParent());
        Path tmp = ref.resolveSibling(ref.getFileName() + "." + UUID.randomUUID() + ".tmp");
        Files.writeString(tmp, commit, StandardCharsets.US_ASCII);
        moveAtomically(tmp, ref);
    }

    /**
     * Makes a snapshot entry point to a blob: a relative symlink, as the Python tools create it, or a
     * copy where the file system refuses symlinks. The entry appears atomically.
     *
     * @param repo a repository
     * @param commit the snapshot's commit
     * @param path the file path inside the repository
     * @param blob the complete blob
     * @return the snapshot entry
     * @throws IOException if neither a link nor a copy can be made
     */
    public Path link(HubRepo repo, String commit, String path, Path blob) throws IOException {
        Path entry = snapshotFile(repo, commit, path);
        Files.createDirectories(entry.getParent());
        Path tmp = entry.resolveSibling(entry.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createSymbolicLink(tmp, entry.getParent().relativize(blob));
        } catch (UnsupportedOperationException | FileSystemException e) {
            LOG.debug("symlinks unavailable in {} ({}); copying the blob instead", entry.getParent(), e.toString());
            Files.copy(blob, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        moveAtomically(tmp, entry);
        return entry;
    }

    static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
