package dev.faceanon.parity.golden;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.faceanon.djl.json.BoundedFileReader;
import dev.faceanon.djl.json.JsonTreeReader;
import dev.faceanon.djl.json.StrictJsonReader.Dialect;
import dev.faceanon.djl.weights.ListedTensorSource;
import dev.faceanon.djl.weights.SafetensorsFile;
import dev.faceanon.djl.weights.TensorDType;
import dev.faceanon.djl.weights.TensorDecoder;
import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.image.RgbImage;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelFileException;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One reference case in the golden format of {@code shared/golden/README.md}: a safetensors file
 * of tensors (weights under their checkpoint names; {@code input.}, {@code noise.},
 * {@code output.}, {@code trace.}, {@code debug.} prefixes for the rest) and a JSON sidecar that
 * describes them ({@code tensors} with a {@code role} per name, the model {@code config}, the
 * {@code call}, and case-specific notes such as {@code noise_order}).
 *
 * <p>Any directory in this format works, not only the shared one: a held-out set differs in seeds,
 * shapes and configs, so nothing here assumes the shared set's sizes.
 */
public final class GoldenCase implements AutoCloseable {

    /** Role of tensors that are model weights under their checkpoint names. */
    public static final String ROLE_WEIGHT = "weight";

    /** Largest sidecar read; the real ones hold a few hundred tensor descriptions in about 100 KB. */
    static final long MAX_SIDECAR_BYTES = 16L << 20;

    private final String name;
    private final Path tensorFile;
    private final JsonObject sidecar;
    private final Map<String, String> roles;
    private final SafetensorsFile tensors;

    private GoldenCase(String name, Path tensorFile, JsonObject sidecar, Map<String, String> roles,
            SafetensorsFile tensors) {
        this.name = name;
        this.tensorFile = tensorFile;
        this.sidecar = sidecar;
        this.roles = roles;
        this.tensors = tensors;
    }

