package dev.faceanon.djl.npm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.faceanon.djl.hub.HubSettings;
import dev.faceanon.djl.hub.ModelDownloadException;
import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher against a local HTTP server standing in for the npm registry. */
class NpmPackageFetcherTest {
    private static final byte[] CONTENT = new TestTarGz().file("package/model/w.bin", new byte[3000]).toTgz();
    private static final NpmTarball PINNED = new NpmTarball("@scope/pkg", "1.0.0", sha256(CONTENT), CONTENT.length,
            "test weights");

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new ArrayList<>();
    /** Replies served in order; once empty, every request gets {@link #CONTENT}. */
    private final Deque<Reply> replies = new ArrayDeque<>();

    private record Reply(int status, byte[] body) {}

    private static final int STALL = -1;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            synchronized (requests) {
                requests.add(exchange.getRequestURI().getRawPath());
            }
            Reply r;
            synchronized (replies) {
                r = replies.isEmpty() ? new Reply(200, CONTENT) : replies.poll();
            }
            if (r.status() == STALL) {
                // Headers and half the body, then nothing: a stalled transfer.
                exchange.sendResponseHeaders(200, CONTENT.length);
                exchange.getResponseBody().write(CONTENT, 0, CONTENT.length / 2);
                exchange.getResponseBody().flush();
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private URI registry() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private NpmPackageFetcher.Builder fetcher() {
        return NpmPackageFetcher.builder().registry(registry()).cacheDirectory(dir.resolve("cache"))
                .retries(3, Duration.ZERO).timeout(Duration.ofSeconds(20));
    }

    private List<String> cacheFiles() throws IOException {
        Path cache = dir.resolve("cache");
        if (!Files.isDirectory(cache)) {
            return List.of();
        }
        try (var files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsTheTarballOnceAndThenServesItFromTheCache() throws IOException {
        Path got = fetcher().build().fetch(PINNED);
        assertEquals(dir.resolve("cache").resolve("scope-pkg-1.0.0.tgz"), got);
        assertArrayEquals(CONTENT, Files.readAllBytes(got));
        assertEquals(List.of("/@scope/pkg/-/pkg-1.0.0.tgz"), requests);

        assertEquals(got, fetcher().build().fetch(PINNED));
        assertEquals(got, fetcher().offline(true).build().fetch(PINNED));
        assertEquals(1, requests.size(), "a cached tarball needs no request");
        assertEquals(List.of("scope-pkg-1.0.0.tgz"), cacheFiles());
    }

    @Test
    void aTamperedTarballIsRefusedAndNothingIsCached() throws IOException {
        byte[] tampered = CONTENT.clone();
        tampered[tampered.length / 2] ^= 1;
        replies.add(new Reply(200, tampered));
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> fetcher().build().fetch(PINNED));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(PINNED.sha256()) && e.getMessage().contains("@scope/pkg@1.0.0"),
                e.getMessage());
        assertEquals(List.of(), cacheFiles(), "no partial or corrupt file is left");
        assertEquals(1, requests.size(), "a wrong hash is not retried in a loop");
    }

    @Test
    void offlineWithNothingCachedSaysWhatIsMissingAndHowToGetIt() throws IOException {
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> fetcher().offline(true).build().fetch(PINNED));
        assertEquals(Reason.OFFLINE_NOT_CACHED, e.reason());
        String m = e.getMessage();
        assertTrue(m.contains("@scope/pkg@1.0.0") && m.contains("test weights") && m.contains("HF_HUB_OFFLINE")
                && m.contains("npm pack @scope/pkg@1.0.0") && m.contains(dir.resolve("cache")
                .resolve("scope-pkg-1.0.0.tgz").toString()), m);
        assertEquals(List.of(), requests, "offline means no connection at all");
    }

