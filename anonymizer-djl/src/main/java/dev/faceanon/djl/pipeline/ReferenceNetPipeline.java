package dev.faceanon.djl.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.DiffusionConfig;
import dev.faceanon.ProgressEvent;
import dev.faceanon.djl.clip.ClipVisionModel;
import dev.faceanon.djl.clip.ClipVisionOutput;
import dev.faceanon.djl.config.SchedulerConfig;
import dev.faceanon.djl.sampling.SamplerStepper;
import dev.faceanon.djl.sampling.SchedulerConfigSamplers;
import dev.faceanon.djl.sampling.StepResult;
import dev.faceanon.djl.unet.ReferenceContext;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.ReferenceStates;
import dev.faceanon.djl.unet.UNet2DConditionModel;
import dev.faceanon.djl.vae.AutoencoderKL;
import dev.faceanon.djl.vae.DiagonalGaussianDistribution;
import dev.faceanon.image.ClipImagePreprocessor;
import dev.faceanon.image.ClipImageSettings;
import dev.faceanon.image.RgbImage;
import dev.faceanon.image.VaePixelCodec;
import dev.faceanon.noise.NoiseKind;
import dev.faceanon.noise.NoiseSource;
import dev.faceanon.sampling.SamplingPlan;
import dev.faceanon.spi.CloseGuard;
import dev.faceanon.spi.GenerationMode;
import dev.faceanon.spi.GenerationRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The official {@code StableDiffusionReferenceNetPipeline.__call__} (spec §3-4) on loaded networks:
 * CLIP and VAE conditioning of both reference images, both ReferenceNets once at timestep 0, the
 * anonymization-degree edits, the denoising loop with classifier-free guidance, and VAE decoding.
 *
 * <p>Differences from the official code that do not change results: the VAE encoder and CLIP run
 * once when both branches see the same image (the official code runs them twice; both runs are
 * deterministic, and the two posterior samples still use two independent noise draws), and the
 * ReferenceNets' key/value projections are computed once per call rather than at every step.
 *
 * <p>Thread-safe: every call allocates under its own manager, which is closed (freeing all native
 * memory of the call) before the call returns or throws, including on cancellation.
 * {@link #close()} waits for running calls before it frees the networks; every call made once it
 * has begun throws {@link IllegalStateException} ({@link CloseGuard}).
 */
public final class ReferenceNetPipeline implements AutoCloseable {
    private final UNet2DConditionModel unet;
    private final ReferenceNet referenceNet;
    private final ReferenceNet conditioningReferenceNet;
    private final AutoencoderKL vae;
    private final ClipVisionModel imageEncoder;
    private final ClipImagePreprocessor clipPreprocessor;
    private final SchedulerConfig schedulerConfig;
    private final NDManager manager;
    private final CloseGuard lifecycle = new CloseGuard("ReferenceNetPipeline");

    /**
     * Takes ownership of loaded networks (all closed by {@link #close()}).
     *
     * @param manager the manager the networks were loaded under; calls allocate under sub-managers of it
     * @param unet the denoising UNet
     * @param referenceNet the source (identity) ReferenceNet
     * @param conditioningReferenceNet the conditioning (driving) ReferenceNet
     * @param vae the VAE
     * @param imageEncoder the CLIP vision tower
     * @param clipImageSettings CLIP preprocessing
     * @param schedulerConfig the scheduler configuration samplers are built from
     */
    public ReferenceNetPipeline(NDManager manager, UNet2DConditionModel unet, ReferenceNet referenceNet,
            ReferenceNet conditioningReferenceNet, AutoencoderKL vae, ClipVisionModel imageEncoder,
            ClipImageSettings clipImageSettings, SchedulerConfig schedulerConfig) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.unet = Objects.requireNonNull(unet, "unet");
        this.referenceNet = Objects.requireNonNull(referenceNet, "referenceNet");
        this.conditioningReferenceNet = Objects.requireNonNull(conditioningReferenceNet, "conditioningReferenceNet");
        this.vae = Objects.requireNonNull(vae, "vae");
        this.imageEncoder = Objects.requireNonNull(imageEncoder, "imageEncoder");
        this.clipPreprocessor = new ClipImagePreprocessor(clipImageSettings);
        this.schedulerConfig = Objects.requireNonNull(schedulerConfig, "schedulerConfig");
    }

    /**
     * @return the head count of the denoiser's full-resolution attention level (5 for SD-2.1), whose
     *     score blocks (heads × tokens × 3·tokens) are by far the largest
     */
    int fullResolutionHeads() {
        return unet.config().numAttentionHeads().get(0);
    }

    /**
     * @return the spatial down factor of the VAE (8 for SD-2.1)
     * @throws IllegalStateException if closed
     */
    public int latentScale() {
        lifecycle.requireOpen("ReferenceNetPipeline.latentScale");
        return vae.config().downsampleFactor();
    }

    /**
     * Runs one generation.
     *
     * @param request the generation; its images must have sides divisible by {@link #latentScale()}
     * @param trace receives intermediates under their golden names
     * @return the generated image, same size as the request's images
     * @throws IllegalStateException if closed
     */
    public RgbImage generate(GenerationRequest request, PipelineTrace trace) {
        return lifecycle.call("ReferenceNetPipeline.generate", () -> generateOpen(request, trace));
    }

    private RgbImage generateOpen(GenerationRequest request, PipelineTrace trace) {
        RgbImage cond = request.conditioning();
        int scale = latentScale();
        if (cond.width() % scale != 0 || cond.height() % scale != 0) {
            throw new IllegalArgumentException("image sides must be multiples of " + scale + ", got "
                    + cond.width() + "x" + cond.height());
        }
        DiffusionConfig config = request.config();
        boolean guidance = config.guidanceScale() > 1;
        boolean anonymize = request.mode() == GenerationMode.ANONYMIZE && config.anonymizationDegree() > 0;
        boolean doubled = guidance || anonymize;
        SamplingPlan plan = SchedulerConfigSamplers.create(schedulerConfig, config.sampler()).plan(config.steps());
        try (NDManager call = manager.newSubManager()) {
            JniUtils.setGradMode(false);
            request.cancellation().throwIfCancelled();
            Conditioning c = condition(call, request, doubled, anonymize, trace);
            request.progress().onProgress(new ProgressEvent(ProgressEvent.Stage.CONDITIONING, 1, 1, request.faceIndex()));
            NDArray latents = denoise(call, request, plan, c, guidance, anonymize, trace);
            request.cancellation().throwIfCancelled();
            RgbImage image = decode(call, latents, cond.width(), cond.height(), trace);
            request.progress().onProgress(new ProgressEvent(ProgressEvent.Stage.DECODING, 1, 1, request.faceIndex()));
            return image;
        }
    }

    /** What the denoising loop needs from the conditioning stage. */
    private record Conditioning(NDArray encoderHiddenStates, ReferenceContext context) {}

    private Conditioning condition(NDManager call, GenerationRequest request, boolean doubled, boolean anonymize,
            PipelineTrace trace) {
        NoiseSource noise = request.noise();
        boolean sample = request.config().samplePosterior();
        float sf = (float) vae.scalingFactor();
        boolean sameImage = request.identity() == request.conditioning();

        // Source (identity) branch first, then conditioning: the official order of noise draws.
        Encoded condImage = encode(call, request.conditioning());
        Encoded idImage = sameImage ? condImage : encode(call, request.identity());
        trace.record("vae_encode.0.posterior_mean", idImage.posterior.mean());
        trace.record("vae_encode.0.posterior_logvar", idImage.posterior.logvar());
        trace.record("vae_encode.1.posterior_mean", condImage.posterior.mean());
        trace.record("vae_encode.1.posterior_logvar", condImage.posterior.logvar());
        trace.record("image_encoder.0.pooler_output", idImage.pooler);
        trace.record("image_encoder.1.pooler_output", condImage.pooler);
        NDArray zSource = latent(call, idImage.posterior, noise, sample).mul(sf);
        NDArray zCond = latent(call, condImage.posterior, noise, sample).mul(sf);

        NDArray eSource = idImage.pooler.expandDims(1);
        NDArray eCond = condImage.pooler.expandDims(1);
        NDArray srcLatents;
        NDArray srcEmbeds;
        NDArray condLatents;
        NDArray condEmbeds;
        double d = request.config().anonymizationDegree();
        if (doubled) {
            // Null conditioning of the source branch is all-zero latents and an all-zero CLIP token.
            NDArray second = anonymize ? eSource.mul((float) (1 - d)) : eSource;
            srcLatents = zSource.zerosLike().concat(zSource, 0);
            srcEmbeds = eSource.zerosLike().concat(second, 0);
            condLatents = zCond.concat(zCond, 0);
            condEmbeds = eCond.concat(eCond, 0);
        } else {
            srcLatents = zSource;
            srcEmbeds = eSource;
            condLatents = zCond;
            condEmbeds = eCond;
        }
        trace.record("referencenet.input.sample", srcLatents);
        trace.record("referencenet.input.encoder_hidden_states", srcEmbeds);
        trace.record("conditioning_referencenet.input.sample", condLatents);
        trace.record("conditioning_referencenet.input.encoder_hidden_states", condEmbeds);

        ReferenceStates source = referenceNet.forward(call, srcLatents, srcEmbeds);
        for (String key : source.keys()) {
            trace.record("referencenet.states." + key, source.get(key));
        }
        if (anonymize) {
            source = extrapolateAwayFromIdentity(call, source, d);
        }
        request.cancellation().throwIfCancelled();
        ReferenceStates conditioning = conditioningReferenceNet.forward(call, condLatents, condEmbeds);
        for (String key : conditioning.keys()) {
            trace.record("conditioning_referencenet.states." + key, conditioning.get(key));
        }
        NDArray encoderHiddenStates = srcEmbeds.concat(condEmbeds, 1);
        trace.record("unet.encoder_hidden_states", encoderHiddenStates);
        ReferenceContext context = unet.referenceContext(call, source, conditioning);
        source.close();
        conditioning.close();
        return new Conditioning(encoderHiddenStates, context);
    }

    /** A reference image through the VAE encoder and CLIP. */
    private record Encoded(DiagonalGaussianDistribution posterior, NDArray pooler) {}

    private Encoded encode(NDManager call, RgbImage image) {
        float[] chw = VaePixelCodec.encode(image);
        NDArray pixels = call.create(chw, new Shape(1, 3, image.height(), image.width()))
                .toType(vae.dataType(), false);
        DiagonalGaussianDistribution posterior = vae.encode(call, pixels);
        float[] clip = clipPreprocessor.preprocess(image).pixelValues();
        var settings = clipPreprocessor.settings();
        NDArray clipPixels = call.create(clip, new Shape(1, 3, settings.cropHeight(), settings.cropWidth()))
                .toType(imageEncoder.dataType(), false);
        ClipVisionOutput out = imageEncoder.forward(call, clipPixels);
        return new Encoded(posterior, out.pooler().toType(unet.dataType(), false));
    }

    private NDArray latent(NDManager call, DiagonalGaussianDistribution posterior, NoiseSource noise, boolean sample) {
        NDArray z;
        if (sample) {
            long[] shape = posterior.mean().getShape().getShape();
            NDArray eps = call.create(noise.next(NoiseKind.VAE_POSTERIOR, shape), new Shape(shape));
            z = posterior.sample(eps);
        } else {
            z = posterior.mode();
        }
        return z.toType(unet.dataType(), false);
    }

    /**
     * The official anonymization edit after the source ReferenceNet: the conditional half of every
     * state becomes {@code S_x·(1−d) + S_null·d}, a linear extrapolation away from the input
     * identity for d &gt; 1.
     */
    private static ReferenceStates extrapolateAwayFromIdentity(NDManager call, ReferenceStates states, double d) {
        Map<String, NDArray> edited = new LinkedHashMap<>();
        for (String key : states.keys()) {
            NDArray s = states.get(key);
            NDArray nul = s.get(new NDIndex("0:1"));
            NDArray x = s.get(new NDIndex("1:2"));
            NDArray mixed = x.mul((float) (1 - d)).add(nul.mul((float) d));
            edited.put(key, nul.concat(mixed, 0));
        }
        // The edited arrays were created under the raw states' manager: move them out before it closes.
        ReferenceStates result = ReferenceStates.adopt(call, edited);
        states.close();
        return result;
    }

    private NDArray denoise(NDManager call, GenerationRequest request, SamplingPlan plan, Conditioning c,
            boolean guidance, boolean anonymize, PipelineTrace trace) {
        RgbImage cond = request.conditioning();
        int scale = latentScale();
        long[] latentShape = {1, unet.config().inChannels(), cond.height() / scale, cond.width() / scale};
        Shape shape = new Shape(latentShape);
        NDArray x = call.create(request.noise().next(NoiseKind.INITIAL_LATENTS, latentShape), shape)
                .mul((float) plan.initNoiseSigma()).toType(unet.dataType(), false);
        float g = (float) request.config().guidanceScale();
        boolean doubled = guidance || anonymize;
        try (SamplerStepper stepper = new SamplerStepper(plan, call)) {
            for (int i = 0; i < plan.size(); i++) {
                request.cancellation().throwIfCancelled();
                try (NDManager step = call.newSubManager()) {
                    int t = stepper.timestep();
                    trace.record("step." + i + ".latents_in", x);
                    NDArray input = doubled ? x.concat(x, 0) : x;
                    NDArray out = unet.forward(step, input, t, c.encoderHiddenStates(), c.context());
                    trace.record("step." + i + ".unet_output", out);
                    NDArray v;
                    if (guidance) {
                        NDArray uncond = out.get(new NDIndex("0:1"));
                        NDArray condOut = out.get(new NDIndex("1:2"));
                        // The official form (1−g)·uncond + g·cond, not uncond + g·(cond − uncond).
                        v = uncond.mul((float) (1 - request.config().guidanceScale())).add(condOut.mul(g));
                    } else if (anonymize) {
                        v = out.get(new NDIndex("1:2"));
                    } else {
                        v = out;
                    }
                    trace.record("step." + i + ".guided_model_output", v);
                    DataType latentType = x.getDataType();
                    StepResult r = stepper.step(x, v,
                            () -> step.create(request.noise().next(NoiseKind.SAMPLER_STEP, latentShape), shape)
                                    .toType(latentType, false));
                    r.predictedOriginal().close();
                    x.close();
                    x = r.prevSample();
                    trace.record("step." + i + ".latents_out", x);
                }
                request.progress().onProgress(
                        new ProgressEvent(ProgressEvent.Stage.DENOISING, i + 1, plan.size(), request.faceIndex()));
            }
        }
        return x;
    }

    private RgbImage decode(NDManager call, NDArray latents, int width, int height, PipelineTrace trace) {
        NDArray scaled = latents.toType(vae.dataType(), false).div((float) vae.scalingFactor());
        trace.record("vae_decode.input", scaled);
        NDArray decoded = vae.decode(call, scaled).toType(DataType.FLOAT32, false);
        if (trace != PipelineTrace.NONE) {
            // The float image is only materialised for a trace; the codec below quantises directly.
            trace.record("output.image_float", decoded.div(2f).add(0.5f).clip(0f, 1f).transpose(0, 2, 3, 1));
        }
        return VaePixelCodec.decode(decoded.toFloatArray(), width, height);
    }

    /** Refuses new calls, waits for the running ones, then frees every network. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            try (NDManager m = manager) {
                unet.close();
                referenceNet.close();
                conditioningReferenceNet.close();
                vae.close();
                imageEncoder.close();
            }
        });
    }
}
