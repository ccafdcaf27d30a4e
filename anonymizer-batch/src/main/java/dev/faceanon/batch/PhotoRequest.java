package dev.faceanon.batch;

import dev.faceanon.DiffusionConfig;
import dev.faceanon.face.Face;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One image for a {@link PhotoOperation}.
 *
 * @param image its pixels, upright
 * @param faces the caller's faces for it (from a faces file or column); empty to detect them
 * @param seed the image's seed ({@link ImageSeeds}); empty to use the operation's configuration
 */
public record PhotoRequest(BufferedImage image, Optional<List<Face>> faces, OptionalLong seed) {

    /**
     * @param image its pixels, upright
     * @param faces the caller's faces for it (from a faces file or column); empty to detect them
     * @param seed the image's seed ({@link ImageSeeds}); empty to use the operation's configuration
     * @throws NullPointerException if a component is null
     */
    public PhotoRequest {
        Objects.requireNonNull(image, "image");
        faces = faces.map(List::copyOf);
        Objects.requireNonNull(seed, "seed");
    }

    /**
     * @param config an operation's generation settings
     * @return the settings this image is generated with: {@code config}, with this image's seed if it has one
     */
    public DiffusionConfig seeded(DiffusionConfig config) {
        return seed.isPresent() ? config.toBuilder().seed(seed.getAsLong()).build() : config;
    }
}
