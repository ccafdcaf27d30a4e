package dev.faceanon.djl.detect;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelFileException;
import dev.faceanon.model.WeightFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The 2DFAN4 landmark network of face-alignment 1.4.1, run from its published TorchScript archive
 * ({@code 2DFAN4-cd938726ad.zip}, saved by torch 1.x and loaded by DJL's libtorch).
 *
 * <p>Contract, the same as face-alignment's: input RGB float32 [1, 3, 256, 256] with values
 * {@code u8 / 255}; output the heatmaps [1, 68, 64, 64]. The published module returns the tensor
 * itself; a module returning a tuple or list (as older FAN exports return one map per hourglass
 * stack) is accepted and its last element used.
 *
 * <p>TorchScript is a program, not just weights: load only files whose provenance is checked (the
 * hub module verifies the published file's hash). Malformed files end in a
 * {@link WeightFormatException}; a module whose output breaks the contract, in a
 * {@link ModelFileException}.
 *
 * <p>Threads: libtorch runs one TorchScript module from several threads at once (inference only
 * reads it), so calls share the module and each owns its arrays in a sub-manager it closes; no
 * predictor or lock is needed.
 */
public final class FanLandmarks implements AutoCloseable {
    private static final String PURPOSE = "2DFAN4 landmark network (TorchScript)";
    private static final Shape INPUT_SHAPE = new Shape(1, 3, FanCrop.INPUT_SIZE, FanCrop.INPUT_SIZE);
    private static final Shape OUTPUT_SHAPE = new Shape(1, FanHeatmaps.COUNT, FanHeatmaps.SIZE, FanHeatmaps.SIZE);

    private final Path path;
    private final NDManager manager;
    private final PtSymbolBlock module;

    private FanLandmarks(Path path, NDManager manager, PtSymbolBlock module) {
        this.path = path;
        this.manager = manager;
        this.module = module;
    }

    /**
     * @param torchScript the TorchScript archive, e.g. {@code 2DFAN4-cd938726ad.zip}
     * @param device where the network runs
     * @return the loaded network; close it to free it
     * @throws MissingModelFileException if the file does not exist
     * @throws WeightFormatException if it is not a zip archive or libtorch cannot load it
     * @throws java.io.UncheckedIOException if the file cannot be read
     */
    public static FanLandmarks open(Path torchScript, Device device) {
        Objects.requireNonNull(torchScript, "torchScript");
        Objects.requireNonNull(device, "device");
        if (!Files.isRegularFile(torchScript)) {
            throw new MissingModelFileException(torchScript, PURPOSE);
        }
        requireZip(torchScript);
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try {
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, torchScript, true, new String[0],
                    new String[0], false);
            JniUtils.enableInferenceMode(module);
            return new FanLandmarks(torchScript, manager, module);
        } catch (EngineException e) {
            manager.close();
            throw new WeightFormatException(torchScript, "libtorch cannot load it as a TorchScript module: "
                    + firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** torch.jit.save writes a zip archive; anything else is rejected before libtorch parses it. */
    private static void requireZip(Path file) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
            throw new WeightFormatException(file, "not a TorchScript archive (expected a zip file written by "
                    + "torch.jit.save)");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /**
     * Crops the face, runs the network and decodes the landmarks.
     *
     * @param image the photo
     * @param box the face box in photo pixels
     * @return the 68 landmarks in photo pixels (integer coordinates, see {@link HeatmapDecoder})
     */
    public List<Point> landmarks(RgbImage image, BoundingBox box) {
        FanCrop crop = FanCrop.of(box);
        return HeatmapDecoder.landmarks(heatmaps(crop.sample(image)), crop);
    }

    /**
     * @param crop the 256×256 RGB crop, row-major HWC, as {@link FanCrop#sample} makes it
     * @return the heatmaps
     * @throws IllegalArgumentException if the crop has the wrong size
     * @throws ModelFileException if the module's output is not finite heatmaps [1, 68, 64, 64]
     */
    public FanHeatmaps heatmaps(byte[] crop) {
        int plane = FanCrop.INPUT_SIZE * FanCrop.INPUT_SIZE;
        if (crop.length != 3 * plane) {
            throw new IllegalArgumentException("crop must be 256x256 RGB (" + 3 * plane + " bytes), got " + crop.length);
        }
        float[] chw = new float[3 * plane];
        for (int p = 0; p < plane; p++) {
            for (int c = 0; c < 3; c++) {
                chw[c * plane + p] = (crop[3 * p + c] & 0xFF) / 255f;
            }
        }
        try (NDManager call = manager.newSubManager()) {
            JniUtils.setGradMode(false);
            NDArray input = call.create(chw, INPUT_SHAPE);
            NDArray output = run(input, (PtNDManager) call);
            if (!output.getShape().equals(OUTPUT_SHAPE) || !output.getDataType().isFloating()) {
                throw new ModelFileException(path, "the landmark network must return float heatmaps " + OUTPUT_SHAPE
                        + ", got " + output.getDataType() + " " + output.getShape());
            }
            float[] values = output.toType(DataType.FLOAT32, false).toFloatArray();
            try {
                return new FanHeatmaps(values);
            } catch (IllegalArgumentException e) {
                throw new ModelFileException(path, "the landmark network returned non-finite heatmaps", e);
            }
        }
    }

    /** Calls the module; takes the tensor it returns, or the last tensor of a returned tuple or list. */
    private NDArray run(NDArray input, PtNDManager call) {
        try (IValue in = IValue.from((PtNDArray) input); IValue out = module.forward(in)) {
            if (out.isTensor()) {
                return out.toTensor(call);
            }
            IValue[] items = out.isTuple() ? out.toIValueTuple() : out.isList() ? out.toIValueArray() : new IValue[0];
            try {
                if (items.length > 0 && items[items.length - 1].isTensor()) {
                    return items[items.length - 1].toTensor(call);
                }
            } finally {
                for (IValue item : items) {
                    item.close();
                }
            }
            throw new ModelFileException(path, "the landmark network must return a tensor, or a tuple or list "
                    + "ending in one; it returned " + out.getType());
        } catch (EngineException e) {
            throw new ModelFileException(path, "the landmark network failed on a [1, 3, 256, 256] input: "
                    + firstLine(e.getMessage()), e);
        }
    }

    /** @return the TorchScript file */
    public Path path() {
        return path;
    }

    /** The manager owning every call's arrays, for leak checks. */
    NDManager manager() {
        return manager;
    }

    /** Frees the module. It must not be used afterwards. */
    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
