package dev.faceanon.spark;

import dev.faceanon.FaceModels;
import dev.faceanon.djl.pipeline.DjlBackendProvider;
import dev.faceanon.face.FaceDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of this JVM: loaded once per executor JVM for each {@link ModelSpec} and device, on
 * the first task that needs them, shared by every task thread of the executor afterwards, closed
 * when the JVM shuts down. Loading the published weights takes about a minute and 12 GB; a load
 * per task or partition would cost more than the work.
 *
 * <p>Tasks asking for models that are being loaded wait for that load instead of starting their
 * own. A load that fails is not remembered: the next task tries again (a file may have been
 * fetched meanwhile), and the task fails, so Spark retries it and eventually reports the error.
 */
public final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);

    /** What is loaded: the generating models, or the face detector alone (redaction). */
    private enum Kind { MODELS, DETECTOR }

    private record Key(Kind kind, ModelSpec spec, String device) {}

    /** One load; its holder's lock is taken only by the tasks that need this key while it loads. */
    private static final class Holder {
        private AutoCloseable loaded;
    }

    private static final Map<Key, Holder> HOLDERS = new ConcurrentHashMap<>();
    private static final Map<Key, AtomicInteger> LOADS = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "faceanon-executor-models"));
    }

    private ExecutorModels() {}

    /**
     * @param spec which models
     * @param device the device they run on ("cpu", "gpu:0", ...)
     * @return this JVM's models for them, loaded now if they are not yet
     * @throws dev.faceanon.model.ModelFileException if model files are missing or invalid
     */
    public static FaceModels models(ModelSpec spec, String device) {
        return (FaceModels) get(new Key(Kind.MODELS, spec, device), () -> FaceModels.load(spec.toModelOptions(device)));
    }

    /**
     * @param spec which detector files and detection size
     * @param device the device it runs on
     * @return this JVM's face detector for them, opened now if it is not yet
     * @throws dev.faceanon.model.ModelFileException if detector files are missing or invalid
     */
    public static FaceDetector detector(ModelSpec spec, String device) {
        return (FaceDetector) get(new Key(Kind.DETECTOR, spec, device),
                () -> new DjlBackendProvider().openDetector(spec.toModelOptions(device)));
    }

    private static AutoCloseable get(Key key, Supplier<AutoCloseable> load) {
        Holder holder = HOLDERS.computeIfAbsent(key, k -> new Holder());
        synchronized (holder) {
            if (holder.loaded == null) {
                long start = System.nanoTime();
                holder.loaded = load.get();
                LOADS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                LOG.info("loaded the {} of {} on {} in {} ms", key.kind() == Kind.MODELS ? "models" : "face detector",
                        key.spec().variant(), key.device(), (System.nanoTime() - start) / 1_000_000);
            }
            return holder.loaded;
        }
    }

    /**
     * @param spec which models
     * @param device the device
     * @return how often this JVM has loaded the generating models for them (1 after any number of
     *     tasks, unless {@link #closeAll()} ran between them): for tests and metrics
     */
    public static int loadCount(ModelSpec spec, String device) {
        AtomicInteger count = LOADS.get(new Key(Kind.MODELS, spec, device));
        return count == null ? 0 : count.get();
    }

    /**
     * Closes every model of this JVM; the next task that needs models loads them again. Runs at
     * JVM shutdown; call it only when no job of this JVM is running (a long-lived driver in local
     * mode that is done with a model, or tests), since running tasks would fail.
     */
    public static void closeAll() {
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
