package dev.faceanon.face;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a face recognizer makes of one face: {@value #LENGTH} numbers, compared by Euclidean distance. Two faces
 * whose descriptors are within {@link FaceRecognizer#DEFAULT_MATCH_THRESHOLD} of each other are taken for the same
 * person by the model this library uses.
 *
 * <p>A descriptor identifies a person as well as a photo does: it is biometric personal data. {@link #toString()}
 * therefore never shows the numbers; do not log {@link #values()}.
 *
 * <p>Immutable; equality compares every number exactly.
 */
public final class FaceDescriptor {
    /** The number of values of a descriptor. */
    public static final int LENGTH = 128;

    private final float[] values;

    private FaceDescriptor(float[] values) {
        this.values = values;
    }

    /**
     * @param values exactly {@value #LENGTH} finite numbers; copied
     * @return the descriptor
     * @throws IllegalArgumentException if the length is wrong or a value is not finite
     */
    public static FaceDescriptor of(float[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length != LENGTH) {
            throw new IllegalArgumentException("a face descriptor has " + LENGTH + " values, got " + values.length);
        }
        for (int i = 0; i < LENGTH; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("face descriptor value " + i + " is not finite");
            }
        }
        return new FaceDescriptor(values.clone());
    }

    /** @return a copy of the values */
    public float[] values() {
        return values.clone();
    }

    /**
     * @param index 0 ≤ index &lt; {@value #LENGTH}
     * @return that value
     * @throws IndexOutOfBoundsException if the index is outside the descriptor
     */
    public float get(int index) {
        return values[Objects.checkIndex(index, LENGTH)];
    }

    /**
     * @param other another descriptor
     * @return the Euclidean distance between the two, summed in double precision
     */
    public double distanceTo(FaceDescriptor other) {
        Objects.requireNonNull(other, "other");
        double sum = 0;
        for (int i = 0; i < LENGTH; i++) {
            double d = (double) values[i] - other.values[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceDescriptor other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    /** @return a fixed text: the values are personal data and are never shown */
    @Override
    public String toString() {
        return "FaceDescriptor[" + LENGTH + " values]";
    }
}