    /**
     * Opens {@code <dir>/<name>.safetensors} with its sidecar {@code <dir>/<name>.json}.
     *
     * @param dir a golden directory
     * @param name the case name, e.g. {@code unet_tiny}
     * @return the open case
     * @throws MissingModelFileException if either file is missing
     * @throws ModelFileException if the sidecar is not a JSON object with a {@code tensors} object,
     *     or disagrees with the tensor file
     * @throws UncheckedIOException on I/O failure
     */
    public static GoldenCase open(Path dir, String name) {
        Path json = dir.resolve(name + ".json");
        Path file = dir.resolve(name + ".safetensors");
        if (!Files.isRegularFile(json)) {
            throw new MissingModelFileException(json, "golden sidecar of case " + UntrustedText.quote(name));
        }
        if (!Files.isRegularFile(file)) {
            throw new MissingModelFileException(file, "golden tensors of case " + UntrustedText.quote(name));
        }
        JsonObject sidecar = readSidecar(json);
        Map<String, String> roles = new LinkedHashMap<>();
        JsonObject described = sidecar.getAsJsonObject("tensors");
        for (Map.Entry<String, JsonElement> e : described.entrySet()) {
            JsonElement role = e.getValue().isJsonObject() ? e.getValue().getAsJsonObject().get("role") : null;
            if (role == null || !role.isJsonPrimitive()) {
                throw new ModelFileException(json, "tensor " + UntrustedText.quote(e.getKey()) + " has no role");
            }
            roles.put(e.getKey(), role.getAsString());
        }
        SafetensorsFile st;
        try {
            st = SafetensorsFile.open(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (TensorInfo t : st.tensors()) {
            if (!roles.containsKey(t.name())) {
                st.close();
                throw new ModelFileException(json, "tensor " + UntrustedText.quote(t.name()) + " of "
                        + file.getFileName()
                        + " is not described in the sidecar");
            }
        }
        return new GoldenCase(name, file, sidecar, Collections.unmodifiableMap(roles), st);
    }

    /** Reads a sidecar as Python's json module writes it (NaN included), strictly otherwise. */
    private static JsonObject readSidecar(Path json) {
        byte[] bytes;
        try {
            bytes = BoundedFileReader.read(json, MAX_SIDECAR_BYTES, size -> new ModelFileException(json, "is " + size
                    + " bytes; a golden sidecar is at most " + MAX_SIDECAR_BYTES + " bytes"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
        JsonElement root = JsonTreeReader.parse(bytes, Dialect.PYTHON_JSON,
                description -> new ModelFileException(json, "not valid JSON: " + description),
                (path, description) -> new ModelFileException(json, "the key " + UntrustedText.quote(path) + " "
                        + description));
        if (!root.isJsonObject() || !root.getAsJsonObject().has("tensors")
                || !root.getAsJsonObject().get("tensors").isJsonObject()) {
            throw new ModelFileException(json, "not a golden sidecar: expected an object with 'tensors'");
        }
        return root.getAsJsonObject();
    }

    /** @return the case name (file stem) */
    public String name() {
        return name;
    }

    /** @return the tensor file */
    public Path tensorFile() {
        return tensorFile;
    }

    /** @return the parsed sidecar, for case-specific fields */
    public JsonObject sidecar() {
        return sidecar;
    }

    /** @return the sidecar's {@code config} object (the model config as the reference wrote it) */
    public Optional<JsonObject> config() {
        JsonElement c = sidecar.get("config");
        return c != null && c.isJsonObject() ? Optional.of(c.getAsJsonObject()) : Optional.empty();
    }

    /**
     * @param role a role such as {@code input}, {@code output}, {@code noise}, {@code trace}
     * @return the names of the stored tensors with that role, in sidecar order
     */
    public List<String> names(String role) {
        return roles.entrySet().stream()
                .filter(e -> e.getValue().equals(role) && tensors.find(e.getKey()).isPresent())
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableList());
    }

    /**
     * @param prefix a name prefix such as {@code output.states.}
     * @return the stored tensor names starting with it, in file order
     */
    public List<String> namesWithPrefix(String prefix) {
        List<String> out = new ArrayList<>();
        for (TensorInfo t : tensors.tensors()) {
            if (t.name().startsWith(prefix)) {
                out.add(t.name());
            }
        }
        return out;
    }

    /**
     * @param name a tensor name
     * @return true if the tensor file holds it (the held-out set omits {@code debug.} tensors)
     */
    public boolean has(String name) {
        return tensors.find(name).isPresent();
    }

    /**
     * @param name a tensor name
     * @return its description
     * @throws NoSuchElementException if absent
     */
    public TensorInfo info(String name) {
        return tensors.info(name);
    }

    /**
     * @param name a floating-point tensor
     * @return its values, row-major
     */
    public float[] floats(String name) {
        return TensorDecoder.toFloatArray(tensors.raw(name), tensors.info(name));
    }

    /**
     * @param name an integer tensor (I64 timesteps, U8 images)
     * @return its values, row-major (U8 unsigned)
     */
    public long[] longs(String name) {
        return TensorDecoder.toLongArray(tensors.raw(name), tensors.info(name));
    }

    /**
     * Reads a stored uint8 image, as the reference saved it (rows of RGB pixels).
     *
     * @param name a {@code U8} tensor of shape {@code [H, W, 3]}, or {@code [1, H, W, 3]} for a
     *     batch of one
     * @return the image
     * @throws NoSuchElementException if absent
     * @throws ModelFileException if the tensor is not a uint8 RGB image of at most
     *     {@link RgbImage#MAX_PIXELS} pixels
     */
    public RgbImage rgbImage(String name) {
        TensorInfo info = tensors.info(name);
        long[] shape = info.shape();
        int n = shape.length;
        boolean hwc = (n == 3 || (n == 4 && shape[0] == 1)) && shape[n - 1] == 3;
        if (info.dtype() != TensorDType.U8 || !hwc || shape[n - 3] < 1 || shape[n - 2] < 1
                || shape[n - 3] * shape[n - 2] > RgbImage.MAX_PIXELS) {
            throw new ModelFileException(tensorFile, "tensor " + UntrustedText.quote(name) + " is " + info.dtype() + " "
                    + Arrays.toString(shape) + ", expected a U8 image [H, W, 3] or [1, H, W, 3]");
        }
        long[] values = longs(name);
        byte[] rgb = new byte[values.length];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (byte) values[i];
        }
        return RgbImage.of((int) shape[n - 2], (int) shape[n - 3], rgb);
    }

    /**
     * @param name a tensor name
     * @param manager the owner of the result
     * @return the tensor in its stored type
     */
    public NDArray array(String name, NDManager manager) {
        return tensors.load(name, manager);
    }

    /**
     * @param name a floating-point tensor name
     * @param manager the owner of the result
     * @param dtype the type wanted
     * @return the tensor converted to {@code dtype}
     */
    public NDArray array(String name, NDManager manager, DataType dtype) {
        return tensors.load(name, manager, dtype);
    }

    /**
     * @return the recorded noise tensor names in the order the reference consumed them (the
     *     sidecar's {@code noise_order}); empty if the case consumed no noise
     */
    public List<String> noiseOrder() {
        JsonElement order = sidecar.get("noise_order");
        if (order == null || !order.isJsonArray()) {
            return List.of();
        }
        JsonArray a = order.getAsJsonArray();
        List<String> out = new ArrayList<>(a.size());
        a.forEach(e -> out.add(e.getAsString()));
        return Collections.unmodifiableList(out);
    }

    /**
     * A view of only the weight tensors, under their checkpoint names, so that a model loader
     * sees exactly what a published checkpoint would give it (no inputs or outputs as "unexpected
     * keys"). The view shares this case's file and must not outlive it.
     *
     * @return the weights
     */
    public TensorSource weights() {
        List<TensorInfo> w = tensors.tensors().stream()
                .filter(t -> ROLE_WEIGHT.equals(roles.get(t.name())))
                .collect(Collectors.toUnmodifiableList());
        return new FilteredTensorSource(tensors, w);
    }

    @Override
    public void close() {
        tensors.close();
    }

    @Override
    public String toString() {
        return "golden case " + name + " (" + tensorFile + ")";
    }

    /** A subset of another source's tensors; closing it does not close the underlying file. */
    private static final class FilteredTensorSource extends ListedTensorSource {
        private final TensorSource delegate;

        FilteredTensorSource(TensorSource delegate, List<TensorInfo> kept) {
            super(delegate.path(), kept);
            this.delegate = delegate;
        }

        @Override
        public ByteBuffer raw(String name) {
            if (find(name).isEmpty()) {
                throw new NoSuchElementException("no weight " + UntrustedText.quote(name) + " in " + path());
            }
            return delegate.raw(name);
        }
    }
}
