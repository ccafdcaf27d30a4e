package dev.faceanon;

import dev.faceanon.face.FaceDetector;
import dev.faceanon.image.BufferedImageConverter;
import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.NoiseSource;
import dev.faceanon.noise.SeededNoiseSource;
import dev.faceanon.spi.BackendProvider;
import dev.faceanon.spi.CloseGuard;
import dev.faceanon.spi.DiffusionBackend;
import dev.faceanon.spi.GenerationRequest;
import java.security.SecureRandom;
import java.util.Iterator;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loaded model: the one object of this library that holds native memory (about 11 GB of
 * weights in float32, half in float16). Load it once, share it across threads, close it when done;
 * create any number of {@link FaceAnonymizer}s and {@link FaceSwapper}s from it.
 *
 * <pre>{@code
 * try (FaceModels models = FaceModels.load(ModelOptions.builder().directory(dir).build())) {
 *     FaceAnonymizer anonymizer = models.anonymizer();
 *     BufferedImage anonymized = anonymizer.anonymizeAligned(alignedFace);
 * }
 * }</pre>
 *
 * <p>Thread-safe. Using closed models is a programming error: once {@link #close()} has begun,
 * every method of these models and of the anonymizers, swappers and identities made from them
 * throws {@link IllegalStateException} at once. {@code close()} waits for the calls already running
 * (including their face detection) to finish before it frees anything, so a call racing with it
 * either completes normally or throws {@code IllegalStateException}. Closing from within a call
 * (from a progress listener) is refused with {@code IllegalStateException}, since it would wait for
 * itself.
 */
public final class FaceModels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaceModels.class);
    private static final SecureRandom SEEDS = new SecureRandom();

    private final DiffusionBackend backend;
    private final BufferedImageConverter converter;
    private final Supplier<FaceDetector> detectorFactory;
    private final CloseGuard lifecycle = new CloseGuard("FaceModels");
    private FaceDetector detector;

    private FaceModels(DiffusionBackend backend, BufferedImageConverter converter,
            Supplier<FaceDetector> detectorFactory) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.detectorFactory = Objects.requireNonNull(detectorFactory, "detectorFactory");
    }

    /**
     * Loads the models with the first backend found on the class path (add
     * {@code dev.faceanon:anonymizer-djl}).
     *
     * @param options where the weights are and how to run them
     * @return the loaded models
     * @throws IllegalStateException if no backend is on the class path
     * @throws dev.faceanon.model.ModelFileException if model files are missing or invalid
     */
    public static FaceModels load(ModelOptions options) {
        Iterator<BackendProvider> providers = ServiceLoader.load(BackendProvider.class).iterator();
        if (!providers.hasNext()) {
            throw new IllegalStateException("no face-anonymization backend on the class path: add the"
                    + " dev.faceanon:anonymizer-djl dependency");
        }
        BackendProvider provider = providers.next();
        DiffusionBackend backend = provider.open(options);
        LOG.info("loaded models with backend {}: {}", provider.name(), backend.describe());
        return new FaceModels(backend, new BufferedImageConverter(), () -> provider.openDetector(options));
    }

    /**
     * Wraps a backend created by other means (a custom backend, or tests); the models own it from
     * now on.
     *
     * @param backend the backend
     * @return the models
     */
    public static FaceModels of(DiffusionBackend backend) {
        return new FaceModels(backend, new BufferedImageConverter(), () -> {
            throw new UnsupportedOperationException("no face detector: pass the faces to anonymize(photo, faces),"
                    + " identityOf(photo, face) or swap(identity, photo, faces), or create the models with"
                    + " of(backend, detector)");
        });
    }

    /**
     * Wraps a backend and a face detector created by other means; the models own both from now on.
     *
     * @param backend the backend
     * @param detector the detector {@link FaceAnonymizer#anonymize(java.awt.image.BufferedImage)},
     *     {@link FaceSwapper#identityOf(java.awt.image.BufferedImage)} and
     *     {@link FaceSwapper#swap(IdentityFace, java.awt.image.BufferedImage)} use
     * @return the models
     */
    public static FaceModels of(DiffusionBackend backend, FaceDetector detector) {
        Objects.requireNonNull(detector, "detector");
        return new FaceModels(backend, new BufferedImageConverter(), () -> detector);
    }

    /**
     * The face detector, opened on first use (S3FD + 2DFAN4 for the DJL backend; its files are
     * fetched like the weights).
     *
     * @return the detector
     * @throws UnsupportedOperationException if these models have none
     */
    FaceDetector detector() {
        return whileOpen("FaceModels.detector", () -> {
            synchronized (detectorFactory) {
                if (detector == null) {
                    detector = detectorFactory.get();
                }
                return detector;
            }
        });
    }

    /**
     * Runs a public call of these models or of an object made from them; {@link #close()} waits
     * for it.
     *
     * @param <T> the result type
     * @param call the public method, for the message, e.g. {@code "FaceAnonymizer.anonymize"}
     * @param body the call
     * @return its result
     * @throws IllegalStateException if these models are closed
     */
    <T> T whileOpen(String call, Supplier<T> body) {
        return lifecycle.call(call, body);
    }

    /**
     * {@link #whileOpen} for a call that generates with the given options, which it claims: their
     * noise source, if any, serves this call only.
     *
     * @param <T> the result type
     * @param call the public method, for the messages
     * @param options the call's options
     * @param body the call, given the claimed options
     * @return its result
     * @throws IllegalStateException if these models are closed or the options' noise source served
     *     a call already
     */
    <T> T generating(String call, CallOptions options, Function<CallOptions, T> body) {
        return lifecycle.call(call, () -> body.apply(Objects.requireNonNull(options, "options").claimFor(call)));
    }

    /**
     * The check of public methods that only read immutable state.
     *
     * @param call the public method, for the message
     * @throws IllegalStateException if these models are closed
     */
    void requireOpen(String call) {
        lifecycle.requireOpen(call);
    }

    /**
     * @return an anonymizer with {@link DiffusionConfig#defaults()}
     * @throws IllegalStateException if these models are closed
     */
    public FaceAnonymizer anonymizer() {
        return anonymizer(DiffusionConfig.defaults());
    }

    /**
     * @param config generation settings
     * @return an anonymizer using them
     * @throws IllegalStateException if these models are closed
     */
    public FaceAnonymizer anonymizer(DiffusionConfig config) {
        requireOpen("FaceModels.anonymizer");
        return new FaceAnonymizer(this, Objects.requireNonNull(config, "config"));
    }

    /**
     * @return a face swapper with {@link DiffusionConfig#defaults()} (the degree does not apply)
     * @throws IllegalStateException if these models are closed
     */
    public FaceSwapper swapper() {
        return swapper(DiffusionConfig.defaults());
    }

    /**
     * @param config generation settings; the anonymization degree does not apply to swaps
     * @return a face swapper using them
     * @throws IllegalStateException if these models are closed
     */
    public FaceSwapper swapper(DiffusionConfig config) {
        requireOpen("FaceModels.swapper");
        return new FaceSwapper(this, Objects.requireNonNull(config, "config"));
    }

    /**
     * @return the side length the model generates at (512 for the published weights)
     * @throws IllegalStateException if these models are closed
     */
    public int modelSize() {
        return whileOpen("FaceModels.modelSize", backend::modelSize);
    }

    /**
     * @return device, precision and model source, for logs
     * @throws IllegalStateException if these models are closed
     */
    public String describe() {
        return whileOpen("FaceModels.describe", backend::describe);
    }

    BufferedImageConverter converter() {
        return converter;
    }

    static NoiseSource noiseFor(DiffusionConfig config, CallOptions options) {
        return options.noise().orElseGet(() -> new SeededNoiseSource(
                config.seed().isPresent() ? config.seed().getAsLong() : SEEDS.nextLong()));
    }

    RgbImage generate(GenerationRequest request) {
        return whileOpen("FaceModels.generate", () -> backend.generate(request));
    }

    /**
     * Refuses new calls, waits for the running ones, then frees the native memory of the backend
     * and the detector. Idempotent.
     *
     * @throws IllegalStateException if called from within a call on these models (from a progress
     *     listener), where it would wait for itself
     */
    @Override
    public void close() {
        lifecycle.close(() -> {
            try (DiffusionBackend b = backend) {
                synchronized (detectorFactory) {
                    if (detector != null) {
                        detector.close();
                    }
                }
            }
        });
    }
}
