package dev.faceanon.djl.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A parameter a model needs: its published checkpoint key, its shape, and older spellings of the
 * key that some checkpoints use (e.g. the VAE attention's {@code query} for {@code to_q}).
 */
public final class ParameterSpec {
    private final String key;
    private final long[] shape;
    private final List<String> legacyKeys;

    /**
     * @param key the current checkpoint key
     * @param shape the expected shape
     * @param legacyKeys accepted older keys, same shape
     */
    public ParameterSpec(String key, long[] shape, List<String> legacyKeys) {
        this.key = Objects.requireNonNull(key, "key");
        this.shape = shape.clone();
        this.legacyKeys = List.copyOf(legacyKeys);
    }

    /** @return the current checkpoint key */
    public String key() {
        return key;
    }

    /** @return a copy of the expected shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return older keys accepted instead of {@link #key()} */
    public List<String> legacyKeys() {
        return legacyKeys;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec && key.equals(((ParameterSpec) o).key)
                && Arrays.equals(shape, ((ParameterSpec) o).shape)
                && legacyKeys.equals(((ParameterSpec) o).legacyKeys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(shape), legacyKeys);
    }

    @Override
    public String toString() {
        return key + Arrays.toString(shape) + (legacyKeys.isEmpty() ? "" : " (or " + legacyKeys + ")");
    }
}
