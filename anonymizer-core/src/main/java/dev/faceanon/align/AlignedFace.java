package dev.faceanon.align;

import dev.faceanon.face.Face;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
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
