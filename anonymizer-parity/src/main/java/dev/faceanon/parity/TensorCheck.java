package dev.faceanon.parity;

import dev.faceanon.parity.golden.Comparison;

/**
 * One compared tensor of a golden case.
 *
 * @param tensor the golden tensor name, e.g. {@code output.sample}
 * @param comparison the result against it
 */
public record TensorCheck(String tensor, Comparison comparison) {

    /** @return a one-line description */
    public String summary() {
        return tensor + ": " + comparison.summary();
    }
}
