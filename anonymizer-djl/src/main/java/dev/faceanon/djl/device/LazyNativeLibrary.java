package dev.faceanon.djl.device;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JNA binding loaded on first use, trying several library names. A missing library is an expected
 * state on machines without an NVIDIA driver, so failures are recorded and reported, never thrown.
 *
 * @param <T> the JNA interface
 */
final class LazyNativeLibrary<T extends Library> {
    private static final Logger LOG = LoggerFactory.getLogger(LazyNativeLibrary.class);

    private final Class<T> type;
    private final List<String> names;
    private boolean attempted;
    private T library;
    private String failure = "not loaded yet";

    /**
     * @param type the JNA interface
     * @param names library names to try in order ({@code nvidia-ml}, then {@code libnvidia-ml.so.1}...)
     */
    LazyNativeLibrary(Class<T> type, List<String> names) {
        this.type = Objects.requireNonNull(type, "type");
        this.names = List.copyOf(names);
    }

    /** @return the binding, loading it on the first call; empty if no name could be loaded */
    synchronized Optional<T> get() {
        if (!attempted) {
            attempted = true;
            for (String name : names) {
                try {
                    library = Native.load(name, type);
                    failure = "";
                    break;
                } catch (LinkageError | RuntimeException e) {
                    // UnsatisfiedLinkError when absent; NoClassDefFoundError if JNA itself is missing.
                    LOG.debug("cannot load {}: {}", name, e.toString());
                }
            }
            if (library == null) {
                failure = "no NVIDIA library: could not load " + String.join(", ", names);
            }
        }
        return Optional.ofNullable(library);
    }

    /** @return true once loading was tried */
    synchronized boolean attempted() {
        return attempted;
    }

    /** @return why {@link #get()} is empty, or "" if it is not */
    synchronized String failure() {
        return failure;
    }
}
