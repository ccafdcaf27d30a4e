package dev.faceanon.djl.device;

import ai.djl.ndarray.types.DataType;
import dev.faceanon.GpuOutOfMemoryException;
import dev.faceanon.djl.nn.AttentionKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses how the networks share the GPU's memory, and for the materialised attention path the
 * attention chunk size, from the weights' sizes, the activation estimates ({@link ActivationEstimate})
 * and the free memory.
 *
 * <p>Peak memory of a strategy with attention chunk c (W = weights at the chosen precision, R = a
 * runtime reserve for the CUDA context, cuBLAS/cuDNN workspaces and allocator fragmentation):
 *
 * <pre>
 * ALL_RESIDENT      = W(all five) + max(denoise(c), refnet(c), vae(c), clip) + R
 * OFFLOAD_AUXILIARY = W(unet) + max(W(refnet) + refnet(c), W(vae) + vae(c), W(clip) + clip, denoise(c)) + R
 * </pre>
 *
 * <p><b>Fused attention</b> (the default kernel) stores no score matrix, so there is nothing to chunk:
 * all-resident is chosen when it fits, else offloading, else planning fails with the memory needed
 * and available. At 512x512, batch 2, float16: about 7.75 GB all-resident, 5.25 GB offloaded.
 *
 * <p><b>Materialised attention</b> (the fallback): all-resident is chosen when it fits with chunks of
 * at least {@value #MIN_RESIDENT_CHUNK} query rows (below that, the many small attention chunks cost
 * more than moving the auxiliary networks once per face); otherwise the auxiliary networks are
 * offloaded, with the largest chunk that fits; if even offloading with {@value #MIN_CHUNK}-row chunks
 * does not fit, planning fails. At 512x512, batch 2, float16: about 11.8 GB for all-resident without
 * chunking, 8.3 GB with 512-row chunks, 7.5 GB offloaded without chunking, 5.3 GB at the least.
 */
public final class PlacementPlanner {
    /** Device memory kept free for the CUDA context, library workspaces and fragmentation. */
    public static final long RUNTIME_RESERVE_BYTES = 1L << 30;
    /** Host memory the materialised attention's scores may take on the CPU. */
    public static final long CPU_ATTENTION_BUDGET_BYTES = 1L << 30;
    /** The smallest chunk for which keeping everything resident is preferred to offloading. */
    public static final int MIN_RESIDENT_CHUNK = 512;
    /** The smallest attention chunk ever planned. */
    public static final int MIN_CHUNK = 64;
    /** The chunk used when the GPU's free memory cannot be read. */
    public static final int UNKNOWN_MEMORY_CHUNK = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PlacementPlanner.class);

    private final ModelFootprint footprint;
    private final Workload workload;
    private final AttentionKernel kernel;

    /**
     * @param footprint the networks' parameter counts
     * @param workload the call size
     * @param kernel the attention kernel the networks run (the one that actually runs on the device,
     *     see {@link dev.faceanon.djl.nn.DotProductAttention#kernelOn})
     */
    public PlacementPlanner(ModelFootprint footprint, Workload workload, AttentionKernel kernel) {
        this.footprint = Objects.requireNonNull(footprint, "footprint");
        this.workload = Objects.requireNonNull(workload, "workload");
        this.kernel = Objects.requireNonNull(kernel, "kernel");
    }

    /**
     * @param strategy a GPU strategy
     * @param chunk query rows per chunk of the materialised attention (ignored for the fused kernel)
     * @param dataType the precision
     * @return the estimated peak device memory in bytes
     */
    public long neededBytes(PlacementStrategy strategy, int chunk, DataType dataType) {
        ActivationEstimate a = new ActivationEstimate(workload, dataType, kernel);
        long unet = footprint.bytes(ModelComponent.UNET, dataType);
        long refnet = Math.max(footprint.bytes(ModelComponent.REFERENCENET, dataType),
                footprint.bytes(ModelComponent.CONDITIONING_REFERENCENET, dataType));
        long vae = footprint.bytes(ModelComponent.VAE, dataType);
        long clip = footprint.bytes(ModelComponent.CLIP_VISION, dataType);
        switch (strategy) {
            case ALL_RESIDENT:
                return footprint.totalBytes(dataType) + max(a.denoiseStep(chunk), a.referencePass(chunk), a.vae(chunk),
                        a.clip()) + RUNTIME_RESERVE_BYTES;
            case OFFLOAD_AUXILIARY:
                return unet + max(refnet + a.referencePass(chunk), vae + a.vae(chunk), clip + a.clip(),
                        a.denoiseStep(chunk)) + RUNTIME_RESERVE_BYTES;
            default:
                return 0;
        }
    }

    /**
     * @param choice the device and precision
     * @param probe reads the GPU's free memory
     * @return the plan
     * @throws GpuOutOfMemoryException if nothing fits, stating needed and available memory
     */
    public PlacementPlan plan(DeviceChoice choice, GpuMemoryProbe probe) {
        if (!choice.isGpu()) {
            return plan(choice, Optional.empty());
        }
        Optional<GpuMemoryInfo> memory = probe.memory(choice.device().getDeviceId());
        if (memory.isEmpty()) {
            LOG.info("GPU memory unknown ({}); planning all networks resident, an out-of-memory error falls back"
                    + " to offloading", probe.status());
        }
        return plan(choice, memory);
    }

    /**
     * @param choice the device and precision
     * @param memory the GPU's memory, if known (ignored on the CPU)
     * @return the plan
     * @throws GpuOutOfMemoryException if nothing fits, stating needed and available memory
     */
    public PlacementPlan plan(DeviceChoice choice, Optional<GpuMemoryInfo> memory) {
        DataType t = choice.dataType();
        int n = workload.latentTokens();
        boolean fused = kernel == AttentionKernel.FUSED;
        if (!choice.isGpu()) {
            int chunk = fused ? n
                    : AttentionMemory.largestChunk(workload.batch(), 5, n, 3L * n, t, CPU_ATTENTION_BUDGET_BYTES);
            return new PlacementPlan(choice, PlacementStrategy.HOST, kernel, Math.max(1, chunk), 0, -1);
        }
        if (memory.isEmpty()) {
            int chunk = fused ? n : Math.min(n, UNKNOWN_MEMORY_CHUNK);
            return new PlacementPlan(choice, PlacementStrategy.ALL_RESIDENT, kernel, chunk,
                    neededBytes(PlacementStrategy.ALL_RESIDENT, chunk, t), -1);
        }
        long free = memory.get().freeBytes();
        Optional<Integer> resident = largestFitting(PlacementStrategy.ALL_RESIDENT, t, free);
        if (resident.isPresent() && resident.get() >= Math.min(n, MIN_RESIDENT_CHUNK)) {
            return new PlacementPlan(choice, PlacementStrategy.ALL_RESIDENT, kernel, resident.get(),
                    neededBytes(PlacementStrategy.ALL_RESIDENT, resident.get(), t), free);
        }
        Optional<Integer> offload = largestFitting(PlacementStrategy.OFFLOAD_AUXILIARY, t, free);
        if (offload.isPresent()) {
            return new PlacementPlan(choice, PlacementStrategy.OFFLOAD_AUXILIARY, kernel, offload.get(),
                    neededBytes(PlacementStrategy.OFFLOAD_AUXILIARY, offload.get(), t), free);
        }
        int smallest = chunks().get(chunks().size() - 1);
        long needed = neededBytes(PlacementStrategy.OFFLOAD_AUXILIARY, smallest, t);
        throw new GpuOutOfMemoryException(doesNotFit(choice, memory.get(), needed, smallest), needed, free, null);
    }

    /**
     * The next leaner plan after an out-of-memory error: all-resident becomes offloaded, and the
     * materialised attention's chunk halves (never below {@value #MIN_CHUNK} rows; the fused kernel
     * has no chunk to halve, so an offloaded plan is its leanest).
     *
     * @param plan the plan that ran out of memory, made by this planner
     * @return a plan needing less memory, or empty if there is none
     */
    public Optional<PlacementPlan> leaner(PlacementPlan plan) {
        boolean fused = kernel == AttentionKernel.FUSED;
        int chunk = fused ? plan.attentionChunk() : plan.attentionChunk() / 2;
        if (plan.strategy() == PlacementStrategy.HOST || (plan.strategy() == PlacementStrategy.OFFLOAD_AUXILIARY
                && (fused || chunk < MIN_CHUNK))) {
            return Optional.empty();
        }
        chunk = Math.max(Math.min(MIN_CHUNK, plan.attentionChunk()), chunk);
        return Optional.of(new PlacementPlan(plan.choice(), PlacementStrategy.OFFLOAD_AUXILIARY, kernel, chunk,
                neededBytes(PlacementStrategy.OFFLOAD_AUXILIARY, chunk, plan.choice().dataType()),
                plan.availableBytes()));
    }

    /** Full token count, then for the materialised path powers of two down to {@value #MIN_CHUNK}. */
    private List<Integer> chunks() {
        int n = workload.latentTokens();
        List<Integer> c = new ArrayList<>();
        c.add(n);
        if (kernel == AttentionKernel.FUSED) {
            return c;
        }
        for (int k = Integer.highestOneBit(Math.max(1, n - 1)); k >= MIN_CHUNK && k < n; k /= 2) {
            c.add(k);
        }
        return c;
    }

    private Optional<Integer> largestFitting(PlacementStrategy s, DataType t, long free) {
        for (int c : chunks()) {
            if (neededBytes(s, c, t) <= free) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private String doesNotFit(DeviceChoice choice, GpuMemoryInfo memory, long needed, int chunk) {
        return "GPU " + memory.device() + " has " + gb(memory.freeBytes()) + " free of " + gb(memory.totalBytes())
                + ", but the model needs about " + gb(needed) + " in " + choice.dataType() + " (" + workload.width()
                + "x" + workload.height() + ", batch " + workload.batch() + ") even with the ReferenceNets, VAE and"
                + " CLIP kept off the GPU between uses" + (kernel == AttentionKernel.FUSED ? " and fused attention"
                : " and attention in chunks of " + chunk + " rows") + ". Run on the"
                + " CPU (-D" + DevicePolicy.DEVICE_PROPERTY + "=cpu), free GPU memory held by other processes, or use"
                + " a GPU with more memory.";
    }

    static String gb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    private static long max(long... v) {
        long m = Long.MIN_VALUE;
        for (long x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
