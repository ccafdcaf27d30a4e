package dev.faceanon.djl.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Loads one of the library's own TorchScript operators ({@link OperatorArchive}) on a device and
 * runs its self-check before anything else may use it.
 *
 * <p>The archive goes to libtorch as a byte stream, so no file exists that another process could
 * replace between writing and loading. libtorch compiles the source at load time, so a libtorch
 * build without an operator the source calls fails here, not at the first call; so does a build
 * whose operator computes something else, through the self-check. Either way the operator is
 * reported absent and its caller takes its slower path.
 */
final class OperatorLoader {

    private OperatorLoader() {}

    /**
     * @param <T> the operator's Java face
     * @param device where to load it
     * @param archive the archive's bytes
     * @param wrap makes the Java face of the loaded module
     * @param selfCheck throws if the operator computes something else; gets a manager on {@code device}
     * @param onFailure told why the operator is absent (to log it, once per device)
     * @return the operator, or empty if it cannot be loaded or fails its self-check
     */
    static <T> Optional<T> load(Device device, byte[] archive, Function<PtSymbolBlock, T> wrap,
            BiConsumer<T, NDManager> selfCheck, Consumer<Exception> onFailure) {
        NDManager manager = null;
        try {
            // A manager of its own, never closed: the operator lives as long as the engine.
            manager = NDManager.newBaseManager(device, "PyTorch");
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, new ByteArrayInputStream(archive), true,
                    false);
            T op = wrap.apply(module);
            selfCheck.accept(op, manager);
            return Optional.of(op);
        } catch (IOException | RuntimeException e) {
            onFailure.accept(e);
            if (manager != null) {
                manager.close();
            }
            return Optional.empty();
        }
    }
}
