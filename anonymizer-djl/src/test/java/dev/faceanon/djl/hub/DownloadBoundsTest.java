package dev.faceanon.djl.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import dev.faceanon.djl.hub.ScriptedHub.BodyMode;
import dev.faceanon.djl.hub.ScriptedHub.Kind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 11: every download is bounded by the size it must have and by a deadline derived
 * from that size and a minimum rate. Before the fix a body without size was taken without bound and a
 * trickling server held a download indefinitely.
 */
class DownloadBoundsTest {
    private static final String WEIGHTS = "vae/diffusion_pytorch_model.safetensors";
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private ScriptedHub hub;
    private byte[] s3fd;
    private byte[] fan;
    private UrlArtifact s3fdArtifact;
    private UrlArtifact fanArtifact;

    @BeforeEach
    void start() throws IOException {
        hub = new ScriptedHub();
        s3fd = new byte[5000];
        fan = new byte[4000];
        for (int i = 0; i < s3fd.length; i++) {
            s3fd[i] = (byte) (i * 13);
        }
        for (int i = 0; i < fan.length; i++) {
            fan[i] = (byte) (i * 17 + 3);
        }
        s3fdArtifact = new UrlArtifact("s3fd-" + FakeHub.sha256(s3fd).substring(0, 10) + ".pth",
                FakeHub.sha256(s3fd).substring(0, 10), "test detector").withMaxSize(10_000);
        fanArtifact = new UrlArtifact("2DFAN4-" + FakeHub.sha256(fan).substring(0, 10) + ".zip",
                FakeHub.sha256(fan).substring(0, 10), "test landmarks").withMaxSize(10_000);
        hub.addPlain(s3fdArtifact.fileName(), s3fd);
        hub.addPlain(fanArtifact.fileName(), fan);
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    @Test
    void anEndlessBodyOfAHubFileIsCutAtItsPublishedSize() {
        hub.bodyMode(BodyMode.ENDLESS);
        HubSettings s = settings(DownloadPace.DEFAULT);
        ModelDownloadException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(ModelDownloadException.class, () -> networks(s)));
        assertEquals(Reason.SERVER, e.reason());
        assertTrue(e.getMessage().contains("sends more than the 3000 bytes published"), e.getMessage());
        assertNothingLeft(s);
    }

