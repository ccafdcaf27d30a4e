package dev.faceanon.redact;

import dev.faceanon.align.AlignedFace;
import dev.faceanon.face.BoundingBox;

/**
 * How large a face is, in the photo and in the crop a {@link Redaction} is given: what redaction strength is
 * measured against, so that a face 30 pixels wide in the photo is hidden as well as one 300 pixels wide. Strength
 * defined on the crop alone would not do that: the crop is the same size for every face, and a small face's crop is
 * its few photo pixels enlarged, so a fixed cell or kernel in the crop is a pixel or two of the photo.
 *
 * @param inPhoto the longer side of the face's box in photo pixels, at least 1 (a box thinner than a pixel still
 *     touches one, and that pixel is the face)
 * @param cropPixelsPerPhotoPixel the crop's scale, {@link dev.faceanon.align.AffineTransform2D#lengthScale()} of
 *     its image→crop map
 */
record FaceSize(double inPhoto, double cropPixelsPerPhotoPixel) {

    /**
     * @param face an aligned face (its box, and the map that cut its crop)
     * @return its size
     */
    static FaceSize of(AlignedFace face) {
        BoundingBox box = face.face().box();
        // x2 − x1 of finite coordinates can overflow to infinity; the redactions cap what they derive from it.
        return new FaceSize(Math.max(1, Math.max(box.width(), box.height())), face.imageToCrop().lengthScale());
    }

    /** @return the face's size in crop pixels (possibly infinite for an absurd box) */
    double inCrop() {
        return inPhoto * cropPixelsPerPhotoPixel;
    }
}
