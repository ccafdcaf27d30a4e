package dev.faceanon.djl.hub;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A file published at a plain URL rather than on the hub (the face detector and landmark weights),
 * with torch.hub's integrity convention: the hex part of the file name is a prefix of the file's
 * SHA-256. That prefix is short (10 hex digits, 40 bits, for face-alignment's files), so a caller who
 * knows the full SHA-256 of the published file can pin it with {@link #withSha256}; the file is then
 * checked against it instead.
 *
 * <p>Every download is bounded: by the exact size if one is pinned ({@link #withSize}), else by
 * {@link #maxSize()} ({@link #DEFAULT_MAX_SIZE} unless set), so a server sending an endless body is
 * refused once it passes the bound.
 *
 * <p>Immutable.
 */
public final class UrlArtifact {
    /** The size bound of a file whose exact size is not pinned: 256 MiB. */
    public static final long DEFAULT_MAX_SIZE = 256L << 20;

    private final String fileName;
    private final String sha256Prefix;
    private final String purpose;
    private final String sha256;
    private final long size;
    private final long maxSize;

    /**
     * @param fileName the file name, which is also the last URL segment
     * @param sha256Prefix the expected SHA-256 prefix (8 to 64 hex digits)
     * @param purpose what the file is for, for messages
     * @throws IllegalArgumentException if the name is not a single safe path segment or the prefix is not hex
     */
    public UrlArtifact(String fileName, String sha256Prefix, String purpose) {
        this(fileName, sha256Prefix, purpose, null, -1, DEFAULT_MAX_SIZE);
    }

    private UrlArtifact(String fileName, String sha256Prefix, String purpose, String sha256, long size, long maxSize) {
        RepoPath.check(Objects.requireNonNull(fileName, "fileName"));
        if (fileName.contains("/")) {
            throw new IllegalArgumentException("a file name, not a path: '" + fileName + "'");
        }
        this.fileName = fileName;
        this.sha256Prefix = ContentHash.ofSha256Prefix(sha256Prefix).hex();
        this.purpose = Objects.requireNonNull(purpose, "purpose");
        this.sha256 = sha256;
        this.size = size;
        this.maxSize = maxSize;
    }

    /**
     * @param fullSha256 the full SHA-256 of the published file, 64 hex digits starting with
     *     {@link #sha256Prefix()}
     * @return a copy checked against it, downloaded or found on disk
     * @throws IllegalArgumentException if it is not 64 hex digits or does not start with the prefix
     */
    public UrlArtifact withSha256(String fullSha256) {
        String h = Objects.requireNonNull(fullSha256, "fullSha256").toLowerCase(Locale.ROOT);
        if (!h.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("a SHA-256 is 64 hex digits, got '" + fullSha256 + "'");
        }
        if (!h.startsWith(sha256Prefix)) {
            throw new IllegalArgumentException("the SHA-256 " + h + " does not start with " + sha256Prefix
                    + ", the prefix the name " + fileName + " promises");
        }
        return new UrlArtifact(fileName, sha256Prefix, purpose, h, size, maxSize);
    }

    /**
     * @param exactSize the size of the published file in bytes
     * @return a copy that refuses any other size, downloaded or found on disk
     * @throws IllegalArgumentException if it is negative or beyond 1 TiB
     */
    public UrlArtifact withSize(long exactSize) {
        checkSize(exactSize, "exactSize");
        return new UrlArtifact(fileName, sha256Prefix, purpose, sha256, exactSize, exactSize);
    }

    /**
     * @param bound the most bytes the file may have
     * @return a copy bounded by it (the exact size, if pinned, must not exceed it)
     * @throws IllegalArgumentException if it is negative, beyond 1 TiB, or below a pinned exact size
     */
    public UrlArtifact withMaxSize(long bound) {
        checkSize(bound, "bound");
        if (size >= 0 && bound != size) {
            throw new IllegalArgumentException("the exact size " + size + " is pinned; the bound must equal it");
        }
        return new UrlArtifact(fileName, sha256Prefix, purpose, sha256, size, bound);
    }

    /** @return the file name, which is also the last URL segment */
    public String fileName() {
        return fileName;
    }

    /** @return the SHA-256 prefix the name promises, lower-case hex */
    public String sha256Prefix() {
        return sha256Prefix;
    }

    /** @return what the file is for */
    public String purpose() {
        return purpose;
    }

    /** @return the full SHA-256, if pinned */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    /** @return the exact size, if pinned */
    public OptionalLong size() {
        return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
    }

    /** @return the most bytes the file may have */
    public long maxSize() {
        return maxSize;
    }

    /** @return the expected hash: the full SHA-256 if pinned, else the prefix */
    public ContentHash hash() {
        return sha256 != null ? ContentHash.ofHubEtag(sha256) : ContentHash.ofSha256Prefix(sha256Prefix);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UrlArtifact && ((UrlArtifact) o).fileName.equals(fileName)
                && ((UrlArtifact) o).sha256Prefix.equals(sha256Prefix) && ((UrlArtifact) o).purpose.equals(purpose)
                && Objects.equals(((UrlArtifact) o).sha256, sha256) && ((UrlArtifact) o).size == size
                && ((UrlArtifact) o).maxSize == maxSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileName, sha256Prefix, purpose, sha256, size, maxSize);
    }

    @Override
    public String toString() {
        return "UrlArtifact[" + fileName + ", " + hash() + (size >= 0 ? ", " + size + " bytes" : ", at most "
                + maxSize + " bytes") + "]";
    }

    private static void checkSize(long n, String name) {
        if (n < 0 || n > ResponseHeaders.MAX_FILE_SIZE) {
            throw new IllegalArgumentException(name + " must be in [0, " + ResponseHeaders.MAX_FILE_SIZE + "], got "
                    + n);
        }
    }
}
