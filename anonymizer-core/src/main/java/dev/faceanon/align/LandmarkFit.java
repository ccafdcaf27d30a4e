package dev.faceanon.align;

import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Whether a face's landmarks fit its box. The box is what the library reports and promises to
 * cover; the landmarks decide where the aligned crop is cut and pasted back. Landmarks that
 * disagree with the box (shifted away from it, clustered in a few pixels, collinear, absurdly far
 * out) would put the generated or redacted crop somewhere else than the face the box claims, so
 * such a face is treated as unalignable and redacted over its box instead.
 *
 * <p>A face fits, precisely, when all three hold:
 *
 * <ol>
 *   <li><b>Near the box.</b> Every landmark lies within the box grown by
 *       {@value #BOX_TOLERANCE} of the box's longer side on every side. Landmark models put the jaw
 *       a little outside a detector's box (in the shared real photo up to 9 % of its side), not
 *       half a box away.</li>
 *   <li><b>Spread.</b> The landmarks the alignment uses (33 of the 68, or all 5) spread along
 *       their principal axis with a standard deviation of at least {@value #MIN_SPREAD} of the box's
 *       longer side, and across it at least {@value #MIN_ASPECT} of that. Below, they are clustered
 *       or collinear. For comparison, the real face of the shared test photo spreads 0.25 of its
 *       box with a ratio of 0.77; squeezed sideways as by a head turned 75° the ratio is still
 *       0.34, and 0.11 at 85°.</li>
 *   <li><b>Coverage.</b> Pasted back with the paste in use ({@link PasteBack#fittedTo}), the aligned
 *       crop replaces every pixel of the box ({@link PixelRect#ofBox}, the box clipped to the
 *       photo) with full weight, as {@link PasteBack#coversBox} counts it.</li>
 * </ol>
 */
public final class LandmarkFit {

    /** How far outside its box a landmark may lie, as a fraction of the box's longer side. */
    public static final double BOX_TOLERANCE = 0.5;

    /**
     * The smallest spread (standard deviation) of the alignment landmarks along their principal
     * axis, as a fraction of the box's longer side.
     */
    public static final double MIN_SPREAD = 0.05;

    /** The smallest ratio of the spread across the principal axis to the spread along it. */
    public static final double MIN_ASPECT = 0.1;

    private LandmarkFit() {}

    /**
     * Checks conditions 1 and 2 of the class description, which need no photo.
     *
     * @param face a face
     * @throws DegenerateLandmarksException saying which condition fails
     */
    public static void checkLandmarks(Face face) {
        Objects.requireNonNull(face, "face");
        BoundingBox box = face.box();
        // Halves first: the width of a box near the double range overflows, its half does not.
        double cx = box.x1() / 2 + box.x2() / 2;
        double cy = box.y1() / 2 + box.y2() / 2;
        double half = Math.max(box.x2() / 2 - box.x1() / 2, box.y2() / 2 - box.y1() / 2);
        double grow = 2 * half * BOX_TOLERANCE;
        int outside = 0;
        for (Point p : face.landmarks()) {
            if (!(p.x() >= box.x1() - grow && p.x() <= box.x2() + grow && p.y() >= box.y1() - grow
                    && p.y() <= box.y2() + grow)) {
                outside++;
            }
        }
        if (outside > 0) {
            throw new DegenerateLandmarksException(String.format(Locale.ROOT,
                    "%d of %d landmarks lie more than %.0f %% of the box's longer side outside the box", outside,
                    face.landmarks().size(), 100 * BOX_TOLERANCE));
        }
        checkSpread(alignmentPoints(face), cx, cy, 2 * half);
    }

    /**
     * Checks condition 3 of the class description.
     *
     * @param face an aligned face
     * @param paste the paste its crop will be put back with
     * @throws DegenerateLandmarksException if the crop does not cover the whole box
     */
    public static void checkCoverage(AlignedFace face, PasteBack paste) {
        Objects.requireNonNull(face, "face");
        Objects.requireNonNull(paste, "paste");
        if (PixelRect.ofBox(face.face().box(), face.imageWidth(), face.imageHeight()).isEmpty()) {
            throw new DegenerateLandmarksException(boxOutsidePhoto(face.imageWidth(), face.imageHeight()));
        }
        if (!paste.coversBox(face)) {
            throw new DegenerateLandmarksException("the crop they align does not cover the whole box");
        }
    }

    /** Principal standard deviations from the 2×2 covariance of points scaled to the box. */
    private static void checkSpread(List<Point> points, double cx, double cy, double side) {
        // Coordinates in box sides, so that no square overflows (the landmarks are near the box). A
        // box of zero size has its landmarks on its one point; a side beyond the double range is
        // measured in the largest double instead.
        double scale = side > 0 && Double.isFinite(side) ? side : side == 0 ? 1 : Double.MAX_VALUE;
        int n = points.size();
        double[] u = new double[n];
        double[] v = new double[n];
        double mu = 0;
        double mv = 0;
        for (int i = 0; i < n; i++) {
            u[i] = (points.get(i).x() - cx) / scale;
            v[i] = (points.get(i).y() - cy) / scale;
            mu += u[i] / n;
            mv += v[i] / n;
        }
        double suu = 0;
        double svv = 0;
        double suv = 0;
        for (int i = 0; i < n; i++) {
            double du = u[i] - mu;
            double dv = v[i] - mv;
            suu += du * du / n;
            svv += dv * dv / n;
            suv += du * dv / n;
        }
        double mean = (suu + svv) / 2;
        double radius = Math.hypot((suu - svv) / 2, suv);
        double major = Math.sqrt(mean + radius);
        double minor = Math.sqrt(Math.max(0, mean - radius));
        if (!(major > 0) || major < MIN_SPREAD) {
            throw new DegenerateLandmarksException(String.format(Locale.ROOT,
                    "clustered: they spread over %.1f %% of the box's longer side, at least %.0f %% needed",
                    100 * major, 100 * MIN_SPREAD));
        }
        if (minor < MIN_ASPECT * major) {
            throw new DegenerateLandmarksException(String.format(Locale.ROOT,
                    "(nearly) collinear: their spread across their main axis is %.1f %% of that along it,"
                            + " at least %.0f %% needed", 100 * minor / major, 100 * MIN_ASPECT));
        }
    }

    /**
     * @param imageWidth the photo's columns
     * @param imageHeight the photo's rows
     * @return the reason reported for a face whose box has no pixel in the photo
     *     ({@link PixelRect#ofBox} is empty): there is nothing to cover
     */
    public static String boxOutsidePhoto(int imageWidth, int imageHeight) {
        return "its box lies outside the " + imageWidth + "x" + imageHeight + " photo";
    }

    private static List<Point> alignmentPoints(Face face) {
        if (face.scheme() != LandmarkScheme.IBUG_68) {
            return face.landmarks();
        }
        int[] indices = WholeFaceAlignment.templateIndices();
        Point[] out = new Point[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = face.landmarks().get(indices[i]);
        }
        return List.of(out);
    }
}
