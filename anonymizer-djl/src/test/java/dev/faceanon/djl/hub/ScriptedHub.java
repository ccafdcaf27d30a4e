package dev.faceanon.djl.hub;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hub protocol for one repository and some plain files, on a {@link RawHttpServer}, with every
 * response open to tampering: any header of any kind of response replaced, removed or duplicated,
 * and bodies that never end, trickle, or run past their Content-Length.
 */
final class ScriptedHub implements AutoCloseable {
    /** The kinds of response a test can tamper with. */
    enum Kind { HEAD_LFS, HEAD_GIT, GET_LFS, GET_GIT, GET_PLAIN }

    /** How file bodies (LFS and plain) are sent. */
    enum BodyMode {
        /** As published. */
        NORMAL,
        /** No Content-Length, and bytes until the client gives up. */
        ENDLESS,
        /** With Content-Length, 100 bytes every 100 ms. */
        TRICKLE,
        /** Content-Length as published, then the content and as much again. */
        LONGER_THAN_ANNOUNCED
    }

    static final String REPO = ModelFiles.SD21_REPO;
    static final String COMMIT = "5cae40e6a2745ae2b01ad92ae5043f95f23644d6";

    private final RawHttpServer server;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Set<String> lfs = ConcurrentHashMap.newKeySet();
    private final Map<String, byte[]> plain = new ConcurrentHashMap<>();
    private final Map<Kind, List<String[]>> overrides = new ConcurrentHashMap<>();
    private final Map<Kind, Integer> statuses = new ConcurrentHashMap<>();
    private volatile BodyMode bodyMode = BodyMode.NORMAL;