    @Test
    void anEndlessBodyWithoutSizeOfADetectorFileIsCutAtItsBound() {
        hub.bodyMode(BodyMode.ENDLESS);
        HubSettings s = settings(DownloadPace.DEFAULT);
        ModelDownloadException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(ModelDownloadException.class, () -> detectors(s)));
        assertEquals(Reason.SERVER, e.reason());
        assertTrue(e.getMessage().contains("sends more than the 10000 bytes this file may have"), e.getMessage());
        assertNothingLeft(s);
    }

    @Test
    void aContentLengthBeyondTheBoundIsRefusedBeforeAnyByteIsWritten() {
        hub.override(Kind.GET_PLAIN, "Content-Length", "10001");
        HubSettings s = settings(DownloadPace.DEFAULT);
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> detectors(s));
        assertEquals(Reason.SERVER, e.reason());
        assertTrue(e.getMessage().contains("announces 10001 bytes, more than the 10000 bytes this file may have"),
                e.getMessage());
        assertNothingLeft(s);
    }

    @Test
    void bytesBeyondTheContentLengthAreNeverWritten() throws IOException {
        hub.bodyMode(BodyMode.LONGER_THAN_ANNOUNCED);
        HubSettings s = settings(DownloadPace.DEFAULT);
        DetectorFiles f = detectors(s);
        assertArrayEquals(s3fd, Files.readAllBytes(f.s3fdWeights()));
        assertArrayEquals(fan, Files.readAllBytes(f.fanWeights()));
        NetworkFiles n = networks(s);
        assertArrayEquals(hub.file(WEIGHTS), Files.readAllBytes(n.sd21Dir().resolve(WEIGHTS)));
    }

    @Test
    void aTricklingServerIsDroppedOnceAWindowBringsLessThanTheMinimumRate() {
        hub.bodyMode(BodyMode.TRICKLE); // 1 kB/s
        HubSettings s = settings(DownloadPace.DEFAULT.withMinBytesPerSecond(10_000)
                .withRateWindow(Duration.ofMillis(500)));
        long t0 = System.nanoTime();
        ModelDownloadException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(ModelDownloadException.class, () -> networks(s)));
        assertEquals(Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("slower than the minimum of 10.000 kB/s"), e.getMessage());
        assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 2_900_000_000L, "given up before the 3 s the trickle needs");
        assertNothingLeft(s);
    }

    @Test
    void aTransferNotCompleteByItsDeadlineIsGivenUp() {
        hub.bodyMode(BodyMode.TRICKLE); // 1 kB/s; 3000 bytes take 3 s
        // 0.5 s + 3000 bytes at 10 kB/s = 0.8 s; the window is too long to trip first.
        HubSettings s = settings(DownloadPace.DEFAULT.withMinBytesPerSecond(10_000)
                .withRateWindow(Duration.ofHours(1)).withAllowance(Duration.ofMillis(500)));
        long t0 = System.nanoTime();
        ModelDownloadException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(ModelDownloadException.class, () -> networks(s)));
        assertEquals(Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("was not complete after")
                && e.getMessage().contains("the most a file of 3000 bytes may take"), e.getMessage());
        assertTrue(System.nanoTime() - t0 < 2_500_000_000L, "given up at the deadline, not at the end");
        assertNothingLeft(s);
    }

    @Test
    void aTricklingDetectorDownloadIsGivenUpToo() {
        hub.bodyMode(BodyMode.TRICKLE);
        HubSettings s = settings(DownloadPace.DEFAULT.withMinBytesPerSecond(10_000)
                .withRateWindow(Duration.ofHours(1)).withAllowance(Duration.ofMillis(500)));
        ModelDownloadException e = assertTimeoutPreemptively(LIMIT,
                () -> assertThrows(ModelDownloadException.class, () -> detectors(s)));
        assertTrue(e.getMessage().contains("was not complete after"), e.getMessage());
        assertNothingLeft(s);
    }

    /** No partial or complete file of the refused download, and every lock free again. */
    private void assertNothingLeft(HubSettings s) {
        try (Stream<Path> all = Files.walk(tmp)) {
            List<Path> files = all.filter(Files::isRegularFile).collect(Collectors.toList());
            List<Path> left = files.stream().filter(p -> !p.toString().endsWith(".lock")
                    && !p.startsWith(tmp.resolve("local"))).collect(Collectors.toList());
            // Only the small git files of the hub repository (and the commit of main) may have arrived before.
            left.removeIf(p -> p.getFileName().toString().matches("[0-9a-f]{40}|.*\\.json")
                    || p.getParent().getFileName().toString().equals("refs"));
            assertEquals(List.of(), left);
            for (Path lock : files) {
                if (lock.toString().endsWith(".lock")) {
                    try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE);
                            FileLock l = ch.tryLock()) {
                        assertNotNull(l, "lock " + lock + " still held by another process");
                    }
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private HubSettings settings(DownloadPace pace) {
        return hub.settings(tmp.resolve("root"), pace);
    }

    private static ModelSource source(HubSettings s) {
        return ModelSource.builder(s).retryPolicy(new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(1)))
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).build();
    }

    private DetectorFiles detectors(HubSettings s) {
        return source(s).resolveDetectors(ModelSourceConfig.defaults().withDetectorBaseUrl(hub.plainBase())
                .withDetectorFiles(s3fdArtifact, fanArtifact));
    }

    private NetworkFiles networks(HubSettings s) throws IOException {
        return source(s).resolveNetworks(ScriptedHub.sd21Only(tmp.resolve("local")));
    }
}
