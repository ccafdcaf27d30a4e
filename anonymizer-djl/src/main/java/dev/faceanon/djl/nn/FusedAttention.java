package dev.faceanon.djl.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fused attention operator ({@link AttentionKernel#FUSED}): libtorch's tiled
 * {@code scaled_dot_product_attention} (flash attention on the CPU; flash or memory-efficient
 * kernels on CUDA), which DJL's JNI does not expose, reached through a one-operator TorchScript
 * module.
 *
 * <p><b>Only the library's own program runs.</b> The module is the archive
 * {@link FusedAttentionArchive} writes in memory from source text kept in this repository, loaded by
 * {@link OperatorLoader}. The library loads no other TorchScript than its own operators: model files
 * are read as data only (docs/models.md).
 *
 * <p><b>Lifetime and threads.</b> One operator per device, loaded the first time attention runs
 * there and kept for the life of the engine (it holds no tensors, only the compiled graph); a
 * device where it cannot be loaded, or where its self-check on a hand-computed case fails, is
 * remembered, logged once as a warning, and served by the materialised path. Calls are thread-safe:
 * running a TorchScript method mutates nothing, and the calls here bypass DJL's per-block bookkeeping.
 *
 * <p><b>Layout.</b> That of {@link HeadAttention}. The result is an inference tensor (TorchScript runs
 * under inference mode): it may be read and used as input, not updated in place.
 *
 * <p>On the CPU in float32, {@link DotProductAttention} gives large attentions to {@link TiledAttention}
 * instead, which is faster there.
 */
final class FusedAttention implements HeadAttention {
    private static final Logger LOG = LoggerFactory.getLogger(FusedAttention.class);
    private static final ConcurrentMap<Device, Optional<FusedAttention>> BY_DEVICE = new ConcurrentHashMap<>();
    /** Allowed deviation of the self-check from its exact value, float32 rounding of a 2-key softmax. */
    private static final float SELF_CHECK_TOLERANCE = 1e-5f;

    private final PtSymbolBlock module;

    private FusedAttention(PtSymbolBlock module) {
        this.module = module;
    }

    /**
     * @param device a device
     * @return the operator on that device, loaded on first use; empty if it cannot be loaded there
     */
    static Optional<FusedAttention> on(Device device) {
        return BY_DEVICE.computeIfAbsent(device, FusedAttention::load);
    }

    private static Optional<FusedAttention> load(Device device) {
        Optional<FusedAttention> op = OperatorLoader.load(device, FusedAttentionArchive.bytes(), FusedAttention::new,
                FusedAttention::selfCheck, e -> LOG.warn("The fused attention operator cannot be loaded on {} ({}: {})."
                        + " Attention on this device uses the materialised path instead: several times slower, with"
                        + " memory for the score matrices. To choose that path explicitly, set -D{}=materialised.",
                        device, e.getClass().getSimpleName(), e.getMessage(), AttentionKernel.PROPERTY));
        op.ifPresent(o -> LOG.debug("fused attention (libtorch scaled_dot_product_attention) loaded on {}", device));
        return op;
    }

    /**
     * One query over two keys with d = 4, so that the scale is 1/2: the scores are 0 and ln 3, the
     * weights 1/4 and 3/4, the output 1/4·(4,0,0,0) + 3/4·(0,4,0,0) = (1,3,0,0). A kernel that
     * runs but scales, normalises or orders differently fails it.
     */
    private void selfCheck(NDManager manager) {
        float ln3 = (float) Math.log(3);
        try (NDManager m = manager.newSubManager()) {
            NDArray q = m.create(new float[] {2, 0, 0, 0}, new Shape(1, 1, 1, 4));
            NDArray k = m.create(new float[] {0, 0, 0, 0, ln3, 0, 0, 0}, new Shape(1, 1, 2, 4));
            NDArray v = m.create(new float[] {4, 0, 0, 0, 0, 4, 0, 0}, new Shape(1, 1, 2, 4));
            float[] out = attendHeads(q, k, v).toFloatArray();
            float[] expected = {1, 3, 0, 0};
            for (int i = 0; i < expected.length; i++) {
                if (!(Math.abs(out[i] - expected[i]) <= SELF_CHECK_TOLERANCE)) {
                    throw new IllegalStateException("self-check gave " + Arrays.toString(out)
                            + " instead of " + Arrays.toString(expected));
                }
            }
        }
    }

    /**
     * @param q [B, heads, Lq, d]
     * @param k [B, heads, Lk, d]
     * @param v [B, heads, Lk, d]
     * @return {@code softmax(q·kᵀ/√d)·v}, [B, heads, Lq, d], attached to {@code q}'s manager
     */
    @Override
    public NDArray attendHeads(NDArray q, NDArray k, NDArray v) {
        try (IValue qi = IValue.from((PtNDArray) q);
                IValue ki = IValue.from((PtNDArray) k);
                IValue vi = IValue.from((PtNDArray) v);
                IValue out = module.forward(qi, ki, vi)) {
            return out.toTensor((PtNDManager) q.getManager());
        }
    }
}
