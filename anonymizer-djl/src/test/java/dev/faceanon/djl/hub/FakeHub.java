package dev.faceanon.djl.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP server that behaves like the Hugging Face hub for the requests this library makes:
 * HEAD/GET on {@code /{org}/{name}/resolve/{revision}/{path}} with X-Repo-Commit, ETag (git blob id)
 * for small files and a 302 to a content-addressed "CDN" URL with X-Linked-Etag/X-Linked-Size for
 * LFS files, X-Error-Code on 401/404, byte ranges; plus plain files under {@code /plain/}. Failures
 * can be injected: cut connections, corrupted content, no range support, a required token.
 */
final class FakeHub implements AutoCloseable {

    /** A served file. */
    static final class Entry {
        final byte[] content;
        final boolean lfs;

        Entry(byte[] content, boolean lfs) {
            this.content = content;
            this.lfs = lfs;
        }

        String etag() {
            return lfs ? sha256(content) : gitBlobId(content);
        }
    }

    private static final class Repo {
        final String commit;
        final Set<String> branches;
        final Map<String, Entry> files;

        Repo(String commit, Set<String> branches, Map<String, Entry> files) {
            this.commit = commit;
            this.branches = branches;
            this.files = files;
        }
    }

    private final HttpServer server;
    private final Map<String, Repo> repos = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final Map<String, byte[]> plain = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> cuts = new ConcurrentHashMap<>();
    private final Map<String, Integer> cutAfter = new ConcurrentHashMap<>();
    private final Map<String, Long> stallMillis = new ConcurrentHashMap<>();
    private final Set<String> corrupt = ConcurrentHashMap.newKeySet();
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicLong> bytesServed = new ConcurrentHashMap<>();
    private volatile boolean ranges = true;
    private volatile String requiredToken;

    FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-hub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    URI plainBase() {
        return URI.create(endpoint() + "/plain/");
    }

