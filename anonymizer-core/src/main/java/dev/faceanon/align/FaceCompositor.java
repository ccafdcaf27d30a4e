package dev.faceanon.align;

import dev.faceanon.image.RgbImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Pastes the processed crops of several faces back into one photo. Immutable and thread-safe.
 *
 * <p>As in the official pipeline every crop was cut from the <em>original</em> photo, and pasting
 * is cumulative on the result. The official loop pastes whole squares in detection order, so where
 * squares overlap a later crop overwrites an earlier face with the later crop's content, which
 * still shows the earlier face as it was in the original photo (for redaction: blurred at the
 * wrong scale; for diffusion: the conditioning reproduces it). This compositor fixes the order and
 * protects faces:
 *
 * <ol>
 *   <li><b>Order.</b> Faces are pasted by ascending size of their crop square in the photo; ties
 *       left to right by the square's centre, then top to bottom, then in input order. Small
 *       (background) faces go first, the large faces whose squares cover them after.</li>
 *   <li><b>Protection.</b> A face's paste weight is multiplied by {@code 1 − w_i} for every face
 *       {@code i} pasted before it, {@code w_i} being {@code i}'s {@link InnerFaceRegion} weight (1
 *       on its face, falling to 0 across a narrow band). So no crop ever overwrites the face of
 *       an earlier one, and in the hair and background around it the two generated crops blend
 *       instead of meeting at a seam. Inside the pasted face's own region the band does not count
 *       (only the earlier face regions themselves do): an earlier crop's copy of this face is the
 *       original and must not show through.</li>
 * </ol>
 *
 * <p>The guarantee: every photo pixel inside some face's inner region ends up taken from a
 * processed crop (its own, or an earlier face's where two inner regions overlap), never from the
 * original photo or from another crop's copy of the original, provided the paste gives weight 1
 * there. Both paste modes do: {@link PasteMode#HARD} on the whole square, {@link PasteMode#FEATHERED}
 * inside the feather margin, which is narrower than the distance from the square's edge to the
 * inner region.
 *
 * <p>Each face is pasted with {@link PasteBack#fittedTo its fitted paste}: where the face's box
 * comes closer to the square's edge than the feather margin, the margin is narrowed so that the
 * crop still replaces the whole box.
 *
 * <p>{@link #official()} instead reproduces the official loop exactly (hard paste, input order, no
 * protection).
 */
public final class FaceCompositor {

    private final PasteBack paste;
    private final InnerFaceRegion region;

    /**
     * @param paste the paste of each crop
     * @param region the face region protected from later pastes, or null for none (then faces are
     *     pasted in input order, as {@link #official()})
     */
    private FaceCompositor(PasteBack paste, InnerFaceRegion region) {
        this.paste = Objects.requireNonNull(paste, "paste");
        this.region = region;
    }

    /**
     * @param paste the paste of each crop
     * @return a compositor ordering and protecting faces with {@link InnerFaceRegion#WHOLE_FACE}
     */
    public static FaceCompositor protecting(PasteBack paste) {
        return protecting(paste, InnerFaceRegion.WHOLE_FACE);
    }

    /**
     * @param paste the paste of each crop
     * @param region the protected face region
     * @return a compositor ordering and protecting faces
     * @throws IllegalArgumentException if a feathered paste's margin reaches into the region
     */
    public static FaceCompositor protecting(PasteBack paste, InnerFaceRegion region) {
        Objects.requireNonNull(region, "region");
        double margin = paste.featherFraction();
        if (margin > Math.min(Math.min(region.left(), region.top()), Math.min(1 - region.right(), 1 - region.bottom()))) {
            throw new IllegalArgumentException("feather margin " + margin + " reaches into the face region " + region);
        }
        return new FaceCompositor(paste, region);
    }

    /** @return the official loop: hard paste of every square in input order */
    public static FaceCompositor official() {
        return new FaceCompositor(PasteBack.hard(), null);
    }

    /** @return the paste used for each crop */
    public PasteBack paste() {
        return paste;
    }

    /**
     * @param faces the faces of one photo
     * @return the indices of {@code faces} in the order they are pasted
     */
    public List<Integer> pasteOrder(List<AlignedFace> faces) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            order.add(i);
        }
        if (region == null) {
            return List.copyOf(order);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> faces.get(i).squareSide())
                .thenComparingDouble(i -> faces.get(i).squareCentre().x())
                .thenComparingDouble(i -> faces.get(i).squareCentre().y())
                .thenComparingInt(i -> i));
        return List.copyOf(order);
    }

    /**
     * @param photo the original photo
     * @param faces its aligned faces
     * @param processed one processed crop per face, each the size of that face's crop
     * @return a new image with every processed crop pasted
     * @throws IllegalArgumentException if the lists differ in length, a crop has the wrong size, or
     *     a face was cut from a photo of another size
     */
    public RgbImage compose(RgbImage photo, List<AlignedFace> faces, List<RgbImage> processed) {
        Objects.requireNonNull(photo, "photo");
        if (faces.size() != processed.size()) {
            throw new IllegalArgumentException(faces.size() + " faces but " + processed.size() + " processed crops");
        }
        for (int i = 0; i < faces.size(); i++) {
            AlignedFace f = faces.get(i);
            RgbImage crop = processed.get(i);
            if (crop.width() != f.cropSize() || crop.height() != f.cropSize()) {
                throw new IllegalArgumentException("processed crop " + i + " is " + crop.width() + "x" + crop.height()
                        + ", its face was cut at " + f.cropSize());
            }
            if (f.imageWidth() != photo.width() || f.imageHeight() != photo.height()) {
                throw new IllegalArgumentException("face " + i + " was cut from a " + f.imageWidth() + "x"
                        + f.imageHeight() + " photo, not this " + photo.width() + "x" + photo.height() + " one");
            }
        }
        byte[] out = photo.toByteArray();
        List<AlignedFace> pasted = new ArrayList<>();
        for (int i : pasteOrder(faces)) {
            AlignedFace face = faces.get(i);
            List<AlignedFace> protectedFaces = region == null ? List.of() : overlapping(pasted, face, photo);
            paste.fittedTo(face).blend(out, photo.width(), photo.height(), processed.get(i), face.imageToCrop(),
                    (x, y) -> openness(face, protectedFaces, x, y));
            pasted.add(face);
        }
        return RgbImage.of(photo.width(), photo.height(), out);
    }

    /**
     * The product of {@code 1 − w} over the protected faces at a pixel. Inside the pasted face's own
     * region the earlier regions count without their soft band: there the pasted face must win
     * everywhere but on an earlier face, or the band would let an earlier crop's copy of this face
     * (the original pixels) show through.
     */
    private double openness(AlignedFace pasted, List<AlignedFace> protectedFaces, int x, int y) {
        if (protectedFaces.isEmpty()) {
            return 1;
        }
        boolean ownFace = region.contains(pasted.imageToCrop(), pasted.cropSize(), x, y);
        double open = 1;
        for (AlignedFace f : protectedFaces) {
            double w = ownFace ? (region.contains(f.imageToCrop(), f.cropSize(), x, y) ? 1 : 0)
                    : region.weight(f.imageToCrop(), f.cropSize(), x, y);
            open *= 1 - w;
            if (open <= 0) {
                return 0;
            }
        }
        return open;
    }

    /** Earlier faces whose protected region can touch this face's footprint. */
    private List<AlignedFace> overlapping(List<AlignedFace> earlier, AlignedFace face, RgbImage photo) {
        PixelRect reach = PixelRect.footprint(face.imageToCrop(), face.cropSize(), photo.width(), photo.height());
        List<AlignedFace> out = new ArrayList<>();
        for (AlignedFace e : earlier) {
            if (intersects(reach, regionBounds(e, photo))) {
                out.add(e);
            }
        }
        return out;
    }

    private PixelRect regionBounds(AlignedFace face, RgbImage photo) {
        AffineTransform2D toImage = face.imageToCrop().inverse();
        double s = face.cropSize();
        double[][] corners = {
            {region.left() - region.band(), region.top() - region.band()},
            {region.right() + region.band(), region.top() - region.band()},
            {region.right() + region.band(), region.bottom() + region.band()},
            {region.left() - region.band(), region.bottom() + region.band()},
        };
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] c : corners) {
            double x = toImage.applyX(c[0] * s, c[1] * s);
            double y = toImage.applyY(c[0] * s, c[1] * s);
            minX = Math.min(minX, x);
            minY = Math.min(minY, y);
            maxX = Math.max(maxX, x);
            maxY = Math.max(maxY, y);
        }
        int left = (int) Math.max(0, Math.floor(minX) - 1);
        int top = (int) Math.max(0, Math.floor(minY) - 1);
        int right = (int) Math.min(photo.width(), Math.ceil(maxX) + 2);
        int bottom = (int) Math.min(photo.height(), Math.ceil(maxY) + 2);
        return new PixelRect(left, top, right, bottom);
    }

    private static boolean intersects(PixelRect a, PixelRect b) {
        return !a.isEmpty() && !b.isEmpty() && a.left() < b.right() && b.left() < a.right() && a.top() < b.bottom()
                && b.top() < a.bottom();
    }

    @Override
    public String toString() {
        return region == null ? "FaceCompositor[official]" : "FaceCompositor[" + paste + ", protecting " + region + "]";
    }
}
