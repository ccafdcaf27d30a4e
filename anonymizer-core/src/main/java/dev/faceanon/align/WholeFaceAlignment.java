package dev.faceanon.align;

import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The official face alignment ({@code utils/extractor.py} {@code get_transform_mat(landmarks, S,
 * FaceType.WHOLE_FACE)}, adapted from DeepFaceLab): the image→crop matrix of an {@code S×S} aligned
 * crop, reproduced to the bit.
 *
 * <ol>
 *   <li>Umeyama similarity from 33 landmarks (68-point indices 17-48 and 54: brows, nose, eyes,
 *       both outer mouth corners) onto DeepFaceLab's mean-face template in the unit square.</li>
 *   <li>The unit square's corners and centre mapped back into the image.</li>
 *   <li>WHOLE_FACE padding {@value #PADDING}: the crop's half-diagonal is the square's diagonal
 *       times {@code 0.40·√2 + 0.5}, so the crop side is about 2.13 unit-square sides.</li>
 *   <li>The centre moved up by {@value #UPWARD_SHIFT} of the square's side, to include more
 *       forehead.</li>
 *   <li>{@code cv2.getAffineTransform} from three crop corners (top-left, top-right, bottom-right)
 *       to {@code (0,0), (S,0), (S,S)}.</li>
 * </ol>
 *
 * <p>The official code computes with float32 numpy arrays and OpenCV calls; every step here
 * repeats their rounding (see {@link Umeyama}), so the matrix equals the official float64 matrix
 * exactly, and crops warped with it match to the pixel. Landmark coordinates are rounded to float32
 * first, as the official pipeline receives them from face-alignment.
 *
 * <p><b>Five-point faces.</b> {@link LandmarkScheme#FIVE_POINT} faces are aligned with a 5-point
 * template derived from the same mean face: the eye centres are the means of the template's eye
 * contours (68-point indices 36-41 and 42-47), the nose tip is index 30 and the mouth corners
 * indices 48 and 54. This is an approximation of the official 33-point fit: for a face whose
 * landmarks are an exact similarity of the template both give the same matrix, but on real faces
 * the 5-point fit weighs the eyes more and ignores the brows and nose bridge, so the crop can be
 * shifted or rotated by a few percent of the face size relative to the official crop.
 */
public final class WholeFaceAlignment {

    /** WHOLE_FACE padding of the official face-type table. */
    public static final double PADDING = 0.40;

    /** Upward centre shift for WHOLE_FACE, as a fraction of the template square's side. */
    public static final double UPWARD_SHIFT = 0.07;

    /** The largest crop side accepted (the official pipeline uses 512). */
    public static final int MAX_CROP_SIZE = 4096;

    /** The 33-point mean-face template, 68-point indices 17-48 then 54, as float32 (x, y) pairs. */
    private static final float[] TEMPLATE_33 = {
        0.000213256f, 0.106454f, 0.0752622f, 0.038915f, 0.18113f, 0.0187482f, 0.29077f, 0.0344891f,
        0.393397f, 0.0773906f, 0.586856f, 0.0773906f, 0.689483f, 0.0344891f, 0.799124f, 0.0187482f,
        0.904991f, 0.038915f, 0.98004f, 0.106454f, 0.490127f, 0.203352f, 0.490127f, 0.307009f,
        0.490127f, 0.409805f, 0.490127f, 0.515625f, 0.36688f, 0.587326f, 0.426036f, 0.609345f,
        0.490127f, 0.628106f, 0.554217f, 0.609345f, 0.613373f, 0.587326f, 0.121737f, 0.216423f,
        0.187122f, 0.178758f, 0.265825f, 0.179852f, 0.334606f, 0.231733f, 0.260918f, 0.245099f,
        0.182743f, 0.244077f, 0.645647f, 0.231733f, 0.714428f, 0.179852f, 0.793132f, 0.178758f,
        0.858516f, 0.216423f, 0.79751f, 0.244077f, 0.719335f, 0.245099f, 0.254149f, 0.780233f,
        0.726104f, 0.780233f,
    };

    /** 68-point index of the first template point. */
    private static final int FIRST_INDEX = 17;

    private static final float[] TEMPLATE_5 = fivePointTemplate();

    private WholeFaceAlignment() {}

    /**
     * @param face a face with {@link LandmarkScheme#IBUG_68} or {@link LandmarkScheme#FIVE_POINT}
     *     landmarks
     * @param cropSize the crop side {@code S}, 1..{@value #MAX_CROP_SIZE}
     * @return the image→crop matrix
     * @throws IllegalArgumentException if the crop size is out of range
     * @throws DegenerateLandmarksException if the landmarks do not define an alignment (an
     *     invertible matrix with finite coefficients, as is its inverse)
     */
    public static AffineTransform2D imageToCrop(Face face, int cropSize) {
        Objects.requireNonNull(face, "face");
        if (cropSize < 1 || cropSize > MAX_CROP_SIZE) {
            throw new IllegalArgumentException("crop size must be in 1.." + MAX_CROP_SIZE + ", got " + cropSize);
        }
        float[] source;
        float[] template;
        if (face.scheme() == LandmarkScheme.IBUG_68) {
            source = official33(face.landmarks());
            template = TEMPLATE_33;
        } else if (face.scheme() == LandmarkScheme.FIVE_POINT) {
            source = toFloat32(face.landmarks());
            template = TEMPLATE_5;
        } else {
            throw new IllegalArgumentException("no alignment template for " + face.scheme());
        }
        AffineTransform2D m = fromUnitSquare(Umeyama.estimateAsOfficial(source, template), cropSize);
        // Every user of the matrix inverts it: one that cannot be inverted is no alignment.
        if (!m.isInvertible()) {
            throw new DegenerateLandmarksException("the crop transform cannot be inverted");
        }
        return m;
    }

    /**
     * @return the 33 template points in the unit square, for 68-point indices 17-48 then 54, as the
     *     float32 values the official code holds
     */
    public static List<Point> template() {
        List<Point> out = new ArrayList<>(33);
        for (int i = 0; i < TEMPLATE_33.length; i += 2) {
            out.add(new Point(TEMPLATE_33[i], TEMPLATE_33[i + 1]));
        }
        return List.copyOf(out);
    }

    /**
     * @return the 68-point index of each {@link #template()} point
     */
    public static int[] templateIndices() {
        int[] out = new int[33];
        for (int i = 0; i < 32; i++) {
            out[i] = FIRST_INDEX + i;
        }
        out[32] = 54;
        return out;
    }

    /**
     * Where a point of the template's unit square lands in the crop, as a fraction of the crop
     * side: the WHOLE_FACE geometry shrinks the square to {@code 1 / (0.8·√2 + 1)} of the crop side
     * and centres it {@value #UPWARD_SHIFT} of its own side below the crop centre.
     *
     * @param u template x (0 left brow end, 1 right brow end)
     * @param v template y (0 brows, about 0.78 mouth corners)
     * @return the crop-fraction x and y
     */
    public static double[] templateToCropFraction(double u, double v) {
        double side = 1 / (2 * (PADDING * Math.sqrt(2) + 0.5));
        return new double[] {0.5 + (u - 0.5) * side, 0.5 + UPWARD_SHIFT * side + (v - 0.5) * side};
    }

    private static float[] official33(List<Point> landmarks) {
        float[] out = new float[66];
        for (int i = 0; i < 32; i++) {
            putFloat32(out, i, landmarks.get(FIRST_INDEX + i));
        }
        putFloat32(out, 32, landmarks.get(54));
        return out;
    }

    private static float[] toFloat32(List<Point> landmarks) {
        float[] out = new float[landmarks.size() * 2];
        for (int i = 0; i < landmarks.size(); i++) {
            putFloat32(out, i, landmarks.get(i));
        }
        return out;
    }

    private static void putFloat32(float[] out, int i, Point p) {
        float x = (float) p.x();
        float y = (float) p.y();
        if (!Float.isFinite(x) || !Float.isFinite(y)) {
            throw new DegenerateLandmarksException("landmark " + i + " is outside the float32 range");
        }
        out[2 * i] = x;
        out[2 * i + 1] = y;
    }

    /** Eye centres from the eye contours, nose tip, mouth corners; image-left before image-right. */
    private static float[] fivePointTemplate() {
        double[] out = new double[10];
        for (int k = 0; k < 6; k++) {
            out[0] += TEMPLATE_33[2 * (36 - FIRST_INDEX + k)] / 6.0;
            out[1] += TEMPLATE_33[2 * (36 - FIRST_INDEX + k) + 1] / 6.0;
            out[2] += TEMPLATE_33[2 * (42 - FIRST_INDEX + k)] / 6.0;
            out[3] += TEMPLATE_33[2 * (42 - FIRST_INDEX + k) + 1] / 6.0;
        }
        int[] singles = {30 - FIRST_INDEX, 48 - FIRST_INDEX, 32};
        for (int k = 0; k < 3; k++) {
            out[4 + 2 * k] = TEMPLATE_33[2 * singles[k]];
            out[5 + 2 * k] = TEMPLATE_33[2 * singles[k] + 1];
        }
        float[] f = new float[10];
        for (int i = 0; i < 10; i++) {
            f[i] = (float) out[i];
        }
        return f;
    }

    /** Steps 2-5 of the class description, in the official float32 arithmetic. */
    private static AffineTransform2D fromUnitSquare(double[] unitMatrix, int cropSize) {
        AffineTransform2D toImage;
        try {
            toImage = AffineTransform2D.fromRowMajor(unitMatrix).inverse();
        } catch (IllegalStateException e) {
            throw new DegenerateLandmarksException("the landmark similarity is singular");
        }
        // cv2.transform converts the float64 matrix to float32 for float32 points.
        float[] m = new float[6];
        double[] inv = toImage.toRowMajor();
        for (int i = 0; i < 6; i++) {
            m[i] = (float) inv[i];
        }
        float[][] g = {
            transform(m, 0, 0), transform(m, 1, 0), transform(m, 1, 1), transform(m, 0, 1), transform(m, 0.5f, 0.5f)
        };
        float[] tb = unit(g[2][0] - g[0][0], g[2][1] - g[0][1]);
        float[] bt = unit(g[1][0] - g[3][0], g[1][1] - g[3][1]);
        // numpy: float32 norm times a float64 scalar is a float64 scalar...
        double mod = norm(g[0][0] - g[2][0], g[0][1] - g[2][1]) * (PADDING * Math.sqrt(2.0) + 0.5);
        float vecLen = norm(g[0][0] - g[3][0], g[0][1] - g[3][1]);
        float[] up = {(g[0][0] - g[3][0]) / vecLen, (g[0][1] - g[3][1]) / vecLen};
        float shift = (float) UPWARD_SHIFT;
        float cx = g[4][0] + up[0] * vecLen * shift;
        float cy = g[4][1] + up[1] * vecLen * shift;
        // ...but a float32 array times that scalar stays float32, the scalar rounded first.
        float modF = (float) mod;
        Point[] target = {new Point(0, 0), new Point(cropSize, 0), new Point(cropSize, cropSize)};
        AffineTransform2D result;
        try {
            // A float32 overflow or 0/0 on the way makes a corner non-finite, which Point refuses.
            Point[] corners = {
                new Point(cx - tb[0] * modF, cy - tb[1] * modF),
                new Point(cx + bt[0] * modF, cy + bt[1] * modF),
                new Point(cx + tb[0] * modF, cy + tb[1] * modF),
            };
            result = AffineTransform2D.throughPoints(corners, target);
        } catch (IllegalArgumentException e) {
            throw new DegenerateLandmarksException("the crop corners are degenerate: " + e.getMessage());
        }
        return result;
    }

    /** cv2.transform of a float32 point with a float32 2×3 matrix: {@code (m0·x + m1·y) + m2}. */
    private static float[] transform(float[] m, float x, float y) {
        return new float[] {m[0] * x + m[1] * y + m[2], m[3] * x + m[4] * y + m[5]};
    }

    /** np.linalg.norm of a float32 pair: BLAS sdot, then a float32 square root. */
    private static float norm(float x, float y) {
        float sq = x * x + y * y;
        return (float) Math.sqrt(sq);
    }

    private static float[] unit(float x, float y) {
        float n = norm(x, y);
        return new float[] {x / n, y / n};
    }
}
