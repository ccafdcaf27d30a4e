package dev.faceanon.djl.hub;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The few HTTP exchanges the hub protocol needs, over the JDK client. Redirects are followed here,
 * not by the client, so that the Authorization header never travels to another host (the hub
 * redirects weight files to a CDN with pre-signed URLs), and offline mode is enforced before any
 * connection is opened.
 */
final class HubHttp {
    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final boolean offline;
    private final Duration requestTimeout;
    private final Duration stallTimeout;

    /**
     * @param client the HTTP client; it must not follow redirects itself
     * @param offline whether every request must be refused
     * @param requestTimeout the longest wait for response headers
     * @param stallTimeout the longest time a body may deliver no byte before the connection is dropped
     */
    HubHttp(HttpClient client, boolean offline, Duration requestTimeout, Duration stallTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.offline = offline;
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
    }

    /**
     * Builds the client this class expects: HTTP/1.1 (one stream per file; HTTP/2 brings nothing here)
     * and no automatic redirects.
     *
     * @param connectTimeout the longest wait for a connection
     * @return a client
     */
    static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(connectTimeout).build();
    }

    /**
     * Sends a HEAD request. Redirects to a path on the same server (a renamed repository) are followed;
     * a redirect naming a host (the CDN) is returned as is, because the hub puts the file's metadata on
     * that response.
     *
     * @param url the URL
     * @param headers request headers
     * @return the final response
     * @throws IOException on a connection failure
     * @throws ModelDownloadException if a Location is unusable or redirects go on for too long
     */
    Head head(URI url, Map<String, String> headers) throws IOException {
        URI current = url;
        for (int hop = 0; ; hop++) {
            URI asked = current;
            HttpResponse<Void> r = send(() -> request(asked, headers)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            ResponseHeaders h = new ResponseHeaders(r.headers(), current);
            Optional<ResponseHeaders.Redirect> location = isRedirect(r.statusCode()) ? h.location(current)
                    : Optional.empty();
            if (location.isEmpty() || location.get().absolute()) {
                return new Head(r.statusCode(), h, current, location.map(ResponseHeaders.Redirect::target));
            }
            if (hop == MAX_REDIRECTS) {
                throw tooManyRedirects(url);
            }
            current = location.get().target();
        }
    }

    /**
     * Sends a GET for a byte range, following redirects; Authorization is dropped when a redirect
     * leaves the original host. The body stream is closed if it stalls for longer than the stall
     * timeout, which the reader sees as an {@link IOException}.
     *
     * @param url the URL
     * @param headers request headers
     * @param from first byte wanted (0 for the whole file)
     * @param toInclusive last byte wanted, or -1 for the end of the file
     * @return the response, which the caller must close
     * @throws IOException on a connection failure
     * @throws ModelDownloadException if a Location is unusable or redirects go on for too long
     */
    Body get(URI url, Map<String, String> headers, long from, long toInclusive) throws IOException {
        Map<String, String> h = new LinkedHashMap<>(headers);
        if (from > 0 || toInclusive >= 0) {
            h.put("Range", "bytes=" + from + "-" + (toInclusive >= 0 ? Long.toString(toInclusive) : ""));
        }
        URI current = url;
        for (int hop = 0; ; hop++) {
            URI asked = current;
            HttpResponse<InputStream> r = send(() -> request(asked, h).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            ResponseHeaders rh = new ResponseHeaders(r.headers(), current);
            Optional<ResponseHeaders.Redirect> location;
            try {
                location = isRedirect(r.statusCode()) ? rh.location(current) : Optional.empty();
            } catch (ModelDownloadException e) {
                r.body().close();
                throw e;
            }
            if (location.isEmpty()) {
                return new Body(r.statusCode(), rh, current, new StallGuard(r.body(), stallTimeout));
            }
            r.body().close();
            if (hop == MAX_REDIRECTS) {
                throw tooManyRedirects(url);
            }
            URI next = location.get().target();
            if (!sameOrigin(next, url)) {
                h.remove("Authorization");
            }
            current = next;
        }
    }

    private HttpRequest.Builder request(URI url, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(requestTimeout)
                // Sizes and hashes refer to the stored bytes, never to a compressed transfer.
                .header("Accept-Encoding", "identity")
                .header("User-Agent", "faceanon-java");
        headers.forEach(b::header);
        return b;
    }

    private <T> HttpResponse<T> send(Supplier<HttpRequest> request, HttpResponse.BodyHandler<T> handler)
            throws IOException {
        HttpRequest built;
        try {
            built = request.get();
        } catch (IllegalArgumentException e) {
            // Every URL and header value is checked before; this is the last line of defence.
            throw new ModelDownloadException(Reason.INVALID_SETTING, "Cannot build a request: " + e.getMessage(), e);
        }
        if (offline) {
            throw new ModelDownloadException(Reason.OFFLINE_NOT_CACHED, "Offline mode (HF_HUB_OFFLINE) forbids"
                    + " fetching " + ResponseHeaders.describe(built.uri()) + "; unset HF_HUB_OFFLINE or provide the"
                    + " files locally.");
        }
        try {
            return client.send(built, handler);
        } catch (IllegalArgumentException e) {
            // The JDK client's own parsing of the response (e.g. a Content-Length that is no number) fails so.
            throw new ModelDownloadException(Reason.SERVER, ResponseHeaders.describe(built.uri()) + " sent a malformed"
                    + " HTTP response (a header such as Content-Length that is not what HTTP allows). It does not"
                    + " behave like a Hugging Face hub or its file server; check HF_ENDPOINT (or the configured"
                    + " download URL) and retry later.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelDownloadException(Reason.NETWORK, "download interrupted", e);
        }
    }

    private static ModelDownloadException tooManyRedirects(URI url) {
        return new ModelDownloadException(Reason.SERVER, ResponseHeaders.describe(url) + " redirected more than "
                + MAX_REDIRECTS + " times; a redirect loop or a misconfigured server. Check HF_ENDPOINT (or the"
                + " configured download URL) and retry later.");
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme()) && Objects.equals(a.getHost(), b.getHost())
                && a.getPort() == b.getPort();
    }

    /** Closes a body stream that delivers nothing for too long, so a dead connection cannot hang a download. */
    static final class StallGuard extends FilterInputStream {
        private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "faceanon-download-watchdog");
            t.setDaemon(true);
            return t;
        });

        private final long stallNanos;
        private final ScheduledFuture<?> check;
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean stalled;

        StallGuard(InputStream in, Duration stall) {
            super(in);
            this.stallNanos = stall.toNanos();
            long period = Math.max(10, stall.toMillis() / 4);
            this.check = WATCHDOG.scheduleWithFixedDelay(this::checkStall, period, period, TimeUnit.MILLISECONDS);
        }

        private void checkStall() {
            if (System.nanoTime() - lastActivity > stallNanos) {
                stalled = true;
                check.cancel(false);
                try {
                    in.close();
                } catch (IOException ignored) {
                    // the reader gets its own IOException from the closed stream
                }
            }
        }

        @Override
        public int read() throws IOException {
            int b = guard(() -> super.read());
            lastActivity = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = guard(() -> super.read(b, off, len));
            lastActivity = System.nanoTime();
            return n;
        }

        private int guard(IoRead r) throws IOException {
            try {
                return r.read();
            } catch (IOException e) {
                if (stalled) {
                    throw new IOException("no data received for " + stallNanos / 1_000_000 + " ms", e);
                }
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            check.cancel(false);
            super.close();
        }

        private interface IoRead {
            int read() throws IOException;
        }
    }

    /**
     * The answer to a HEAD request.
     *
     * @param status the HTTP status
     * @param headers the response headers
     * @param uri the URL that answered (after same-server redirects)
     * @param location where a redirect naming a host points, checked to be an http(s) URL
     */
    record Head(int status, ResponseHeaders headers, URI uri, Optional<URI> location) {}

    /**
     * A GET response whose body is stall-guarded; closing it releases the connection.
     *
     * @param status the HTTP status
     * @param headers the response headers
     * @param uri the URL that answered (after redirects)
     * @param body the body stream
     */
    record Body(int status, ResponseHeaders headers, URI uri, InputStream body) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
