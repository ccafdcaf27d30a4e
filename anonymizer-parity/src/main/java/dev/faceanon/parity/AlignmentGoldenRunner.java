package dev.faceanon.parity;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import dev.faceanon.align.AffineTransform2D;
import dev.faceanon.align.AffineWarp;
import dev.faceanon.align.PasteBack;
import dev.faceanon.align.WholeFaceAlignment;
import dev.faceanon.parity.golden.GoldenCase;
import dev.faceanon.parity.golden.GoldenDirectory;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Face;
import dev.faceanon.face.LandmarkScheme;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reproduces {@code alignment} (golden README §4.7): for every landmark set {@code set{k}}, the
 * official {@code get_transform_mat(landmarks, S, WHOLE_FACE)} for every stored
 * {@code set{k}.mat_{S}}, the aligned crop {@code set{k}.crop_{S}_u8} (warped with the matrix
 * computed here), and the hard paste {@code set{k}.paste_result_u8} of {@code 255 − crop} onto the
 * image. Sets, sizes and the image size are discovered from the tensor names and shapes, so the
 * held-out set (other sizes, another image) runs unchanged.
 *
 * <p>Matrices are compared in float64 with the sidecar's exact values
 * ({@code set{k}.mat_{S}_float64_values}) where present, else with the stored float32 tensor.
 */
public final class AlignmentGoldenRunner implements GoldenRunner {
    /** The case this runner reproduces. */
    public static final String CASE = "alignment";

    private static final Pattern LANDMARKS = Pattern.compile("set(\\d+)\\.landmarks");
    private static final Pattern MATRIX = Pattern.compile("set(\\d+)\\.mat_(\\d+)");
    private static final Pattern CROP = Pattern.compile("set(\\d+)\\.crop_(\\d+)_u8");
    private static final Pattern PASTE = Pattern.compile("set(\\d+)\\.paste_result_u8");

    /** Creates the runner; it keeps no state between cases. */
    public AlignmentGoldenRunner() {
    }

    @Override
    public boolean handles(String caseName) {
        return CASE.equals(caseName);
    }

