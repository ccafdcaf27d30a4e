package dev.faceanon.djl.hub;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One file to fetch: where from, where to, and what it must hash to.
 *
 * @param url the download URL
 * @param headers request headers (Authorization if any)
 * @param destination the final file; it appears only complete and verified
 * @param incomplete the partial file a download resumes from
 * @param lock the lock file serialising downloads of this file
 * @param expectedSize the size the publisher states, or -1 if unknown
 * @param maxSize the most bytes the file may have: its size if known, else a bound; a server sending
 *     more is refused at once
 * @param hash the hash the publisher states
 * @param displayName the name shown in progress and messages
 * @param repo the repository, for error messages, or {@code null} for a plain URL
 * @param path the file inside the repository, or {@code null}
 */
record DownloadTarget(URI url, Map<String, String> headers, Path destination, Path incomplete, Path lock,
        long expectedSize, long maxSize, ContentHash hash, String displayName, HubRepo repo, String path) {

    DownloadTarget {
        Objects.requireNonNull(url, "url");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(incomplete, "incomplete");
        Objects.requireNonNull(lock, "lock");
        if (maxSize < 0 || expectedSize > maxSize || (expectedSize >= 0 && expectedSize != maxSize)) {
            throw new IllegalArgumentException("need maxSize >= 0, equal to expectedSize when that is known");
        }
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(displayName, "displayName");
    }

    /** Hides the Authorization header. */
    @Override
    public String toString() {
        return "DownloadTarget[" + displayName + " from " + url + " to " + destination + "]";
    }
}
