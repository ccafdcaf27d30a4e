package dev.faceanon.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.FaceAnonymizer;
import dev.faceanon.FaceModels;
import dev.faceanon.djl.clip.ClipVisionModel;
import dev.faceanon.djl.config.ClipVisionConfig;
import dev.faceanon.djl.config.SchedulerConfig;
import dev.faceanon.djl.config.UNetConfig;
import dev.faceanon.djl.config.VaeConfig;
import dev.faceanon.djl.device.DeviceChoice;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.djl.pipeline.DjlDiffusionBackend;
import dev.faceanon.djl.pipeline.ReferenceNetPipeline;
import dev.faceanon.djl.unet.ReferenceNet;
import dev.faceanon.djl.unet.UNet2DConditionModel;
import dev.faceanon.djl.vae.AutoencoderKL;
import dev.faceanon.djl.weights.RandomTensorSource;
import dev.faceanon.image.ClipImageSettings;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Timeout;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End-to-end time of one aligned 512×512 face at the default preset (DPM-Solver++, 25 steps,
 * guidance 4) through the public API, with the five full-size networks (SD-2.1 denoiser and both
 * ReferenceNets, SD-2.1 VAE, CLIP ViT-L/14) holding random weights of the published shapes, float32
 * on the CPU: CLIP and VAE conditioning, both ReferenceNet passes, 25 guided steps, decoding. It
 * needs about 12 GB of memory and minutes per call; not part of {@code scripts/benchmarks}. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar FullSizeFaceBenchmark -prof
 * dev.faceanon.bench.PeakRssProfiler}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Timeout(time = 2, timeUnit = TimeUnit.HOURS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-XX:MaxDirectMemorySize=4g", "-Dai.djl.offline=true"})
public class FullSizeFaceBenchmark {
    private static final int SIDE = 512;

    /** The attention kernel: fused (the library's default) or materialised (the fallback). */
    @Param({"fused"})
    public String attention;

    private FaceModels models;
    private FaceAnonymizer anonymizer;
    private BufferedImage face;

    /** Loads the five networks with random weights. */
    @Setup(Level.Trial)
    public void setUp() {
        AttentionKernel kernel = AttentionKernel.parse(attention);
        UNetConfig unetConfig = UNetConfig.stableDiffusion21();
        AttentionOptions unetAttention = AttentionOptions.defaults(unetConfig.upcastAttention()).withKernel(kernel);
        AttentionOptions plainAttention = unetAttention.withUpcast(false);
        NDManager manager = NDManager.newBaseManager(Device.cpu());
        UNet2DConditionModel unet;
        ReferenceNet referenceNet;
        ReferenceNet conditioningReferenceNet;
        AutoencoderKL vae;
        ClipVisionModel clip;
        try (RandomTensorSource w = new RandomTensorSource(UNet2DConditionModel.expectedParameters(unetConfig), 1)) {
            unet = UNet2DConditionModel.load(unetConfig, w, manager, DataType.FLOAT32, unetAttention);
        }
        try (RandomTensorSource w = new RandomTensorSource(ReferenceNet.expectedParameters(unetConfig), 2)) {
            referenceNet = ReferenceNet.load(unetConfig, w, manager, DataType.FLOAT32, unetAttention);
        }
        try (RandomTensorSource w = new RandomTensorSource(ReferenceNet.expectedParameters(unetConfig), 3)) {
            conditioningReferenceNet = ReferenceNet.load(unetConfig, w, manager, DataType.FLOAT32, unetAttention);
        }
        VaeConfig vaeConfig = VaeConfig.stableDiffusion21();
        try (RandomTensorSource w = new RandomTensorSource(AutoencoderKL.expectedParameters(vaeConfig), 4)) {
            vae = AutoencoderKL.load(vaeConfig, w, manager, DataType.FLOAT32, plainAttention);
        }
        ClipVisionConfig clipConfig = ClipVisionConfig.clipVitLargePatch14();
        try (RandomTensorSource w = new RandomTensorSource(ClipVisionModel.expectedParameters(clipConfig), 5)) {
            clip = ClipVisionModel.load(clipConfig, w, manager, DataType.FLOAT32, plainAttention);
        }
        ReferenceNetPipeline pipeline = new ReferenceNetPipeline(manager.newSubManager(), unet, referenceNet,
                conditioningReferenceNet, vae, clip, ClipImageSettings.openAiClip(),
                SchedulerConfig.stableDiffusion21());
        models = FaceModels.of(new DjlDiffusionBackend(pipeline, manager, new DeviceChoice(Device.cpu(),
                DataType.FLOAT32), kernel, SIDE, "random weights of the published shapes"));
        anonymizer = models.anonymizer();
        face = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                face.setRGB(x, y, (x / 2) << 16 | (y / 2) << 8 | ((x + y) / 4 & 0xff));
            }
        }
    }

    /** @return the generated face */
    @Benchmark
    public BufferedImage anonymizeAlignedFace() {
        return anonymizer.anonymizeAligned(face);
    }

    /** Frees the networks. */
    @TearDown(Level.Trial)
    public void tearDown() {
        models.close();
    }
}
