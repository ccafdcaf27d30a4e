package dev.faceanon.djl.npm;

import dev.faceanon.djl.hub.HubSettings;
import dev.faceanon.djl.hub.ModelDownloadException;
import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches pinned npm package tarballs into a cache directory, the way the library fetches its other model files:
 *
 * <ul>
 *   <li>a tarball already in the cache is used without any network access, after its SHA-256 is checked again
 *       (a cached file that no longer matches is fetched anew, or refused offline);
 *   <li>offline, a missing tarball is a {@link ModelDownloadException} ({@link Reason#OFFLINE_NOT_CACHED}) that
 *       names the package, the file and the directory to copy it to;
 *   <li>a download is a plain HTTP GET of the registry's tarball URL, bounded by the pinned size (a server
 *       sending more is cut off) and by a time limit, retried a bounded number of times on network failures and
 *       server errors, checked against the pinned SHA-256 before anything is written to the cache, and moved into
 *       place atomically, so the cache never holds a partial or foreign file under the tarball's name.
 * </ul>
 *
 * <p>Immutable and safe for concurrent use; two processes fetching the same tarball each write their own
 * temporary file and the last verified one wins.
 */
public final class NpmPackageFetcher {
    /** The public npm registry. */
    public static final URI DEFAULT_REGISTRY = URI.create("https://registry.npmjs.org");

    private static final Logger LOG = LoggerFactory.getLogger(NpmPackageFetcher.class);

    private final URI registry;
    private final Path cacheDirectory;
    private final boolean offline;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration retryDelay;

    private NpmPackageFetcher(Builder b) {
        this.registry = b.registry;
        this.cacheDirectory = Objects.requireNonNull(b.cacheDirectory, "cacheDirectory").toAbsolutePath().normalize();
        this.offline = b.offline;
        this.timeout = b.timeout;
        this.maxAttempts = b.maxAttempts;
        this.retryDelay = b.retryDelay;
    }

    /** @return a builder; only the cache directory is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The library's usual settings: the cache is {@code <FACEANON_CACHE>/npm} and offline mode follows
     * {@code HF_HUB_OFFLINE} (both from {@code hub}); the registry is npm's own setting {@code npm_config_registry}
     * (or {@code NPM_CONFIG_REGISTRY}) if set, else {@link #DEFAULT_REGISTRY}.
     *
     * @param hub the hub settings
     * @param env the environment, e.g. {@link System#getenv()}
     * @return the fetcher
     * @throws IllegalArgumentException if the registry variable is not an http(s) URL
     */
    public static NpmPackageFetcher fromSettings(HubSettings hub, Map<String, String> env) {
        Objects.requireNonNull(hub, "hub");
        Objects.requireNonNull(env, "env");
        Builder b = builder().cacheDirectory(hub.derivedCache().resolve("npm")).offline(hub.offline());
        for (String name : new String[] {"npm_config_registry", "NPM_CONFIG_REGISTRY"}) {
            String v = env.get(name);
            if (v != null && !v.isBlank()) {
                try {
                    return b.registry(URI.create(v.strip())).build();
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " must be the http(s) URL of an npm registry: "
                            + e.getMessage(), e);
                }
            }
        }
        return b.build();
    }

    /** @return {@link #fromSettings} with this process's environment */
    public static NpmPackageFetcher fromSystem() {
        return fromSettings(HubSettings.fromSystem(), System.getenv());
    }

    /** @return the registry base URL */
    public URI registry() {
        return registry;
    }

    /** @return where tarballs are kept */
    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** @return true if no download is ever attempted */
    public boolean offline() {
        return offline;
    }

    /**
     * @param tarball a pinned tarball
     * @return where it is kept in the cache, present or not: {@code <cache>/<npm pack's file name>}
     */
    public Path cachedPath(NpmTarball tarball) {
        return cacheDirectory.resolve(tarball.fileName());
    }

    /**
     * @param tarball a pinned tarball
     * @return the registry URL it is downloaded from
     */
    public URI url(NpmTarball tarball) {
        return URI.create(registry + "/" + tarball.registryPath());
    }

    /**
     * Returns the cached tarball, downloading it first if it is missing (or no longer matches its pin).
     *
     * @param tarball what to fetch
     * @return the verified tarball in the cache
     * @throws ModelDownloadException if it cannot be had: offline and not cached, not on the registry, a content
     *     that does not match the pin, a network or server failure; the message says what to do
     */
    public Path fetch(NpmTarball tarball) {
        Objects.requireNonNull(tarball, "tarball");
        Path target = cachedPath(tarball);
        if (Files.isRegularFile(target)) {
            if (tarball.matches(target)) {
                return target;
            }
            if (offline) {
                throw new ModelDownloadException(Reason.CHECKSUM_MISMATCH, "The cached " + target + " is not "
                        + tarball.spec() + " as pinned (SHA-256 " + tarball.sha256() + ", " + tarball.size()
                        + " bytes). Delete it and fetch it again online, or copy the right file there (" + howToGet(
                        tarball) + ").");
            }
            LOG.warn("{}: the cached file does not match its pinned SHA-256; downloading it again", target);
        } else if (offline) {
            throw new ModelDownloadException(Reason.OFFLINE_NOT_CACHED, tarball.spec() + " (" + tarball.purpose()
                    + ") is not in the cache, and offline mode (HF_HUB_OFFLINE) forbids downloading it. Expected: "
                    + target + ". Unset HF_HUB_OFFLINE, or " + howToGet(tarball) + " and copy it there.");
        }
        byte[] content = download(tarball);
        store(content, target);
        return target;
    }

    private static String howToGet(NpmTarball tarball) {
        return "on a machine with network access, run 'npm pack " + tarball.spec() + "', which writes "
                + tarball.fileName();
    }

    private byte[] download(NpmTarball tarball) {
        URI url = url(tarball);
        LOG.info("Downloading {} ({} bytes) from {}", tarball.spec(), tarball.size(), registry);
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).header("Accept", "application/octet-stream")
                .GET().build();
        String failure = null;
        Throwable cause = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                LOG.info("{}: {}; retrying ({}/{})", tarball.spec(), failure, attempt, maxAttempts);
                sleep(retryDelay.multipliedBy(1L << Math.min(attempt - 2, 10)));
            }
            CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request,
                    info -> info.statusCode() == 200 ? new CappedBody(tarball.size())
                            : BodySubscribers.replacing(new byte[0]));
            HttpResponse<byte[]> response;
            try {
                response = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                pending.cancel(true);
                failure = "the download took longer than " + timeout.toMillis() / 1000.0 + " s";
                cause = e;
                continue;
            } catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                throw new ModelDownloadException(Reason.NETWORK, "Interrupted while downloading " + tarball.spec(), e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof CappedBody.TooLargeException) {
                    throw new ModelDownloadException(Reason.SERVER, url + " sends more than the " + tarball.size()
                            + " bytes pinned for " + tarball.spec() + "; refusing it. Check npm_config_registry.");
                }
                failure = "the connection failed: " + describe(e.getCause());
                cause = e.getCause();
                continue;
            }
            int status = response.statusCode();
            if (status == 200) {
                byte[] body = response.body();
                if (body.length != tarball.size()) {
                    failure = "the transfer ended after " + body.length + " of " + tarball.size() + " bytes";
                    cause = null;
                    continue;
                }
                checkHash(tarball, url, body);
                return body;
            }
            if (status == 429 || status >= 500) {
                failure = "the registry answered HTTP " + status;
                cause = null;
                continue;
            }
            throw statusError(tarball, url, status);
        }
        throw new ModelDownloadException(Reason.NETWORK, "Giving up on " + tarball.spec() + " (" + tarball.purpose()
                + ") after " + maxAttempts + " attempts: " + failure + ". Check the network and npm_config_registry"
                + " (registry " + registry + "), or " + howToGet(tarball) + " and copy it to " + cacheDirectory + ".",
                cause);
    }

    private ModelDownloadException statusError(NpmTarball tarball, URI url, int status) {
        switch (status) {
            case 401:
                return new ModelDownloadException(Reason.UNAUTHORIZED, "The registry " + registry + " wants"
                        + " credentials for " + url + " (HTTP 401). Use a registry that serves " + tarball.spec()
                        + " publicly, or " + howToGet(tarball) + " and copy it to " + cacheDirectory + ".");
            case 403:
                return new ModelDownloadException(Reason.FORBIDDEN, "The registry " + registry + " refuses " + url
                        + " (HTTP 403). Use a registry that serves " + tarball.spec() + ", or " + howToGet(tarball)
                        + " and copy it to " + cacheDirectory + ".");
            case 404:
                return new ModelDownloadException(Reason.FILE_NOT_FOUND, "The registry " + registry + " has no "
                        + tarball.spec() + " (HTTP 404 for " + url + "). Check npm_config_registry, or "
                        + howToGet(tarball) + " and copy it to " + cacheDirectory + ".");
            default:
                return new ModelDownloadException(Reason.SERVER, "The registry " + registry + " answered HTTP " + status
                        + " for " + url + ". Retry later or check npm_config_registry.");
        }
    }

    private static void checkHash(NpmTarball tarball, URI url, byte[] body) {
        String actual = NpmTarball.sha256Of(body);
        if (!actual.equals(tarball.sha256())) {
            throw new ModelDownloadException(Reason.CHECKSUM_MISMATCH, url + " does not have the pinned SHA-256 of "
                    + tarball.spec() + " (expected " + tarball.sha256() + ", got " + actual + "). Nothing was cached."
                    + " Retry; if it happens again, the registry or a proxy serves other content (check"
                    + " npm_config_registry).");
        }
    }

    private void store(byte[] content, Path target) {
        try {
            Files.createDirectories(cacheDirectory);
            // A name of its own per download (two processes may fetch at once), with the umask's permissions, as
            // the other cached model files have (a temporary file's would be owner-only).
            Path part = cacheDirectory.resolve(target.getFileName() + "." + UUID.randomUUID() + ".incomplete");
            try {
                try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                    ByteBuffer b = ByteBuffer.wrap(content);
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    out.force(true);
                }
                // Same directory, so the move is a rename: the tarball appears whole or not at all.
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new ModelDownloadException(Reason.DISK_FULL, "Cannot store " + target + ": " + describe(e)
                    + ". Free space or set FACEANON_CACHE to a writable directory.", e);
        }
    }

    private static String describe(Throwable t) {
        return t == null ? "unknown error" : t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException(Reason.NETWORK, "Interrupted while waiting to retry a download", e);
        }
    }

    @Override
    public String toString() {
        return "NpmPackageFetcher[registry=" + registry + ", cache=" + cacheDirectory + ", offline=" + offline + "]";
    }

    /** Settings of a {@link NpmPackageFetcher}. */
    public static final class Builder {
        private URI registry = DEFAULT_REGISTRY;
        private Path cacheDirectory;
        private boolean offline;
        private Duration timeout = Duration.ofMinutes(10);
        private int maxAttempts = 3;
        private Duration retryDelay = Duration.ofSeconds(1);

        private Builder() {}

        /**
         * @param url the registry's base URL (http or https, with a host); default {@link #DEFAULT_REGISTRY}
         * @return this builder
         * @throws IllegalArgumentException for any other URL
         */
        public Builder registry(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null
                    || url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
                throw new IllegalArgumentException("a registry is an http(s) URL with a host and without user, query"
                        + " or fragment, got '" + url + "'");
            }
            String s = url.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            this.registry = URI.create(s);
            return this;
        }

        /**
         * @param dir where tarballs are kept (created when first needed)
         * @return this builder
         */
        public Builder cacheDirectory(Path dir) {
            this.cacheDirectory = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * @param value true to never download (only cached tarballs are used)
         * @return this builder
         */
        public Builder offline(boolean value) {
            this.offline = value;
            return this;
        }

        /**
         * @param value the longest one attempt (connection and whole transfer) may take; default 10 minutes
         * @return this builder
         * @throws IllegalArgumentException if not positive
         */
        public Builder timeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, got " + value);
            }
            this.timeout = value;
            return this;
        }

        /**
         * @param attempts how many times a download is tried on network failures and server errors, 1 to 10;
         *     default 3
         * @param firstDelay the wait before the second attempt, doubled for each further one; default 1 s
         * @return this builder
         * @throws IllegalArgumentException if out of range
         */
        public Builder retries(int attempts, Duration firstDelay) {
            if (attempts < 1 || attempts > 10) {
                throw new IllegalArgumentException("attempts must be in [1, 10], got " + attempts);
            }
            if (firstDelay.isNegative() || firstDelay.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("retry delay must be in [0, 1 min], got " + firstDelay);
            }
            this.maxAttempts = attempts;
            this.retryDelay = firstDelay;
            return this;
        }

        /**
         * @return the fetcher
         * @throws NullPointerException if no cache directory was given
         */
        public NpmPackageFetcher build() {
            return new NpmPackageFetcher(this);
        }
    }
}
