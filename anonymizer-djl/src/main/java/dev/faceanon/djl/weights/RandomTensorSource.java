package dev.faceanon.djl.weights;

import dev.faceanon.djl.nn.ParameterSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A float32 checkpoint holding random values for every parameter a model declares, generated on
 * demand, so that full-size models can be timed without their weights. Values are reproducible
 * (seeded per key) and scaled like a trained network's so that activations stay in a normal range
 * (no overflow, no denormals): matrices and kernels uniform with variance {@code 1/fan_in}, norm
 * scales near 1, biases near 0.
 */
public final class RandomTensorSource extends ListedTensorSource {
    private final long seed;

    /**
     * @param parameters what the model declares, e.g. from {@code UNet2DConditionModel.expectedParameters}
     * @param seed base seed
     */
    public RandomTensorSource(List<ParameterSpec> parameters, long seed) {
        super(Path.of("random-weights"), parameters.stream()
                .map(p -> new TensorInfo(p.key(), TensorDType.F32, p.shape())).toList());
        this.seed = seed;
    }

    @Override
    public ByteBuffer raw(String name) {
        TensorInfo info = info(name);
        ByteBuffer bytes = ByteBuffer.allocateDirect(Math.toIntExact(info.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        FloatBuffer floats = bytes.asFloatBuffer();
        SplittableRandom random = new SplittableRandom(seed ^ name.hashCode());
        long[] shape = info.shape();
        double center;
        double halfWidth;
        if (shape.length == 1) {
            boolean scale = name.endsWith(".weight");
            center = scale ? 1.0 : 0.0;
            halfWidth = 0.1;
        } else {
            long fanIn = info.elementCount() / shape[0];
            center = 0;
            halfWidth = Math.sqrt(3.0 / fanIn);
        }
        for (long i = 0; i < info.elementCount(); i++) {
            floats.put((float) (center + halfWidth * (2 * random.nextDouble() - 1)));
        }
        return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
