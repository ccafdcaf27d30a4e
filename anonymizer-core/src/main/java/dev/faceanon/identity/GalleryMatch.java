package dev.faceanon.identity;

import dev.faceanon.text.UntrustedText;
import java.util.Locale;
import java.util.Objects;

/**
 * The gallery entry a face matched, which is why it was kept.
 *
 * @param name the entry's name, as the caller gave it to {@link KeepGallery.Builder} (the CLI: the reference photo's
 *     path under the gallery directory)
 * @param distance the descriptor distance between the face and the entry, below the gallery's threshold
 */
public record GalleryMatch(String name, double distance) {

    /**
     * Creates an instance, checking its components.
     *
     * @param name the entry's name, as the caller gave it to {@link KeepGallery.Builder} (the CLI: the reference photo's
     *     path under the gallery directory)
     * @param distance the descriptor distance between the face and the entry, below the gallery's threshold
     * @throws NullPointerException if the name is null
     * @throws IllegalArgumentException if the distance is negative or not finite
     */
    public GalleryMatch {
        Objects.requireNonNull(name, "name");
        if (!(distance >= 0 && Double.isFinite(distance))) {
            throw new IllegalArgumentException("distance must be finite and >= 0, got " + distance);
        }
    }

    /** @return the reason a kept face is reported with: the entry (quoted, escaped) and the distance */
    public String describe() {
        return String.format(Locale.ROOT, "matches keep gallery entry %s (distance %.2f)",
                UntrustedText.quote(name, '"'), distance);
    }
}
