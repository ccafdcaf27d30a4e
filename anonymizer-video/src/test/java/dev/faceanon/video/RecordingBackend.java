package dev.faceanon.video;

import dev.faceanon.image.RgbImage;
import dev.faceanon.noise.NoiseKind;
import dev.faceanon.spi.DiffusionBackend;
import dev.faceanon.spi.GenerationRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A backend for tests: each generation draws its initial noise (recorded) and returns a crop of
 * one colour, or throws where the test says.
 */
final class RecordingBackend implements DiffusionBackend {
    static final int MODEL = 64;
    /** Elements of the initial noise drawn and recorded per generation. */
    static final long[] NOISE_SHAPE = {1, 4, 2, 2};
    /** The colour of every generated crop. */
    static final int R = 20;
    static final int G = 200;
    static final int B = 120;

    final List<float[]> initialNoise = new ArrayList<>();
    private final IntFunction<RuntimeException> failure;

    /** @param failure the exception to throw at the n-th generation (from 0), or null to succeed */
    RecordingBackend(IntFunction<RuntimeException> failure) {
        this.failure = failure;
    }

    @Override
    public int modelSize() {
        return MODEL;
    }

    @Override
    public synchronized RgbImage generate(GenerationRequest request) {
        int n = initialNoise.size();
        initialNoise.add(request.noise().next(NoiseKind.INITIAL_LATENTS, NOISE_SHAPE));
        RuntimeException e = failure.apply(n);
        if (e != null) {
            throw e;
        }
        byte[] rgb = new byte[request.conditioning().width() * request.conditioning().height() * 3];
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = (byte) R;
            rgb[i + 1] = (byte) G;
            rgb[i + 2] = (byte) B;
        }
        return RgbImage.of(request.conditioning().width(), request.conditioning().height(), rgb);
    }

    @Override
    public String describe() {
        return "recording stand-in";
    }

    @Override
    public void close() {}

    static boolean same(float[] a, float[] b) {
        return Arrays.equals(a, b);
    }
}
