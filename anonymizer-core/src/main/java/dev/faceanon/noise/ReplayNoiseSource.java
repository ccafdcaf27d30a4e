package dev.faceanon.noise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Replays a recorded sequence of noise tensors, e.g. the noise the official Python pipeline drew
 * (its golden files record every tensor in order). Each draw must match the recorded kind and
 * shape, so a port that consumes noise in a different order fails loudly instead of silently
 * diverging.
 */
public final class ReplayNoiseSource implements NoiseSource {

    /**
     * One recorded draw. Immutable: the arrays are copied in and handed out as copies, so that one
     * replay cannot change the noise of another made from the same recording.
     *
     * @param kind what it was drawn for
     * @param shape its shape
     * @param values its values, row-major
     */
    public record Draw(NoiseKind kind, long[] shape, float[] values) {
        /**
         * Creates an instance, checking its components.
         *
         * @param kind what it was drawn for
         * @param shape its shape
         * @param values its values, row-major
         * @throws NullPointerException if a component is null
         * @throws IllegalArgumentException if the values do not fill the shape
         */
        public Draw {
            Objects.requireNonNull(kind, "kind");
            shape = shape.clone();
            values = values.clone();
            if (NoiseSource.elementCount(shape) != values.length) {
                throw new IllegalArgumentException(
                        values.length + " values do not fill shape " + Arrays.toString(shape));
            }
        }

        /** @return a copy of the shape */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** @return a copy of the values */
        @Override
        public float[] values() {
            return values.clone();
        }

        /** Draws are equal when kind, shape and values are. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Draw d && kind == d.kind && Arrays.equals(shape, d.shape)
                    && Arrays.equals(values, d.values);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * kind.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Draw[" + kind + " " + Arrays.toString(shape) + "]";
        }
    }

    private final List<Draw> draws;
    private int position;

    /**
     * @param draws the recorded draws, in consumption order
     */
    public ReplayNoiseSource(List<Draw> draws) {
        this.draws = new ArrayList<>(draws);
    }

    @Override
    public float[] next(NoiseKind kind, long[] shape) {
        if (position >= draws.size()) {
            throw new IllegalStateException("noise draw " + (position + 1) + " (" + kind + " " + Arrays.toString(shape)
                    + ") requested, but only " + draws.size() + " were recorded");
        }
        Draw d = draws.get(position);
        if (d.kind() != kind || !Arrays.equals(d.shape, shape)) {
            throw new IllegalStateException("noise draw " + (position + 1) + ": requested " + kind + " "
                    + Arrays.toString(shape) + ", recorded " + d.kind() + " " + Arrays.toString(d.shape));
        }
        position++;
        return d.values();
    }

    /** @return the number of recorded draws not consumed yet */
    public int remaining() {
        return draws.size() - position;
    }
}
