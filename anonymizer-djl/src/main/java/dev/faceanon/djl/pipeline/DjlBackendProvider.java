package dev.faceanon.djl.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.faceanon.ModelOptions;
import dev.faceanon.djl.device.DeviceChoice;
import dev.faceanon.djl.detect.DetectorOptions;
import dev.faceanon.djl.detect.S3fdFanFaceDetector;
import dev.faceanon.djl.device.DevicePolicy;
import dev.faceanon.djl.hub.HubSettings;
import dev.faceanon.djl.hub.ModelSource;
import dev.faceanon.djl.hub.ModelSourceConfig;
import dev.faceanon.djl.hub.RepoLocation;
import dev.faceanon.djl.hub.ResolvedModelFiles;
import dev.faceanon.djl.model.ModelLayout;
import dev.faceanon.djl.nn.AttentionOptions;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.spi.BackendProvider;
import dev.faceanon.spi.DiffusionBackend;

/**
 * Opens the DJL/PyTorch backend: finds the weights (an explicit directory, else the Hugging Face
 * cache, else a verified download), picks the device and precision (GPU with float16 when the engine
 * has CUDA, else CPU with float32, unless the options say otherwise), and loads the pipeline.
 */
public final class DjlBackendProvider implements BackendProvider {
    /** Where the detector files are looked for inside a model directory. */
    public static final String DETECTOR_DIRECTORY = "face-alignment";

    @Override
    public String name() {
        return "djl-pytorch";
    }

    @Override
    public DiffusionBackend open(ModelOptions options) {
        if (options.variant() == dev.faceanon.ModelVariant.TINY_RANDOM) {
            throw new UnsupportedOperationException("TINY_RANDOM is being implemented");
        }
        ModelLayout layout;
        String source;
        if (options.directory().isPresent()) {
            layout = ModelLayout.fromRoot(options.directory().get());
            source = options.directory().get().toString();
        } else {
            HubSettings settings = HubSettings.fromSystem();
            if (!options.allowDownload()) {
                settings = settings.withOffline(true);
            }
            ResolvedModelFiles files = ModelSource.builder(settings).build().resolve(ModelSourceConfig.defaults());
            layout = ModelLayout.builder().faceAnonDir(files.faceAnonDir()).stableDiffusionDir(files.sd21Dir())
                    .clipDir(files.clipDir()).build();
            source = "the Hugging Face cache " + settings.hubCache();
        }
        DeviceChoice choice = policy(options).choose();
        NDManager manager = NDManager.newBaseManager(choice.device());
        try {
            ReferenceNetPipeline pipeline = PipelineLoader.load(layout, manager, choice.dataType(),
                    AttentionOptions.defaults(true));
            return new DjlDiffusionBackend(pipeline, manager, choice, options.imageSize(), source);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Opens S3FD + 2DFAN4 (face-alignment 1.4.1's published files). With a model directory they are
     * looked for in {@code <dir>/face-alignment/}, else in the torch hub cache where face-alignment
     * keeps them ({@code $TORCH_HOME/hub/checkpoints}), else downloaded (SHA-256 prefix checked) when
     * downloads are allowed.
     */
    @Override
    public FaceDetector openDetector(ModelOptions options) {
        HubSettings settings = HubSettings.fromSystem();
        if (!options.allowDownload()) {
            settings = settings.withOffline(true);
        }
        ModelSourceConfig config = ModelSourceConfig.defaults();
        if (options.directory().isPresent()) {
            Path dir = options.directory().get();
            config = config.withFaceAnon(RepoLocation.local(dir.resolve("face-anon-simple")))
                    .withSd21(RepoLocation.local(dir.resolve("stable-diffusion-2-1")))
                    .withClip(RepoLocation.local(dir.resolve("clip-vit-large-patch14")));
            Path detectors = dir.resolve(DETECTOR_DIRECTORY);
            boolean complete = config.detectorFiles().stream()
                    .allMatch(a -> Files.isRegularFile(detectors.resolve(a.fileName())));
            if (complete) {
                config = config.withDetectorDirectory(detectors);
            }
        }
        ResolvedModelFiles files = ModelSource.builder(settings).build().resolve(config);
        DeviceChoice choice = policy(options).choose();
        return S3fdFanFaceDetector.open(files.s3fdWeights(), files.fanWeights(), choice.device(),
                DetectorOptions.defaults().withMaxDetectionSide(options.detectionSize()));
    }

    static DevicePolicy policy(ModelOptions options) {
        DevicePolicy policy = DevicePolicy.automatic();
        String device = options.device();
        if (device.equals("cpu")) {
            policy = policy.withDevice(Device.cpu());
        } else if (device.startsWith("gpu")) {
            policy = policy.withDevice(Device.gpu(device.equals("gpu") ? 0 : Integer.parseInt(device.substring(4))));
        }
        switch (options.precision()) {
            case FLOAT32:
                return policy.withDataType(DataType.FLOAT32);
            case FLOAT16:
                return policy.withDataType(DataType.FLOAT16);
            default:
                return policy;
        }
    }
}