    ScriptedHub() throws IOException {
        server = new RawHttpServer(this::handle);
        files.put("vae/config.json", "{\"_class_name\": \"AutoencoderKL\"}".getBytes(StandardCharsets.UTF_8));
        byte[] weights = new byte[3000];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = (byte) (i * 31 + 7);
        }
        files.put("vae/diffusion_pytorch_model.safetensors", weights);
        lfs.add("vae/diffusion_pytorch_model.safetensors");
        files.put("scheduler/scheduler_config.json", "{\"num_train_timesteps\": 1000}".getBytes(StandardCharsets.UTF_8));
    }

    URI endpoint() {
        return server.base();
    }

    URI plainBase() {
        return URI.create(server.base() + "/plain/");
    }

    byte[] file(String path) {
        return files.get(path);
    }

    String weightsSha() {
        return FakeHub.sha256(files.get("vae/diffusion_pytorch_model.safetensors"));
    }

    void addPlain(String name, byte[] content) {
        plain.put(name, content);
    }

    List<String> requests() {
        return server.requests();
    }

    /** Replaces (or, with value null, removes) a header of every response of a kind; repeated names add duplicates. */
    void override(Kind kind, String name, String value) {
        overrides.computeIfAbsent(kind, k -> new ArrayList<>()).add(new String[] {name, value});
    }

    /** Answers every response of a kind with this status instead (headers as usual, no body). */
    void status(Kind kind, int status) {
        statuses.put(kind, status);
    }

    void clearOverrides() {
        overrides.clear();
    }

    void bodyMode(BodyMode mode) {
        bodyMode = mode;
    }

    @Override
    public void close() {
        server.close();
    }

    /**
     * @param root where the caches go
     * @param pace the download pace; its stall timeout is cut to a few seconds so no test can hang
     * @return settings pointing at this hub
     */
    HubSettings settings(Path root, DownloadPace pace) {
        return HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", endpoint().toString(),
                "HF_HUB_CACHE", root.resolve("hub").toString(), "TORCH_HOME", root.resolve("torch").toString(),
                "FACEANON_CACHE", root.resolve("derived").toString()), root)
                .withDownloadPace(pace.withStallTimeout(java.time.Duration.ofSeconds(3)));
    }

    /**
     * @param localRoot where to put stand-in face-anon and CLIP directories (empty files)
     * @return a configuration that fetches only the SD-2.1 repository, from this hub
     * @throws IOException if the stand-ins cannot be written
     */
    static ModelSourceConfig sd21Only(Path localRoot) throws IOException {
        Path face = localRoot.resolve("face-anon");
        Path clip = localRoot.resolve("clip");
        for (Map.Entry<Path, Map<String, String>> e : Map.of(face, ModelFiles.FACE_ANON, clip, ModelFiles.CLIP)
                .entrySet()) {
            for (String f : e.getValue().keySet()) {
                Files.createDirectories(e.getKey().resolve(f).getParent());
                Files.write(e.getKey().resolve(f), new byte[0]);
            }
        }
        return ModelSourceConfig.defaults().withFaceAnon(RepoLocation.local(face)).withClip(RepoLocation.local(clip))
                .withSd21(RepoLocation.hub(REPO));
    }

    private void handle(RawHttpServer.Request r, OutputStream out) throws IOException {
        String path = r.path();
        String prefix = "/" + REPO + "/resolve/";
        if (path.startsWith("/cdn/") && path.substring(5).equals(weightsSha())) {
            content(r, out, Kind.GET_LFS, files.get("vae/diffusion_pytorch_model.safetensors"), List.of());
        } else if (path.startsWith("/plain/") && plain.containsKey(decode(path.substring(7)))) {
            content(r, out, Kind.GET_PLAIN, plain.get(decode(path.substring(7))), List.of());
        } else if (path.startsWith(prefix)) {
            String[] revAndPath = path.substring(prefix.length()).split("/", 2);
            String file = revAndPath.length == 2 ? decode(revAndPath[1]) : "";
            if (!files.containsKey(file)) {
                RawHttpServer.respond(out, 404, List.of(new String[] {"X-Error-Code", "EntryNotFound"},
                        new String[] {"Content-Length", "0"}), null);
                return;
            }
            byte[] c = files.get(file);
            List<String[]> h = new ArrayList<>();
            h.add(new String[] {"X-Repo-Commit", COMMIT});
            if (lfs.contains(file)) {
                h.add(new String[] {"X-Linked-Etag", "\"" + FakeHub.sha256(c) + "\""});
                h.add(new String[] {"X-Linked-Size", Integer.toString(c.length)});
                h.add(new String[] {"ETag", "\"" + FakeHub.gitBlobId(("pointer " + FakeHub.sha256(c)).getBytes(
                        StandardCharsets.US_ASCII)) + "\""});
                h.add(new String[] {"Location", server.base() + "/cdn/" + FakeHub.sha256(c)});
                h.add(new String[] {"Content-Length", "0"});
                RawHttpServer.respond(out, 302, apply(Kind.HEAD_LFS, h), null);
            } else {
                h.add(new String[] {"ETag", "\"" + FakeHub.gitBlobId(c) + "\""});
                if (r.method().equals("HEAD")) {
                    h.add(new String[] {"Content-Length", Integer.toString(c.length)});
                    RawHttpServer.respond(out, 200, apply(Kind.HEAD_GIT, h), null);
                } else {
                    content(r, out, Kind.GET_GIT, c, h);
                }
            }
        } else {
            RawHttpServer.respond(out, 404, List.<String[]>of(new String[] {"Content-Length", "0"}), null);
        }
    }

    private void content(RawHttpServer.Request r, OutputStream out, Kind kind, byte[] c, List<String[]> base)
            throws IOException {
        List<String[]> h = new ArrayList<>(base);
        int start = 0;
        int status = 200;
        String range = r.header("Range");
        if (range != null && range.startsWith("bytes=")) {
            String[] se = range.substring(6).split("-", 2);
            start = Integer.parseInt(se[0]);
            int end = se[1].isEmpty() ? c.length - 1 : Math.min(c.length - 1, Integer.parseInt(se[1]));
            if (start >= c.length) {
                h.add(new String[] {"Content-Range", "bytes */" + c.length});
                h.add(new String[] {"Content-Length", "0"});
                RawHttpServer.respond(out, 416, apply(kind, h), null);
                return;
            }
            status = 206;
            h.add(new String[] {"Content-Range", "bytes " + start + "-" + end + "/" + c.length});
            c = Arrays.copyOfRange(c, start, end + 1);
        }
        if (statuses.containsKey(kind)) {
            RawHttpServer.respond(out, statuses.get(kind), apply(kind, h), null);
            return;
        }
        BodyMode mode = kind == Kind.GET_GIT ? BodyMode.NORMAL : bodyMode;
        if (mode != BodyMode.ENDLESS) {
            h.add(new String[] {"Content-Length", Integer.toString(c.length)});
        }
        RawHttpServer.respond(out, status, apply(kind, h), null);
        switch (mode) {
            case ENDLESS:
                byte[] chunk = new byte[8192];
                while (true) {
                    out.write(chunk);
                }
            case TRICKLE:
                for (int i = 0; i < c.length; i += 100) {
                    out.write(c, i, Math.min(100, c.length - i));
                    out.flush();
                    sleep(100);
                }
                return;
            case LONGER_THAN_ANNOUNCED:
                out.write(c);
                out.write(c);
                out.flush();
                return;
            default:
                out.write(c);
                out.flush();
        }
    }

    private List<String[]> apply(Kind kind, List<String[]> headers) {
        List<String[]> o = overrides.getOrDefault(kind, List.of());
        List<String[]> result = new ArrayList<>();
        for (String[] h : headers) {
            if (o.stream().noneMatch(x -> x[0].equalsIgnoreCase(h[0]))) {
                result.add(h);
            }
        }
        for (String[] x : o) {
            if (x[1] != null) {
                result.add(x);
            }
        }
        return result;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static void sleep(long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
