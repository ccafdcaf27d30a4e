package dev.faceanon.image;

import dev.faceanon.FaceAnonException;

/**
 * An image is too small for the model: a side is below the multiple the model's size is floored to
 * (8 for the Stable Diffusion VAE), so the floored size would be empty.
 */
public class ImageTooSmallException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    /**
     * @param width the image's columns
     * @param height the image's rows
     * @param minimumSide the smallest side accepted
     */
    public ImageTooSmallException(int width, int height, int minimumSide) {
        super("image of " + width + "x" + height + " is too small: both sides must be at least " + minimumSide
                + " pixels");
    }
}
