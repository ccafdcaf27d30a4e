package dev.faceanon.djl.unet;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.faceanon.djl.config.UNetBlockType;
import dev.faceanon.djl.config.UNetConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The ReferenceNet states the face-anon denoiser uses: for each attention-bearing UNet block, the
 * self-attention input ({@code norm1} output) of {@code transformer_blocks.0} of its
 * {@code attentions.0}, keyed by that transformer's path ({@code down_blocks.i.attentions.0},
 * {@code mid_block.attentions.0}, {@code up_blocks.j.attentions.0}). Each is [B, T, C] with row-major
 * tokens; a ReferenceNet produces T = H·W, the denoiser takes the source and conditioning states
 * concatenated along tokens, T = 2·H·W.
 *
 * <p>Only state 0 of each block is kept because the official denoiser uses that state for every
 * attention of the block (spec §2.3); the states of the other attentions never reach the output.
 *
 * <p>Owns its arrays (in a manager of its own); close it to free them.
 */
public final class ReferenceStates implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> states;

    private ReferenceStates(NDManager manager, Map<String, NDArray> states) {
        this.manager = manager;
        this.states = Collections.unmodifiableMap(states);
    }

    /**
     * The keys a UNet of this configuration records and consumes: one per attention-bearing block,
     * in execution order.
     *
     * @param config the UNet configuration
     * @return e.g. {@code down_blocks.0.attentions.0}, ..., {@code mid_block.attentions.0},
     *     {@code up_blocks.1.attentions.0}, ...
     */
    public static List<String> keysFor(UNetConfig config) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < config.numBlocks(); i++) {
            if (config.downBlockTypes().get(i).hasAttention()) {
                keys.add("down_blocks." + i + ".attentions.0");
            }
        }
        if (config.midBlockType().hasAttention()) {
            keys.add("mid_block.attentions.0");
        }
        for (int i = 0; i < config.numBlocks(); i++) {
            UNetBlockType type = config.upBlockTypes().get(i);
            if (type.hasAttention()) {
                keys.add("up_blocks." + i + ".attentions.0");
            }
        }
        return Collections.unmodifiableList(keys);
    }

    /**
     * Takes ownership of arrays: they are attached to a new manager under {@code parent} (and
     * removed from any open {@code NDScope}), and freed when this object is closed.
     *
     * @param parent the manager under which this object's manager is created
     * @param states state per key, each [B, T, C] with the same B
     * @return the states
     * @throws IllegalArgumentException if a state is not 3-D or the batch sizes differ
     */
    public static ReferenceStates adopt(NDManager parent, Map<String, NDArray> states) {
        long batch = -1;
        for (Map.Entry<String, NDArray> e : states.entrySet()) {
            Shape s = e.getValue().getShape();
            if (s.dimension() != 3 || (batch >= 0 && s.get(0) != batch)) {
                throw new IllegalArgumentException("reference state " + e.getKey() + " has shape " + s
                        + "; every state must be [B, T, C] with one batch size B");
            }
            batch = s.get(0);
        }
        NDManager manager = parent.newSubManager();
        ForwardScope.release(manager, states.values());
        return new ReferenceStates(manager, new LinkedHashMap<>(states));
    }

    /** @return the keys, in the order given at creation */
    public List<String> keys() {
        return List.copyOf(states.keySet());
    }

    /**
     * @param key a transformer path such as {@code mid_block.attentions.0}
     * @return the state [B, T, C], owned by this object
     * @throws NoSuchElementException if there is no state for the key
     */
    public NDArray get(String key) {
        NDArray s = states.get(key);
        if (s == null) {
            throw new NoSuchElementException("no reference state '" + key + "'; present: " + states.keySet());
        }
        return s;
    }

    /** @return the batch size B (0 if there are no states) */
    public long batchSize() {
        return states.isEmpty() ? 0 : states.values().iterator().next().getShape().get(0);
    }

    /**
     * The official {@code cat_referencenet_states(source, conditioning, dim=1)}: each state of this
     * (source) object followed by the conditioning state along the token axis.
     *
     * @param parent manager under which the result's manager is created
     * @param conditioning the conditioning ReferenceNet's states, same keys, batch and widths
     * @return states [B, T + T', C]
     * @throws IllegalArgumentException if the keys, batch sizes or widths differ
     */
    public ReferenceStates concatTokens(NDManager parent, ReferenceStates conditioning) {
        if (!states.keySet().equals(conditioning.states.keySet())) {
            throw new IllegalArgumentException("source states " + states.keySet()
                    + " and conditioning states " + conditioning.states.keySet() + " have different keys");
        }
        for (String key : states.keySet()) {
            Shape a = states.get(key).getShape();
            Shape b = conditioning.states.get(key).getShape();
            if (a.get(0) != b.get(0) || a.get(2) != b.get(2)) {
                throw new IllegalArgumentException("cannot concatenate reference states " + key + ": " + a
                        + " and " + b);
            }
        }
        return ForwardScope.run(() -> {
            Map<String, NDArray> joined = new LinkedHashMap<>();
            for (String key : states.keySet()) {
                joined.put(key, states.get(key).concat(conditioning.states.get(key), 1));
            }
            return joined;
        }, joined -> adopt(parent, joined));
    }

    /** Frees the states. */
    @Override
    public void close() {
        manager.close();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ReferenceStates{");
        states.forEach((k, v) -> sb.append(sb.length() > 16 ? ", " : "").append(k).append(v.getShape()));
        return sb.append('}').toString();
    }
}
