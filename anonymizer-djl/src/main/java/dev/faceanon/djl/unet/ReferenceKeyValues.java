package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import java.util.Objects;

/**
 * Keys and values of reference tokens, already projected by one self-attention layer's
 * {@code to_k} and {@code to_v}: what that layer attends over besides its own tokens.
 *
 * @param keys [B, T, inner]
 * @param values [B, T, inner]
 */
public record ReferenceKeyValues(NDArray keys, NDArray values) {

    /**
     * @param keys [B, T, inner]
     * @param values [B, T, inner]
     * @throws NullPointerException if an array is null
     * @throws IllegalArgumentException if the shapes differ or are not [B, T, inner]
     */
    public ReferenceKeyValues {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(values, "values");
        if (keys.getShape().dimension() != 3 || !keys.getShape().equals(values.getShape())) {
            throw new IllegalArgumentException("reference keys " + keys.getShape() + " and values "
                    + values.getShape() + " must both be [B, T, inner]");
        }
    }

    /** @return the batch size B */
    public long batchSize() {
        return keys.getShape().get(0);
    }

    /** @return the number of reference tokens T */
    public long tokens() {
        return keys.getShape().get(1);
    }
}
