package dev.faceanon.align;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import java.util.List;
import java.util.Objects;

/**
 * A face cut out of a photo: the aligned square crop and the matrix that cut it.
 *
 * @param face the detected face
 * @param imageToCrop the image→crop matrix
 * @param crop the {@code S×S} crop, white where the square reaches past the photo
 * @param imageWidth the photo's columns
 * @param imageHeight the photo's rows
 */
public record AlignedFace(Face face, AffineTransform2D imageToCrop, RgbImage crop, int imageWidth, int imageHeight) {

    /**
     * Creates an instance, checking its components.
     *
     * @param face the detected face
     * @param imageToCrop the image→crop matrix
     * @param crop the {@code S×S} crop, white where the square reaches past the photo
     * @param imageWidth the photo's columns
     * @param imageHeight the photo's rows
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the crop is not square, the photo size is not positive or
     *     the matrix is not invertible
     */
    public AlignedFace {
        Objects.requireNonNull(face, "face");
        AffineTransform2D.requireInvertible(imageToCrop);
        Objects.requireNonNull(crop, "crop");
        if (crop.width() != crop.height()) {
            throw new IllegalArgumentException("aligned crops are square, got " + crop.width() + "x" + crop.height());
        }
        if (imageWidth < 1 || imageHeight < 1) {
            throw new IllegalArgumentException("photo size must be positive, got " + imageWidth + "x" + imageHeight);
        }
    }

    /**
     * A crop that is itself the face, as callers of the aligned-crop API hand it in: the face's box spans the
     * whole crop (so a size-relative redaction is sized to the crop) and the crop is its own photo.
     *
     * @param crop a square aligned face crop
     * @return the crop as an aligned face with the identity matrix
     * @throws IllegalArgumentException if the crop is not square
     */
    public static AlignedFace wholeCrop(RgbImage crop) {
        Objects.requireNonNull(crop, "crop");
        double s = crop.width();
        // Five points where the official alignment puts eyes, nose tip and mouth corners; nothing measures them.
        Face face = new Face(new BoundingBox(0, 0, s, crop.height()), 1, LandmarkScheme.FIVE_POINT,
                List.of(new Point(0.37 * s, 0.45 * s), new Point(0.63 * s, 0.45 * s), new Point(0.5 * s, 0.58 * s),
                        new Point(0.4 * s, 0.7 * s), new Point(0.6 * s, 0.7 * s)));
        return new AlignedFace(face, AffineTransform2D.IDENTITY, crop, crop.width(), crop.height());
    }

    /** @return the crop side {@code S} */
    public int cropSize() {
        return crop.width();
    }

    /** @return the side of the crop square measured in photo pixels */
    public double squareSide() {
        return cropSize() / imageToCrop.lengthScale();
    }

    /** @return the centre of the crop square in photo coordinates */
    public Point squareCentre() {
        double c = (cropSize() - 1) / 2.0;
        return imageToCrop.inverse().apply(new Point(c, c));
    }
}
