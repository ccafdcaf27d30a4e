package dev.faceanon;

import dev.faceanon.image.RgbImage;
import dev.faceanon.spi.DiffusionBackend;
import dev.faceanon.spi.GenerationRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A backend whose behaviour each test chooses (invert the crop, return the identity, fail, honour
 * cancellation), recording every request it receives.
 */
final class StandInBackend implements DiffusionBackend {
    /** The model size of the stand-in: small, so that tests run fast. */
    static final int MODEL = 64;

    final Function<GenerationRequest, RgbImage> behaviour;
    final List<Integer> faceIndices = Collections.synchronizedList(new ArrayList<>());
    final List<GenerationRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final int modelSize;
    private volatile Runnable onClose = () -> { };

    StandInBackend(Function<GenerationRequest, RgbImage> behaviour) {
        this(MODEL, behaviour);
    }

    StandInBackend(int modelSize, Function<GenerationRequest, RgbImage> behaviour) {
        this.modelSize = modelSize;
        this.behaviour = behaviour;
    }

    /**
     * @param action run by every {@link #close()}
     * @return this backend
     */
    StandInBackend onClose(Runnable action) {
        this.onClose = action;
        return this;
    }

    /** The conditioning crop with every sample inverted. */
    static RgbImage invert(GenerationRequest r) {
        byte[] b = r.conditioning().toByteArray();
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (255 - (b[i] & 0xff));
        }
        return RgbImage.of(r.conditioning().width(), r.conditioning().height(), b);
    }

    @Override
    public int modelSize() {
        return modelSize;
    }

    @Override
    public RgbImage generate(GenerationRequest request) {
        faceIndices.add(request.faceIndex());
        requests.add(request);
        return behaviour.apply(request);
    }

    @Override
    public String describe() {
        return "stand-in";
    }

    @Override
    public void close() {
        onClose.run();
    }
}
