package dev.faceanon.djl.clip;

import dev.faceanon.djl.weights.SafetensorsFile;
import dev.faceanon.djl.weights.SafetensorsWriter;
import dev.faceanon.djl.weights.TensorDType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Hand-written float32 weights for block tests, stored as a real safetensors file. */
final class HandWeights {
    private final SafetensorsWriter writer = new SafetensorsWriter();

    HandWeights put(String name, float[] values, long... shape) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        writer.add(name, TensorDType.F32, shape, b);
        return this;
    }

    /** A Linear's identity {@code weight [n, n]} and zero {@code bias [n]} under {@code prefix}. */
    HandWeights identityLinear(String prefix, int n) {
        float[] eye = new float[n * n];
        for (int i = 0; i < n; i++) {
            eye[i * n + i] = 1;
        }
        return put(prefix + ".weight", eye, n, n).put(prefix + ".bias", new float[n], n);
    }

    SafetensorsFile open(Path dir) throws IOException {
        Path file = dir.resolve("hand.safetensors");
        writer.write(file);
        return SafetensorsFile.open(file);
    }
}
