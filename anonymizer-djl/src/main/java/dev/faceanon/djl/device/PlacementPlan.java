package dev.faceanon.djl.device;

import java.util.Objects;

/**
 * How one call uses the device: which networks stay resident, how many query rows the attention
 * processes at once, and the estimated memory against what was available.
 *
 * @param choice the device and precision
 * @param strategy which networks stay on the device
 * @param attentionChunk query rows per attention chunk (the full token count means no chunking)
 * @param neededBytes estimated peak device memory of this plan (0 on the CPU)
 * @param availableBytes free device memory when planned, or -1 if unknown (CPU, or no NVIDIA library)
 */
public record PlacementPlan(DeviceChoice choice, PlacementStrategy strategy, int attentionChunk, long neededBytes,
        long availableBytes) {

    /** Checks the invariants. */
    public PlacementPlan {
        Objects.requireNonNull(choice, "choice");
        Objects.requireNonNull(strategy, "strategy");
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
}
