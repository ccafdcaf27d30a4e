package dev.faceanon.djl.nn;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parameters of a model as seen from one key prefix, in the manner of candle's
 * {@code VarBuilder}: a block built with prefix {@code down_blocks.0.resnets.1} asks for
 * {@code conv1.weight} and receives the checkpoint tensor
 * {@code down_blocks.0.resnets.1.conv1.weight}. Blocks fetch everything in their constructor, so
 * the published key names are the only link between a checkpoint and the Java code.
 *
 * <p>A {@code Weights} created by {@link CheckpointLoader#expectedParameters} only records what is
 * asked for and hands out {@code null}; models built from it exist to list their parameters and
 * must never be run.
 */
public final class Weights {
    private final ParameterBinder binder;
    private final String prefix;
    private final boolean unused;

    Weights(ParameterBinder binder, String prefix) {
        this(binder, prefix, false);
    }

    private Weights(ParameterBinder binder, String prefix, boolean unused) {
        this.binder = Objects.requireNonNull(binder, "binder");
        this.prefix = prefix;
        this.unused = unused;
    }

    /**
     * A view at the same prefix whose parameters are declared but never loaded: for checkpoint
     * parts this model knowingly skips, such as the layers a ReferenceNet never reaches because it
     * stops once its last needed state exists. Blocks built on it return {@code null} tensors and
     * must not be run; they exist so that the model's parameter list still equals the checkpoint's.
     *
     * @return the view
     */
    public Weights unused() {
        return new Weights(binder, prefix, true);
    }

    /**
     * @param child a key component, e.g. {@code resnets}
     * @return the view at {@code prefix.child}
     */
    public Weights at(String child) {
        if (child.isEmpty() || child.startsWith(".") || child.endsWith(".")) {
            throw new IllegalArgumentException("bad key component '" + child + "'");
        }
        return new Weights(binder, key(child), unused);
    }

    /**
     * @param index a list index, as in {@code down_blocks.0}
     * @return the view at {@code prefix.index}
     */
    public Weights at(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
        return new Weights(binder, key(Integer.toString(index)), unused);
    }

    /** @return this view's key prefix, empty at the root */
    public String prefix() {
        return prefix;
    }

    /**
     * @param name a parameter name relative to this view
     * @return the full checkpoint key
     */
    public String key(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /**
     * @param name the parameter name relative to this view, e.g. {@code weight}
     * @param shape its expected shape
     * @return the tensor (null when only recording)
     */
    public NDArray get(String name, long... shape) {
        return binder.bind(new ParameterSpec(key(name), shape, List.of(), unused));
    }

    /**
     * Fetches a parameter that older checkpoints store under other names.
     *
     * @param name the current name relative to this view
     * @param legacyNames older names relative to this view, tried if the current one is absent
     * @param shape its expected shape
     * @return the tensor (null when only recording)
     */
    public NDArray get(String name, List<String> legacyNames, long... shape) {
        List<String> legacy = new ArrayList<>(legacyNames.size());
        for (String l : legacyNames) {
            legacy.add(key(l));
        }
        return binder.bind(new ParameterSpec(key(name), shape, legacy, unused));
    }
}
