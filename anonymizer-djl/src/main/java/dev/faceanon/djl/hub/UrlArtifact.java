package dev.faceanon.djl.hub;

import java.util.Objects;

/**
 * A file published at a plain URL rather than on the hub (the face detector and landmark weights),
 * with torch.hub's integrity convention: the hex part of the file name is a prefix of the file's
 * SHA-256.
 *
 * @param fileName the file name, which is also the last URL segment
 * @param sha256Prefix the expected SHA-256 prefix (at least 8 hex digits)
 * @param purpose what the file is for, for messages
 */
public record UrlArtifact(String fileName, String sha256Prefix, String purpose) {

    /** Checks the name (a single safe path segment) and the prefix. */
    public UrlArtifact {
        RepoPath.check(Objects.requireNonNull(fileName, "fileName"));
        if (fileName.contains("/")) {
            throw new IllegalArgumentException("a file name, not a path: '" + fileName + "'");
        }
        ContentHash.ofSha256Prefix(sha256Prefix);
        Objects.requireNonNull(purpose, "purpose");
    }

    /** @return the expected hash */
    public ContentHash hash() {
        return ContentHash.ofSha256Prefix(sha256Prefix);
    }
}
