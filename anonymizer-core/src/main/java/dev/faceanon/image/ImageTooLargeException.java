package dev.faceanon.image;

import dev.faceanon.FaceAnonException;

/**
 * An image has more pixels than the configured limit. The limit protects the process from images
 * whose decoded size would exhaust memory; raise it deliberately or downscale the image first.
 */
public class ImageTooLargeException extends FaceAnonException {
    private static final long serialVersionUID = 1L;

    /** Serialized with the exception: see the accessor of the same name. */
    private final int width;
    /** Serialized with the exception: see the accessor of the same name. */
    private final int height;
    /** Serialized with the exception: see the accessor of the same name. */
    private final long limit;

    /**
     * @param width the image's columns
     * @param height the image's rows
     * @param limit the largest pixel count allowed
     */
    public ImageTooLargeException(int width, int height, long limit) {
        super("image of " + width + "x" + height + " = " + (long) width * height + " pixels exceeds the limit of "
                + limit + " pixels; downscale it first, or raise the limit of BufferedImageConverter if memory allows");
        this.width = width;
        this.height = height;
        this.limit = limit;
    }

    /** @return the image's columns */
    public int width() {
        return width;
    }

    /** @return the image's rows */
    public int height() {
        return height;
    }

    /** @return the pixel limit that was exceeded */
    public long limit() {
        return limit;
    }
}
