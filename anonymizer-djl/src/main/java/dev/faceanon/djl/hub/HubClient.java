package dev.faceanon.djl.hub;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Talks to the hub for single files: metadata by HEAD ({@code {endpoint}/{repo}/resolve/{revision}/{path}},
 * redirects not followed, as the hub puts the metadata on the redirect), and download into the
 * shared cache layout.
 */
final class HubClient {
    private final HubSettings settings;
    private final HubCache cache;
    private final ResumableDownloader downloader;
    private final HubHttp http;
    private final RetryPolicy retry;

    HubClient(HubSettings settings, HubCache cache, ResumableDownloader downloader, DownloadContext ctx) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.http = ctx.http();
        this.retry = ctx.retry();
    }

    /**
     * @param repo a repository at a revision
     * @param path a file inside it
     * @return its resolve URL
     */
    URI resolveUrl(HubRepo repo, String path) {
        return URI.create(settings.endpoint() + "/" + RepoPath.encode(repo.id(), true) + "/resolve/"
                + RepoPath.encode(repo.revision(), false) + "/" + RepoPath.encode(RepoPath.check(path), true));
    }

    /** @return the Authorization header if a token is configured */
    Map<String, String> authHeaders() {
        return settings.token().map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of());
    }

    /**
     * Asks the hub for a file's commit, hash, size and download location.
     *
     * @param repo a repository at a revision
     * @param path a file inside it
     * @return the metadata
     * @throws ModelDownloadException with a reason and a remedy on failure
     */
    HubFileMetadata metadata(HubRepo repo, String path) {
        URI url = resolveUrl(repo, path);
        int failures = 0;
        while (true) {
            HubHttp.Head r;
            try {
                r = http.head(url, authHeaders());
            } catch (IOException e) {
                failures++;
                if (failures >= retry.maxAttempts()) {
                    throw new ModelDownloadException(Reason.NETWORK, "Cannot reach " + settings.endpoint()
                            + " for '" + path + "' of " + repo + ": " + DownloadContext.reasonOf(e) + ". Check the network and proxy; to"
                            + " run without network set HF_HUB_OFFLINE=1 with the files in " + cache.root()
                            + ", or pass local model directories.", e);
                }
                retry.sleep(failures);
                continue;
            }
            int status = r.status();
            if (HttpErrors.isTransient(status) && ++failures < retry.maxAttempts()) {
                retry.sleep(failures);
                continue;
            }
            boolean redirect = status >= 300 && status < 400 && r.location().isPresent();
            if (status / 100 != 2 && !redirect) {
                throw HttpErrors.forStatus(status, r.headers(), url, repo, path,
                        settings.token().isPresent(), settings.endpoint());
            }
            return parse(r.headers(), r.location().orElse(r.uri()), redirect, repo, path);
        }
    }

    private HubFileMetadata parse(ResponseHeaders h, URI location, boolean redirected, HubRepo repo, String path) {
        String what = "'" + path + "' of " + repo;
        Optional<String> commit = h.text("X-Repo-Commit");
        Optional<String> etag = h.text("X-Linked-Etag").or(() -> h.text("ETag"));
        OptionalLong size = h.size("X-Linked-Size");
        if (size.isEmpty()) {
            size = h.size("Content-Length");
        }
        if (commit.isEmpty() || etag.isEmpty() || size.isEmpty()) {
            String missing = commit.isEmpty() ? "X-Repo-Commit" : etag.isEmpty() ? "an ETag"
                    : "a size (X-Linked-Size or Content-Length)";
            throw new ModelDownloadException(Reason.SERVER, settings.endpoint() + " answered for " + what
                    + " without " + missing + ": it does not look like a Hugging Face hub. Check HF_ENDPOINT.");
        }
        if (!HubRepo.isCommitHash(commit.get())) {
            throw h.unusable("X-Repo-Commit", commit.get(), "it is not a full 40-hex commit hash");
        }
        String normalized = HubFileMetadata.normalizeEtag(etag.get());
        try {
            ContentHash.ofHubEtag(normalized);
        } catch (IllegalArgumentException e) {
            throw h.unusable(h.text("X-Linked-Etag").isPresent() ? "X-Linked-Etag" : "ETag", etag.get(),
                    "it is neither a SHA-256 nor a git blob id, so the file could not be verified");
        }
        return new HubFileMetadata(commit.get(), normalized, size.getAsLong(), location, redirected);
    }

    /**
     * Makes a file present in the cache snapshot of its commit, downloading its blob if needed.
     *
     * @param repo the repository at the revision asked for
     * @param path the file
     * @param meta its metadata
     * @param progress where progress goes
     * @return the snapshot entry
     */
    Path fetch(HubRepo repo, String path, HubFileMetadata meta, ProgressTracker progress) {
        try {
            Path entry = cache.snapshotFile(repo, meta.commit(), path);
            if (Files.isRegularFile(entry)) {
                return entry;
            }
            Path blob = cache.blob(repo, meta.etag());
            if (!Files.isRegularFile(blob)) {
                downloader.download(target(repo, path, meta, blob), progress);
            }
            return cache.link(repo, meta.commit(), path, blob);
        } catch (IOException e) {
            throw new ModelDownloadException(Reason.NETWORK, "Cannot place '" + path + "' of " + repo
                    + " in the cache " + cache.root() + ": " + e.getMessage(), e);
        }
    }

    /** @return true if the blob of this file is already in the cache */
    boolean hasBlob(HubRepo repo, HubFileMetadata meta) {
        return Files.isRegularFile(cache.blob(repo, meta.etag()));
    }

    private DownloadTarget target(HubRepo repo, String path, HubFileMetadata meta, Path blob) {
        // Like the hub's own client, credentials go to the hub only, never to the pre-signed CDN URL.
        Map<String, String> headers = meta.redirected() ? Map.of() : authHeaders();
        return new DownloadTarget(meta.location(), headers, blob, cache.incompleteBlob(repo, meta.etag()),
                cache.lockFile(repo, meta.etag()), meta.size(), meta.size(), meta.hash(), repo.id() + "/" + path, repo, path);
    }
}
