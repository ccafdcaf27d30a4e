package dev.faceanon.spark;

import dev.faceanon.FaceModels;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.FaceDetector;
import dev.faceanon.face.FaceRecognizer;
import dev.faceanon.identity.KeepGallery;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of this JVM: loaded once per executor JVM for each {@link ModelSpec}, device and
 * identity audit, on the first task that needs them, shared by every task thread of the executor
 * afterwards, closed when the JVM shuts down. Loading the published weights takes about a minute
 * and 12 GB; a load per task or partition would cost more than the work. The face recognizer of the
 * identity audit is loaded with the generating models ({@link FaceModels}), or alone for redaction.
 *
 * <p>Tasks asking for models that are being loaded wait for that load instead of starting their
 * own. A load that fails is not remembered: the next task tries again (a file may have been
 * fetched meanwhile), and the task fails, so Spark retries it and eventually reports the error.
 *
 * <p>Keep galleries are described once per executor JVM and job run ({@link #keepGallery}): a new
 * run reads its reference photos again, so a photo removed from the gallery's directory (consent
 * withdrawn) is never kept by a later run.
 */
public final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    /** Keep galleries of this many runs are held; an older run's is dropped (it would be described again). */
    private static final int MAX_GALLERIES = 8;

    /** What is loaded: the generating models, the face detector alone or the face recognizer alone (redaction). */
    private enum Kind { MODELS, DETECTOR, RECOGNIZER }

    private record Key(Kind kind, ModelSpec spec, String device, boolean identityAudit) {}

    /** One load; its holder's lock is taken only by the tasks that need this key while it loads. */
    private static final class Holder {
        private AutoCloseable loaded;
    }

    /** One keep gallery; its lock is taken only by the tasks of its run while it is described. */
    private static final class GalleryHolder {
        private KeepGallery gallery;
    }

    private static final Map<Key, Holder> HOLDERS = new ConcurrentHashMap<>();
    private static final Map<Key, AtomicInteger> LOADS = new ConcurrentHashMap<>();
    /** Galleries by job run, oldest first. */
    private static final Map<String, GalleryHolder> GALLERIES = new LinkedHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "faceanon-executor-models"));
    }

    private ExecutorModels() {}

    /**
     * @param spec which models
     * @param device the device they run on ("cpu", "gpu:0", ...)
     * @param identityAudit whether the face recognizer is loaded with them ({@link dev.faceanon.ModelOptions#identityAudit()})
     * @return this JVM's models for them, loaded now if they are not yet
     * @throws dev.faceanon.model.ModelFileException if model files are missing or invalid
     * @throws dev.faceanon.FaceAnonException if the face recognizer cannot be had
     */
    public static FaceModels models(ModelSpec spec, String device, boolean identityAudit) {
        return (FaceModels) get(new Key(Kind.MODELS, spec, device, identityAudit),
                () -> FaceModels.load(spec.toModelOptions(device, identityAudit)));
    }

    /**
     * @param spec which detector files and detection size
     * @param device the device it runs on
     * @return this JVM's face detector for them, opened now if it is not yet
     * @throws dev.faceanon.model.ModelFileException if detector files are missing or invalid
     */
    public static FaceDetector detector(ModelSpec spec, String device) {
        return (FaceDetector) get(new Key(Kind.DETECTOR, spec, device, false),
                () -> new DjlBackendProvider().openDetector(spec.toModelOptions(device, false)));
    }

    /**
     * The face recognizer alone, for the audits and keep galleries of redactions (the generating models hold their
     * own). It runs on the CPU.
     *
     * @param spec where its files are (the model directory, or each node's cache) and whether it may be downloaded
     * @return this JVM's recognizer for them, opened now if it is not yet
     * @throws dev.faceanon.FaceAnonException if the recognizer cannot be had; the message says how to fetch it
     */
    public static FaceRecognizer recognizer(ModelSpec spec) {
        return (FaceRecognizer) get(new Key(Kind.RECOGNIZER, spec, "cpu", true),
                () -> new DjlBackendProvider().openRecognizer(spec.toModelOptions("cpu", true)));
    }

    private static AutoCloseable get(Key key, Supplier<AutoCloseable> load) {
        Holder holder = HOLDERS.computeIfAbsent(key, k -> new Holder());
        synchronized (holder) {
            if (holder.loaded == null) {
                long start = System.nanoTime();
                holder.loaded = load.get();
                LOADS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                LOG.info("loaded the {} of {} on {} (identity audit {}) in {} ms", switch (key.kind()) {
                    case MODELS -> "models";
                    case DETECTOR -> "face detector";
                    case RECOGNIZER -> "face recognizer";
                }, key.spec().variant(), key.device(), key.identityAudit() ? "on" : "off",
                        (System.nanoTime() - start) / 1_000_000);
            }
            return holder.loaded;
        }
    }

    /**
     * The keep gallery of a job run: described by the first task of the run on this JVM, shared by its other tasks.
     *
     * @param runId the job run ({@link AnonymizationJob#runId()}), whose settings fix the gallery
     * @param describe describes the reference photos into the gallery
     * @return the gallery
     * @throws dev.faceanon.FaceAnonException naming the directory or the file if a reference photo cannot be used;
     *     not remembered, so the task's retry tries again
     */
    static KeepGallery keepGallery(String runId, Supplier<KeepGallery> describe) {
        GalleryHolder holder;
        synchronized (GALLERIES) {
            holder = GALLERIES.computeIfAbsent(runId, k -> new GalleryHolder());
            Iterator<String> oldest = GALLERIES.keySet().iterator();
            while (GALLERIES.size() > MAX_GALLERIES) {
                oldest.next();
                oldest.remove();
            }
        }
        synchronized (holder) {
            if (holder.gallery == null) {
                long start = System.nanoTime();
                holder.gallery = describe.get();
                LOG.info("described a keep gallery of {} reference photo(s) in {} ms", holder.gallery.size(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            return holder.gallery;
        }
    }

    /**
     * @param spec which models
     * @param device the device
     * @param identityAudit whether the face recognizer was loaded with them
     * @return how often this JVM has loaded the generating models for them (1 after any number of
     *     tasks, unless {@link #closeAll()} ran between them): for tests and metrics
     */
    public static int loadCount(ModelSpec spec, String device, boolean identityAudit) {
        AtomicInteger count = LOADS.get(new Key(Kind.MODELS, spec, device, identityAudit));
        return count == null ? 0 : count.get();
    }

    /**
     * Closes every model of this JVM and forgets its keep galleries; the next task that needs
     * models loads them again. Runs at JVM shutdown; call it only when no job of this JVM is running
     * (a long-lived driver in local mode that is done with a model, or tests), since running tasks
     * would fail.
     */
    public static void closeAll() {
        synchronized (GALLERIES) {
            GALLERIES.clear();
        }
        List<AutoCloseable> open = new ArrayList<>();
        for (Holder holder : HOLDERS.values()) {
            synchronized (holder) {
                if (holder.loaded != null) {
                    open.add(holder.loaded);
                    holder.loaded = null;
                }
            }
        }
        for (AutoCloseable models : open) {
            try {
                models.close();
            } catch (Exception e) {
                LOG.warn("closing models failed", e);
            }
        }
    }
}
