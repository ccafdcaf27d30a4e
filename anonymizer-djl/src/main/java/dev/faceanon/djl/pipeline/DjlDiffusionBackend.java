package dev.faceanon.djl.pipeline;

import ai.djl.ndarray.NDManager;
import dev.faceanon.djl.device.CudaCache;
import dev.faceanon.djl.device.DeviceChoice;
import dev.faceanon.image.RgbImage;
import dev.faceanon.spi.DiffusionBackend;
import dev.faceanon.spi.GenerationRequest;
import java.util.Objects;

/**
 * The DJL/PyTorch {@link DiffusionBackend}: a loaded {@link ReferenceNetPipeline} on one device.
 * After every call on a GPU the caching allocator's free blocks are returned, so that an idle
 * process does not hold gigabytes of GPU memory.
 */
public final class DjlDiffusionBackend implements DiffusionBackend {
    private final ReferenceNetPipeline pipeline;
    private final NDManager manager;
    private final DeviceChoice choice;
    private final int modelSize;
    private final String source;

    /**
     * @param pipeline the loaded pipeline (owned from now on)
     * @param manager the manager it was loaded under (closed with this backend)
     * @param choice the device and precision it runs with
     * @param modelSize the side length faces are generated at
     * @param source a description of where the weights came from (paths, no personal data)
     */
    public DjlDiffusionBackend(ReferenceNetPipeline pipeline, NDManager manager, DeviceChoice choice, int modelSize,
            String source) {
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.manager = Objects.requireNonNull(manager, "manager");
        this.choice = Objects.requireNonNull(choice, "choice");
        if (modelSize % pipeline.latentScale() != 0) {
            throw new IllegalArgumentException("model size " + modelSize + " is not a multiple of "
                    + pipeline.latentScale());
        }
        this.modelSize = modelSize;
        this.source = source;
    }

    @Override
    public int modelSize() {
        return modelSize;
    }

    @Override
    public RgbImage generate(GenerationRequest request) {
        try {
            return pipeline.generate(request, PipelineTrace.NONE);
        } finally {
            CudaCache.release(choice.device());
        }
    }

    @Override
    public String describe() {
        return "DJL PyTorch on " + choice + ", " + modelSize + "x" + modelSize + ", weights from " + source;
    }

    @Override
    public void close() {
        try (NDManager m = manager) {
            pipeline.close();
        }
    }
}
