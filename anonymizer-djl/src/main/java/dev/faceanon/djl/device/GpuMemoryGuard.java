package dev.faceanon.djl.device;

import dev.faceanon.GpuOutOfMemoryException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call under a placement plan and handles GPU memory around it: after every call the CUDA
 * cache is released; on a CUDA out-of-memory error the cache is released and the call is retried
 * once with the next leaner plan ({@link PlacementPlanner#leaner}); a second failure, or no leaner
 * plan, ends in a {@link GpuOutOfMemoryException} stating the memory needed and available.
 */
public final class GpuMemoryGuard {
    private static final Logger LOG = LoggerFactory.getLogger(GpuMemoryGuard.class);

    private final PlacementPlanner planner;
    private final Supplier<Optional<GpuMemoryInfo>> memory;
    private final Runnable releaseCache;

    /**
     * @param planner gives the leaner plan
     * @param memory reads the device's current memory (for the error message)
     * @param releaseCache empties the CUDA cache, e.g. {@code () -> CudaCache.release(device)}
     */
    public GpuMemoryGuard(PlacementPlanner planner, Supplier<Optional<GpuMemoryInfo>> memory, Runnable releaseCache) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.releaseCache = Objects.requireNonNull(releaseCache, "releaseCache");
    }

    /**
     * @param planner gives the leaner plan
     * @param probe reads GPU memory
     * @param choice the device the calls run on
     * @return a guard releasing that device's cache
     */
    public static GpuMemoryGuard forDevice(PlacementPlanner planner, GpuMemoryProbe probe, DeviceChoice choice) {
        int id = choice.device().getDeviceId();
        return new GpuMemoryGuard(planner, () -> choice.isGpu() ? probe.memory(id) : Optional.empty(),
                () -> CudaCache.release(choice.device()));
    }

    /**
     * @param <T> the call's result
     * @param plan the plan to run under first
     * @param call the work, which must place the networks as the plan it is given says
     * @return the call's result
     * @throws GpuOutOfMemoryException if the call runs out of GPU memory under the leanest plan tried
     */
    public <T> T run(PlacementPlan plan, Function<PlacementPlan, T> call) {
        try {
            return call.apply(plan);
        } catch (RuntimeException first) {
            if (!CudaOutOfMemory.isOutOfMemory(first)) {
                throw first;
            }
            releaseCache.run();
            Optional<PlacementPlan> leaner = planner.leaner(plan);
            if (leaner.isEmpty()) {
                throw failure(plan, first);
            }
            LOG.warn("CUDA out of memory under {} with {}; retrying with {} and {}", plan.strategy(),
                    plan.describeAttention(), leaner.get().strategy(), leaner.get().describeAttention());
            try {
                return call.apply(leaner.get());
            } catch (RuntimeException second) {
                if (!CudaOutOfMemory.isOutOfMemory(second)) {
                    throw second;
                }
                second.addSuppressed(first);
                throw failure(leaner.get(), second);
            }
        } finally {
            releaseCache.run();
        }
    }

    private GpuOutOfMemoryException failure(PlacementPlan plan, RuntimeException cause) {
        Optional<GpuMemoryInfo> now = memory.get();
        long available = now.map(GpuMemoryInfo::freeBytes).orElse(plan.availableBytes());
        OptionalLong requested = CudaOutOfMemory.requestedBytes(cause);
        String message = "CUDA out of memory on " + plan.choice().device() + " with the leanest placement tried ("
                + plan.strategy() + ", " + plan.describeAttention() + "): it needs about "
                + PlacementPlanner.gb(plan.neededBytes()) + " in " + plan.choice().dataType() + ", "
                + (available >= 0 ? PlacementPlanner.gb(available) + " is free" : "free memory unknown")
                + now.map(m -> " of " + PlacementPlanner.gb(m.totalBytes())).orElse("")
                + (requested.isPresent() ? "; the failed allocation was " + PlacementPlanner.gb(requested.getAsLong())
                        : "")
                + ". Run on the CPU (-D" + DevicePolicy.DEVICE_PROPERTY + "=cpu), free GPU memory held by other"
                + " processes, or use a GPU with more memory.";
        return new GpuOutOfMemoryException(message, plan.neededBytes(), available, cause);
    }
}
