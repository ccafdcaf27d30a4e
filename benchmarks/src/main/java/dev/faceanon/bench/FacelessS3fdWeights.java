package dev.faceanon.bench;

import dev.faceanon.djl.detect.S3fd;
import dev.faceanon.djl.weights.ListedTensorSource;
import dev.faceanon.djl.weights.RandomTensorSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * Random S3FD weights (the published shapes, {@link RandomTensorSource} values) whose
 * classification heads always answer "background": their kernels are zero and their biases favour
 * the background logits by 4, so every prior's face probability is {@code 1 / (1 + e^4)} ≈ 0.018,
 * below the 0.05 candidate threshold.
 *
 * <p>Why: with purely random heads about half of the tens of thousands of priors would pass the
 * 0.5 filter and the detector would spend its time in NMS over thousands of overlapping boxes, which
 * a real photo (a handful of faces) never does. A zero kernel costs the same multiply-adds as any
 * other, so the timing is that of the network, the preprocessing and the scan of every prior, on a
 * photo without faces.
 */
final class FacelessS3fdWeights extends ListedTensorSource {
    private static final String CONF_HEAD = "_mbox_conf.";
    private static final float BACKGROUND_MARGIN = 4f;

    private final RandomTensorSource random;

    /** @param seed the seed of the random values */
    FacelessS3fdWeights(long seed) {
        this(new RandomTensorSource(S3fd.expectedParameters(), seed));
    }

    private FacelessS3fdWeights(RandomTensorSource random) {
        super(Path.of("random-faceless-s3fd"), random.tensors());
        this.random = random;
    }

    @Override
    public ByteBuffer raw(String name) {
        if (!name.contains(CONF_HEAD)) {
            return random.raw(name);
        }
        long count = info(name).elementCount();
        ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(4 * count)).order(ByteOrder.LITTLE_ENDIAN);
        if (name.endsWith(".bias")) {
            // The last channel is the face logit; the others (one, or three maxed out) are background.
            for (long c = 0; c < count; c++) {
                bytes.putFloat(c == count - 1 ? 0f : BACKGROUND_MARGIN);
            }
            bytes.flip();
        }
        return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
