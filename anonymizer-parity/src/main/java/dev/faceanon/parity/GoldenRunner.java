package dev.faceanon.parity;

import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import java.util.List;

/**
 * Reproduces one kind of golden case with this library's code and compares every output the case
 * records. Cases are recognised by name (the held-out set uses the same names); a runner reads all
 * shapes and configs from the case, never from the shared set's sizes.
 */
public interface GoldenRunner {

    /**
     * @param caseName a case name such as {@code unet_tiny}
     * @return true if this runner reproduces it
     */
    boolean handles(String caseName);

    /**
     * @param dir the golden directory (other cases' weight files live there too)
     * @param golden the open case
     * @return one check per compared tensor, outputs first
     */
    List<TensorCheck> run(GoldenDirectory dir, GoldenCase golden);
}