    /**
     * @param id org/name
     * @param commit the commit every branch points to
     * @param files path to content
     * @param lfsPaths which paths are LFS files
     */
    void addRepo(String id, String commit, Map<String, byte[]> files, Set<String> lfsPaths) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        files.forEach((p, c) -> {
            Entry e = new Entry(c, lfsPaths.contains(p));
            entries.put(p, e);
            if (e.lfs) {
                blobs.put(e.etag(), c);
            }
        });
        repos.put(id, new Repo(commit, Set.of("main"), entries));
    }

    void addPlain(String name, byte[] content) {
        plain.put(name, content);
    }

    /** The next {@code times} GETs of the file (CDN sha256, plain name or repo path) stop after {@code after} bytes. */
    void cutConnections(String key, int times, int after) {
        cuts.put(key, new AtomicInteger(times));
        cutAfter.put(key, after);
    }

    /** Like {@link #cutConnections}, but the connection stays open and silent for {@code millis} first. */
    void stallConnections(String key, int times, int after, long millis) {
        cutConnections(key, times, after);
        stallMillis.put(key, millis);
    }

    /** The file is served with one byte changed (its published hash stays that of the real content). */
    void corrupt(String key) {
        corrupt.add(key);
    }

    void rangeSupport(boolean on) {
        ranges = on;
    }

    void requireToken(String token) {
        requiredToken = token;
    }

    /** @return "METHOD path [Range] [auth]" for every request so far */
    List<String> requests() {
        synchronized (log) {
            return new ArrayList<>(log);
        }
    }

    long bytesServed(String key) {
        return bytesServed.getOrDefault(key, new AtomicLong()).get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String range = ex.getRequestHeaders().getFirst("Range");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            log.add(ex.getRequestMethod() + " " + path + (range != null ? " " + range : "")
                    + (auth != null ? " auth" : ""));
            if (path.startsWith("/cdn/")) {
                String sha = path.substring(5);
                byte[] c = blobs.get(sha);
                if (c == null) {
                    send(ex, 404, null);
                } else {
                    serve(ex, sha, c);
                }
                return;
            }
            if (path.startsWith("/plain/")) {
                String name = URLDecoder.decode(path.substring(7), StandardCharsets.UTF_8);
                byte[] c = plain.get(name);
                if (c == null) {
                    send(ex, 404, null);
                } else {
                    serve(ex, name, c);
                }
                return;
            }
            resolve(ex, path, auth);
        }
    }

    private void resolve(HttpExchange ex, String rawPath, String auth) throws IOException {
        String[] parts = rawPath.substring(1).split("/", 5);
        if (parts.length < 5 || !parts[2].equals("resolve")) {
            send(ex, 404, null);
            return;
        }
        String id = parts[0] + "/" + parts[1];
        String rev = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
        String file = URLDecoder.decode(parts[4], StandardCharsets.UTF_8);
        if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
            send(ex, 401, null);
            return;
        }
        Repo repo = repos.get(id);
        if (repo == null) {
            send(ex, 404, "RepoNotFound");
            return;
        }
        if (!repo.branches.contains(rev) && !rev.equals(repo.commit)) {
            send(ex, 404, "RevisionNotFound");
            return;
        }
        ex.getResponseHeaders().set("X-Repo-Commit", repo.commit);
        Entry e = repo.files.get(file);
        if (e == null) {
            send(ex, 404, "EntryNotFound");
            return;
        }
        if (e.lfs) {
            ex.getResponseHeaders().set("X-Linked-Etag", "\"" + e.etag() + "\"");
            ex.getResponseHeaders().set("X-Linked-Size", Long.toString(e.content.length));
            ex.getResponseHeaders().set("ETag", "\"" + gitBlobId(("pointer " + e.etag()).getBytes()) + "\"");
            ex.getResponseHeaders().set("Location", endpoint() + "/cdn/" + e.etag());
            ex.sendResponseHeaders(302, -1);
            return;
        }
        ex.getResponseHeaders().set("ETag", "\"" + e.etag() + "\"");
        serve(ex, id + "/" + file, e.content);
    }

    private void serve(HttpExchange ex, String key, byte[] published) throws IOException {
        byte[] content = published;
        if (corrupt.contains(key)) {
            content = published.clone();
            content[content.length / 2] ^= 0x5a;
        }
        boolean head = ex.getRequestMethod().equals("HEAD");
        long start = 0;
        long end = content.length - 1;
        int status = 200;
        String range = ex.getRequestHeaders().getFirst("Range");
        if (range != null && ranges && range.startsWith("bytes=")) {
            String[] se = range.substring(6).split("-", 2);
            start = Long.parseLong(se[0]);
            if (!se[1].isEmpty()) {
                end = Math.min(end, Long.parseLong(se[1]));
            }
            if (start >= content.length) {
                ex.getResponseHeaders().set("Content-Range", "bytes */" + content.length);
                ex.sendResponseHeaders(416, -1);
                return;
            }
            status = 206;
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + end + "/" + content.length);
        }
        ex.getResponseHeaders().set("Accept-Ranges", ranges ? "bytes" : "none");
        long length = end - start + 1;
        if (head) {
            ex.getResponseHeaders().set("Content-Length", Long.toString(length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, length);
        AtomicInteger remainingCuts = cuts.get(key);
        long limit = length;
        if (remainingCuts != null && remainingCuts.getAndDecrement() > 0) {
            limit = Math.min(length, cutAfter.get(key));
        }
        OutputStream out = ex.getResponseBody();
        out.write(content, (int) start, (int) limit);
        out.flush();
        if (limit < length && stallMillis.containsKey(key)) {
            try {
                Thread.sleep(stallMillis.get(key));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        bytesServed.computeIfAbsent(key, k -> new AtomicLong()).addAndGet(limit);
        // Closing the exchange with bytes missing drops the connection mid-body.
    }

    private static void send(HttpExchange ex, int status, String errorCode) throws IOException {
        if (errorCode != null) {
            ex.getResponseHeaders().set("X-Error-Code", errorCode);
        }
        ex.sendResponseHeaders(status, -1);
    }

    static String sha256(byte[] c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** git's object id of a blob: SHA-1 of "blob <n>\0" + content. */
    static String gitBlobId(byte[] c) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-1");
            d.update(("blob " + c.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d.digest(c));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, byte[]> map(Object... pairs) {
        Map<String, byte[]> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (byte[]) pairs[i + 1]);
        }
        return m;
    }
}
