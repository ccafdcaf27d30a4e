package dev.faceanon.djl.detect;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.faceanon.djl.weights.TorchCheckpoint;
import dev.faceanon.face.BoundingBox;
import dev.faceanon.face.Point;
import dev.faceanon.image.RgbImage;
import dev.faceanon.model.MissingModelFileException;
import dev.faceanon.model.ModelFileException;
import dev.faceanon.model.WeightFormatException;
import dev.faceanon.model.WeightMismatchException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The landmark step of face-alignment 1.4.1: the 256×256 crop around a box ({@link FanCrop}), the
 * 2DFAN4 network ({@link Fan}) and the heatmap decoding ({@link HeatmapDecoder}).
 *
 * <p>The published weights come as a TorchScript archive ({@code 2DFAN4-cd938726ad.zip}). A
 * TorchScript archive is a program: libtorch compiles its code and runs its {@code __setstate__}
 * methods while loading it, so loading a file as TorchScript lets whoever wrote the file run code
 * in this process. The library therefore never does: it reads only the archive's tensors, through
 * the same restricted reader as {@code torch.save} checkpoints
 * ({@link TorchCheckpoint#openTorchScriptWeights}), and computes the network in Java.
 *
 * <p>Threads: calls share the read-only network and each owns its arrays in a sub-manager it
 * closes.
 */
public final class FanLandmarks implements AutoCloseable {
    private static final String PURPOSE = "2DFAN4 landmark network";
    private static final Shape INPUT_SHAPE = new Shape(1, 3, FanCrop.INPUT_SIZE, FanCrop.INPUT_SIZE);

    private final Path path;
    private final NDManager manager;
    private final Fan network;

    private FanLandmarks(Path path, NDManager manager, Fan network) {
        this.path = path;
        this.manager = manager;
        this.network = network;
    }

    /**
     * Reads the network's tensors from its archive, without running any of the archive's code.
     *
     * @param archive the published archive, {@code 2DFAN4-cd938726ad.zip}
     * @param device where the network runs
     * @return the loaded network; close it to free it
     * @throws MissingModelFileException if the file does not exist
     * @throws WeightFormatException if it is not a TorchScript zip archive of plain modules, or is
     *     malformed or truncated
     * @throws WeightMismatchException if its tensors are not 2DFAN4's (every difference listed)
     * @throws UncheckedIOException if the file cannot be read
     */
    public static FanLandmarks open(Path archive, Device device) {
        return open(archive, device, 1);
    }

    /** {@link #open} for a network whose widths are divided by {@code widthDivisor} (tests). */
    static FanLandmarks open(Path archive, Device device, int widthDivisor) {
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(device, "device");
        if (!Files.isRegularFile(archive)) {
            throw new MissingModelFileException(archive, PURPOSE);
        }
        NDManager manager = NDManager.newBaseManager(device, "PyTorch");
        try (TorchCheckpoint weights = TorchCheckpoint.openTorchScriptWeights(archive)) {
            return new FanLandmarks(archive, manager, Fan.load(weights, manager, widthDivisor));
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException("cannot read " + archive, e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
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
     * @throws ModelFileException if the weights give non-finite heatmaps
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
        float[] values;
        try (NDManager call = manager.newSubManager()) {
            JniUtils.setGradMode(false);
            NDArray input = call.create(chw, INPUT_SHAPE);
            values = network.forward(input).toFloatArray();
        }
        try {
            return new FanHeatmaps(values);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, "the landmark network's weights give non-finite heatmaps", e);
        }
    }

    /** @return the archive the weights were read from */
    public Path path() {
        return path;
    }

    /** The manager owning the weights and every call's arrays, for leak checks. */
    NDManager manager() {
        return manager;
    }

    /** Frees the network. It must not be used afterwards. */
    @Override
    public void close() {
        network.close();
        manager.close();
    }
}
