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
    private final boolean unused;

    /**
     * @param key the current checkpoint key
     * @param shape the expected shape
     * @param legacyKeys accepted older keys, same shape
     * @param unused true for a parameter the checkpoint holds but this model never computes with
     *     (e.g. the tail of a ReferenceNet that stops early): it is not loaded and may be absent
     */
    public ParameterSpec(String key, long[] shape, List<String> legacyKeys, boolean unused) {
        this.key = Objects.requireNonNull(key, "key");
        this.shape = shape.clone();
        this.legacyKeys = List.copyOf(legacyKeys);
        this.unused = unused;
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

    /** @return true if the parameter is known but never loaded; see the constructor */
    public boolean unused() {
        return unused;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec && key.equals(((ParameterSpec) o).key)
                && Arrays.equals(shape, ((ParameterSpec) o).shape)
                && legacyKeys.equals(((ParameterSpec) o).legacyKeys) && unused == ((ParameterSpec) o).unused;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, Arrays.hashCode(shape), legacyKeys, unused);
    }

    @Override
    public String toString() {
        return key + Arrays.toString(shape) + (legacyKeys.isEmpty() ? "" : " (or " + legacyKeys + ")")
                + (unused ? " (unused)" : "");
    }
}
