package dev.faceanon.djl.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import dev.faceanon.GpuOutOfMemoryException;
import dev.faceanon.djl.nn.AttentionKernel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Placement at 512x512, batch 2, with the published parameter counts. The expected byte counts are
 * worked out by hand from the formulas in {@link PlacementPlanner} and {@link ActivationEstimate}
 * (fp16: weights 1,731,821,448 per UNet, 167,307,726 VAE, 606,359,552 CLIP, 5,969,131,622 in all;
 * working set 671,088,640; states of both ReferenceNets 37,355,520; denoiser attention of the
 * materialised path 983,040 B per query row, of the fused kernel 0; reserve 1,073,741,824).
 */
class PlacementPlannerTest {
    private static final long GIB = 1L << 30;
    private static final DeviceChoice GPU16 = new DeviceChoice(Device.gpu(0), DataType.FLOAT16);
    private final PlacementPlanner planner = new PlacementPlanner(ModelFootprint.published(), Workload.DEFAULT,
            AttentionKernel.MATERIALISED);
    private final PlacementPlanner fused = new PlacementPlanner(ModelFootprint.published(), Workload.DEFAULT,
            AttentionKernel.FUSED);

    /** A card of {@code gib} GiB with 512 MiB taken by the driver and display. */
    static GpuMemoryProbe card(long gib) {
        long total = gib * GIB;
        return new GpuMemoryProbe() {
            @Override
            public Optional<GpuMemoryInfo> memory(int device) {
                return Optional.of(new GpuMemoryInfo(device, total - GIB / 2, total, "fake"));
            }

            @Override
            public int deviceCount() {
                return 1;
            }

            @Override
            public String status() {
                return "fake " + gib + " GiB";
            }
        };
    }

    private PlacementPlan plan(long gib) {
        return planner.plan(GPU16, card(gib));
    }

    @Test
    void eightGibOffloadsTheAuxiliaryNetworksWithoutChunking() {
        PlacementPlan p = plan(8);
        assertEquals(PlacementStrategy.OFFLOAD_AUXILIARY, p.strategy());
        assertEquals(4096, p.attentionChunk());
        // unet 1,731,821,448 + denoise 4,734,976,000 + reserve
        assertEquals(7_540_539_272L, p.neededBytes());
        assertEquals(8 * GIB - GIB / 2, p.availableBytes());
        assertTrue(p.residentOnDevice(ModelComponent.UNET));
        assertFalse(p.residentOnDevice(ModelComponent.REFERENCENET));
        assertFalse(p.residentOnDevice(ModelComponent.VAE));
        assertFalse(p.residentOnDevice(ModelComponent.CLIP_VISION));
    }

    @Test
    void tenGibKeepsEverythingWithHalfChunks() {
        PlacementPlan p = plan(10);
        assertEquals(PlacementStrategy.ALL_RESIDENT, p.strategy());
        assertEquals(2048, p.attentionChunk());
        // 5,969,131,622 + (2048 * 983,040 + 708,444,160) + 1,073,741,824
        assertEquals(9_764_583_526L, p.neededBytes());
    }

    @Test
    void twelveGibAndMoreKeepEverythingResidentUnchunked() {
        for (long gib : new long[] {12, 16, 24, 80}) {
            PlacementPlan p = plan(gib);
            assertEquals(PlacementStrategy.ALL_RESIDENT, p.strategy(), gib + " GiB");
            assertEquals(4096, p.attentionChunk(), gib + " GiB");
            // 5,969,131,622 + 4,734,976,000 + 1,073,741,824
            assertEquals(11_777_849_446L, p.neededBytes(), gib + " GiB");
            for (ModelComponent c : ModelComponent.values()) {
                assertTrue(p.residentOnDevice(c));
            }
        }
    }

    @Test
    void sixGibOffloadsAndChunks() {
        PlacementPlan p = plan(6);
        assertEquals(PlacementStrategy.OFFLOAD_AUXILIARY, p.strategy());
        // 2048-row chunks would need 5,916,917,520 > 5,905,580,032 free.
        assertEquals(1024, p.attentionChunk());
        // unet + (refnet 1,731,821,448 + 1024 * 327,680 + 708,444,160) + reserve
        assertEquals(5_581_373_200L, p.neededBytes());
    }

    @Test
    void fourGibDoesNotFitAndSaysNeededVersusAvailable() {
        GpuOutOfMemoryException e = assertThrows(GpuOutOfMemoryException.class, () -> plan(4));
        // The leanest plan: offloaded, 64-row chunks.
        assertEquals(5_266_800_400L, e.neededBytes());
        assertEquals(4 * GIB - GIB / 2, e.availableBytes());
        assertTrue(e.getMessage().contains("5.27 GB") && e.getMessage().contains("3.76 GB free of 4.29 GB")
                && e.getMessage().contains("cpu"), e.getMessage());
    }

    @Test
    void float32OnTwelveGibOffloads() {
        PlacementPlan p = planner.plan(new DeviceChoice(Device.gpu(0), DataType.FLOAT32), card(12));
        assertEquals(PlacementStrategy.OFFLOAD_AUXILIARY, p.strategy());
        assertEquals(4096, p.attentionChunk());
        // unet 3,463,642,896 + (refnet 3,463,642,896 + 2,759,065,600) + reserve
        assertEquals(10_760_093_216L, p.neededBytes());
    }

