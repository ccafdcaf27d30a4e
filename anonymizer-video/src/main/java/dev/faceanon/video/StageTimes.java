package dev.faceanon.video;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the time of a run went, wall clock on the processing thread. The decoder and the encoder
 * run in their own processes alongside: their time here is the time the run waited for them.
 *
 * @param decoding waiting for decoded frames
 * @param detection finding faces
 * @param tracking following them and measuring flicker
 * @param faces anonymizing, swapping or redacting them (generation)
 * @param encoding handing frames to the encoder and waiting for it to finish
 * @param total the whole run
 */
public record StageTimes(Duration decoding, Duration detection, Duration tracking, Duration faces, Duration encoding,
        Duration total) {

    /**
     * @param decoding see {@link #decoding()}
     * @param detection see {@link #detection()}
     * @param tracking see {@link #tracking()}
     * @param faces see {@link #faces()}
     * @param encoding see {@link #encoding()}
     * @param total see {@link #total()}
     * @throws NullPointerException if a component is null
     */
    public StageTimes {
        Objects.requireNonNull(decoding, "decoding");
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(tracking, "tracking");
        Objects.requireNonNull(faces, "faces");
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(total, "total");
    }

    /**
     * @param stage one of the stages
     * @return its share of the total, in [0, 1]; 0 for an empty run
     */
    public double share(Duration stage) {
        return total.isZero() ? 0 : Math.min(1, (double) stage.toNanos() / total.toNanos());
    }
}
