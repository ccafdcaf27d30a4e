package dev.faceanon.djl.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fused attention's kernel for large float32 attentions on the CPU: {@code softmax(q·kᵀ/√d)·v}
 * over tiles of queries, whose two products oneDNN computes and whose scores are normalised in
 * place while they are still in the cache.
 *
 * <p><b>Why not libtorch's flash kernel here.</b> libtorch 2.7.1's CPU flash attention
 * ({@link FusedAttention}) multiplies its small tiles with the BLAS product (MKL), which on the
 * development machine (AMD EPYC) runs at about 180 GFLOP/s, where oneDNN reaches 300-450 on the
 * same products; that kernel was half of a denoising step. Here each head's keys and values are
 * reordered once for oneDNN's inner product, and each tile of at most {@value #TILE_ROWS} queries
 * costs two oneDNN products and one softmax over a [rows, Lk] block of at most
 * {@value #TILE_SCORES} scores (24 MiB, within the 32 MiB third-level cache of that machine). The
 * 64×64 reference attention of the SD-2.1 UNet took 385-450 ms against 670-690 ms with the flash
 * kernel (docs/performance.md). Small attentions (fewer than {@value #MIN_SCORES} scores per head:
 * CLIP, the UNet's 16×16 and 8×8 levels) stay with the flash kernel, which is faster there.
 *
 * <p><b>Memory.</b> Never more than one tile of scores per call, the reordered keys and values of
 * one head, and the output. The softmax overwrites the scores it reads: a second block per tile
 * would evict the first from the cache, and allocating and freeing 24 MiB blocks in turn made the
 * C allocator return them to the kernel and fault them in again, hundreds of thousands of page
 * faults per call. libtorch's CPU softmax reads each row before writing it; the self-check, which
 * compares multi-tile, multi-head results with {@link MaterialisedAttention}, fails a build where
 * that no longer holds, and the operator is then not used.
 *
 * <p><b>Choice.</b> The system property {@value #PROPERTY}: {@code auto} (default: large
 * attentions, as above), {@code always} (every CPU float32 attention, which the parity tests use
 * to run the goldens' small networks through it) or {@code never} (always the flash kernel).
 *
 * <p><b>Lifetime and threads.</b> As {@link FusedAttention}: one operator per device, loaded by
 * {@link OperatorLoader} from the archive written from {@link #SOURCE}, kept for the life of the
 * engine; thread-safe. The result is an inference tensor.
 */
final class TiledAttention implements HeadAttention {

    /** System property: {@code auto}, {@code always} or {@code never} ({@link AttentionKernel#TILES_PROPERTY}). */
    static final String PROPERTY = AttentionKernel.TILES_PROPERTY;

    /** The class name in the archive. */
    static final String CLASS_NAME = "TiledAttention";

    /** The archive's root folder. */
    static final String ROOT = "tiled_attention/";

    /**
     * Most queries per tile: at the 64×64 reference attention, tiles of 256 were 10-25 % slower and of 768 or 1024
     * two to three times slower, their scores no longer in the cache (docs/performance.md).
     */
    static final long TILE_ROWS = 512;

    /** Most scores per tile: 512 queries over the 12288 keys of the UNet's 64×64 reference attention. */
    static final long TILE_SCORES = 512L * 12288L;

    /** Fewest scores per head (Lq·Lk) for which {@code auto} tiles: 32×32 latents over their references. */
    static final long MIN_SCORES = 1L << 20;

    /**
     * {@code forward(query, key, value, scale, tile)} on [B, heads, L, d] views. A head's keys, and its
     * values transposed, are the two products' weights: reordered once for oneDNN when more than one
     * tile will use them. The output is allocated [B, Lq, heads, d] and returned as the [B, heads, Lq, d]
     * view, the layout of libtorch's flash kernel. The indentation and annotations are those
     * {@code torch.jit.save} prints.
     */
    static final String SOURCE = """
            class TiledAttention(Module):
              __parameters__ = []
              __buffers__ = []
              training : bool
              def forward(self: __torch__.TiledAttention,
                query: Tensor,
                key: Tensor,
                value: Tensor,
                scale: float,
                tile: int) -> Tensor:
                b = query.size(0)
                h = query.size(1)
                lq = query.size(2)
                d = value.size(3)
                out = torch.empty([b, lq, h, d], dtype=query.dtype, device=query.device)
                for i in range(b):
                  for j in range(h):
                    k = key.select(0, i).select(0, j).contiguous()
                    vt = value.select(0, i).select(0, j).t().contiguous()
                    if lq > tile:
                      k = ops.mkldnn._reorder_linear_weight(k, tile)
                      vt = ops.mkldnn._reorder_linear_weight(vt, tile)
                    qh = query.select(0, i).select(0, j)
                    oh = out.select(0, i).select(1, j)
                    for s in range(0, lq, tile):
                      e = min(lq, s + tile)
                      scores = ops.mkldnn._linear_pointwise(torch.mul(qh.slice(0, s, e), scale), k, None, "none", annotate(List[Optional[number]], []), None)
                      probs = torch._softmax(scores, -1, False, out=scores)
                      oh.slice(0, s, e).copy_(ops.mkldnn._linear_pointwise(probs, vt, None, "none", annotate(List[Optional[number]], []), None))
                return out.transpose(1, 2)
            """;

    private static final Logger LOG = LoggerFactory.getLogger(TiledAttention.class);
    private static final ConcurrentMap<Device, Optional<TiledAttention>> BY_DEVICE = new ConcurrentHashMap<>();
    /** Float32 rounding of sums over 37 keys of values below 1, in two summation orders. */
    private static final float SELF_CHECK_TOLERANCE = 1e-5f;

    private final PtSymbolBlock module;

    private TiledAttention(PtSymbolBlock module) {
        this.module = module;
    }

    /** @return the archive, generated anew on each call */
    static byte[] archive() {
        return OperatorArchive.bytes(ROOT, CLASS_NAME, SOURCE);
    }

    /**
     * @param q queries [B, Lq, heads·d]
     * @param k keys [B, Lk, heads·d]
     * @param v values [B, Lk, heads·d]
     * @return the operator if {@value #PROPERTY} gives it these arrays and it loads on their device
     * @throws IllegalArgumentException if {@value #PROPERTY} names no mode
     */
    static Optional<TiledAttention> forInputs(NDArray q, NDArray k, NDArray v) {
        String mode = mode();
        boolean eligible = !mode.equals("never") && Device.Type.CPU.equals(q.getDevice().getDeviceType())
                && q.getDataType() == DataType.FLOAT32 && k.getDataType() == DataType.FLOAT32
                && v.getDataType() == DataType.FLOAT32
                && (mode.equals("always") || q.getShape().get(1) * k.getShape().get(1) >= MIN_SCORES);
        return eligible ? BY_DEVICE.computeIfAbsent(q.getDevice(), TiledAttention::load) : Optional.empty();
    }

    private static String mode() {
        String value = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (!value.equals("auto") && !value.equals("always") && !value.equals("never")) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be auto, always or never, got '" + value
                    + "'");
        }
        return value;
    }

    private static Optional<TiledAttention> load(Device device) {
        Optional<TiledAttention> op = OperatorLoader.load(device, archive(), TiledAttention::new,
                TiledAttention::selfCheck, e -> LOG.warn("The tiled oneDNN attention cannot be used on {} ({}: {});"
                        + " large attentions there use libtorch's flash kernel, which is slower on some CPUs. To"
                        + " choose that explicitly, set -D{}=never.", device, e.getClass().getSimpleName(),
                        e.getMessage(), PROPERTY));
        op.ifPresent(o -> LOG.debug("tiled oneDNN attention loaded on {}", device));
        return op;
    }

    /**
     * Two batches of three heads, 7 queries over 37 keys of 8 features, against the materialised
     * path: in tiles of 3 queries (keys and values reordered, a last tile of one query) and in one tile
     * (dense keys and values). A module that ran but scaled, normalised, tiled or laid out its output
     * differently fails it.
     */
    private void selfCheck(NDManager manager) {
        try (NDManager m = manager.newSubManager()) {
            NDArray q = m.arange(2 * 7 * 24f).mul(0.37f).sin().reshape(2, 7, 24);
            NDArray k = m.arange(2 * 37 * 24f).mul(0.53f).cos().reshape(2, 37, 24);
            NDArray v = m.arange(2 * 37 * 24f).mul(0.71f).sin().reshape(2, 37, 24);
            NDArray expected = MaterialisedAttention.attend(q, k, v, 3,
                    AttentionOptions.materialised(false, AttentionOptions.DEFAULT_MAX_SCORE_ELEMENTS));
            for (long tile : new long[] {3, 8}) {
                NDArray actual = withTile(tile).attend(q, k, v, 3);
                if (!actual.getShape().equals(expected.getShape())) {
                    throw new IllegalStateException("self-check gave shape " + actual.getShape() + " instead of "
                            + expected.getShape());
                }
                float worst = actual.sub(expected).abs().max().getFloat();
                if (!(worst <= SELF_CHECK_TOLERANCE)) {
                    throw new IllegalStateException("self-check with tiles of " + tile
                            + " queries differs from the materialised attention by " + worst);
                }
            }
        }
    }

    /**
     * @param lk keys per head
     * @return queries per tile: {@value #TILE_ROWS}, fewer if their scores would exceed {@value #TILE_SCORES}
     */
    static long tileRows(long lk) {
        return Math.max(1, Math.min(TILE_ROWS, TILE_SCORES / Math.max(1, lk)));
    }

    @Override
    public NDArray attendHeads(NDArray q, NDArray k, NDArray v) {
        return attendHeads(q, k, v, tileRows(k.getShape().get(2)));
    }

    /**
     * @param tile queries per tile
     * @return this operator with tiles of {@code tile} queries, for the self-check and tests
     */
    HeadAttention withTile(long tile) {
        return (q, k, v) -> attendHeads(q, k, v, tile);
    }

    private NDArray attendHeads(NDArray q, NDArray k, NDArray v, long tile) {
        double scale = 1.0 / Math.sqrt(q.getShape().get(3));
        try (IValue qi = IValue.from((PtNDArray) q);
                IValue ki = IValue.from((PtNDArray) k);
                IValue vi = IValue.from((PtNDArray) v);
                IValue si = IValue.from(scale);
                IValue ti = IValue.from(tile);
                IValue out = module.forward(qi, ki, vi, si, ti)) {
            return out.toTensor((PtNDManager) q.getManager());
        }
    }
}