    @Override
    public List<TensorCheck> run(GoldenDirectory dir, GoldenCase golden) {
        RgbImage image = golden.rgbImage("input.image_u8");
        Map<Integer, Face> faces = new TreeMap<>();
        Map<Integer, Integer> cropSizes = new TreeMap<>();
        List<String> names = golden.namesWithPrefix("set");
        for (String name : names) {
            Matcher m = LANDMARKS.matcher(name);
            if (m.matches()) {
                faces.put(Integer.parseInt(m.group(1)), face(golden, name));
            }
            Matcher c = CROP.matcher(name);
            if (c.matches()) {
                cropSizes.merge(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)), (a, b) -> {
                    throw new IllegalStateException("set " + c.group(1) + " has several crops; which one was pasted?");
                });
            }
        }
        List<TensorCheck> crops = new ArrayList<>();
        List<TensorCheck> pastes = new ArrayList<>();
        List<TensorCheck> matrices = new ArrayList<>();
        for (String name : names) {
            Matcher c = CROP.matcher(name);
            Matcher p = PASTE.matcher(name);
            Matcher mat = MATRIX.matcher(name);
            if (c.matches()) {
                int size = Integer.parseInt(c.group(2));
                RgbImage crop = AffineWarp.crop(image, matrix(faces, c.group(1), size), size);
                crops.add(pixels(golden, name, crop));
            } else if (p.matches()) {
                int set = Integer.parseInt(p.group(1));
                Integer size = cropSizes.get(set);
                if (size == null) {
                    throw new IllegalStateException(name + " has no crop of its set to paste");
                }
                AffineTransform2D m = matrix(faces, p.group(1), size);
                RgbImage inverted = invert(AffineWarp.crop(image, m, size));
                pastes.add(pixels(golden, name, PasteBack.hard().paste(image, inverted, m)));
            } else if (mat.matches()) {
                int size = Integer.parseInt(mat.group(2));
                matrices.addAll(matrixChecks(golden, name, matrix(faces, mat.group(1), size)));
            }
        }
        List<TensorCheck> checks = new ArrayList<>(crops);
        checks.addAll(pastes);
        checks.addAll(matrices);
        return checks;
    }

    private static AffineTransform2D matrix(Map<Integer, Face> faces, String set, int size) {
        Face face = faces.get(Integer.parseInt(set));
        if (face == null) {
            throw new IllegalStateException("no landmarks set" + set + ".landmarks");
        }
        return WholeFaceAlignment.imageToCrop(face, size);
    }

    /**
     * Reads a stored landmark set as the official code receives it (float32, 68 points), as a face
     * whose box bounds the points (score 1, the landmarks being given rather than detected).
     *
     * @param golden the case
     * @param name a float tensor of shape {@code [68, 2]}, (x, y) per point in image pixels
     * @return the face
     * @throws IllegalStateException if the tensor has another shape
     */
    public static Face face(GoldenCase golden, String name) {
        long[] shape = golden.info(name).shape();
        if (!Arrays.equals(shape, new long[] {68, 2})) {
            throw new IllegalStateException(name + " has shape " + Arrays.toString(shape) + ", expected [68, 2]");
        }
        float[] xy = golden.floats(name);
        List<Point> points = new ArrayList<>(68);
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 68; i++) {
            Point p = new Point(xy[2 * i], xy[2 * i + 1]);
            points.add(p);
            minX = Math.min(minX, p.x());
            minY = Math.min(minY, p.y());
            maxX = Math.max(maxX, p.x());
            maxY = Math.max(maxY, p.y());
        }
        return new Face(new BoundingBox(minX, minY, maxX, maxY), 1, LandmarkScheme.IBUG_68, points);
    }

    /** {@code 255 − crop}, the stand-in for a generated face the golden pastes. */
    private static RgbImage invert(RgbImage crop) {
        byte[] b = crop.toByteArray();
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (255 - (b[i] & 0xFF));
        }
        return RgbImage.of(crop.width(), crop.height(), b);
    }

    /**
     * A uint8 image within {@link ParityTolerances#ALIGNMENT_PIXELS} everywhere and differing at all
     * in fewer than {@link ParityTolerances#ALIGNMENT_MAX_DIFFERING_FRACTION} of its values.
     */
    private static TensorCheck pixels(GoldenCase golden, String name, RgbImage actual) {
        return GoldenRunners.checkImage(golden, name, actual, ParityTolerances.ALIGNMENT_PIXELS,
                ParityTolerances.ALIGNMENT_MAX_DIFFERING_FRACTION);
    }

    /** The linear part and the translation of a matrix, each compared in float64 (exact shows as 0). */
    private static List<TensorCheck> matrixChecks(GoldenCase golden, String name, AffineTransform2D actual) {
        double[] expected = expectedMatrix(golden, name);
        double[] m = actual.toRowMajor();
        return List.of(
                new TensorCheck(name + "[linear]", ParityTolerances.ALIGNMENT_MATRIX_LINEAR.compare(
                        new double[] {m[0], m[1], m[3], m[4]},
                        new double[] {expected[0], expected[1], expected[3], expected[4]})),
                new TensorCheck(name + "[translation]", ParityTolerances.ALIGNMENT_MATRIX_TRANSLATION.compare(
                        new double[] {m[2], m[5]}, new double[] {expected[2], expected[5]})));
    }

    private static double[] expectedMatrix(GoldenCase golden, String name) {
        JsonElement exact = golden.sidecar().get(name + "_float64_values");
        if (exact != null && exact.isJsonArray()) {
            JsonArray rows = exact.getAsJsonArray();
            double[] out = new double[6];
            if (rows.size() != 2) {
                throw new IllegalStateException(name + "_float64_values is not a 2x3 matrix");
            }
            for (int r = 0; r < 2; r++) {
                JsonArray row = rows.get(r).getAsJsonArray();
                if (row.size() != 3) {
                    throw new IllegalStateException(name + "_float64_values is not a 2x3 matrix");
                }
                for (int c = 0; c < 3; c++) {
                    out[3 * r + c] = row.get(c).getAsDouble();
                }
            }
            return out;
        }
        float[] stored = golden.floats(name);
        if (stored.length != 6) {
            throw new IllegalStateException(name + " is not a 2x3 matrix");
        }
        double[] out = new double[6];
        for (int i = 0; i < 6; i++) {
            out[i] = stored[i];
        }
        return out;
    }
}
