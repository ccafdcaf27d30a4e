package dev.faceanon.djl.weights;

import static dev.faceanon.djl.weights.WeightJsonReader.quoted;

import dev.faceanon.model.WeightFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A TensorFlow.js weights manifest ({@code *-weights_manifest.json}): groups of weights, each stored in the
 * concatenation of the binary files its {@code paths} name, one weight after the other in manifest order. Every
 * field is checked when the manifest is parsed, before any weight is decoded:
 *
 * <ul>
 *   <li>strict JSON (see {@link WeightJsonReader}), at most {@link #MAX_BYTES} bytes, unknown keys refused;
 *   <li>weight names of letters, digits, {@code _}, {@code -} and {@code /} separators only (they become tensor
 *       keys, see {@link TfjsWeights}), unique;
 *   <li>{@code dtype} {@code float32} (the only type a network's weights have here); shapes of rank at most 8
 *       with non-negative dimensions whose product does not overflow;
 *   <li>{@code quantization}, if present: {@code uint8} or {@code uint16} with finite {@code min} and a finite,
 *       non-negative {@code scale}, or {@code float16};
 *   <li>{@code paths}: at least one plain file name per group (no directory part, so a manifest cannot point
 *       outside the files it is given).
 * </ul>
 */
public final class TfjsWeightManifest {
    /** The largest manifest accepted. */
    public static final int MAX_BYTES = 4 << 20;

    private static final int MAX_GROUPS = 256;
    private static final int MAX_WEIGHTS = 100_000;
    private static final int MAX_RANK = 8;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
    private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** How a weight's values are stored. */
    public enum Storage {
        /** Little-endian IEEE float32, 4 bytes per value. */
        FLOAT32(4),
        /** One unsigned byte per value, dequantised as {@code min + scale * q}. */
        UINT8(1),
        /** Two little-endian unsigned bytes per value, dequantised as {@code min + scale * q}. */
        UINT16(2),
        /** Little-endian IEEE half precision, 2 bytes per value. */
        FLOAT16(2);

        private final int bytes;

        Storage(int bytes) {
            this.bytes = bytes;
        }

        /** @return bytes per stored value */
        public int bytes() {
            return bytes;
        }
    }

    /**
     * One weight.
     *
     * @param name the manifest name, e.g. {@code conv32_down/conv/filters}
     * @param shape its dimensions
     * @param storage how its values are stored
     * @param min the dequantisation offset ({@link Storage#UINT8}, {@link Storage#UINT16}), else 0
     * @param scale the dequantisation step ({@link Storage#UINT8}, {@link Storage#UINT16}), else 0
     */
    public record Weight(String name, List<Long> shape, Storage storage, double min, double scale) {
        /**
         * Copies the shape and checks that its byte size fits a {@code long}.
         *
         * @param name the manifest name, e.g. {@code conv32_down/conv/filters}
         * @param shape its dimensions
         * @param storage how its values are stored
         * @param min the dequantisation offset ({@link Storage#UINT8}, {@link Storage#UINT16}), else 0
         * @param scale the dequantisation step ({@link Storage#UINT8}, {@link Storage#UINT16}), else 0
         * @throws NullPointerException if the name, the shape, a dimension or the storage is null
         * @throws IllegalArgumentException if a dimension is negative
         * @throws ArithmeticException if the weight's byte size overflows a {@code long}
         */
        public Weight {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(storage, "storage");
            shape = List.copyOf(shape);
            long count = 1;
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("negative dimension in " + shape);
                }
                count = Math.multiplyExact(count, d);
            }
            Math.multiplyExact(count, 4L);
        }

        /** @return the number of values */
        public long elementCount() {
            long count = 1;
            for (long d : shape) {
                count *= d;
            }
            return count;
        }

        /** @return the bytes it occupies in the binary files */
        public long byteSize() {
            return elementCount() * storage.bytes();
        }

        /** @return the shape as an array */
        public long[] dimensions() {
            return shape.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * A group: its files, concatenated in order, hold its weights one after the other.
     *
     * @param paths the binary files, plain names
     * @param weights the weights, in storage order
     */
    public record Group(List<String> paths, List<Weight> weights) {
        /**
         * Copies the lists.
         *
         * @param paths the binary files, plain names
         * @param weights the weights, in storage order
         * @throws NullPointerException if a list or one of its elements is null
         */
        public Group {
            paths = List.copyOf(paths);
            weights = List.copyOf(weights);
        }

        /** @return the bytes its weights occupy, which its files must hold exactly */
        public long byteSize() {
            long sum = 0;
            for (Weight w : weights) {
                sum = Math.addExact(sum, w.byteSize());
            }
            return sum;
        }
    }

    private final Path file;
    private final List<Group> groups;

    private TfjsWeightManifest(Path file, List<Group> groups) {
        this.file = file;
        this.groups = List.copyOf(groups);
    }

    /**
     * @param json the manifest's bytes
     * @param file where they come from, named in errors
     * @return the checked manifest
     * @throws WeightFormatException naming the file and the field if anything is malformed or unsupported
     */
    public static TfjsWeightManifest parse(byte[] json, Path file) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(file, "file");
        if (json.length > MAX_BYTES) {
            throw new WeightFormatException(file, "a weights manifest of " + json.length + " bytes (at most "
                    + MAX_BYTES + ")");
        }
        try {
            return new Parser(WeightJsonReader.of(new ByteArrayInputStream(json), file), file).manifest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** @return the file the manifest was read from */
    public Path file() {
        return file;
    }

    /** @return the groups, in manifest order */
    public List<Group> groups() {
        return groups;
    }

    /** Reads the document, checking each field as it comes. */
    private static final class Parser {
        private final WeightJsonReader r;
        private final Path file;
        private final Set<String> names = new HashSet<>();
        private int weightCount;

        Parser(WeightJsonReader r, Path file) {
            this.r = r;
            this.file = file;
        }

        TfjsWeightManifest manifest() throws IOException {
            List<Group> groups = new ArrayList<>();
            r.beginArray("the manifest");
            while (r.hasNext()) {
                if (groups.size() == MAX_GROUPS) {
                    throw r.error("more than " + MAX_GROUPS + " weight groups");
                }
                groups.add(group("group " + groups.size()));
            }
            r.endArray();
            r.expectEndOfDocument();
            if (groups.isEmpty()) {
                throw r.error("the manifest has no weight group");
            }
            return new TfjsWeightManifest(file, groups);
        }

        private Group group(String what) throws IOException {
            List<String> paths = null;
            List<Weight> weights = null;
            r.beginObject(what);
            while (r.hasNext()) {
                String key = r.nextName();
                if (key.equals("paths") && paths == null) {
                    paths = paths(what + " paths");
                } else if (key.equals("weights") && weights == null) {
                    weights = weights(what);
                } else {
                    throw r.error(what + " has an unexpected or repeated key " + quoted(key));
                }
            }
            r.endObject();
            if (paths == null || weights == null) {
                throw r.error(what + " needs both 'paths' and 'weights'");
            }
            Group g = new Group(paths, weights);
            try {
                g.byteSize();
            } catch (ArithmeticException e) {
                throw r.error(what + " is too large: its byte size overflows");
            }
            return g;
        }

        private List<String> paths(String what) throws IOException {
            List<String> paths = new ArrayList<>();
            r.beginArray(what);
            while (r.hasNext()) {
                String p = r.nextString(what);
                if (p.length() > 255 || !FILE_NAME.matcher(p).matches()) {
                    throw r.error(what + ": " + quoted(p) + " is not a plain file name");
                }
                if (paths.size() == MAX_GROUPS) {
                    throw r.error(what + ": more than " + MAX_GROUPS + " files");
                }
                paths.add(p);
            }
            r.endArray();
            if (paths.isEmpty()) {
                throw r.error(what + " is empty");
            }
            return paths;
        }

        private List<Weight> weights(String what) throws IOException {
            List<Weight> weights = new ArrayList<>();
            r.beginArray(what + " weights");
            while (r.hasNext()) {
                if (++weightCount > MAX_WEIGHTS) {
                    throw r.error("more than " + MAX_WEIGHTS + " weights");
                }
                weights.add(weight(what + " weight " + weights.size()));
            }
            r.endArray();
            return weights;
        }

        private Weight weight(String what) throws IOException {
            String name = null;
            List<Long> shape = null;
            String dtype = null;
            Storage storage = null;
            double[] affine = null;
            r.beginObject(what);
            while (r.hasNext()) {
                String key = r.nextName();
                if (key.equals("name") && name == null) {
                    name = r.nextString(what + " name");
                    if (name.length() > 256 || !NAME.matcher(name).matches()) {
                        throw r.error(what + " has an unusable name " + quoted(name));
                    }
                    what = "weight " + quoted(name);
                } else if (key.equals("shape") && shape == null) {
                    shape = shape(what + " shape");
                } else if (key.equals("dtype") && dtype == null) {
                    dtype = r.nextString(what + " dtype");
                } else if (key.equals("quantization") && storage == null) {
                    affine = new double[2];
                    storage = quantization(what + " quantization", affine);
                } else {
                    throw r.error(what + " has an unexpected or repeated key " + quoted(key));
                }
            }
            r.endObject();
            if (name == null || shape == null || dtype == null) {
                throw r.error(what + " needs 'name', 'shape' and 'dtype'");
            }
            if (!dtype.equals("float32")) {
                throw r.error(what + " has dtype " + quoted(dtype) + "; only float32 weights are supported");
            }
            if (!names.add(name)) {
                throw r.error(what + " appears twice");
            }
            Storage s = storage == null ? Storage.FLOAT32 : storage;
            try {
                return new Weight(name, shape, s, affine == null ? 0 : affine[0], affine == null ? 0 : affine[1]);
            } catch (ArithmeticException e) {
                throw r.error(what + " is too large: its size overflows");
            }
        }

        private List<Long> shape(String what) throws IOException {
            List<Long> shape = new ArrayList<>();
            r.beginArray(what);
            while (r.hasNext()) {
                if (shape.size() == MAX_RANK) {
                    throw r.error(what + " has more than " + MAX_RANK + " dimensions");
                }
                shape.add(r.nextUnsignedLong(what + " dimension " + shape.size()));
            }
            r.endArray();
            return shape;
        }

        /** @param affine receives min and scale */
        private Storage quantization(String what, double[] affine) throws IOException {
            String dtype = null;
            Double min = null;
            Double scale = null;
            r.beginObject(what);
            while (r.hasNext()) {
                String key = r.nextName();
                if (key.equals("dtype") && dtype == null) {
                    dtype = r.nextString(what + " dtype");
                } else if (key.equals("min") && min == null) {
                    min = number(what + " min");
                } else if (key.equals("scale") && scale == null) {
                    scale = number(what + " scale");
                } else {
                    throw r.error(what + " has an unexpected or repeated key " + quoted(key));
                }
            }
            r.endObject();
            if (dtype == null) {
                throw r.error(what + " has no dtype");
            }
            switch (dtype) {
                case "uint8":
                case "uint16":
                    if (min == null || scale == null) {
                        throw r.error(what + " (" + dtype + ") needs both 'min' and 'scale'");
                    }
                    if (!Double.isFinite(min) || !Double.isFinite(scale) || scale < 0) {
                        throw r.error(what + " needs a finite min and a finite, non-negative scale");
                    }
                    affine[0] = min;
                    affine[1] = scale;
                    return dtype.equals("uint8") ? Storage.UINT8 : Storage.UINT16;
                case "float16":
                    if (min != null || scale != null) {
                        throw r.error(what + " (float16) takes no 'min' or 'scale'");
                    }
                    return Storage.FLOAT16;
                default:
                    throw r.error(what + " has dtype " + quoted(dtype) + "; supported: uint8, uint16, float16");
            }
        }

        private double number(String what) throws IOException {
            // By the token's name, so that this holds whatever token type the shared reader reports.
            if (!"NUMBER".equals(r.peek().name())) {
                throw r.error(what + " is not a number");
            }
            String text = r.nextScalarAsText(what);
            if (text.length() > 64 || !JSON_NUMBER.matcher(text).matches()) {
                throw r.error(what + " is not a number: " + quoted(text));
            }
            return Double.parseDouble(text);
        }
    }
}
