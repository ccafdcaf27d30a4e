package dev.faceanon.djl.hub;

import dev.faceanon.DownloadProgressListener;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import dev.faceanon.model.MissingModelFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or fetches every model file the pipeline needs and returns their local paths.
 *
 * <p>For each repository, in this order:
 *
 * <ol>
 *   <li>an explicit local directory ({@link RepoLocation#local}) is used as is, after checking that the
 *       files are there;
 *   <li>the hub cache is consulted without any network access: if the revision is a commit, or a
 *       branch or tag already resolved into the cache ({@code refs/}), and every file is in that
 *       commit's snapshot, the snapshot is used. This is what makes every run after the first start
 *       fast, and what reuses weights downloaded by Python tools;
 *   <li>otherwise, unless offline, the hub is asked for each file's metadata (the branch is resolved
 *       to a commit once and recorded in {@code refs/}), and missing blobs are downloaded, resumably and
 *       verified, into the shared cache.
 * </ol>
 *
 * For CLIP only the vision tower is needed: if the full weights file is not cached and the server
 * serves byte ranges, only the {@code vision_model.*} tensors are fetched into a derived directory
 * under {@link HubSettings#derivedCache()} (see {@link SafetensorsSubsetFetcher} for what is verified
 * then); otherwise the whole file is downloaded and verified. The detector files come from a local
 * directory or the torch.hub checkpoint directory, else from their URL; a detector file found on disk is
 * checked like a downloaded one (size bound, then SHA-256 against the pinned hash or the name's prefix).
 *
 * <p>Safe for concurrent use by several threads and processes: downloads of one file are serialised
 * by a lock file, and files appear in the cache only complete.
 */
public final class ModelSource {
    private static final Logger LOG = LoggerFactory.getLogger(ModelSource.class);
    private static final String DERIVED_MARKER = "faceanon-derived.json";
    /** A marker names one file and its size; anything larger is not one this library wrote. */
    private static final long MAX_MARKER_BYTES = 64 << 10;

    private final HubSettings settings;
    private final HubCache cache;
    private final HubClient client;
    private final ResumableDownloader downloader;
    private final SafetensorsSubsetFetcher subsetFetcher;
    private final DownloadProgressListener listener;
    private final DiskSpace disk;
    private final LongSupplier nanoClock;
    private final LocalFileHashes localHashes;

    private ModelSource(Builder b) {
        this.settings = b.settings;
        this.cache = new HubCache(settings.hubCache());
        HubHttp http = new HubHttp(HubHttp.newClient(b.connectTimeout), settings.offline(), b.requestTimeout,
                settings.downloadPace().stallTimeout());
        this.disk = b.disk;
        DownloadContext ctx = new DownloadContext(http, b.retry, settings.downloadPace(), disk, settings.endpoint());
        this.downloader = new ResumableDownloader(ctx);
        this.client = new HubClient(settings, cache, downloader, ctx);
        this.subsetFetcher = new SafetensorsSubsetFetcher(ctx);
        this.listener = b.listener;
        this.nanoClock = b.nanoClock;
        this.localHashes = new LocalFileHashes(settings.derivedCache().resolve("verified-files"));
    }

    /**
     * @param settings endpoint, token, offline mode and cache locations
     * @return a builder for further options
     */
    public static Builder builder(HubSettings settings) {
        return new Builder(settings);
    }

    /**
     * Resolves every model file, downloading what is missing.
     *
     * @param config which repositories and revisions
     * @return local paths of everything
     * @throws ModelDownloadException if files cannot be obtained; its reason and message say why
     * @throws MissingModelFileException if a local directory lacks a file
     */
    public ResolvedModelFiles resolve(ModelSourceConfig config) {
        Path[] p = resolve(config, true, true);
        return new ResolvedModelFiles(p[0], p[1], p[2], p[3], p[4]);
    }

    /**
     * Resolves the diffusion networks only (face-anon, SD-2.1 VAE and scheduler, CLIP), so that
     * callers who bring their own face detections need no detector files.
     *
     * @param config which repositories and revisions
     * @return local paths of the three repositories
     * @throws ModelDownloadException if files cannot be obtained
     * @throws MissingModelFileException if a local directory lacks a file
     */
    public NetworkFiles resolveNetworks(ModelSourceConfig config) {
        Path[] p = resolve(config, true, false);
        return new NetworkFiles(p[0], p[1], p[2]);
    }

    /**
     * Resolves the detector files only (S3FD and 2DFAN4), so that redaction needs none of the
     * diffusion networks.
     *
     * @param config where the detector files come from
     * @return local paths of the two files
     * @throws ModelDownloadException if files cannot be obtained
     * @throws MissingModelFileException if the detector directory lacks a file
     */
    public DetectorFiles resolveDetectors(ModelSourceConfig config) {
        Path[] p = resolve(config, false, true);
        return new DetectorFiles(p[3], p[4]);
    }

    /** @return faceAnon, sd21, clip, s3fd, fan; null where not asked for */
    private Path[] resolve(ModelSourceConfig config, boolean networks, boolean detectors) {
        Objects.requireNonNull(config, "config");
        ProgressTracker progress = new ProgressTracker(listener, 0, nanoClock);
        List<Planned> planned = new ArrayList<>();
        if (networks) {
            planned.add(planRepo(config.faceAnon(), ModelFiles.FACE_ANON, Optional.empty(), progress));
            planned.add(planRepo(config.sd21(), ModelFiles.SD21, Optional.empty(), progress));
            planned.add(planRepo(config.clip(), ModelFiles.CLIP,
                    config.clipPartialFetch() ? Optional.of(ModelFiles.CLIP_WEIGHTS) : Optional.empty(), progress));
        }
        if (detectors) {
            planned.addAll(planDetectors(config));
        }
        checkTotalSpace(progress.expectedBytes());

        Path[] paths = new Path[5];
        int next = networks ? 0 : 3;
        for (Planned p : planned) {
            paths[next++] = p.complete(progress);
        }
        if (progress.anyStarted()) {
            progress.finishAll();
        }
        return paths;
    }

    /** A path that is known, or will be once its files are fetched. */
    private interface Planned {
        Path complete(ProgressTracker progress);
    }

    private Planned planRepo(RepoLocation location, Map<String, String> files, Optional<String> subsetFile,
            ProgressTracker progress) {
        if (location.localDir().isPresent()) {
            Path dir = location.localDir().get();
            files.forEach((path, purpose) -> requireLocal(dir.resolve(path), purpose));
            return p -> dir;
        }
        HubRepo repo = location.hubRepo().orElseThrow();
        Optional<String> cachedCommit = cache.cachedCommit(repo);
        if (cachedCommit.isPresent()) {
            Optional<Path> dir = cachedDir(repo, cachedCommit.get(), files, subsetFile);
            if (dir.isPresent()) {
                LOG.debug("{} found in the cache at {}", repo, dir.get());
                return p -> dir.get();
            }
        }
        if (settings.offline()) {
            throw notCachedOffline(repo, files, cachedCommit);
        }
        Map<String, HubFileMetadata> metas = new LinkedHashMap<>();
        HubRepo pinned = repo;
        for (String path : files.keySet()) {
            HubFileMetadata meta = client.metadata(pinned, path);
            if (pinned.isPinnedToCommit() && !meta.commit().equals(pinned.revision())) {
                // A snapshot must hold one commit's files only.
                throw new ModelDownloadException(Reason.SERVER, settings.endpoint() + " answered commit "
                        + meta.commit() + " for '" + path + "' of " + repo.id() + " asked for at commit "
                        + pinned.revision() + ". It does not behave like a Hugging Face hub; check HF_ENDPOINT.");
            }
            if (metas.isEmpty()) {
                // Later files are asked for at this commit, so a branch moving meanwhile cannot mix versions.
                pinned = repo.at(meta.commit());
                writeRef(repo, meta.commit());
            }
            metas.put(path, meta);
            boolean subset = subsetFile.filter(path::equals).isPresent();
            if (!subset && !client.hasBlob(repo, meta) && meta.size() > 0) {
                progress.expect(meta.size());
            }
        }
        String commit = metas.values().iterator().next().commit();
        return p -> {
            Optional<String> subset = subsetFile.filter(f -> !Files.isRegularFile(cache.snapshotFile(repo, commit, f))
                    && !client.hasBlob(repo, metas.get(f)));
            metas.forEach((path, meta) -> {
                if (subset.filter(path::equals).isEmpty()) {
                    client.fetch(repo, path, meta, p);
                }
            });
            if (subset.isPresent()) {
                String path = subset.get();
                Optional<Path> derived = fetchSubset(repo, commit, path, metas.get(path), files, p);
                if (derived.isPresent()) {
                    return derived.get();
                }
                LOG.info("{} does not serve byte ranges; downloading the whole {}", repo, path);
                client.fetch(repo, path, metas.get(path), p);
            }
            return cache.snapshotDir(repo, commit);
        };
    }

    /** The directory holding all files of the commit, from the hub cache or the derived cache. */
    private Optional<Path> cachedDir(HubRepo repo, String commit, Map<String, String> files,
            Optional<String> subsetFile) {
        boolean snapshotComplete = true;
        for (String path : files.keySet()) {
            snapshotComplete &= Files.isRegularFile(cache.snapshotFile(repo, commit, path));
        }
        if (snapshotComplete) {
            return Optional.of(cache.snapshotDir(repo, commit));
        }
        if (subsetFile.isPresent()) {
            Path derived = derivedDir(repo, commit);
            if (isDerivedComplete(derived, files.keySet())) {
                return Optional.of(derived);
            }
        }
        return Optional.empty();
    }

    private Optional<Path> fetchSubset(HubRepo repo, String commit, String path, HubFileMetadata meta,
            Map<String, String> files, ProgressTracker progress) {
        Path dir = derivedDir(repo, commit);
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("format", "pt");
        provenance.put("faceanon_source", repo.id() + "@" + commit + "/" + path);
        provenance.put("faceanon_source_sha256", meta.etag());
        provenance.put("faceanon_kept_prefix", ModelFiles.CLIP_VISION_PREFIX);
        Map<String, String> headers = meta.redirected() ? Map.of() : client.authHeaders();
        // Held until the marker is written, so a concurrent resolver sees the directory complete or not at all.
        try (BlobLock lock = BlobLock.acquire(settings.derivedCache().resolve(".locks")
                .resolve(repo.cacheFolderName() + "--" + commit + ".lock"))) {
            if (isDerivedComplete(dir, files.keySet())) {
                return Optional.of(dir);
            }
            // No colon in the stand-in path: Windows paths cannot hold one.
            Path source = Path.of(repo.id() + "@" + commit, path);
            Optional<SafetensorsSubsetFetcher.Result> result = subsetFetcher.fetch(meta.location(), headers,
                    meta.size(), name -> name.startsWith(ModelFiles.CLIP_VISION_PREFIX), provenance, dir.resolve(path),
                    source, repo.id() + "/" + path + " [" + ModelFiles.CLIP_VISION_PREFIX + "* only]", progress);
            if (result.isEmpty()) {
                return Optional.empty();
            }
            for (String other : files.keySet()) {
                if (!other.equals(path)) {
                    Path target = dir.resolve(other);
                    Files.createDirectories(target.getParent());
                    Files.copy(cache.snapshotFile(repo, commit, other), target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            JsonObject marker = new JsonObject();
            provenance.forEach(marker::addProperty);
            marker.addProperty("file", path);
            marker.addProperty("size", result.get().size());
            marker.addProperty("sha256", result.get().sha256());
            marker.addProperty("tensors", result.get().tensorCount());
            Path tmp = dir.resolve(DERIVED_MARKER + ".tmp");
            Files.writeString(tmp, gson().toJson(marker), StandardCharsets.UTF_8);
            HubCache.moveAtomically(tmp, dir.resolve(DERIVED_MARKER));
            return Optional.of(dir);
        } catch (IOException e) {
            throw new ModelDownloadException(Reason.NETWORK, "Cannot complete the derived directory " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private Path derivedDir(HubRepo repo, String commit) {
        if (!HubRepo.isCommitHash(commit)) {
            throw new IllegalArgumentException("not a commit hash: " + commit);
        }
        return settings.derivedCache().resolve(repo.cacheFolderName()).resolve(commit);
    }

    /** A derived directory counts only once its marker, written last, agrees with the weights file. */
    private static boolean isDerivedComplete(Path dir, Iterable<String> files) {
        Path marker = dir.resolve(DERIVED_MARKER);
        if (!Files.isRegularFile(marker)) {
            return false;
        }
        try {
            JsonObject m = CacheJson.readObject(marker, MAX_MARKER_BYTES);
            Path weights = dir.resolve(RepoPath.check(m.get("file").getAsString()));
            if (!Files.isRegularFile(weights) || Files.size(weights) != m.get("size").getAsLong()) {
                return false;
            }
            for (String f : files) {
                if (!Files.isRegularFile(dir.resolve(f))) {
                    return false;
                }
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("ignoring unreadable derived directory {}: {}", dir, e.toString());
            return false;
        }
    }

    private List<Planned> planDetectors(ModelSourceConfig config) {
        List<Planned> planned = new ArrayList<>();
        for (UrlArtifact a : config.detectorFiles()) {
            if (config.detectorDirectory().isPresent()) {
                Path p = config.detectorDirectory().get().resolve(a.fileName());
                requireLocal(p, a.purpose());
                verifyPresent(p, a, "Replace it with the published file");
                planned.add(progress -> p);
                continue;
            }
            Path p = settings.torchCheckpoints().resolve(a.fileName());
            if (Files.isRegularFile(p)) {
                verifyPresent(p, a, "Delete it so that it is downloaded again, or replace it with the published file");
                planned.add(progress -> p);
                continue;
            }
            URI url = config.detectorBaseUrl().resolve(RepoPath.encode(a.fileName(), false));
            if (settings.offline()) {
                throw new ModelDownloadException(Reason.OFFLINE_NOT_CACHED, "Offline mode (HF_HUB_OFFLINE) and the "
                        + a.purpose() + " is not at " + p + ". Unset HF_HUB_OFFLINE to download it from " + url
                        + ", copy it there, or configure a local detector directory.");
            }
            DownloadTarget t = new DownloadTarget(url, Map.of(), p, p.resolveSibling(a.fileName() + ".incomplete"),
                    settings.derivedCache().resolve(".locks").resolve(a.fileName() + ".lock"), a.size().orElse(-1),
                    a.maxSize(), a.hash(), a.fileName(), null, null);
            planned.add(progress -> {
                downloader.download(t, progress).ifPresent(sha -> localHashes.record(p, sha));
                return p;
            });
        }
        return planned;
    }

    /**
     * Checks a detector file already on disk as a download is checked: its size against the bound (before
     * reading it) and its SHA-256 against the pinned hash or the prefix its name promises. The hash is
     * remembered while the file is unchanged ({@link LocalFileHashes}), so later loads do not read it again.
     */
    private void verifyPresent(Path p, UrlArtifact a, String remedy) {
        try {
            long size = Files.size(p);
            if (size > a.maxSize() || (a.size().isPresent() && size != a.size().getAsLong())) {
                throw new ModelDownloadException(Reason.CHECKSUM_MISMATCH, p + " is " + size + " bytes, but the "
                        + a.purpose() + " is " + (a.size().isPresent() ? "exactly " + a.size().getAsLong()
                                : "at most " + a.maxSize()) + " bytes: it is not the published file. " + remedy + ".");
            }
            String sha = localHashes.sha256(p);
            if (!a.hash().matchesSha256(sha)) {
                throw new ModelDownloadException(Reason.CHECKSUM_MISMATCH, p + " does not have the " + a.hash()
                        + " expected of the " + a.purpose() + " (its SHA-256 is " + sha + "): it is corrupt or not"
                        + " the published file, and it is not used. " + remedy + ".");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the " + a.purpose() + " file " + p + ": " + e.getMessage(), e);
        }
    }

    private void checkTotalSpace(long bytes) {
        if (bytes <= 0) {
            return;
        }
        try {
            Files.createDirectories(cache.root());
        } catch (IOException e) {
            throw new ModelDownloadException(Reason.NETWORK, "Cannot create the cache " + cache.root() + ": "
                    + e.getMessage(), e);
        }
        disk.require(cache.root(), bytes, "the model files");
    }

    private ModelDownloadException notCachedOffline(HubRepo repo, Map<String, String> files,
            Optional<String> cachedCommit) {
        List<String> missing = new ArrayList<>();
        for (String path : files.keySet()) {
            if (cachedCommit.isEmpty() || !Files.isRegularFile(cache.snapshotFile(repo, cachedCommit.get(), path))) {
                missing.add(path);
            }
        }
        String state = cachedCommit.isEmpty() ? "revision '" + repo.revision() + "' of " + repo.id()
                + " was never downloaded into " + cache.root()
                : repo + " (commit " + cachedCommit.get() + ") lacks " + String.join(", ", missing) + " in "
                        + cache.root();
        return new ModelDownloadException(Reason.OFFLINE_NOT_CACHED, "Offline mode (HF_HUB_OFFLINE) and " + state
                + ". Unset HF_HUB_OFFLINE to download, copy a hub cache that has these files there (or set"
                + " HF_HUB_CACHE to it), or use a local directory for this repository.");
    }

    private void writeRef(HubRepo repo, String commit) {
        try {
            cache.writeRef(repo, commit);
        } catch (IOException e) {
            throw new ModelDownloadException(Reason.NETWORK, "Cannot write to the cache " + cache.root() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void requireLocal(Path file, String purpose) {
        if (!Files.isRegularFile(file)) {
            throw new MissingModelFileException(file, purpose);
        }
    }

    private static Gson gson() {
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    }

    /** Options of a {@link ModelSource}. */
    public static final class Builder {
        private final HubSettings settings;
        private DownloadProgressListener listener = DownloadProgressListener.NONE;
        private RetryPolicy retry = RetryPolicy.DEFAULT;
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private DiskSpace disk = DiskSpace.SYSTEM;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder(HubSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
        }

        /**
         * @param l receives download progress, e.g. a {@link ConsoleProgressBar}
         * @return this builder
         */
        public Builder listener(DownloadProgressListener l) {
            this.listener = Objects.requireNonNull(l, "listener");
            return this;
        }

        /**
         * @param policy how often and how patiently to retry transient failures
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retry = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Sets the waits before any data flows; how long data may take to flow is the settings'
         * {@link HubSettings#downloadPace()}.
         *
         * @param connect the longest wait for a connection
         * @param response the longest wait for response headers
         * @return this builder
         */
        public Builder timeouts(Duration connect, Duration response) {
            this.connectTimeout = positive(connect, "connect");
            this.requestTimeout = positive(response, "response");
            return this;
        }

        Builder diskSpace(DiskSpace d) {
            this.disk = Objects.requireNonNull(d, "disk");
            return this;
        }

        Builder nanoClock(LongSupplier clock) {
            this.nanoClock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @return the model source */
        public ModelSource build() {
            return new ModelSource(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " timeout must be positive");
            }
            return d;
        }
    }
}
