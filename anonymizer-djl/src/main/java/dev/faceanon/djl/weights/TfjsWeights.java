package dev.faceanon.djl.weights;

import dev.faceanon.djl.weights.TfjsWeightManifest.Group;
import dev.faceanon.djl.weights.TfjsWeightManifest.Weight;
import dev.faceanon.model.WeightFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The weights of a TensorFlow.js model, decoded into float32 as TensorFlow.js decodes them: a quantised value
 * {@code q} becomes {@code min + scale * q}, computed in double precision and rounded once to float32 (as
 * {@code tf.io.decodeWeights} computes it in JavaScript numbers and stores it in a {@code Float32Array}); float16
 * values are widened exactly.
 *
 * <p>Tensor keys are the manifest names with {@code /} read as the key separator {@code .}
 * ({@code conv32_down/conv/filters} becomes {@code conv32_down.conv.filters}), so that models fetch them with
 * {@link dev.faceanon.djl.nn.Weights} by their published names. Shapes are the manifest's (TensorFlow's layouts,
 * e.g. convolution filters {@code [kh, kw, in, out]}).
 *
 * <p>The binary files must hold exactly the bytes the manifest describes, no more and no less; the decoded size is
 * bounded before anything is allocated.
 */
public final class TfjsWeights extends ListedTensorSource {
    private final Map<String, ByteBuffer> data;

    private TfjsWeights(Path path, List<TensorInfo> tensors, Map<String, ByteBuffer> data) {
        super(path, tensors);
        this.data = data;
    }

    /**
     * @param manifest the checked manifest
     * @param files the content of every file the manifest's groups name, by name
     * @param weightsFile what to call the weights in messages (e.g. the archive entry they came from)
     * @param maxDecodedBytes the most bytes the decoded float32 tensors may take together
     * @return the decoded weights
     * @throws WeightFormatException if a file is missing or does not hold exactly its group's bytes, or the decoded
     *     weights would exceed the bound
     */
    public static TfjsWeights decode(TfjsWeightManifest manifest, Map<String, byte[]> files, Path weightsFile,
            long maxDecodedBytes) {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(weightsFile, "weightsFile");
        long decoded = 0;
        for (Group g : manifest.groups()) {
            for (Weight w : g.weights()) {
                decoded += w.elementCount() * 4;
                if (decoded > maxDecodedBytes) {
                    throw new WeightFormatException(manifest.file(), "the weights decode to more than "
                            + maxDecodedBytes + " bytes of float32");
                }
            }
        }
        List<TensorInfo> tensors = new ArrayList<>();
        Map<String, ByteBuffer> data = new HashMap<>();
        for (Group g : manifest.groups()) {
            ByteBuffer stored = concatenate(g, files, manifest.file(), weightsFile);
            for (Weight w : g.weights()) {
                String key = w.name().replace('/', '.');
                tensors.add(new TensorInfo(key, TensorDType.F32, w.dimensions()));
                data.put(key, decodeOne(w, stored));
            }
        }
        return new TfjsWeights(weightsFile, tensors, data);
    }

    private static ByteBuffer concatenate(Group g, Map<String, byte[]> files, Path manifestFile, Path weightsFile) {
        long total = 0;
        for (String p : g.paths()) {
            byte[] b = files.get(p);
            if (b == null) {
                throw new WeightFormatException(manifestFile, "the manifest names the weights file '" + p
                        + "', which was not provided (have: " + files.keySet() + ")");
            }
            total += b.length;
        }
        if (total != g.byteSize()) {
            throw new WeightFormatException(weightsFile, "holds " + total + " bytes of weights, but the manifest "
                    + manifestFile.getFileName() + " describes " + g.byteSize() + " for " + g.paths());
        }
        ByteBuffer all = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
        for (String p : g.paths()) {
            all.put(files.get(p));
        }
        return all.flip();
    }

    /** Decodes the next weight of {@code stored}, advancing its position. */
    private static ByteBuffer decodeOne(Weight w, ByteBuffer stored) {
        int n = Math.toIntExact(w.elementCount());
        ByteBuffer out = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
        switch (w.storage()) {
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    out.putFloat(stored.getFloat());
                }
                break;
            case UINT8:
                for (int i = 0; i < n; i++) {
                    out.putFloat((float) ((stored.get() & 0xFF) * w.scale() + w.min()));
                }
                break;
            case UINT16:
                for (int i = 0; i < n; i++) {
                    out.putFloat((float) ((stored.getShort() & 0xFFFF) * w.scale() + w.min()));
                }
                break;
            case FLOAT16:
                for (int i = 0; i < n; i++) {
                    out.putFloat(Float16.toFloat(stored.getShort()));
                }
                break;
            default:
                throw new IllegalStateException("unknown storage " + w.storage());
        }
        return out.flip();
    }

    @Override
    public ByteBuffer raw(String name) {
        ByteBuffer b = data.get(name);
        if (b == null) {
            throw new NoSuchElementException("no tensor '" + name + "' in " + path());
        }
        return b.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }
}
