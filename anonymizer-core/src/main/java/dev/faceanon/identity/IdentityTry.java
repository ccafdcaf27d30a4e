package dev.faceanon.identity;

import java.util.OptionalLong;

/**
 * One generation of a face and how close its output came to the input face.
 *
 * @param number 1 for the first generation, 2, 3... for each generation after a failed identity check
 * @param seed the seed of this generation's noise; empty when the caller supplied the noise
 *     ({@link dev.faceanon.CallOptions.Builder#noise}), from which every generation of the call draws in turn
 * @param distance the descriptor distance between the input face and this generation's output, measured in the
 *     photo at the face's box and landmarks
 */
public record IdentityTry(int number, OptionalLong seed, double distance) {

    /**
     * Creates an instance, checking its components.
     *
     * @param number 1 for the first generation, 2, 3... for each generation after a failed identity check
     * @param seed the seed of this generation's noise; empty when the caller supplied the noise
     *     ({@link dev.faceanon.CallOptions.Builder#noise}), from which every generation of the call draws in turn
     * @param distance the descriptor distance between the input face and this generation's output, measured in the
     *     photo at the face's box and landmarks
     * @throws IllegalArgumentException if the number is below 1 or the distance is negative or not finite
     * @throws NullPointerException if the seed is null
     */
    public IdentityTry {
        if (number < 1) {
            throw new IllegalArgumentException("try numbers start at 1, got " + number);
        }
        java.util.Objects.requireNonNull(seed, "seed");
        if (!(distance >= 0 && Double.isFinite(distance))) {
            throw new IllegalArgumentException("distance must be finite and >= 0, got " + distance);
        }
    }
}
