package dev.faceanon;

import dev.faceanon.face.Face;
import dev.faceanon.face.FaceDescriptor;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.IdentityAuditor;
import dev.faceanon.identity.KeepGallery;
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
import java.util.Optional;
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
 * <p>With {@link ModelOptions#identityAudit()} (the default) the models also hold a face recognizer, which
 * audits every face the anonymizers and swappers output ({@link dev.faceanon.identity.IdentityAudit}), lets the
 * anonymizer check generated faces fail-closed ({@link dev.faceanon.identity.IdentityCheck}) and recognises the
 * faces of a keep gallery ({@link #keepGallery()}).
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
    /** Null when the models audit no identity. */
    private final FaceRecognizer recognizer;
    private final CloseGuard lifecycle = new CloseGuard("FaceModels");
    private FaceDetector detector;

    private FaceModels(DiffusionBackend backend, BufferedImageConverter converter,
            Supplier<FaceDetector> detectorFactory, FaceRecognizer recognizer) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.converter = Objects.requireNonNull(converter, "converter");
        this.detectorFactory = Objects.requireNonNull(detectorFactory, "detectorFactory");
        this.recognizer = recognizer;
    }

    /**
     * Loads the models with the first backend found on the class path (add
     * {@code dev.faceanon:anonymizer-djl}).
     *
     * <p>With {@link ModelOptions#identityAudit()} (the default) the face recognizer is opened first, so that a
     * recognizer that cannot be had fails the call at once, before the diffusion model is loaded.
     *
     * @param options where the weights are and how to run them
     * @return the loaded models
     * @throws IllegalStateException if no backend is on the class path
     * @throws dev.faceanon.model.ModelFileException if model files are missing or invalid
     * @throws FaceAnonException if the face recognizer cannot be had (offline and not cached, say); the message
     *     says how to fetch it and how to switch the audit off
     */
    public static FaceModels load(ModelOptions options) {
        Iterator<BackendProvider> providers = ServiceLoader.load(BackendProvider.class).iterator();
        if (!providers.hasNext()) {
            throw new IllegalStateException("no face-anonymization backend on the class path: add the"
                    + " dev.faceanon:anonymizer-djl dependency");
        }
        BackendProvider provider = providers.next();
        FaceRecognizer recognizer = options.identityAudit() ? provider.openRecognizer(options) : null;
        DiffusionBackend backend;
        try {
            backend = provider.open(options);
        } catch (RuntimeException | Error e) {
            if (recognizer != null) {
                recognizer.close();
            }
            throw e;
        }
        LOG.info("loaded models with backend {}: {}; identity audit {}", provider.name(), backend.describe(),
                recognizer == null ? "off" : "on");
        return new FaceModels(backend, new BufferedImageConverter(), () -> provider.openDetector(options), recognizer);
    }

    /**
     * Wraps a backend created by other means (a custom backend, or tests); the models own it from
     * now on.
     *
     * @param backend the backend
     * @return the models
     */
    public static FaceModels of(DiffusionBackend backend) {
        return new FaceModels(backend, new BufferedImageConverter(), FaceModels::noDetector, null);
    }

    /**
     * Wraps a backend and a face recognizer created by other means; the models own both from now on, and audit
     * identities with the recognizer (see {@link ModelOptions#identityAudit()}).
     *
     * @param backend the backend
     * @param recognizer the recognizer
     * @return the models, without a face detector
     */
    public static FaceModels of(DiffusionBackend backend, FaceRecognizer recognizer) {
        Objects.requireNonNull(recognizer, "recognizer");
        return new FaceModels(backend, new BufferedImageConverter(), FaceModels::noDetector, recognizer);
    }

    private static FaceDetector noDetector() {
        throw new UnsupportedOperationException("no face detector: pass the faces to anonymize(photo, faces),"
                + " identityOf(photo, face) or swap(identity, photo, faces), or create the models with"
                + " of(backend, detector)");
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
        return new FaceModels(backend, new BufferedImageConverter(), () -> detector, null);
    }

    /**
     * Wraps a backend, a face detector and a face recognizer created by other means; the models own all three
     * from now on, and audit identities with the recognizer.
     *
     * @param backend the backend
     * @param detector the detector (see {@link #of(DiffusionBackend, FaceDetector)})
     * @param recognizer the recognizer
     * @return the models
     */
    public static FaceModels of(DiffusionBackend backend, FaceDetector detector, FaceRecognizer recognizer) {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(recognizer, "recognizer");
        return new FaceModels(backend, new BufferedImageConverter(), () -> detector, recognizer);
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
     * @param threshold the match threshold of the audits
     * @return an auditor with these models' recognizer; empty if they have none
     */
    Optional<IdentityAuditor> auditor(double threshold) {
        return recognizer == null ? Optional.empty() : Optional.of(new IdentityAuditor(recognizer, threshold));
    }

    /**
     * @return whether these models hold a face recognizer, and so audit every output face
     *     ({@link ModelOptions#identityAudit()})
     * @throws IllegalStateException if these models are closed
     */
    public boolean auditsIdentity() {
        requireOpen("FaceModels.auditsIdentity");
        return recognizer != null;
    }

    /**
     * Starts a keep gallery described by these models' recognizer; reference photos added without faces are
     * searched with these models' detector. Give the gallery to {@link FaceAnonymizer#keeping} or
     * {@link FaceSwapper#keeping}.
     *
     * @return a gallery builder
     * @throws IllegalStateException if these models are closed or have no face recognizer
     */
    public KeepGallery.Builder keepGallery() {
        requireOpen("FaceModels.keepGallery");
        requireRecognizer("a keep gallery");
        FaceRecognizer guarded = new FaceRecognizer() {
            @Override
            public FaceDescriptor describe(RgbImage image, Face face) {
                return whileOpen("KeepGallery.Builder.add", () -> recognizer.describe(image, face));
            }

            @Override
            public FaceDescriptor describeCrop(RgbImage crop) {
                return whileOpen("KeepGallery.Builder.add", () -> recognizer.describeCrop(crop));
            }
        };
        return KeepGallery.builder(guarded).detector(image -> detector().detect(image));
    }

    /**
     * @param what what needs the recognizer, for the message
     * @throws IllegalStateException if these models have no face recognizer
     */
    void requireRecognizer(String what) {
        if (recognizer == null) {
            throw new IllegalStateException(what + " needs a face recognizer, and these models have none: load them"
                    + " with ModelOptions.identityAudit(true) (the default) or create them with a recognizer");
        }
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
                config.seed().isPresent() ? config.seed().getAsLong() : randomSeed()));
    }

    /** @return a seed for a generation whose config fixes none */
    static long randomSeed() {
        return SEEDS.nextLong();
    }

    RgbImage generate(GenerationRequest request) {
        return whileOpen("FaceModels.generate", () -> backend.generate(request));
    }

    /**
     * Refuses new calls, waits for the running ones, then frees the native memory of the backend,
     * the detector and the recognizer. Idempotent.
     *
     * @throws IllegalStateException if called from within a call on these models (from a progress
     *     listener), where it would wait for itself
     */
    @Override
    public void close() {
        lifecycle.close(() -> {
            try (DiffusionBackend b = backend; FaceRecognizer r = recognizer) {
                synchronized (detectorFactory) {
                    if (detector != null) {
                        detector.close();
                    }
                }
            }
        });
    }
}
