package dev.faceanon.djl.device;

import dev.faceanon.djl.nn.AttentionKernel;
import java.util.Objects;

/**
 * How one call uses the device: which networks stay resident, the attention kernel and how many
 * query rows the materialised attention processes at once, and the estimated memory against what
 * was available.
 *
 * @param choice the device and precision
 * @param strategy which networks stay on the device
 * @param attention the attention kernel the networks run
 * @param attentionChunk query rows per chunk of the materialised attention (the full token count
 *     means no chunking, which is always the case with the fused kernel)
 * @param neededBytes estimated peak device memory of this plan (0 on the CPU)
 * @param availableBytes free device memory when planned, or -1 if unknown (CPU, or no NVIDIA library)
 */
public record PlacementPlan(DeviceChoice choice, PlacementStrategy strategy, AttentionKernel attention,
        int attentionChunk, long neededBytes, long availableBytes) {

    /**
     * Checks the invariants.
     *
     * @param choice the device and precision
     * @param strategy which networks stay on the device
     * @param attention the attention kernel the networks run
     * @param attentionChunk query rows per chunk of the materialised attention
     * @param neededBytes estimated peak device memory of this plan
     * @param availableBytes free device memory when planned, or -1 if unknown
     * @throws NullPointerException if {@code choice}, {@code strategy} or {@code attention} is null
     * @throws IllegalArgumentException if the chunk is not positive or the strategy does not fit the device
     */
    public PlacementPlan {
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(attention, "attention");
        if (attentionChunk < 1) {
            throw new IllegalArgumentException("attention chunk must be positive, got " + attentionChunk);
        }
        if ((strategy == PlacementStrategy.HOST) == choice.isGpu()) {
            throw new IllegalArgumentException(strategy + " does not fit device " + choice.device());
        }
    }

    /**
     * @param c a network
     * @return true if it stays in device memory between uses; false if it is moved to the device only
     *     while it runs (always true on the CPU, where there is one memory)
     */
    public boolean residentOnDevice(ModelComponent c) {
        return strategy != PlacementStrategy.OFFLOAD_AUXILIARY || !c.isAuxiliary();
    }

    /** @return the attention as a log or error message states it */
    public String describeAttention() {
        return attention == AttentionKernel.FUSED ? "fused attention"
                : "materialised attention in chunks of " + attentionChunk + " query rows";
    }
}
