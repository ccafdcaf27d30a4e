package dev.faceanon.djl.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.GpuOutOfMemoryException;
import dev.faceanon.djl.nn.AttentionKernel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GpuMemoryGuardTest {
    private static final String LIBTORCH_OOM = "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total"
            + " capacity; 5.10 GiB already allocated; 1.20 GiB free; 5.20 GiB reserved in total by PyTorch)";

    private final PlacementPlanner planner = new PlacementPlanner(ModelFootprint.published(), Workload.DEFAULT,
            AttentionKernel.MATERIALISED);
    private final AtomicInteger releases = new AtomicInteger();
    private final GpuMemoryInfo eightGib = new GpuMemoryInfo(0, 1_200_000_000L, 8L << 30, "fake");
    private final GpuMemoryGuard guard = new GpuMemoryGuard(planner, () -> Optional.of(eightGib),
            releases::incrementAndGet);
    private final PlacementPlan resident = planner.plan(new DeviceChoice(Device.gpu(0), DataType.FLOAT16),
            PlacementPlannerTest.card(24));

    @Test
    void recognisesLibtorchOutOfMemoryThroughDjl() {
        RuntimeException wrapped = new RuntimeException("forward failed", new EngineException(LIBTORCH_OOM));
        assertTrue(CudaOutOfMemory.isOutOfMemory(wrapped));
        assertEquals(OptionalLong.of(2L << 30), CudaOutOfMemory.requestedBytes(wrapped));
        assertTrue(CudaOutOfMemory.isOutOfMemory(new EngineException("CUDA error: out of memory")));
        assertFalse(CudaOutOfMemory.isOutOfMemory(new EngineException("shape mismatch")));
        assertFalse(CudaOutOfMemory.isOutOfMemory(new OutOfMemoryError("Java heap space")));
    }

    @Test
    void releasesTheCacheAfterEveryCall() {
        assertEquals("ok", guard.run(resident, p -> "ok"));
        assertEquals(1, releases.get());
    }

    @Test
    void retriesOnceWithALeanerPlan() {
        List<PlacementPlan> seen = new ArrayList<>();
        String result = guard.run(resident, p -> {
            seen.add(p);
            if (seen.size() == 1) {
                throw new EngineException(LIBTORCH_OOM);
            }
            return "second try";
        });
        assertEquals("second try", result);
        assertEquals(PlacementStrategy.ALL_RESIDENT, seen.get(0).strategy());
        assertEquals(PlacementStrategy.OFFLOAD_AUXILIARY, seen.get(1).strategy());
        assertEquals(2048, seen.get(1).attentionChunk());
        assertEquals(2, releases.get(), "once after the error, once after the call");
    }

    @Test
    void withTheFusedKernelTheRetryOffloadsAndIsTheLast() {
        PlacementPlanner fusedPlanner = new PlacementPlanner(ModelFootprint.published(), Workload.DEFAULT,
                AttentionKernel.FUSED);
        GpuMemoryGuard fusedGuard = new GpuMemoryGuard(fusedPlanner, () -> Optional.of(eightGib),
                releases::incrementAndGet);
        PlacementPlan plan = fusedPlanner.plan(new DeviceChoice(Device.gpu(0), DataType.FLOAT16),
                PlacementPlannerTest.card(24));
        List<PlacementPlan> seen = new ArrayList<>();
        GpuOutOfMemoryException e = assertThrows(GpuOutOfMemoryException.class, () -> fusedGuard.run(plan, p -> {
            seen.add(p);
            throw new EngineException(LIBTORCH_OOM);
        }));
        assertEquals(List.of(PlacementStrategy.ALL_RESIDENT, PlacementStrategy.OFFLOAD_AUXILIARY),
                seen.stream().map(PlacementPlan::strategy).toList());
        assertEquals(4096, seen.get(1).attentionChunk());
        assertTrue(e.getMessage().contains("OFFLOAD_AUXILIARY, fused attention)"), e.getMessage());
    }

    @Test
    void aSecondOutOfMemoryFailsWithNeededAndAvailable() {
        AtomicInteger calls = new AtomicInteger();
        GpuOutOfMemoryException e = assertThrows(GpuOutOfMemoryException.class, () -> guard.run(resident, p -> {
            calls.incrementAndGet();
            throw new EngineException(LIBTORCH_OOM);
        }));
        assertEquals(2, calls.get());
        PlacementPlan leaner = planner.leaner(resident).orElseThrow();
        assertEquals(leaner.neededBytes(), e.neededBytes());
        assertEquals(1_200_000_000L, e.availableBytes());
        assertTrue(e.getMessage().contains(PlacementPlanner.gb(leaner.neededBytes())) && e.getMessage().contains(
                "1.20 GB is free of 8.59 GB") && e.getMessage().contains("failed allocation was 2.15 GB"),
                e.getMessage());
        assertTrue(e.getCause() instanceof EngineException);
        assertEquals(1, e.getCause().getSuppressed().length);
    }

    @Test
    void otherFailuresPassThroughUntouched() {
        IllegalStateException boom = new IllegalStateException("bug");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> guard.run(resident, p -> {
            throw boom;
        })));
        assertEquals(1, releases.get());
    }

    @Test
    void cacheReleaseIsANoOpOnTheCpu() {
        assertFalse(CudaCache.release(Device.cpu()));
    }
}
