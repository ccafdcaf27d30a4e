package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.hub.ScriptedHub.Kind;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 10: whatever a server puts in the headers the client reads, the only exception that
 * comes out is a {@link ModelDownloadException}, and a file that lands in the cache is the genuine one.
 * Before the fix, an {@code X-Linked-Size} or {@code Content-Range} number beyond 64 bits raised
 * {@code NumberFormatException}, and a {@code Location} with a space or a {@code file:} scheme
 * {@code IllegalArgumentException}.
 */
class HubResponseFuzzTest {
    private static final String WEIGHTS = "vae/diffusion_pytorch_model.safetensors";

    @TempDir
    Path tmp;

    private ScriptedHub hub;
    private int run;

    /** One tampered header: in which response, which header, what value (null: left out). */
    record Mutation(Kind kind, String header, List<String> values, int status, boolean resumeFirst) {
        @Override
        public String toString() {
            return kind + (status > 0 ? " (HTTP " + status + ")" : "") + " " + header + ": "
                    + (values == null ? "(absent)" : UntrustedText.abbreviate(String.join(" | ", values)))
                    + (resumeFirst ? " [resuming]" : "");
        }
    }

    @BeforeEach
    void start() throws IOException {
        hub = new ScriptedHub();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void malformedHeadersOfEveryKindEndInModelDownloadExceptionOnly() throws IOException {
        List<Mutation> mutations = mutations();
        List<String> problems = new ArrayList<>();
        int refused = 0;
        for (Mutation m : mutations) {
            hub.clearOverrides();
            if (m.status() > 0) {
                hub.status(m.kind(), m.status());
            }
            if (m.values() == null) {
                hub.override(m.kind(), m.header(), null);
            } else {
                for (String v : m.values()) {
                    hub.override(m.kind(), m.header(), v);
                }
            }
            Path root = tmp.resolve("run" + run++);
            HubSettings s = settings(root);
            if (m.resumeFirst()) {
                Path incomplete = blobs(s).resolve(hub.weightsSha() + ".incomplete");
                Files.createDirectories(incomplete.getParent());
                Files.write(incomplete, Arrays.copyOf(hub.file(WEIGHTS), 1000));
            }
            try {
                NetworkFiles f = source(s).resolveNetworks(config());
                if (!Arrays.equals(hub.file(WEIGHTS), Files.readAllBytes(f.sd21Dir().resolve(WEIGHTS)))) {
                    problems.add(m + ": accepted content that is not the published file");
                }
            } catch (ModelDownloadException e) {
                refused++;
                String msg = String.valueOf(e.getMessage());
                for (String leak : List.of("NumberFormat", "IllegalArgument", "URISyntax", "For input string",
                        "java.")) {
                    if (msg.contains(leak)) {
                        problems.add(m + ": the message leaks '" + leak + "': " + msg);
                    }
                }
            } catch (Throwable t) {
                problems.add(m + ": raised " + t);
            }
            Path blob = blobs(s).resolve(hub.weightsSha());
            if (Files.exists(blob) && !Arrays.equals(hub.file(WEIGHTS), Files.readAllBytes(blob))) {
                problems.add(m + ": a blob with other content is in the cache");
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(refused > mutations.size() / 2, "most mutations are refused: " + refused + " of " + mutations.size());
    }

    @Test
    void headersNamingAHugeNumberAreRefusedNamingTheHeader() {
        hub.override(Kind.HEAD_LFS, "X-Linked-Size", "99999999999999999999");
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> source(settings(tmp.resolve("a"))).resolveNetworks(config()));
        assertEquals(ModelDownloadException.Reason.SERVER, e.reason());
        assertTrue(e.getMessage().contains("unusable X-Linked-Size header '99999999999999999999'"), e.getMessage());
    }

    @Test
    void redirectsGoOnlyToHttpUrlsAndOnlySoOften() throws IOException {
        for (String target : List.of("file:///etc/passwd", "ftp://x/y", "http://exa mple/x")) {
            hub.clearOverrides();
            hub.override(Kind.HEAD_LFS, "Location", target);
            ModelDownloadException e = assertThrows(ModelDownloadException.class,
                    () -> source(settings(tmp.resolve("r" + run++))).resolveNetworks(config()));
            assertTrue(e.getMessage().contains("unusable Location header"), e.getMessage());
        }
        // The CDN redirecting to itself: a loop.
        hub.clearOverrides();
        hub.status(Kind.GET_LFS, 302);
        hub.override(Kind.GET_LFS, "Location", "/cdn/" + hub.weightsSha());
        ModelDownloadException loop = assertThrows(ModelDownloadException.class,
                () -> source(settings(tmp.resolve("loop"))).resolveNetworks(config()));
        assertTrue(loop.getMessage().contains("redirected more than 5 times"), loop.getMessage());
        long gets = hub.requests().stream().filter(r -> r.startsWith("GET /cdn/")).count();
        assertEquals(6, gets, "the first request and 5 redirects, then no more");
    }

    @Test
    void aHubResponseWithoutSizeIsRefusedBeforeAnyDownload() {
        hub.override(Kind.HEAD_LFS, "X-Linked-Size", null);
        hub.override(Kind.HEAD_LFS, "Content-Length", null);
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> source(settings(tmp.resolve("a"))).resolveNetworks(config()));
        assertTrue(e.getMessage().contains("without a size"), e.getMessage());
        assertTrue(hub.requests().stream().noneMatch(r -> r.startsWith("GET /cdn/")), hub.requests().toString());
    }

    private List<Mutation> mutations() {
        String sha = hub.weightsSha();
        int port = hub.endpoint().getPort();
        List<String> numbers = Arrays.asList("", " ", "-1", "+5", "1e3", "0x10", "5 5", "abc", "3.0", "\u0663",
                "99999999999999999999", "9223372036854775807", "9223372036854775808", "18446744073709551616",
                "1099511627777", "0", "1", "2999", "3001", null);
        List<String> etags = Arrays.asList("", "\"\"", "W/\"\"", "\"../../../etc/passwd\"", "\"" + "g".repeat(64) + "\"",
                "\"" + "a".repeat(63) + "\"", "\u0001", "\"" + sha.toUpperCase() + "\"", "\"" + "0".repeat(64) + "\"",
                "\"" + sha + "\" x", null);
        List<String> commits = Arrays.asList("", "abc", "A".repeat(40), "../../x", "0".repeat(41), "0".repeat(40),
                "\t", null);
        List<String> locations = Arrays.asList("", "file:///etc/passwd", "http://exa mple/x", "ftp://x/y",
                "javascript:alert(1)", "http://[::1", "http://", "%zz", "/cdn/" + sha, "//127.0.0.1:" + port + "/cdn/"
                + sha, "http://127.0.0.1:1/x", "http://a/" + "x".repeat(9000), "\t", "HTTP://127.0.0.1:" + port
                + "/cdn/" + sha, null);
        List<String> ranges = Arrays.asList("", "bytes", "bytes 0-1/2", "bytes 1000-999/3000", "bytes 1000-2999/*",
                "bytes 99999999999999999999-1/2", "bytes 1000-99999999999999999999/99999999999999999999",
                "bytes */3000", "items 1000-2999/3000", "bytes 1000-2999/1099511627777", "bytes -1000-2999/3000",
                "bytes 1000-2999/3000/1", null);
        List<Mutation> all = new ArrayList<>();
        add(all, Kind.HEAD_LFS, "X-Linked-Size", numbers, 0, false);
        add(all, Kind.HEAD_LFS, "Content-Length", numbers, 0, false);
        add(all, Kind.HEAD_GIT, "Content-Length", numbers, 0, false);
        add(all, Kind.GET_LFS, "Content-Length", numbers, 0, false);
        add(all, Kind.GET_LFS, "Content-Length", numbers, 0, true);
        add(all, Kind.HEAD_LFS, "X-Linked-Etag", etags, 0, false);
        add(all, Kind.HEAD_LFS, "ETag", etags, 0, false);
        add(all, Kind.HEAD_GIT, "ETag", etags, 0, false);
        add(all, Kind.HEAD_LFS, "X-Repo-Commit", commits, 0, false);
        add(all, Kind.HEAD_GIT, "X-Repo-Commit", commits, 0, false);
        add(all, Kind.HEAD_LFS, "Location", locations, 0, false);
        add(all, Kind.GET_LFS, "Location", locations, 302, false);
        add(all, Kind.GET_LFS, "Content-Range", ranges, 0, true);
        // The same header twice with different values.
        all.add(new Mutation(Kind.HEAD_LFS, "X-Linked-Size", List.of("3000", "3001"), 0, false));
        all.add(new Mutation(Kind.HEAD_LFS, "X-Linked-Etag", List.of("\"" + sha + "\"", "\"" + "0".repeat(64) + "\""),
                0, false));
        all.add(new Mutation(Kind.HEAD_LFS, "Location", List.of("/cdn/" + sha, "file:///etc/passwd"), 0, false));
        all.add(new Mutation(Kind.GET_LFS, "Content-Range", List.of("bytes 1000-2999/3000", "bytes 0-2999/3000"), 0,
                true));
        return all;
    }

    private static void add(List<Mutation> all, Kind kind, String header, List<String> values, int status,
            boolean resume) {
        for (String v : values) {
            all.add(new Mutation(kind, header, v == null ? null : List.of(v), status, resume));
        }
    }

    private HubSettings settings(Path root) {
        return hub.settings(root, DownloadPace.DEFAULT);
    }

    private static Path blobs(HubSettings s) {
        return s.hubCache().resolve("models--" + ScriptedHub.REPO.replace("/", "--")).resolve("blobs");
    }

    private static ModelSource source(HubSettings s) {
        return ModelSource.builder(s).retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))
                .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).build();
    }

    /** The face-anon and CLIP repositories come from local directories; only SD-2.1 is fetched. */
    private ModelSourceConfig config() throws IOException {
        return ScriptedHub.sd21Only(tmp.resolve("local"));
    }
}
