package dev.faceanon.align;

import dev.faceanon.face.Face;
import dev.faceanon.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cuts aligned square crops out of a photo, as the official {@code extract_faces}: the WHOLE_FACE
 * matrix of {@link WholeFaceAlignment} and the bilinear, white-bordered warp of
 * {@link AffineWarp#crop}. Immutable and thread-safe.
 */
public final class FaceExtractor {

    /** The crop side the official pipeline and the diffusion model use. */
    public static final int OFFICIAL_CROP_SIZE = 512;

    private final int cropSize;

    /** An extractor of {@value #OFFICIAL_CROP_SIZE}-pixel crops. */
    public FaceExtractor() {
        this(OFFICIAL_CROP_SIZE);
    }

    /**
     * @param cropSize the crop side, 1..{@value WholeFaceAlignment#MAX_CROP_SIZE}
     * @throws IllegalArgumentException if out of range
     */
    public FaceExtractor(int cropSize) {
        if (cropSize < 1 || cropSize > WholeFaceAlignment.MAX_CROP_SIZE) {
            throw new IllegalArgumentException("crop size must be in 1.." + WholeFaceAlignment.MAX_CROP_SIZE
                    + ", got " + cropSize);
        }
        this.cropSize = cropSize;
    }

    /** @return the crop side */
    public int cropSize() {
        return cropSize;
    }

    /**
     * The official extraction, wherever the landmarks are: no check that they fit the face's box
     * (see {@link #extractFitting} for that).
     *
     * @param photo the photo
     * @param face a face in it
     * @return its aligned crop
     * @throws DegenerateLandmarksException if the face's landmarks do not define an alignment
     */
    public AlignedFace extract(RgbImage photo, Face face) {
        Objects.requireNonNull(photo, "photo");
        AffineTransform2D m = WholeFaceAlignment.imageToCrop(face, cropSize);
        return new AlignedFace(face, m, AffineWarp.crop(photo, m, cropSize), photo.width(), photo.height());
    }

    /**
     * Cuts a face's aligned crop after checking that its landmarks fit its box
     * ({@link LandmarkFit}): the library's own paths use this, so that a crop never goes back
     * anywhere else than over the box it reports.
     *
     * @param photo the photo
     * @param face a face in it
     * @param paste how the processed crop will be put back (the coverage is checked for it)
     * @return its aligned crop
     * @throws DegenerateLandmarksException if the face's landmarks do not define an alignment or do
     *     not fit its box; the message says which condition fails
     */
    public AlignedFace extractFitting(RgbImage photo, Face face, PasteBack paste) {
        Objects.requireNonNull(photo, "photo");
        Objects.requireNonNull(paste, "paste");
        LandmarkFit.checkLandmarks(face);
        AlignedFace aligned = extract(photo, face);
        LandmarkFit.checkCoverage(aligned, paste);
        return aligned;
    }

    /**
     * @param photo the photo
     * @param faces faces in it
     * @return their crops, in the same order
     * @throws DegenerateLandmarksException if a face's landmarks do not define an alignment
     */
    public List<AlignedFace> extractAll(RgbImage photo, List<Face> faces) {
        List<AlignedFace> out = new ArrayList<>(faces.size());
        for (Face f : faces) {
            out.add(extract(photo, f));
        }
        return List.copyOf(out);
    }
}
