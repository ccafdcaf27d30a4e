package dev.faceanon.spi;

import dev.faceanon.image.RgbImage;

/**
 * A loaded diffusion model that generates faces: the part of the library that holds native memory.
 * Implementations must be safe for concurrent {@link #generate} calls.
 */
public interface DiffusionBackend extends AutoCloseable {

    /**
     * @return the square side the model was trained at and images are generated at (512 for the
     *     published weights)
     */
    int modelSize();

    /**
     * @param request the generation, with images at {@link #modelSize()} (or any multiple of 8 the
     *     model accepts)
     * @return the generated image, same size as the request's images
     * @throws dev.faceanon.CancelledException if cancelled; native memory is freed before it is thrown
     */
    RgbImage generate(GenerationRequest request);

    /** @return a short description for logs: device, precision, model source (no personal data) */
    String describe();

    /**
     * Frees the model's native memory. {@link dev.faceanon.FaceModels} calls it only once its own
     * calls have finished; an implementation that other code can reach should still wait for
     * running calls and refuse later ones with {@link IllegalStateException}, as
     * {@link CloseGuard} does.
     */
    @Override
    void close();
}
