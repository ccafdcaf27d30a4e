package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a top-level computation with gradients off (a per-thread libtorch setting) inside an
 * {@link NDScope}, so that every intermediate array is freed when it ends and only what the caller
 * keeps survives; and each of its layers in a nested scope, so that intermediates do not pile up
 * until the end of the pass.
 */
final class ForwardScope {

    private ForwardScope() {}

    /**
     * @param body the computation
     * @param keep turns its value into the result while the scope is still open, taking the arrays
     *     it keeps out of the scope (see {@link #release})
     * @return the result
     */
    static <T, R> R run(Supplier<T> body, Function<T, R> keep) {
        JniUtils.setGradMode(false);
        try (NDScope scope = new NDScope()) {
            return keep.apply(body.get());
        }
    }

    /**
     * @param out the caller's manager
     * @param body a computation with one array as result
     * @return the result, attached to {@code out}
     */
    static NDArray run(NDManager out, Supplier<NDArray> body) {
        return run(body, result -> {
            release(out, List.of(result));
            return result;
        });
    }

    /**
     * Runs one layer of a computation already inside a scope, in a nested scope of its own, so that
     * the layer's intermediates are freed as soon as it returns rather than at the end of the whole
     * pass: what bounds peak memory at 512×512, where one pass creates several GB of intermediates.
     * The result joins the enclosing scope.
     *
     * @param layer a computation whose result is a new array (never one of its inputs)
     * @return the result
     */
    static NDArray layer(Supplier<NDArray> layer) {
        NDArray result;
        try (NDScope scope = new NDScope()) {
            result = layer.get();
            NDScope.unregister(result);
        }
        NDScope.register(result);
        return result;
    }

    /**
     * Takes arrays out of the innermost scope and attaches them to {@code owner}.
     *
     * @param owner the manager that keeps them
     * @param arrays the arrays
     */
    static void release(NDManager owner, Collection<NDArray> arrays) {
        for (NDArray a : arrays) {
            NDScope.unregister(a);
            a.attach(owner);
        }
    }
}
