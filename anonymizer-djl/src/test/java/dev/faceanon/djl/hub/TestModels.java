package dev.faceanon.djl.hub;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Small stand-ins for the published model files (a few hundred kB each), served by a {@link FakeHub}.
 * The CLIP file is a real safetensors file written here by hand, independently of the library's
 * writer, with a text tower, a vision tower and a projection, its keys sorted by name only (the
 * reference writer sorts by dtype first), so the derived vision-only file orders its data
 * differently from the remote file.
 */
final class TestModels {
    static final String FACE_COMMIT = "0966720" + "1".repeat(33);
    static final String SD_COMMIT = "5cae40e6a2745ae2b01ad92ae5043f95f23644d6";
    static final String CLIP_COMMIT = "32bd64288804d66eefd0ccbe215aa642df71cc41";

    final Map<String, byte[]> faceAnon = new LinkedHashMap<>();
    final Map<String, byte[]> sd21 = new LinkedHashMap<>();
    final Map<String, byte[]> clip = new LinkedHashMap<>();
    /** Vision tensors of the CLIP file: name to raw bytes. */
    final Map<String, byte[]> clipVision = new LinkedHashMap<>();
    final Map<String, long[]> clipVisionShapes = new LinkedHashMap<>();
    final Map<String, String> clipVisionDtypes = new LinkedHashMap<>();
    final byte[] s3fd;
    final byte[] fan;
    final UrlArtifact s3fdArtifact;
    final UrlArtifact fanArtifact;

    TestModels() {
        Random r = new Random(42);
        faceAnon.put("unet/config.json", json("UNet2DConditionModel"));
        faceAnon.put("unet/diffusion_pytorch_model.safetensors", random(r, 300_000));
        faceAnon.put("referencenet/config.json", json("ReferenceNetModel"));
        faceAnon.put("referencenet/diffusion_pytorch_model.safetensors", random(r, 200_000));
        faceAnon.put("conditioning_referencenet/config.json", json("ReferenceNetModel "));
        faceAnon.put("conditioning_referencenet/diffusion_pytorch_model.safetensors", random(r, 200_000));
        sd21.put("vae/config.json", json("AutoencoderKL"));
        sd21.put("vae/diffusion_pytorch_model.safetensors", random(r, 120_000));
        sd21.put("scheduler/scheduler_config.json", json("DDIMScheduler"));
        clip.put("config.json", json("CLIPModel"));
        clip.put("preprocessor_config.json", json("CLIPImageProcessor"));
        clip.put("model.safetensors", clipSafetensors(r));
        s3fd = random(r, 90_000);
        fan = random(r, 70_000);
        s3fdArtifact = new UrlArtifact("s3fd-" + FakeHub.sha256(s3fd).substring(0, 10) + ".pth",
                FakeHub.sha256(s3fd).substring(0, 10), "test detector");
        fanArtifact = new UrlArtifact("2DFAN4-" + FakeHub.sha256(fan).substring(0, 10) + ".zip",
                FakeHub.sha256(fan).substring(0, 10), "test landmarks");
    }

    /** Serves everything from the hub. */
    void serve(FakeHub hub) {
        hub.addRepo(ModelFiles.FACE_ANON_REPO, FACE_COMMIT, faceAnon, lfs(faceAnon));
        hub.addRepo(ModelFiles.SD21_REPO, SD_COMMIT, sd21, lfs(sd21));
        hub.addRepo(ModelFiles.CLIP_REPO, CLIP_COMMIT, clip, lfs(clip));
        hub.addPlain(s3fdArtifact.fileName(), s3fd);
        hub.addPlain(fanArtifact.fileName(), fan);
    }

    ModelSourceConfig config(URI plainBase) {
        return ModelSourceConfig.defaults().withDetectorBaseUrl(plainBase).withDetectorFiles(s3fdArtifact, fanArtifact);
    }

    static HubSettings settings(URI endpoint, Path root, Map<String, String> extraEnv) {
        Map<String, String> env = new LinkedHashMap<>(extraEnv);
        env.put("HF_ENDPOINT", endpoint.toString());
        env.put("HF_HOME", root.resolve("hf").toString());
        env.put("TORCH_HOME", root.resolve("torch").toString());
        env.put("FACEANON_CACHE", root.resolve("faceanon").toString());
        return HubSettings.fromEnvironment(env, root.resolve("home"));
    }

    static Set<String> lfs(Map<String, byte[]> files) {
        Set<String> s = new java.util.HashSet<>();
        files.keySet().stream().filter(p -> p.endsWith(".safetensors")).forEach(s::add);
        return s;
    }

    private static byte[] json(String cls) {
        return ("{\n  \"_class_name\": \"" + cls + "\"\n}\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Keys sorted by name; data in the same order, contiguous. */
    private byte[] clipSafetensors(Random r) {
        Object[][] tensors = {
            {"logit_scale", "F32", new long[] {}},
            {"text_model.embeddings.token_embedding.weight", "F32", new long[] {500, 64}},
            {"text_model.final_layer_norm.weight", "F16", new long[] {64}},
            {"vision_model.embeddings.class_embedding", "F32", new long[] {64}},
            {"vision_model.embeddings.patch_embedding.weight", "F16", new long[] {64, 3, 4, 4}},
            {"vision_model.encoder.layers.0.mlp.fc1.weight", "F32", new long[] {256, 64}},
            {"vision_model.post_layernorm.bias", "F32", new long[] {64}},
            {"visual_projection.weight", "F32", new long[] {32, 64}},
        };
        StringBuilder header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Object[] t : tensors) {
            long[] shape = (long[]) t[2];
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            int bytes = (int) n * (t[1].equals("F16") ? 2 : 4);
            byte[] raw = random(r, bytes);
            header.append(",\"").append(t[0]).append("\":{\"dtype\":\"").append(t[1]).append("\",\"shape\":[");
            for (int i = 0; i < shape.length; i++) {
                header.append(i > 0 ? "," : "").append(shape[i]);
            }
            header.append("],\"data_offsets\":[").append(data.size()).append(',').append(data.size() + bytes)
                    .append("]}");
            data.writeBytes(raw);
            if (((String) t[0]).startsWith("vision_model.")) {
                clipVision.put((String) t[0], raw);
                clipVisionShapes.put((String) t[0], shape);
                clipVisionDtypes.put((String) t[0], (String) t[1]);
            }
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + data.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(data.toByteArray());
        return out.array();
    }
}