    @Test
    void aCorruptedCachedTarballIsFetchedAgainOnlineAndRefusedOffline() throws IOException {
        Path cached = fetcher().build().fetch(PINNED);
        byte[] corrupt = CONTENT.clone();
        corrupt[10] ^= 1;
        Files.write(cached, corrupt);
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> fetcher().offline(true).build().fetch(PINNED));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(cached.toString()), e.getMessage());

        assertEquals(cached, fetcher().build().fetch(PINNED));
        assertArrayEquals(CONTENT, Files.readAllBytes(cached));
        assertEquals(2, requests.size());
    }

    @Test
    void httpErrorsAreClassified() {
        replies.add(new Reply(404, new byte[0]));
        ModelDownloadException notFound = assertThrows(ModelDownloadException.class,
                () -> fetcher().build().fetch(PINNED));
        assertEquals(Reason.FILE_NOT_FOUND, notFound.reason());
        assertTrue(notFound.getMessage().contains("npm_config_registry"), notFound.getMessage());

        replies.add(new Reply(403, new byte[0]));
        assertEquals(Reason.FORBIDDEN,
                assertThrows(ModelDownloadException.class, () -> fetcher().build().fetch(PINNED)).reason());
    }

    @Test
    void aServerSendingMoreThanThePinnedSizeIsCutOff() throws IOException {
        byte[] longer = java.util.Arrays.copyOf(CONTENT, CONTENT.length + 1);
        replies.add(new Reply(200, longer));
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> fetcher().build().fetch(PINNED));
        assertEquals(Reason.SERVER, e.reason());
        assertTrue(e.getMessage().contains("more than the " + CONTENT.length + " bytes"), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void transientFailuresAreRetriedABoundedNumberOfTimes() {
        replies.add(new Reply(503, new byte[0]));
        replies.add(new Reply(200, java.util.Arrays.copyOf(CONTENT, 100)));
        fetcher().build().fetch(PINNED);
        assertEquals(3, requests.size(), "503, a short body, then the tarball");

        requests.clear();
        for (int i = 0; i < 5; i++) {
            replies.add(new Reply(500, new byte[0]));
        }
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> fetcher().retries(2, Duration.ZERO).cacheDirectory(dir.resolve("other")).build().fetch(PINNED));
        assertEquals(Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("after 2 attempts") && e.getMessage().contains("HTTP 500"),
                e.getMessage());
        assertEquals(2, requests.size());
    }

    @Test
    void aStalledTransferEndsAtTheTimeLimit() throws IOException {
        replies.add(new Reply(STALL, new byte[0]));
        long start = System.nanoTime();
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> fetcher().retries(1, Duration.ZERO).timeout(Duration.ofMillis(500)).build().fetch(PINNED));
        assertTrue(System.nanoTime() - start < 2_500_000_000L, "ended by the time limit, not by the server");
        assertEquals(Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("took longer than"), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void theLibrarySettingsChooseCacheOfflineModeAndRegistry() {
        Path home = dir.resolve("home");
        HubSettings hub = HubSettings.fromEnvironment(Map.of("FACEANON_CACHE", dir.resolve("fc").toString()), home);
        NpmPackageFetcher f = NpmPackageFetcher.fromSettings(hub, Map.of("npm_config_registry", registry().toString()));
        assertEquals(dir.resolve("fc").resolve("npm"), f.cacheDirectory());
        assertFalse(f.offline());
        assertEquals(registry().toString().replaceAll("/$", ""), f.registry().toString());
        f.fetch(PINNED);
        assertEquals(1, requests.size());

        HubSettings offline = HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", "1"), home);
        NpmPackageFetcher d = NpmPackageFetcher.fromSettings(offline, Map.of());
        assertTrue(d.offline());
        assertEquals(NpmPackageFetcher.DEFAULT_REGISTRY, d.registry());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> NpmPackageFetcher.fromSettings(hub, Map.of("NPM_CONFIG_REGISTRY", "ftp://mirror")));
        assertTrue(bad.getMessage().contains("NPM_CONFIG_REGISTRY"), bad.getMessage());
    }

    @Test
    void pinsNameTheirFilesAsNpmDoesAndRefuseWhatIsNotAPin() {
        NpmTarball unscoped = new NpmTarball("left-pad", "1.3.0", "A".repeat(64), 10, "x");
        assertEquals("left-pad-1.3.0.tgz", unscoped.fileName());
        assertEquals("left-pad/-/left-pad-1.3.0.tgz", unscoped.registryPath());
        assertEquals("a".repeat(64), unscoped.sha256());
        assertEquals("vladmandic-face-api-1.7.15.tgz", new NpmTarball("@vladmandic/face-api", "1.7.15",
                "0".repeat(64), 1, "x").fileName());
        String sha = "0".repeat(64);
        for (String name : new String[] {"../x", "@a/../b", "A", "a/b", "", "@a/b/c"}) {
            assertThrows(IllegalArgumentException.class, () -> new NpmTarball(name, "1.0.0", sha, 1, "x"), name);
        }
        for (String version : new String[] {"^1.0.0", "1.0", "latest", "1.0.0/../x"}) {
            assertThrows(IllegalArgumentException.class, () -> new NpmTarball("a", version, sha, 1, "x"), version);
        }
        assertThrows(IllegalArgumentException.class, () -> new NpmTarball("a", "1.0.0", "abc", 1, "x"));
        assertThrows(IllegalArgumentException.class, () -> new NpmTarball("a", "1.0.0", sha, 0, "x"));
        assertThrows(IllegalArgumentException.class,
                () -> new NpmTarball("a", "1.0.0", sha, NpmTarball.MAX_SIZE + 1, "x"));
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
