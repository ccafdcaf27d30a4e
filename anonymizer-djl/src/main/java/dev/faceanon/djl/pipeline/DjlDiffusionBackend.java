package dev.faceanon.djl.pipeline;

import ai.djl.ndarray.NDManager;
import dev.faceanon.djl.device.GpuMemoryGuard;
import dev.faceanon.djl.device.GpuMemoryProbe;
import dev.faceanon.djl.device.ModelFootprint;
import dev.faceanon.djl.device.PlacementPlan;
import dev.faceanon.djl.device.PlacementPlanner;
import dev.faceanon.djl.device.Workload;
import dev.faceanon.djl.device.DeviceChoice;
import dev.faceanon.djl.nn.AttentionBudget;
import dev.faceanon.djl.nn.AttentionKernel;
import dev.faceanon.image.RgbImage;
import dev.faceanon.spi.CloseGuard;
import dev.faceanon.spi.DiffusionBackend;
import dev.faceanon.spi.GenerationRequest;
import java.util.Locale;
import java.util.Objects;

/**
 * The DJL/PyTorch {@link DiffusionBackend}: a loaded {@link ReferenceNetPipeline} on one device.
 * After every call on a GPU the caching allocator's free blocks are returned, so that an idle
 * process does not hold gigabytes of GPU memory, and a CUDA out-of-memory error is retried once with
 * a leaner plan (smaller attention chunks, with the materialised attention).
 *
 * <p>Thread-safe. {@link #close()} waits for running generations before it frees the networks;
 * every call made once it has begun throws {@link IllegalStateException} ({@link CloseGuard}).
 */
public final class DjlDiffusionBackend implements DiffusionBackend {
    private final ReferenceNetPipeline pipeline;
    private final NDManager manager;
    private final DeviceChoice choice;
    private final AttentionKernel attention;
    private final int modelSize;
    private final String source;
    private final PlacementPlanner planner;
    private final GpuMemoryProbe probe;
    private final CloseGuard lifecycle = new CloseGuard("DjlDiffusionBackend");

    /**
     * @param pipeline the loaded pipeline (owned from now on)
     * @param manager the manager it was loaded under (closed with this backend)
     * @param choice the device and precision it runs with
     * @param attention the attention kernel its networks run on that device
     * @param modelSize the side length faces are generated at
     * @param source a description of where the weights came from (paths, no personal data)
     */
    public DjlDiffusionBackend(ReferenceNetPipeline pipeline, NDManager manager, DeviceChoice choice,
            AttentionKernel attention, int modelSize, String source) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.choice = Objects.requireNonNull(choice, "choice");
        this.attention = Objects.requireNonNull(attention, "attention");
        if (modelSize % pipeline.latentScale() != 0) {
            throw new IllegalArgumentException("model size " + modelSize + " is not a multiple of "
                    + pipeline.latentScale());
        }
        this.modelSize = modelSize;
        this.source = source;
        this.planner = new PlacementPlanner(ModelFootprint.published(), new Workload(modelSize, modelSize, 2),
                attention);
        // One probe per backend: it loads NVML / the CUDA runtime lazily, on the first GPU call.
        this.probe = GpuMemoryProbe.system();
    }

    /** @throws IllegalStateException if closed */
    @Override
    public int modelSize() {
        lifecycle.requireOpen("DjlDiffusionBackend.modelSize");
        return modelSize;
    }

    /**
     * On a GPU the call runs under the {@link GpuMemoryGuard}: on CUDA out-of-memory the cache is
     * emptied and the call retried once with the planner's leaner plan, whose smaller chunks of the
     * materialised attention apply to this call only ({@link AttentionBudget}); a second failure
     * reports the memory needed and available. Moving the auxiliary networks off the device between their uses (the
     * plan's OFFLOAD_AUXILIARY strategy) is not done yet: all networks stay resident.
     *
     * @throws IllegalStateException if closed
     */
    @Override
    public RgbImage generate(GenerationRequest request) {
        return lifecycle.call("DjlDiffusionBackend.generate", () -> generateOpen(request));
    }

    private RgbImage generateOpen(GenerationRequest request) {
        if (!choice.isGpu()) {
            return pipeline.generate(request, PipelineTrace.NONE);
        }
        PlacementPlan plan = planner.plan(choice, probe);
        return GpuMemoryGuard.forDevice(planner, probe, choice).run(plan, p -> attention == AttentionKernel.FUSED
                ? pipeline.generate(request, PipelineTrace.NONE)
                : AttentionBudget.call(scoreElements(p.attentionChunk()),
                        () -> pipeline.generate(request, PipelineTrace.NONE)));
    }

    /**
     * The planner sizes attention by query rows of the largest attention (batch 2, the widest
     * level's heads, three times the latent tokens as keys); the score bound is that block's size.
     */
    private long scoreElements(int rows) {
        long tokens = (long) (modelSize / pipeline.latentScale()) * (modelSize / pipeline.latentScale());
        return Math.max(1, rows) * 2L * pipeline.fullResolutionHeads() * 3L * tokens;
    }

    /** @throws IllegalStateException if closed */
    @Override
    public String describe() {
        lifecycle.requireOpen("DjlDiffusionBackend.describe");
        return "DJL PyTorch on " + choice + ", " + modelSize + "x" + modelSize + ", " + attention.name()
                .toLowerCase(Locale.ROOT) + " attention, weights from " + source;
    }

    /** Refuses new calls, waits for the running ones, then frees the networks. Idempotent. */
    @Override
    public void close() {
        lifecycle.close(() -> {
            try (NDManager m = manager) {
                pipeline.close();
            }
        });
    }
}
