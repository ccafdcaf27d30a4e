package dev.faceanon.align;

/** How a processed crop goes back into the photo. */
public enum PasteMode {
    /**
     * The official {@code utils/merger.py}: the whole rotated square replaces the photo, each
     * photo pixel taking the crop pixel OpenCV's nearest-neighbour inverse warp picks. Bit-identical
     * to the official result, with a visible seam where the regenerated square meets the photo.
     */
    HARD,
    /**
     * A bilinear inverse warp blended with an alpha that is 1 inside the square shrunk by a margin
     * and falls smoothly to 0 at the square's edge, so the seam disappears.
     */
    FEATHERED
}
