package dev.faceanon.parity;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonObject;
import dev.faceanon.CancellationToken;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.ProgressListener;
import dev.faceanon.djl.clip.ClipVisionModel;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.config.SchedulerConfig;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.pipeline.ReferenceNetPipeline;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.UNet2DConditionModel;
import dev.faceanon.djl.vae.AutoencoderKL;
import dev.faceanon.image.ClipImageSettings;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.NoiseKind;
import dev.faceanon.noise.ReplayNoiseSource;
import dev.faceanon.sampling.SamplerKind;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reproduces {@code pipeline_tiny_anon} and {@code pipeline_tiny_swap} (golden README §4.6): the
 * whole official pipeline from uint8 images to the uint8 output, with the five tiny networks the
 * case names, DDPM from the SD-2.1 scheduler config, and the recorded noise replayed in order.
 * Every recorded trace is compared too, which locates a divergence.
 */
public final class PipelineGoldenRunner implements GoldenRunner {

    private final AttentionKernel kernel;

    /** A runner with the attention kernel of the system property {@value AttentionKernel#PROPERTY}. */
    public PipelineGoldenRunner() {
        this(AttentionKernel.fromSystemProperties());
    }

    /** @param kernel the attention kernel the networks run */
    public PipelineGoldenRunner(AttentionKernel kernel) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
    }

    @Override
    public boolean handles(String caseName) {
        return caseName.equals("pipeline_tiny_anon") || caseName.equals("pipeline_tiny_swap");
    }

    @Override
    public List<TensorCheck> run(GoldenDirectory dir, GoldenCase golden) {
        JsonObject call = golden.sidecar().getAsJsonObject("pipeline_call");
        JsonObject weights = golden.sidecar().getAsJsonObject("weights");
        double degree = call.get("anonymization_degree").getAsDouble();
        DiffusionConfig config = DiffusionConfig.builder().sampler(SamplerKind.DDPM)
                .steps(call.get("num_inference_steps").getAsInt())
                .guidanceScale(call.get("guidance_scale").getAsDouble()).anonymizationDegree(degree).build();
        RgbImage conditioning = golden.rgbImage("input.conditioning_image_u8");
        boolean anonymize = degree > 0;
        RgbImage identity = anonymize ? conditioning : golden.rgbImage("input.source_image_u8");
        Map<String, NDArray> traces = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager();
                ReferenceNetPipeline pipeline = load(dir, weights, m)) {
            GenerationRequest request = new GenerationRequest(anonymize ? GenerationMode.ANONYMIZE : GenerationMode.SWAP,
                    conditioning, identity, config, replayedNoise(golden), ProgressListener.NONE,
                    new CancellationToken(), 0);
            RgbImage out = pipeline.generate(request, (name, value) -> {
                NDArray copy = value.toType(DataType.FLOAT32, true);
                copy.attach(m);
                traces.put(name, copy);
            });
            List<TensorCheck> checks = new ArrayList<>();
            checks.add(GoldenRunners.check(golden, "output.image_float", traces.get("output.image_float"),
                    ParityTolerances.PIPELINE_IMAGE_FLOAT));
            checks.add(GoldenRunners.checkImage(golden, "output.image_u8", out, ParityTolerances.PIPELINE_IMAGE_U8,
                    ParityTolerances.PIPELINE_IMAGE_U8_MAX_DIFFERING_FRACTION));
            for (Map.Entry<String, NDArray> e : traces.entrySet()) {
                String name = "trace." + e.getKey();
                if (golden.has(name)) {
                    checks.add(GoldenRunners.check(golden, name, e.getValue(), ParityTolerances.PIPELINE_LATENTS));
                }
            }
            return checks;
        }
    }

    /** The official run's noise, in the order it consumed it, with the kind its name says. */
    static ReplayNoiseSource replayedNoise(GoldenCase golden) {
        List<ReplayNoiseSource.Draw> draws = new ArrayList<>();
        for (String name : golden.noiseOrder()) {
            NoiseKind kind;
            if (name.startsWith("noise.vae_posterior.")) {
                kind = NoiseKind.VAE_POSTERIOR;
            } else if (name.startsWith("noise.init_latents.")) {
                kind = NoiseKind.INITIAL_LATENTS;
            } else if (name.startsWith("noise.ddpm_step.")) {
                kind = NoiseKind.SAMPLER_STEP;
            } else {
                throw new IllegalStateException("unknown noise tensor " + name + " in " + golden.name());
            }
            draws.add(new ReplayNoiseSource.Draw(kind, golden.info(name).shape(), golden.floats(name)));
        }
        return new ReplayNoiseSource(draws);
    }

    private ReferenceNetPipeline load(GoldenDirectory dir, JsonObject weights, NDManager m) {
        AttentionOptions attention = AttentionOptions.defaults(true).withKernel(kernel);
        try (GoldenCase unetCase = dir.open(stem(weights, "unet"));
                GoldenCase refCase = dir.open(stem(weights, "referencenet"));
                GoldenCase condRefCase = dir.open(stem(weights, "conditioning_referencenet"));
                GoldenCase vaeCase = dir.open(stem(weights, "vae"));
                GoldenCase clipCase = dir.open(stem(weights, "image_encoder"))) {
            UNetConfig unetConfig = UNetConfig.fromJson(unetCase.config().orElseThrow(), unetCase.tensorFile());
            UNet2DConditionModel unet = UNet2DConditionModel.load(unetConfig, unetCase.weights(), m,
                    DataType.FLOAT32, attention);
            ReferenceNet ref = ReferenceNet.load(
                    UNetConfig.fromJson(refCase.config().orElseThrow(), refCase.tensorFile()), refCase.weights(), m,
                    DataType.FLOAT32, attention);
            ReferenceNet condRef = ReferenceNet.load(
                    UNetConfig.fromJson(condRefCase.config().orElseThrow(), condRefCase.tensorFile()),
                    condRefCase.weights(), m, DataType.FLOAT32, attention);
            AutoencoderKL vae = AutoencoderKL.load(
                    VaeConfig.fromJson(vaeCase.config().orElseThrow(), vaeCase.tensorFile()), vaeCase.weights(), m,
                    DataType.FLOAT32, attention.withUpcast(false));
            ClipVisionModel clip = ClipVisionModel.load(
                    ClipVisionConfig.fromJson(clipCase.config().orElseThrow(), clipCase.tensorFile()),
                    clipCase.weights(), m, DataType.FLOAT32, attention.withUpcast(false));
            return new ReferenceNetPipeline(m.newSubManager(), unet, ref, condRef, vae, clip,
                    ClipImageSettings.openAiClip(), SchedulerConfig.stableDiffusion21());
        }
    }

    private static String stem(JsonObject weights, String role) {
        String file = weights.get(role).getAsString();
        if (!file.endsWith(".safetensors")) {
            throw new IllegalStateException("weights of " + role + " are not a golden safetensors file: " + file);
        }
        return file.substring(0, file.length() - ".safetensors".length());
    }
}