    @Test
    void cpuPlansHostMemoryWithAOneGibAttentionBudget() {
        PlacementPlan p = planner.plan(new DeviceChoice(Device.cpu(), DataType.FLOAT32), card(80));
        assertEquals(PlacementStrategy.HOST, p.strategy());
        // 1024 rows: 1,006,632,960 B of scores; 2048 rows would be 2,013,265,920 B.
        assertEquals(1024, p.attentionChunk());
        assertEquals(-1, p.availableBytes());
        for (ModelComponent c : ModelComponent.values()) {
            assertTrue(p.residentOnDevice(c));
        }
    }

    @Test
    void unknownGpuMemoryStartsResidentWithModerateChunks() {
        PlacementPlan p = planner.plan(GPU16, Optional.empty());
        assertEquals(PlacementStrategy.ALL_RESIDENT, p.strategy());
        assertEquals(1024, p.attentionChunk());
        assertEquals(-1, p.availableBytes());
    }

    @Test
    void leanerPlansOffloadThenHalveChunksThenStop() {
        PlacementPlan p = plan(24);
        PlacementPlan a = planner.leaner(p).orElseThrow();
        assertEquals(PlacementStrategy.OFFLOAD_AUXILIARY, a.strategy());
        assertEquals(2048, a.attentionChunk());
        assertTrue(a.neededBytes() < p.neededBytes());
        PlacementPlan b = planner.leaner(a).orElseThrow();
        assertEquals(1024, b.attentionChunk());
        PlacementPlan last = b;
        while (planner.leaner(last).isPresent()) {
            last = planner.leaner(last).get();
        }
        assertEquals(PlacementPlanner.MIN_CHUNK, last.attentionChunk());
        assertEquals(Optional.empty(), planner.leaner(planner.plan(new DeviceChoice(Device.cpu(), DataType.FLOAT32),
                Optional.empty())));
    }

    @Test
    void withTheFusedKernelEightGibKeepsEverythingResident() {
        PlacementPlan p = fused.plan(GPU16, card(8));
        assertEquals(PlacementStrategy.ALL_RESIDENT, p.strategy());
        assertEquals(AttentionKernel.FUSED, p.attention());
        assertEquals(4096, p.attentionChunk());
        // 5,969,131,622 + (0 + 671,088,640 + 37,355,520) + 1,073,741,824: 4.03 GB less than materialised
        assertEquals(7_751_317_606L, p.neededBytes());
        assertEquals("fused attention", p.describeAttention());
    }

    @Test
    void withTheFusedKernelSixGibOffloadsAndFourGibDoesNotFit() {
        PlacementPlan p = fused.plan(GPU16, card(6));
        assertEquals(PlacementStrategy.OFFLOAD_AUXILIARY, p.strategy());
        assertEquals(4096, p.attentionChunk());
        // unet 1,731,821,448 + (refnet 1,731,821,448 + 708,444,160) + reserve
        assertEquals(5_245_828_880L, p.neededBytes());
        assertEquals(Optional.empty(), fused.leaner(p), "nothing to halve");
        GpuOutOfMemoryException e = assertThrows(GpuOutOfMemoryException.class, () -> fused.plan(GPU16, card(4)));
        assertEquals(5_245_828_880L, e.neededBytes());
        assertTrue(e.getMessage().contains("fused attention") && !e.getMessage().contains("chunks"), e.getMessage());
    }

    @Test
    void withTheFusedKernelNothingIsChunkedOnTheCpuOrWithUnknownMemory() {
        PlacementPlan cpu = fused.plan(new DeviceChoice(Device.cpu(), DataType.FLOAT32), card(80));
        assertEquals(PlacementStrategy.HOST, cpu.strategy());
        assertEquals(4096, cpu.attentionChunk());
        PlacementPlan unknown = fused.plan(GPU16, Optional.empty());
        assertEquals(PlacementStrategy.ALL_RESIDENT, unknown.strategy());
        assertEquals(4096, unknown.attentionChunk());
        PlacementPlan leaner = fused.leaner(unknown).orElseThrow();
        assertEquals(PlacementStrategy.OFFLOAD_AUXILIARY, leaner.strategy());
        assertEquals(4096, leaner.attentionChunk());
        assertEquals(Optional.empty(), fused.leaner(leaner));
    }

    @Test
    void attentionFormula() {
        // 2 * 5 * 4096 * 12288 elements, 8 bytes each (fp16 scores + fp32 softmax + fp16 probabilities)
        assertEquals(4_026_531_840L, AttentionMemory.peakBytes(2, 5, 4096, 12288, DataType.FLOAT16));
        assertEquals(8, AttentionMemory.bytesPerScore(DataType.FLOAT32));
        assertEquals(256, AttentionMemory.largestChunk(2, 5, 4096, 12288, DataType.FLOAT16, 300_000_000L));
        assertEquals(0, AttentionMemory.largestChunk(2, 5, 4096, 12288, DataType.FLOAT16, 100));
        assertEquals(5_969_131_622L, ModelFootprint.published().totalBytes(DataType.FLOAT16));
    }
}
