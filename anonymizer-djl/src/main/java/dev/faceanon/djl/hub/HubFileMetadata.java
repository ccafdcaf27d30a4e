package dev.faceanon.djl.hub;

import java.net.URI;
import java.util.Objects;

/**
 * What the hub says about one file before it is downloaded (from a HEAD request).
 *
 * @param commit the commit the requested revision resolved to ({@code X-Repo-Commit})
 * @param etag the content id: SHA-256 for LFS files ({@code X-Linked-Etag}), git blob id otherwise
 *     ({@code ETag}); quotes and a weak-validator prefix removed
 * @param size the file size ({@code X-Linked-Size}, else {@code Content-Length})
 * @param location where to download it from: the CDN for LFS files, else the resolve URL
 * @param redirected true if the hub redirected the download elsewhere (a pre-signed CDN URL), in which
 *     case no credentials are sent there
 */
public record HubFileMetadata(String commit, String etag, long size, URI location, boolean redirected) {

    /**
     * Checks that the values are safe to use as cache file names.
     *
     * @param commit the commit the requested revision resolved to ({@code X-Repo-Commit})
     * @param etag the content id: SHA-256 for LFS files ({@code X-Linked-Etag}), git blob id otherwise
     *     ({@code ETag}); quotes and a weak-validator prefix removed
     * @param size the file size ({@code X-Linked-Size}, else {@code Content-Length})
     * @param location where to download it from: the CDN for LFS files, else the resolve URL
     * @param redirected true if the hub redirected the download elsewhere (a pre-signed CDN URL), in which
     *     case no credentials are sent there
     * @throws NullPointerException if the etag or the location is null
     * @throws IllegalArgumentException if the commit is not a full commit hash, the etag is neither a SHA-256
     *     nor a git blob id, or the size is negative
     */
    public HubFileMetadata {
        if (!HubRepo.isCommitHash(commit)) {
            throw new IllegalArgumentException("X-Repo-Commit is not a full commit hash: '" + commit + "'");
        }
        ContentHash.ofHubEtag(etag);
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative, got " + size);
        }
        Objects.requireNonNull(location, "location");
    }

    /** @return the hash the content must have */
    public ContentHash hash() {
        return ContentHash.ofHubEtag(etag);
    }

    /**
     * Normalises an HTTP ETag header: the hub sends {@code "<value>"}; the weak form
     * {@code W/"<value>"} is accepted too.
     *
     * @param header the raw header value
     * @return the bare value, lower-case
     */
    static String normalizeEtag(String header) {
        String e = header.strip();
        if (e.startsWith("W/") || e.startsWith("w/")) {
            e = e.substring(2);
        }
        if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
            e = e.substring(1, e.length() - 1);
        }
        return e.toLowerCase(java.util.Locale.ROOT);
    }
}
